"""The engine knows no app's tables: a kind of object becomes searchable by one registration."""

import pytest
from django.contrib.auth.models import Group
from django.db.models.signals import post_save

from search import index
from search.engine import search
from search.registry import Document, SearchType, register, search_types, unregister

pytestmark = pytest.mark.django_db


def group_documents(ids):
    for group in Group.objects.filter(pk__in=ids):
        yield Document(kind="group", object_id=group.pk, title=group.name, names=group.name, body="kaffe og kage")


def group_saved(sender, instance, **kwargs):
    index.index_objects("group", [instance.pk])


@pytest.fixture
def groups_searchable():
    register(SearchType("group", Group, group_documents, shown_fields=("name",)))
    post_save.connect(group_saved, sender=Group, dispatch_uid="test-group")
    yield
    post_save.disconnect(sender=Group, dispatch_uid="test-group")
    unregister("group")


def test_a_registered_model_is_found_by_its_title_and_text(groups_searchable):
    group = Group.objects.create(name="Kaffeklubben")

    results = search("kaffeklubben")

    assert [(hit.kind, hit.object) for hit in results.hits] == [("group", group)]
    assert results.hits[0].object.name == "Kaffeklubben"  # read with the hit, as registered
    assert results.kind_counts["group"] == 1
    assert [hit.object for hit in search("kage").hits] == [group]


def test_the_apps_register_people_units_and_tryouts():
    assert {"person", "unit", "tryout"} <= set(search_types())
    assert "group" not in search_types()
