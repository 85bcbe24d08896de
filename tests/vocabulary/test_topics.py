"""Topics that stay tidy: merges lose no use and leave redirects, renames keep the old address,
near-duplicates are found for review, and tag entry turns a synonym into the existing topic."""

import pytest
from django.test import Client
from taggit.models import Tag, TaggedItem

from core.forms import TagListField
from people.models import Person
from tests.conftest import da, page_of
from tests.factories import PersonFactory, TryoutFactory, UnitFactory, UnitTaskFactory, UserFactory
from vocabulary.models import TopicPairDismissal, TopicRedirect, TopicSubject, TopicSynonym, topic_key
from vocabulary.topics import TopicError, canonical_names, merge_topics, near_duplicates, rename_topic


def uses_of(*names):
    """Which objects carry any of the topics, as (model, id) pairs."""
    items = TaggedItem.objects.filter(tag__name__in=names).select_related("content_type")
    return {(item.content_type.model, item.object_id) for item in items}


@pytest.fixture
def drifted(db, without_search_index):
    """ "borgerinddragelse" and its drifted spelling "borger-inddragelse" on people, units, a
    task and try-outs; one person carries both."""
    both = PersonFactory(first_name="Bodil", expertise=["borgerinddragelse", "borger-inddragelse"])
    people = [PersonFactory(expertise=["borger-inddragelse"]) for _n in range(3)]
    others = [PersonFactory(expertise=["borgerinddragelse"]) for _n in range(2)]
    unit = UnitFactory(tags=["borger-inddragelse", "trivsel"])
    task = UnitTaskFactory(unit=unit)
    task.tags.add("borger-inddragelse")
    tryout = TryoutFactory(owner_unit=unit, tags=["borger-inddragelse"])
    TryoutFactory(owner_unit=unit, tags=["borgerinddragelse"])
    return {"both": both, "people": people, "others": others, "unit": unit, "task": task, "tryout": tryout}


def test_a_merge_moves_every_use_and_loses_none(drifted):
    before = uses_of("borgerinddragelse", "borger-inddragelse")
    source, target = Tag.objects.get(name="borger-inddragelse"), Tag.objects.get(name="borgerinddragelse")
    result = merge_topics(source, target)
    assert not Tag.objects.filter(name="borger-inddragelse").exists()
    assert uses_of("borgerinddragelse") == before  # every object that had either has the kept one
    assert (result.moved, result.already) == (6, 1)  # Bodil had both: one use folded into the other
    assert set(drifted["unit"].tags.names()) == {"borgerinddragelse", "trivsel"}
    assert list(drifted["task"].tags.names()) == ["borgerinddragelse"]
    assert list(drifted["tryout"].tags.names()) == ["borgerinddragelse"]
    assert Person.objects.filter(expertise=target).count() == 6
    # The old spelling is the same word (only a hyphen apart): tag entry maps it without a synonym.
    assert canonical_names(["borger-inddragelse"]) == ["borgerinddragelse"]
    redirect = TopicRedirect.objects.get(old_slug="borger-inddragelse")
    assert (redirect.tag, redirect.uses_moved) == (target, 7)


def test_the_old_slug_redirects_to_the_kept_topic(client, drifted):
    merge_topics(Tag.objects.get(name="borger-inddragelse"), Tag.objects.get(name="borgerinddragelse"))
    response = client.get("/emner/borger-inddragelse/")
    assert response.status_code == 302 and response["Location"] == "/emner/borgerinddragelse/"
    assert client.get("/emner/findes-ikke/").status_code == 404


def test_merging_again_carries_the_redirects_and_links_along(drifted, kle):
    first, second = Tag.objects.get(name="borger-inddragelse"), Tag.objects.get(name="borgerinddragelse")
    TopicSubject.objects.create(tag=second, subject=kle["27.36"])
    merge_topics(first, second)
    third = Tag.objects.create(name="inddragelse")
    merge_topics(second, third)
    assert set(TopicRedirect.objects.values_list("old_slug", "tag__name")) == {
        ("borger-inddragelse", "inddragelse"),
        ("borgerinddragelse", "inddragelse"),
    }
    assert list(third.kle_links.values_list("subject__number", flat=True)) == ["27.36"]
    assert list(third.synonyms.values_list("name", flat=True)) == ["borgerinddragelse"]
    assert canonical_names(["borger-inddragelse", "Borgerinddragelse"]) == ["inddragelse", "inddragelse"]
    assert not TaggedItem.objects.filter(tag__name__in=["borger-inddragelse", "borgerinddragelse"]).exists()
    with pytest.raises(TopicError):
        merge_topics(third, third)


def test_a_rename_keeps_the_old_address_and_name(client, drifted):
    tag = Tag.objects.get(name="borgerinddragelse")
    rename_topic(tag, "Inddragelse af borgere")
    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("Inddragelse af borgere", "inddragelse-af-borgere")
    assert client.get("/emner/borgerinddragelse/")["Location"] == "/emner/inddragelse-af-borgere/"
    assert TopicSynonym.objects.get(tag=tag).name == "borgerinddragelse"
    page = page_of(client.get("/emner/inddragelse-af-borgere/"))
    assert page.texts("dl.topic-vocabulary dt") == [da("Also called")]
    assert page.texts("dl.topic-vocabulary dd") == ["borgerinddragelse"]
    with pytest.raises(TopicError):
        rename_topic(tag, "Borger-inddragelse")  # another topic has that name: merge instead


def test_near_duplicates_are_found_by_fold_stem_and_typo(db):
    for name in ["borgerinddragelse", "Borger-Inddragelse", "digitalisering", "digitaliseringen", "kommunikation"]:
        Tag.objects.create(name=name)
    for name in ["komunikation", "ledelse", "ledighed", "ADL", "ADHD"]:
        Tag.objects.create(name=name)
    pairs = {(p.first.name, p.second.name): [str(r) for r in p.reasons] for p in near_duplicates()}
    assert da("same word apart from case, æ/ø/å or hyphens") in pairs[("Borger-Inddragelse", "borgerinddragelse")]
    assert pairs[("digitalisering", "digitaliseringen")] == [da("same stem")]
    assert pairs[("kommunikation", "komunikation")] == [
        da("%(count)d letter apart", "%(count)d letters apart", 1) % {"count": 1}
    ]
    assert ("ledelse", "ledighed") in pairs  # a false friend for the reviewer to mark as different
    assert not any("ADHD" in pair for pair in pairs)  # short names are not compared by letters
    ledelse, ledighed = Tag.objects.get(name="ledelse"), Tag.objects.get(name="ledighed")
    TopicPairDismissal.objects.create(low_id=min(ledelse.pk, ledighed.pk), high_id=max(ledelse.pk, ledighed.pk))
    assert ("ledelse", "ledighed") not in {(p.first.name, p.second.name) for p in near_duplicates()}


def test_tag_entry_uses_the_existing_topic_for_synonyms_and_other_spellings(db):
    topic = Tag.objects.create(name="velfærdsteknologi")
    TopicSynonym.objects.create(tag=topic, name="teknologi i plejen")
    TopicRedirect.objects.create(
        old_slug="hverdags-rehabilitering",
        old_name="hverdags-rehabilitering",
        tag=Tag.objects.create(name="hverdagsrehabilitering"),
    )
    assert canonical_names(["Velfaerdsteknologi", "Teknologi i  plejen", "hverdags-rehabilitering", "nyt emne"]) == [
        "velfærdsteknologi",
        "velfærdsteknologi",
        "hverdagsrehabilitering",
        "nyt emne",
    ]
    assert topic_key("Hverdags-Rehabilitering") == topic_key("hverdagsrehabilitering")


def test_every_topic_field_saves_a_synonym_as_its_topic(employee):
    """The topic fields of the profile, visitkort, task and try-out forms (core's TagListField)."""
    TopicSynonym.objects.create(tag=Tag.objects.get(name="borgerinddragelse"), name="inddragelse af borgere")
    field = TagListField()
    assert sorted(field.clean("inddragelse af borgere, Ældrepleje, BORGERINDDRAGELSE")) == [
        "borgerinddragelse",
        "ældrepleje",
    ]


def test_tag_suggestions_offer_the_topic_of_a_synonym(client, employee):
    TopicSynonym.objects.create(tag=Tag.objects.get(name="borgerinddragelse"), name="inddragelse af borgere")
    assert client.get("/soeg/emner/", {"q": "inddrag"}).json()["items"] == ["borgerinddragelse"]


@pytest.fixture
def admin_client(db):
    browser = Client()
    browser.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return browser


def test_admins_review_near_duplicates_and_merge_from_the_list(admin_client, drifted):
    page = page_of(admin_client.get("/admin/vocabulary/topic/gennemsyn/"))
    rows = page.select("tbody tr")
    assert len(rows) == 1 and "borger-inddragelse" in rows[0].text
    source, target = Tag.objects.get(name="borger-inddragelse"), Tag.objects.get(name="borgerinddragelse")
    before = uses_of("borgerinddragelse", "borger-inddragelse")
    response = admin_client.post("/admin/vocabulary/topic/slaa-sammen/", {"source": source.pk, "target": target.pk})
    assert response.status_code == 302
    assert uses_of("borgerinddragelse") == before
    assert not page_of(admin_client.get("/admin/vocabulary/topic/gennemsyn/")).select("tbody tr")


def test_admins_merge_with_the_action_and_rename_in_the_form(admin_client, drifted):
    ids = list(Tag.objects.filter(name__in=["borgerinddragelse", "borger-inddragelse"]).values_list("pk", flat=True))
    keep = Tag.objects.get(name="borgerinddragelse")
    url = "/admin/vocabulary/topic/"
    confirm = admin_client.post(url, {"action": "merge_selected", "_selected_action": ids})
    assert confirm.status_code == 200 and b'name="keep"' in confirm.content
    admin_client.post(url, {"action": "merge_selected", "_selected_action": ids, "keep": keep.pk, "apply": "1"})
    assert list(Tag.objects.filter(pk__in=ids)) == [keep]
    response = admin_client.post(
        f"/admin/vocabulary/topic/{keep.pk}/change/",
        {
            "name": "Borgerinddragelse og dialog",
            "synonyms-TOTAL_FORMS": "0",
            "synonyms-INITIAL_FORMS": "0",
            "kle_links-TOTAL_FORMS": "0",
            "kle_links-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, page_of(response).texts(".errorlist")
    keep.refresh_from_db()
    assert keep.slug == "borgerinddragelse-og-dialog"
    assert TopicRedirect.objects.get(old_slug="borgerinddragelse").tag == keep


def test_merged_uses_reach_the_search_index(drifted, monkeypatch):
    """The index learns which objects changed topics (taggit sends no signal for the bulk move)."""
    touched = {}
    monkeypatch.setattr("search.index.index_objects", lambda kind, ids: touched.setdefault(kind, set()).update(ids))
    merge_topics(Tag.objects.get(name="borger-inddragelse"), Tag.objects.get(name="borgerinddragelse"))
    assert {person.pk for person in drifted["people"]} <= touched["person"]
    assert drifted["unit"].pk in touched["unit"] and drifted["tryout"].pk in touched["tryout"]
