""" "Har nogen prøvet det før?": the earlier try-outs most like the one a leader is writing.

The search engine finds the candidates (its public `search()`, try-outs only, on the most telling
words of the title, the challenge and the topics); they are then ordered by how much of the new
try-out they share: words of its title and topics weigh most, and a word that few candidates
share tells more than one they all have. Works on both search backends.
"""

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from taggit.utils import parse_tags

from people.models import Person
from search.engine import search
from search.text import MAX_WORDS, STOP_WORDS, stem, words
from tryouts.models import Tryout

SHOWN = 5
CANDIDATES = 20
MIN_WORD_LENGTH = 4
# Words every try-out uses; they say nothing about what this one is about.
COMMON_WORDS = frozenset(
    """
    vores bedre godt gerne flere mere mindre meget lidt nogen andet anden hver sammen helt hvordan
    prøve prøver prøvet prøvehandling prøvehandlinger udfordring udfordringen borger borgere borgerne
    medarbejder medarbejdere medarbejderne kommune kommunen enhed enheden arbejde arbejder tiden nogle
    andre være have
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# How much a shared stem weighs by where it stands in the earlier try-out.
TITLE_WEIGHT, TOPIC_WEIGHT, TEXT_WEIGHT = 3.0, 3.0, 1.0


@dataclass
class Draft:
    """What the leader has typed so far."""

    title: str = ""
    challenge: str = ""
    summary: str = ""
    approach: str = ""
    topics: list[str] = field(default_factory=list)

    @classmethod
    def from_data(cls, data) -> "Draft":
        """From the create form's fields (a QueryDict or a dict of strings)."""
        tags = data.get("tags") or ""
        return cls(
            title=data.get("title") or "",
            challenge=data.get("challenge") or "",
            summary=data.get("summary") or "",
            approach=data.get("approach") or "",
            topics=parse_tags(tags.replace("\n", ",").replace(";", ",")) if tags else [],
        )

    @property
    def is_empty(self) -> bool:
        return not (self.title.strip() or self.challenge.strip() or self.topics)


@dataclass
class SimilarTryout:
    """An earlier try-out like the draft, and what they share (stems of words and topics)."""

    tryout: Tryout
    score: float
    shared_topics: list[str] = field(default_factory=list)


def _telling(text: str) -> list[str]:
    return [w for w in words(text) if len(w) >= MIN_WORD_LENGTH and w not in STOP_WORDS and w not in COMMON_WORDS]


def search_words(draft: Draft) -> list[str]:
    """At most MAX_WORDS words to look for: the topics, the title's words, then the longest words
    of the challenge and the summary (long Danish words are the telling compounds), one per stem."""
    chosen, stems = [], set()

    def take(candidates: Iterable[str]):
        for word in candidates:
            root = stem(word)
            if root not in stems and len(chosen) < MAX_WORDS:
                stems.add(root)
                chosen.append(word)

    take(w for topic in draft.topics for w in _telling(topic))
    take(_telling(draft.title))
    body = _telling(f"{draft.challenge} {draft.summary}")
    take(sorted(dict.fromkeys(body), key=lambda w: (-len(w), body.index(w))))
    return chosen


def _stems(text: str) -> set[str]:
    return {stem(w) for w in _telling(text)}


def similar_tryouts(draft: Draft, limit: int = SHOWN, exclude: int | None = None) -> list[SimilarTryout]:
    """The earlier try-outs most like the draft, best first, with their owner unit and centre,
    track, topics and active contacts loaded (a search and three queries)."""
    if draft.is_empty:
        return []
    found = search_words(draft)
    if not found:
        return []
    quick = {"kinds": ["tryout"], "with_facets": False, "with_reasons": False}  # only the try-outs are used
    results = search(" ".join(found), per_page=CANDIDATES, **quick)
    ranked = [hit.object.pk for hit in results.hits]
    if len(ranked) < limit:
        # All the words (or, for a long text, half of them) matched only a few: widen with the
        # most telling words one by one.
        for word in found[:3]:
            ranked += [hit.object.pk for hit in search(word, per_page=limit, **quick).hits]
    ranked = [pk for pk in dict.fromkeys(ranked) if pk != exclude]
    if not ranked:
        return []
    contacts = Person.objects.active().order_by("sort_key")
    tryouts = {
        tryout.pk: tryout
        for tryout in Tryout.objects.filter(pk__in=ranked)
        .select_related("owner_unit__centre", "track")
        .prefetch_related("tags", Prefetch("contacts", queryset=contacts, to_attr="active_contacts"))
    }
    return _order(draft, [tryouts[pk] for pk in ranked if pk in tryouts], limit, all_words=not results.any_word)


def _order(draft: Draft, candidates: list[Tryout], limit: int, all_words: bool) -> list[SimilarTryout]:
    """Best first; a candidate that shares no word or topic with the draft is left out, unless the
    search found it with all the words (through a compound or a spelling the stems do not show)."""
    wanted = _stems(f"{draft.title} {draft.challenge} {draft.summary} {draft.approach}")
    wanted_topics = {topic.lower() for topic in draft.topics}
    fields = []
    for tryout in candidates:
        topics = [tag.name for tag in tryout.tags.all()]
        fields.append(
            (
                _stems(tryout.title),
                _stems(" ".join(topics)),
                _stems(" ".join([tryout.summary, tryout.challenge, tryout.approach, tryout.learnings])),
                topics,
            )
        )
    seen_in = Counter(root for title, topic, text, _names in fields for root in (title | topic | text) & wanted)
    count = len(candidates)

    def rarity(root):
        return math.log((count + 1) / (seen_in[root] + 0.5))

    scored = []
    for position, (tryout, (title, topic, text, names)) in enumerate(zip(candidates, fields, strict=True)):
        score = sum(TITLE_WEIGHT * rarity(r) for r in title & wanted)
        score += sum(TOPIC_WEIGHT * rarity(r) for r in topic & wanted)
        score += sum(TEXT_WEIGHT * rarity(r) for r in text & wanted - title)
        shared = [name for name in names if name.lower() in wanted_topics]
        score += TOPIC_WEIGHT * 2 * len(shared)
        # The search's own order breaks ties (and is all there is when no word is shared).
        if score > 0 or all_words:
            scored.append(SimilarTryout(tryout, score - position / 1000, shared))
    scored.sort(key=lambda found: -found.score)
    return scored[:limit]
