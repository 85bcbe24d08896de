"""Measuring relevance: judged queries, what a search returned for them, and the figures.

A judged set (for instance tests/search/relevance) gives `JudgedQuery`s: the hits that answer a
query, graded (3 the answer, 2 good, 1 acceptable), the hits that must never be in its top 10
(false friends), or that it must find nothing at all. `evaluate()` runs each query through
`search()` and `Report` gives success@1/@3/@10, MRR, zero-result and false-positive counts.
A query's answers are its hits of the highest grade it has; a hit of a lower grade ranked above
every answer costs the query its success at that rank, as a person scanning the list would see.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from search.engine import search

TOP = 10

Hit = tuple[str, int]  # (kind, object id)


@dataclass
class JudgedQuery:
    query: str
    kind_of_query: str  # which class of query it tests: "surname", "typo", "synonym" …
    grades: dict[Hit, int] = field(default_factory=dict)
    never: set[Hit] = field(default_factory=set)
    negative: bool = False  # must find nothing
    ordered: bool = False  # higher grades must all come before lower ones in the top 10
    labels: dict[Hit, str] = field(default_factory=dict)  # for printing

    @property
    def answers(self) -> set[Hit]:
        best = max(self.grades.values(), default=0)
        return {hit for hit, grade in self.grades.items() if grade == best}


@dataclass
class Outcome:
    judged: JudgedQuery
    hits: list[Hit]
    total: int

    @property
    def rank(self) -> int | None:
        """1-based rank of the first answer in the top 10, or None."""
        answers = self.judged.answers
        return next((i + 1 for i, hit in enumerate(self.hits[:TOP]) if hit in answers), None)

    def success(self, k: int) -> bool:
        return self.rank is not None and self.rank <= k

    @property
    def false_friends(self) -> list[Hit]:
        return [hit for hit in self.hits[:TOP] if hit in self.judged.never]

    @property
    def order_breaks(self) -> int:
        """Pairs in the top 10 where a lower-graded (or ungraded) hit comes before a higher one."""
        if not self.judged.ordered:
            return 0
        grades = [self.judged.grades.get(hit, 0) for hit in self.hits[:TOP]]
        return sum(1 for i, a in enumerate(grades) for b in grades[i + 1 :] if b > a)


@dataclass
class Report:
    outcomes: list[Outcome]

    @property
    def judged(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.judged.negative]

    def success_at(self, k: int) -> float:
        return sum(o.success(k) for o in self.judged) / len(self.judged)

    @property
    def mrr(self) -> float:
        return sum(1 / o.rank for o in self.judged if o.rank) / len(self.judged)

    @property
    def zero_results(self) -> int:
        """Queries with answers that found nothing."""
        return sum(1 for o in self.judged if not o.total)

    @property
    def false_positives(self) -> int:
        """False friends in a top 10, plus hits for queries that must find nothing."""
        return sum(len(o.false_friends) for o in self.outcomes) + sum(
            1 for o in self.outcomes if o.judged.negative and o.total
        )

    @property
    def order_breaks(self) -> int:
        return sum(o.order_breaks for o in self.outcomes)

    def figures(self) -> dict[str, float]:
        return {
            "queries": len(self.outcomes),
            "success@1": self.success_at(1),
            "success@3": self.success_at(3),
            "success@10": self.success_at(10),
            "MRR": self.mrr,
            "zero results": self.zero_results,
            "false positives": self.false_positives,
            "order breaks": self.order_breaks,
        }

    def failures(self, k: int = 3) -> list[Outcome]:
        """Outcomes that miss success@k, show a false friend, break the grade order or find
        something where nothing should be found."""
        return [
            o
            for o in self.outcomes
            if (o.judged.negative and o.total)
            or (not o.judged.negative and not o.success(k))
            or o.false_friends
            or o.order_breaks
        ]


def evaluate(queries: list[JudgedQuery], run: Callable[[str], tuple[list[Hit], int]] | None = None) -> Report:
    """Run every query (through `search()` unless `run` is given) and judge the top 10."""
    return Report([Outcome(judged, *(run or top_hits)(judged.query)) for judged in queries])


def top_hits(query: str) -> tuple[list[Hit], int]:
    results = search(query, per_page=TOP, with_facets=False, with_reasons=False)
    return [(hit.kind, hit.object.pk) for hit in results.hits], results.total


def format_outcome(outcome: Outcome) -> str:
    """One line per failing query: what was wanted and the top 5 as they came."""
    judged = outcome.judged

    def label(hit):
        grade = judged.grades.get(hit)
        mark = "!" if hit in judged.never else (str(grade) if grade else "·")
        return f"{judged.labels.get(hit, f'{hit[0]}:{hit[1]}')}[{mark}]"

    shown = ", ".join(label(hit) for hit in outcome.hits[:5]) or "nothing"
    wanted = "nothing" if judged.negative else ", ".join(sorted(judged.labels.get(h, str(h)) for h in judged.answers))
    return f"{judged.kind_of_query:<12} {judged.query!r}: rank {outcome.rank or '-'}; wanted {wanted[:80]}; got {shown}"
