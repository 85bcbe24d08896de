"""What the vocabulary adds to the search index: words in the documents of people, units and
try-outs (contributions, search/registry.py), so that a search finds them by

- a topic's synonyms and the titles of the KLE subjects it is tied to (a person with the
  expertise "borgerinddragelse" is found by "inddragelse af borgere" and by "Borgerinddragelse"'s
  KLE subject's title),
- a unit's KLE responsibilities and its answers to the strategy's focus areas,
- a try-out's KLE subjects and facets.

The search engine is not changed; the signals below keep the documents current.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save
from taggit.models import TaggedItem

from people.models import Person
from search import index
from search.cache import bump_on_change
from search.registry import contribute
from search.text import index_text
from tryouts.models import Tryout
from units.models import Unit
from vocabulary.models import (
    FocusAnswer,
    FocusArea,
    Strategy,
    Subject,
    TopicSubject,
    TopicSynonym,
    TryoutSubject,
    UnitSubject,
)
from vocabulary.topics import reindex_tagged


def words_by_tag():
    """{tag id: its synonyms and the titles of its KLE subjects}, for the tags that have any."""
    words = defaultdict(list)
    for tag_id, name in TopicSynonym.objects.values_list("tag_id", "name"):
        words[tag_id].append(name)
    for tag_id, title in TopicSubject.objects.values_list("tag_id", "subject__title"):
        words[tag_id].append(title)
    return words


def topic_words(model, ids):
    """{object id: the vocabulary words of the object's topics} for objects of `model`."""
    words = words_by_tag()
    if not words:
        return {}
    items = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=ids, tag_id__in=list(words)
    ).values_list("object_id", "tag_id")
    texts = defaultdict(list)
    for object_id, tag_id in items:
        texts[object_id] += words[tag_id]
    return texts


def _joined(*sources):
    merged = defaultdict(list)
    for source in sources:
        for pk, texts in source.items():
            merged[pk] += texts
    return {pk: index_text(*texts) for pk, texts in merged.items() if texts}


def words_for_people(ids):
    return _joined(topic_words(Person, ids))


def words_for_units(ids):
    subjects = defaultdict(list)
    for unit_id, title in UnitSubject.objects.filter(unit_id__in=ids).values_list("unit_id", "subject__title"):
        subjects[unit_id].append(title)
    answers = defaultdict(list)
    for unit_id, area, text in FocusAnswer.objects.filter(unit_id__in=ids).values_list(
        "unit_id", "focus_area__title", "text"
    ):
        answers[unit_id] += [area, text]
    return _joined(topic_words(Unit, ids), subjects, answers)


def words_for_tryouts(ids):
    subjects = defaultdict(list)
    for tryout_id, title in TryoutSubject.objects.filter(tryout_id__in=ids).values_list("tryout_id", "subject__title"):
        subjects[tryout_id].append(title)
    return _joined(topic_words(Tryout, ids), subjects)


# --- keeping the documents current --------------------------------------------------------------


def unit_link_changed(sender, instance, **kwargs):
    index.index_objects("unit", [instance.unit_id])


def tryout_link_changed(sender, instance, **kwargs):
    index.index_objects("tryout", [instance.tryout_id])


def topic_words_changed(sender, instance, **kwargs):
    """A synonym or KLE tie of a topic: every document carrying the topic."""
    touched = defaultdict(set)
    for content_type_id, object_id in TaggedItem.objects.filter(tag_id=instance.tag_id).values_list(
        "content_type_id", "object_id"
    ):
        touched[content_type_id].add(object_id)
    reindex_tagged(touched)


def reindex_subjects(numbers):
    """After an import changed these subjects: the documents that hold their titles."""
    subjects = Subject.objects.filter(number__in=numbers)
    with index.deferred():
        index.index_objects("unit", UnitSubject.objects.filter(subject__in=subjects).values_list("unit_id", flat=True))
        index.index_objects(
            "tryout", TryoutSubject.objects.filter(subject__in=subjects).values_list("tryout_id", flat=True)
        )
        for tag_id in TopicSubject.objects.filter(subject__in=subjects).values_list("tag_id", flat=True).distinct():
            topic_words_changed(None, TopicSubject(tag_id=tag_id))


def register_search():
    contribute("person", words_for_people)
    contribute("unit", words_for_units)
    contribute("tryout", words_for_tryouts)
    uid = "search-vocabulary"
    for model, handler in (
        (UnitSubject, unit_link_changed),
        (FocusAnswer, unit_link_changed),
        (TryoutSubject, tryout_link_changed),
        (TopicSynonym, topic_words_changed),
        (TopicSubject, topic_words_changed),
    ):
        post_save.connect(handler, sender=model, dispatch_uid=f"{uid}-{model.__name__}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"{uid}-{model.__name__}-delete")
    # Shown on the visitkort (its parts are kept per index generation) but not all in the index:
    # the strategy, its focus areas, an answer's linked tasks and try-outs, KLE subjects' titles.
    for model in (Strategy, FocusArea, FocusAnswer.tasks.through, FocusAnswer.tryouts.through, Subject):
        bump_on_change(model)
