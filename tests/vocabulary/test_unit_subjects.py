"""Units' KLE responsibilities: at most one responsible unit per subject (in the database, with
a clear Danish refusal naming the unit that has it), edited by the visitkort's editors with a
picker that works without JavaScript, and shown on the visitkort."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from tests.conftest import da, page_of
from vocabulary import services
from vocabulary.models import Aspect, UnitSubject


def test_only_one_unit_can_be_responsible_for_a_subject(org, kle):
    subject = kle["27.36.04"]
    services.add_unit_subject(org.afdeling, subject, Aspect.ANSVARLIG)
    with pytest.raises(services.ResponsibleTaken) as refused:
        services.add_unit_subject(org.team, subject, Aspect.ANSVARLIG)
    assert refused.value.holder == org.afdeling
    with transaction.atomic(), pytest.raises(IntegrityError):
        UnitSubject.objects.create(unit=org.team, subject=subject, aspect=Aspect.ANSVARLIG)  # the database says no too
    # Other aspects are open to every unit.
    services.add_unit_subject(org.team, subject, Aspect.UDFOERENDE)
    services.add_unit_subject(org.centre, subject, Aspect.INDSIGT)
    assert UnitSubject.objects.filter(subject=subject).count() == 3


def test_the_refusal_is_danish_and_names_the_unit(org, kle):
    services.add_unit_subject(org.afdeling, kle["27.36.04"], Aspect.ANSVARLIG)
    link = UnitSubject(unit=org.team, subject=kle["27.36.04"], aspect=Aspect.ANSVARLIG)
    with translation.override("da"), pytest.raises(ValidationError) as refused:
        link.full_clean()  # what the admin runs
    message = " ".join(refused.value.messages)
    assert "Hjemmeplejen Syd er allerede ansvarlig for 27.36.04 Personlig og praktisk hjælp" in message


def test_a_leader_adds_a_subject_with_the_picker_without_javascript(leader_client, org, kle):
    url = f"/enheder/{org.afdeling.slug}/kle/"
    page = page_of(leader_client.get(url))
    assert page.select_one("input[name=name]")
    # A word matches several subjects: the form comes back with them to choose from.
    response = leader_client.post(url, {"name": "personlig", "aspect": Aspect.UDFOERENDE})
    assert response.status_code == 200
    labels = page_of(response).texts("fieldset label")
    assert "27.36.04 Personlig og praktisk hjælp" in labels, labels
    assert not UnitSubject.objects.exists()
    response = leader_client.post(
        url, {"name": "personlig", "pick": kle["27.36.04"].pk, "aspect": Aspect.ANSVARLIG}, follow=True
    )
    assert response.redirect_chain[-1][0] == url
    link = UnitSubject.objects.get()
    assert (link.unit, link.subject, link.aspect) == (org.afdeling, kle["27.36.04"], Aspect.ANSVARLIG)
    assert link.history.get().history_user.username == "leder"
    # The exact number picks at once; words of the title find it too.
    leader_client.post(url, {"name": "27.39.08", "aspect": Aspect.INDSIGT})
    leader_client.post(url, {"name": "privat hjælper til", "aspect": Aspect.UDFOERENDE})
    assert UnitSubject.objects.filter(unit=org.afdeling, subject=kle["27.39.08"]).count() == 2


def test_the_picker_refuses_a_second_responsible_unit_by_name(leader_client, org, kle):
    services.add_unit_subject(org.school, kle["27.36.04"], Aspect.ANSVARLIG)
    response = leader_client.post(
        f"/enheder/{org.afdeling.slug}/kle/",
        {"name": "27.36.04", "aspect": Aspect.ANSVARLIG},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 200
    errors = " ".join(page_of(response).texts(".form-error-message"))
    assert "Skolen ved Stranden er allerede ansvarlig for 27.36.04 Personlig og praktisk hjælp" in errors
    assert not UnitSubject.objects.filter(unit=org.afdeling).exists()


def test_the_visitkort_shows_the_kle_tasks_and_its_editors_get_the_link(client, leader_client, org, kle):
    services.add_unit_subject(org.afdeling, kle["27.36.04"], Aspect.ANSVARLIG)
    services.add_unit_subject(org.afdeling, kle["27.39.08"], Aspect.INDSIGT)
    page = page_of(client.get(org.afdeling.get_absolute_url()))
    box = page.select_one("dl.kle-tasks")
    assert da("Responsible") in box.text and "27.36.04 Personlig og praktisk hjælp" in box.text
    assert da("Insight") in box.text and "27.39.08" in box.text
    assert f"/enheder/{org.afdeling.slug}/kle/" not in page.hrefs()
    assert f"/enheder/{org.afdeling.slug}/kle/" in page_of(leader_client.get(org.afdeling.get_absolute_url())).hrefs()


def test_the_visitkorts_kle_tasks_are_grouped_by_aspect_in_the_plans_order(client, org, kle):
    """Within an aspect by number, not by title or by when they were added; the aspects in their
    own order (responsible, performing, insight)."""
    for number, aspect in [
        ("27.39.08", Aspect.INDSIGT),
        ("27.36.08", Aspect.UDFOERENDE),
        ("17.01.05", Aspect.UDFOERENDE),
        ("27.36.04", Aspect.INDSIGT),
        ("17.01.00", Aspect.ANSVARLIG),
    ]:
        services.add_unit_subject(org.afdeling, kle[number], aspect)
    box = page_of(client.get(org.afdeling.get_absolute_url())).select_one("dl.kle-tasks")
    groups = [
        (dt.text, [li.text.split()[0] for li in dd.select("li")])
        for dt, dd in zip(box.select("dt"), box.select("dd"), strict=True)
    ]
    assert groups == [
        (da("Responsible"), ["17.01.00"]),
        (da("Performing"), ["17.01.05", "27.36.08"]),
        (da("Insight"), ["27.36.04", "27.39.08"]),
    ]


def test_an_employee_cannot_change_the_kle_tasks(client, org, kle):
    response = client.post(f"/enheder/{org.afdeling.slug}/kle/", {"name": "27.36.04", "aspect": Aspect.ANSVARLIG})
    assert response.status_code == 403
    assert client.get(f"/enheder/{org.afdeling.slug}/kle/").status_code == 403
    assert not UnitSubject.objects.exists()


def test_a_leader_removes_a_subject_after_confirming(leader_client, org, kle):
    link = services.add_unit_subject(org.afdeling, kle["27.36.04"], Aspect.UDFOERENDE)
    url = f"/enheder/{org.afdeling.slug}/kle/{link.pk}/fjern/"
    assert leader_client.get(url).status_code == 200
    assert UnitSubject.objects.exists()
    leader_client.post(url)
    assert not UnitSubject.objects.exists()
    assert UnitSubject.history.filter(history_type="-").count() == 1
