"""The vocabulary in Django admin: every model is managed there with its history, the unit admin
shows the unit's KLE tasks, and the one-responsible-unit rule holds there too."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from tests.factories import UnitFactory, UserFactory
from units.models import Unit
from vocabulary import services
from vocabulary.models import (
    Aspect,
    FocusAnswer,
    FocusArea,
    Strategy,
    Subject,
    Topic,
    TopicRedirect,
    TryoutSubject,
    UnitSubject,
)

MODELS = [Subject, UnitSubject, TryoutSubject, Topic, TopicRedirect, Strategy, FocusArea, FocusAnswer]


@pytest.fixture
def admin_client(db):
    browser = Client()
    browser.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return browser


@pytest.fixture
def data(org, kle):
    services.add_unit_subject(org.afdeling, kle["27.36.04"], Aspect.ANSVARLIG)
    services.add_tryout_subject(org.tryouts.owned, kle["P08"])
    TopicRedirect.objects.create(
        old_slug="aeldre-pleje", old_name="ældre-pleje", tag=Tag.objects.get(name="ældrepleje")
    )
    FocusAnswer.objects.create(unit=org.afdeling, focus_area=FocusArea.objects.first(), text="Svar.")


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_vocabulary_model_is_in_admin_with_its_history(admin_client, data):
    for model in MODELS:
        assert model in admin.site._registry, model
        assert admin_client.get(url(model, "changelist")).status_code == 200, model
        obj = model._default_manager.order_by("pk").last()
        assert admin_client.get(url(model, "change", obj.pk)).status_code == 200, model
        if model not in (Subject, TopicRedirect):  # KLE comes from import_kle; redirects from merges
            assert admin_client.get(url(model, "add")).status_code == 200, model
        if hasattr(model, "history"):
            assert admin_client.get(url(model, "history", obj.pk)).status_code == 200, model
    assert not admin.site.is_registered(Tag)  # taggit's own admin is replaced by the topic admin


def test_the_unit_admin_shows_the_kle_tasks(admin_client, data, org):
    page = admin_client.get(url(Unit, "change", org.afdeling.pk)).content.decode()
    assert 'name="kle_responsibilities-0-subject"' in page and "27.36.04 Personlig og praktisk hjælp" in page


def test_admin_refuses_a_second_responsible_unit_naming_the_first(admin_client, data, kle):
    other = UnitFactory(name="Visitationen")
    response = admin_client.post(
        url(UnitSubject, "add"), {"unit": other.pk, "subject": kle["27.36.04"].pk, "aspect": Aspect.ANSVARLIG}
    )
    assert response.status_code == 200
    assert "Hjemmeplejen Syd" in response.content.decode()
    assert UnitSubject.objects.filter(subject=kle["27.36.04"], aspect=Aspect.ANSVARLIG).count() == 1
