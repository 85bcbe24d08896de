"""Topics that stay tidy: one spelling per topic, synonyms that lead to it, near-duplicates found
for an administrator to judge, and merges and renames that lose no use and break no link.

Free tags drift ("borgerinddragelse", "Borger-inddragelse", "inddragelse af borgere"); a search
for one then misses the people who wrote another. Here:

- `canonical_names` (registered with core/topics.py) saves a typed synonym, a merged topic's old
  name, or another spelling of an existing topic as that topic;
- `near_duplicates` lists pairs of topics that are probably the same: the same word apart from
  case, æ/ø/å and hyphens ("same fold"), a typo apart ("edit distance"), or the same Danish stems;
- `merge_topics` moves every use of one topic to another (people's expertise, units' and tasks'
  topics, try-outs' topics), keeps the old name as a synonym and its slug as a redirect;
- `rename_topic` renames, with the same redirect and synonym.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

import snowballstemmer
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from taggit.models import Tag, TaggedItem

from core.text import danish_slugify
from core.topics import register_topic_normaliser as register_with_core
from people.models import Membership, Person
from search import index
from tryouts.models import Tryout
from units.models import Unit, UnitTask
from vocabulary.models import TopicPairDismissal, TopicRedirect, TopicSubject, TopicSynonym, topic_key

_stemmer = snowballstemmer.stemmer("danish")
_WORD = re.compile(r"[^\W_]+")
# Shorter names than this are not compared by edit distance (ADL / ADHD, PPR / PR are different).
MIN_EDIT_LENGTH = 5

SAME_FOLD = gettext_lazy("same word apart from case, æ/ø/å or hyphens")
SAME_STEM = gettext_lazy("same stem")


def edits_apart(count):
    return ngettext("%(count)d letter apart", "%(count)d letters apart", count) % {"count": count}


# --- tag entry ---------------------------------------------------------------------------------


def canonical_names(names: list[str]) -> list[str]:
    """Each typed name, or the existing topic it stands for: a topic with the same name in another
    spelling (Velfaerdsteknologi, hverdags-rehabilitering), a synonym's topic, a merged or renamed
    topic's new name. Three queries, however many names."""
    if not names:
        return names
    keys = {name: topic_key(name) for name in names}
    slugs = {name: danish_slugify(name) for name in names}
    candidates = set(slugs.values()) | {slug.replace("-", "") for slug in slugs.values()}
    by_key, existing = {}, {}
    for tag in Tag.objects.filter(slug__in=candidates).order_by("pk"):
        by_key.setdefault(topic_key(tag.name), tag.name)
        existing[tag.name.casefold()] = tag.name
    for synonym in TopicSynonym.objects.filter(key__in=set(keys.values())).select_related("tag"):
        by_key.setdefault(synonym.key, synonym.tag.name)
    redirects = TopicRedirect.objects.filter(old_slug__in=slugs.values()).select_related("tag")
    moved = {redirect.old_slug: redirect.tag.name for redirect in redirects}
    return [existing.get(name.casefold()) or by_key.get(keys[name]) or moved.get(slugs[name]) or name for name in names]


def register_topic_normaliser():
    register_with_core(canonical_names)


def topics_for_typed(text: str, limit: int = 10) -> list[str]:
    """Topic names whose synonyms start with (or have a word starting with) the typed text, for
    the tag input's suggestions: the existing topic shows up before a new one is made."""
    text = " ".join(text.split())[:100]
    if not text:
        return []
    synonyms = TopicSynonym.objects.filter(Q(name__istartswith=text) | Q(name__icontains=f" {text}"))
    return list(dict.fromkeys(synonyms.order_by("tag__name").values_list("tag__name", flat=True)[: limit * 2]))[:limit]


# --- near-duplicates -----------------------------------------------------------------------------


@dataclass
class NearDuplicate:
    """Two topics that are probably the same, with why; `first` is the more used one."""

    first: Tag
    second: Tag
    reasons: list = field(default_factory=list)
    strength: int = 0  # 3 same fold, 2 same stem, 1 edit distance


def stem_key(name: str) -> str:
    words = _WORD.findall(name.casefold())
    return " ".join(_stemmer.stemWords(words))


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, stopping early once it exceeds `limit` (returns limit + 1)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def allowed_edits(a: str, b: str) -> int:
    shortest = min(len(a), len(b))
    if shortest < MIN_EDIT_LENGTH:
        return 0
    return 1 if shortest < 10 else 2


def topics_with_uses():
    """Every topic with `.uses`: how many people, units, tasks and try-outs carry it (one query)."""
    return list(Tag.objects.annotate(uses=Count("taggit_taggeditem_items")).order_by("name"))


def near_duplicates(tags=None) -> list[NearDuplicate]:
    """Pairs of topics that look like the same topic, strongest reason first. Candidates come
    from buckets (same fold, same stems, and one-letter deletions for typos) so that thousands of
    topics are compared without comparing every pair. Pairs judged different are left out."""
    tags = topics_with_uses() if tags is None else tags
    by_id = {tag.pk: tag for tag in tags}
    dismissed = set(TopicPairDismissal.objects.values_list("low_id", "high_id"))
    pairs: dict[tuple[int, int], NearDuplicate] = {}

    def note(a, b, reason, strength):
        low, high = sorted((a, b))
        if low == high or (low, high) in dismissed:
            return
        pair = pairs.get((low, high))
        if pair is None:
            first, second = sorted((by_id[low], by_id[high]), key=lambda t: (-getattr(t, "uses", 0), t.name))
            pair = pairs[(low, high)] = NearDuplicate(first, second)
        if reason not in pair.reasons:
            pair.reasons.append(reason)
            pair.strength = max(pair.strength, strength)

    folds, stems, deletions = defaultdict(set), defaultdict(set), defaultdict(set)
    for tag in tags:
        folds[topic_key(tag.name)].add(tag.pk)
        stems[stem_key(tag.name)].add(tag.pk)
        word = tag.name.casefold()
        if len(word) >= MIN_EDIT_LENGTH:
            deletions[word].add(tag.pk)
            for i in range(len(word)):
                deletions[word[:i] + word[i + 1 :]].add(tag.pk)
    for bucket, reason, strength in ((folds, SAME_FOLD, 3), (stems, SAME_STEM, 2)):
        for ids in bucket.values():
            ids = sorted(ids)
            for n, a in enumerate(ids):
                for b in ids[n + 1 :]:
                    note(a, b, reason, strength)
    for ids in deletions.values():
        ids = sorted(ids)
        for n, a in enumerate(ids):
            for b in ids[n + 1 :]:
                name_a, name_b = by_id[a].name.casefold(), by_id[b].name.casefold()
                allowed = allowed_edits(name_a, name_b)
                distance = edit_distance(name_a, name_b, max(allowed, 1))
                if allowed and distance <= allowed:
                    note(a, b, edits_apart(distance), 1)
    return sorted(pairs.values(), key=lambda p: (-p.strength, p.first.name.casefold(), p.second.name.casefold()))


def dismiss_pair(first: Tag, second: Tag, user=None) -> None:
    """Judge two topics different: the pair leaves the review list."""
    low, high = sorted((first.pk, second.pk))
    TopicPairDismissal.objects.get_or_create(low_id=low, high_id=high, defaults={"created_by": user})


# --- merge and rename ------------------------------------------------------------------------------


class TopicError(Exception):
    """A merge or rename that cannot be done; the message says why."""


@dataclass
class MergeResult:
    old_name: str
    target: Tag
    moved: int  # uses moved to the target
    already: int  # uses dropped because the object already carried the target


def merge_topics(source: Tag, target: Tag, user=None) -> MergeResult:
    """Move every use of `source` to `target` and delete `source`: its name becomes a synonym of
    `target`, its slug (and the slugs that led to it) redirect to `target`, its KLE ties and
    synonyms move over, and the search index learns the change. One transaction."""
    if source.pk == target.pk:
        raise TopicError(_("A topic cannot be merged into itself."))
    with transaction.atomic(), index.deferred():
        source = Tag.objects.select_for_update().get(pk=source.pk)
        target = Tag.objects.select_for_update().get(pk=target.pk)
        carrying = set(TaggedItem.objects.filter(tag=target).values_list("content_type_id", "object_id"))
        moving, dropping, touched = [], [], defaultdict(set)
        for pk, content_type_id, object_id in TaggedItem.objects.filter(tag=source).values_list(
            "pk", "content_type_id", "object_id"
        ):
            (dropping if (content_type_id, object_id) in carrying else moving).append(pk)
            touched[content_type_id].add(object_id)
        TaggedItem.objects.filter(pk__in=dropping).delete()
        TaggedItem.objects.filter(pk__in=moving).update(tag=target)

        linked = set(TopicSubject.objects.filter(tag=target).values_list("subject_id", flat=True))
        for link in TopicSubject.objects.filter(tag=source):
            if link.subject_id not in linked:
                TopicSubject.objects.create(tag=target, subject_id=link.subject_id)
        for synonym in TopicSynonym.objects.filter(tag=source):
            synonym.tag = target
            synonym.save()
        _keep_old_name(source.name, target)
        TopicRedirect.objects.filter(tag=source).update(tag=target)
        TopicRedirect.objects.update_or_create(
            old_slug=source.slug,
            defaults={
                "old_name": source.name,
                "tag": target,
                "uses_moved": len(moving) + len(dropping),
                "created_by": user,
            },
        )
        old_name = source.name
        source.delete()
        reindex_tagged(touched)
    return MergeResult(old_name, target, len(moving), len(dropping))


def rename_topic(tag: Tag, new_name: str, user=None) -> Tag:
    """Rename a topic: a new slug from the new name, the old slug redirects, the old name stays
    as a synonym (search and tag entry still know it)."""
    new_name = " ".join(new_name.split())
    if not new_name:
        raise TopicError(_("A topic needs a name."))
    if new_name == tag.name:
        return tag
    other = Tag.objects.filter(name__iexact=new_name).exclude(pk=tag.pk).first()
    if other is not None:
        raise TopicError(_("There is already a topic called “%(name)s”. Merge the two instead.") % {"name": other.name})
    with transaction.atomic(), index.deferred():
        old_name, old_slug = tag.name, tag.slug
        tag.name = new_name
        base = tag.slugify(new_name)
        slug, number = base, 1
        while Tag.objects.filter(slug=slug).exclude(pk=tag.pk).exists():
            number += 1
            slug = tag.slugify(new_name, number)
        tag.slug = slug
        tag.save()
        TopicRedirect.objects.filter(old_slug=slug).delete()
        if slug != old_slug:
            TopicRedirect.objects.update_or_create(
                old_slug=old_slug, defaults={"old_name": old_name, "tag": tag, "created_by": user}
            )
        _keep_old_name(old_name, tag)
        touched = defaultdict(set)
        for content_type_id, object_id in TaggedItem.objects.filter(tag=tag).values_list(
            "content_type_id", "object_id"
        ):
            touched[content_type_id].add(object_id)
        reindex_tagged(touched)
    return tag


def _keep_old_name(old_name, tag):
    """The old name as a synonym of `tag`, unless it is the same word as the tag's name."""
    key = topic_key(old_name)
    if key and key != topic_key(tag.name):
        synonym = TopicSynonym.objects.filter(key=key).first()
        if synonym is None:
            TopicSynonym.objects.create(tag=tag, name=old_name)
        elif synonym.tag_id != tag.pk:
            synonym.tag = tag
            synonym.save()


def reindex_tagged(touched: dict[int, set[int]]) -> None:
    """Index again the objects whose topics changed ({content type id: object ids}): people,
    units (and their members, whose documents hold the unit's topics), tasks' units, try-outs."""
    kinds = {Person: "person", Unit: "unit", Tryout: "tryout"}
    for content_type_id, ids in touched.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model in kinds:
            index.index_objects(kinds[model], ids)
        if model is Unit:
            index.index_objects(
                "person", Membership.objects.filter(unit_id__in=ids).values_list("person_id", flat=True)
            )
        if model is UnitTask:
            index.index_objects("unit", UnitTask.objects.filter(pk__in=ids).values_list("unit_id", flat=True))
