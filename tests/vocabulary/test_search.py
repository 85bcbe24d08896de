"""Search finds people, units and try-outs by their topics' synonyms and KLE titles, their KLE
tasks and subjects, and the units' answers to the strategy, and stays current when they change
(contributions to the documents; the search engine itself is unchanged)."""

import pytest
from taggit.models import Tag

from tests.conftest import page_of
from tests.factories import PersonFactory
from vocabulary import services
from vocabulary.models import Aspect, FocusAnswer, FocusArea, TopicSubject, TopicSynonym
from vocabulary.topics import merge_topics


def titles(client, query):
    return page_of(client.get("/soeg/", {"q": query})).texts("main li.search-hit h3 a")


@pytest.fixture
def expert(org, kle):
    return PersonFactory(first_name="Gitte", last_name="Grøn", title="Konsulent", expertise=["borgerinddragelse"])


def test_a_topics_synonym_and_kle_title_find_its_people(client, expert, kle):
    assert "Gitte Grøn" not in titles(client, "medborgerskab")
    tag = Tag.objects.get(name="borgerinddragelse")
    TopicSynonym.objects.create(tag=tag, name="medborgerskab")
    assert "Gitte Grøn" in titles(client, "medborgerskab")
    TopicSubject.objects.create(tag=tag, subject=kle["27.39.08"])
    assert "Gitte Grøn" in titles(client, "privat hjælper")


def test_kle_tasks_and_subjects_find_units_and_try_outs(client, org, kle):
    services.add_unit_subject(org.team, kle["27.39.08"], Aspect.ANSVARLIG)
    services.add_tryout_subject(org.tryouts.idea, kle["P08"])
    assert "Team Haslev" in titles(client, "privat hjælper")
    assert "Digital vagtplan" in titles(client, "forsøgsordninger")
    link = org.team.kle_responsibilities.get()
    services.remove_unit_subject(link)
    assert "Team Haslev" not in titles(client, "privat hjælper")


def test_a_units_answer_to_the_strategy_finds_it(client, org):
    area = FocusArea.objects.get(track__slug="styring")
    FocusAnswer.objects.create(
        unit=org.school, focus_area=area, text="Vi måler trivslen med kvartalsvise pulsmålinger."
    )
    assert "Skolen ved Stranden" in titles(client, "pulsmålinger")


def test_a_merged_topic_still_finds_its_people(client, expert):
    drifted = PersonFactory(first_name="Hans", last_name="Holt", expertise=["inddragelse"])
    merge_topics(Tag.objects.get(name="inddragelse"), Tag.objects.get(name="borgerinddragelse"))
    found = titles(client, "borgerinddragelse")
    assert {"Gitte Grøn", drifted.full_name} <= set(found)
