"""Reads of the strategy pages: focus areas with their answers, tied try-outs and the units that
have not answered yet, each a fixed number of queries."""

import functools
from collections import Counter
from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import Count, Prefetch, Q

from search import cache
from tryouts.models import Tryout
from units.models import Unit, UnitTask
from vocabulary.models import FocusAnswer, FocusArea, Strategy


def strategies_with_areas(slug=None):
    """The current strategies (or the one with `slug`), each with `.areas` ordered and `.themes`:
    [(theme, [focus areas])] in the order the themes first appear. Two queries."""
    strategies = Strategy.objects.all() if slug else Strategy.objects.current()
    if slug:
        strategies = strategies.filter(slug=slug)
    strategies = list(
        strategies.prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.select_related("track").order_by("position", "pk"))
        )
    )
    for strategy in strategies:
        strategy.areas = list(strategy.focus_areas.all())
        themes = {}
        for area in strategy.areas:
            themes.setdefault(area.theme, []).append(area)
        strategy.themes = list(themes.items())
    return strategies


def answered_counts(areas):
    """{focus area id: how many active units have answered it}. One query."""
    rows = (
        FocusAnswer.objects.filter(focus_area__in=[a.pk for a in areas], unit__is_active=True)
        .values("focus_area_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["focus_area_id"]: row["n"] for row in rows}


def tied_tryouts(area):
    """The try-outs tied to a focus area: on its track, or linked from a unit's answer to it."""
    via_answers = FocusAnswer.tryouts.through.objects.filter(focusanswer__focus_area=area).values("tryout_id")
    condition = Q(pk__in=via_answers)
    if area.track_id:
        condition |= Q(track_id=area.track_id)
    return Tryout.objects.filter(condition).for_list().order_by("-updated_at", "pk")


def tied_tryout_counts(areas):
    """{focus area id: how many different try-outs are tied to it}. One query (a UNION)."""
    ids = [area.pk for area in areas]
    by_track = Tryout.objects.filter(track__focus_area__in=ids).values_list("track__focus_area", "pk")
    by_answer = FocusAnswer.tryouts.through.objects.filter(focusanswer__focus_area__in=ids).values_list(
        "focusanswer__focus_area", "tryout_id"
    )
    return Counter(area_id for area_id, _tryout in by_track.order_by().union(by_answer.order_by()))


@dataclass
class Missing:
    """For the viewing leader: how many units they keep (lead or lead above, or edit) and, per
    focus area, how many of those have not answered it."""

    unit_count: int = 0
    counts: dict = field(default_factory=dict)


def missing_units(user, areas):
    """Two queries: the units the user keeps, and their answers per focus area."""
    kept = list(Unit.objects.active().editable_by(user).values_list("pk", flat=True))
    if not kept:
        return Missing()
    rows = (
        FocusAnswer.objects.filter(unit_id__in=kept, focus_area__in=[a.pk for a in areas])
        .values("focus_area_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    answered = {row["focus_area_id"]: row["n"] for row in rows}
    return Missing(len(kept), {area.pk: len(kept) - answered.get(area.pk, 0) for area in areas})


def unit_focus_areas(unit):
    """The current focus areas with `.answer`: the unit's answer (with its tasks and try-outs)
    or None. Three queries plus one per linked kind of thing."""
    answers = FocusAnswer.objects.filter(unit=unit).prefetch_related("tasks", "tryouts")
    areas = list(
        FocusArea.objects.current()
        .select_related("strategy")
        .prefetch_related(Prefetch("answers", queryset=answers, to_attr="unit_answers"))
        .order_by("strategy__position", "strategy__name", "position", "pk")
    )
    for area in areas:
        area.answer = area.unit_answers[0] if area.unit_answers else None
    return areas


@dataclass
class UnitStrategy:
    """The visitkort's strategy section: the current focus areas the unit has answered (each with
    `.answer`, in the strategy's order) and how many there are in all."""

    answered: list
    area_count: int

    @property
    def unanswered(self):
        return self.area_count - len(self.answered)


@dataclass
class UnitAnswer:
    """A unit's answer as the visitkort shows it: its text, the titles of the tasks that carry it
    and the try-outs that do (unsaved `Tryout`s with a title and a slug, for their links)."""

    text: str
    tasks: list = field(default_factory=list)
    tryouts: list = field(default_factory=list)


# The visitkort's strategy section in two plain statements (one when the unit has answered
# nothing): the ORM's three queries with their prefetches cost 4.5 ms a card at 50,000 people, most
# of it building them (docs/performance.md, "Session 10"). In the strategy pages' order.
UNIT_ANSWERS = """
SELECT a.id, a.text, area.title, area.slug, s.name, s.slug
FROM {answer} a JOIN {area} area ON area.id = a.focus_area_id JOIN {strategy} s ON s.id = area.strategy_id
WHERE a.unit_id = %(unit)s AND s.is_current ORDER BY s.position, s.name, area.position, area.id
"""
# The tasks and try-outs that carry the unit's answers, each in its model's order.
UNIT_ANSWER_LINKS = """
SELECT 1, l.focusanswer_id, t.title, NULL, ROW_NUMBER() OVER (ORDER BY t.starts_on DESC, t.id)
FROM {answer_tasks} l JOIN {task} t ON t.id = l.unittask_id JOIN {answer} a ON a.id = l.focusanswer_id
WHERE a.unit_id = %(unit)s
UNION ALL
SELECT 2, l.focusanswer_id, tr.title, tr.slug, ROW_NUMBER() OVER (ORDER BY tr.updated_at DESC, tr.id)
FROM {answer_tryouts} l JOIN {tryout} tr ON tr.id = l.tryout_id JOIN {answer} a ON a.id = l.focusanswer_id
WHERE a.unit_id = %(unit)s
ORDER BY 1, 5
"""
TASK_LINK = 1


def unit_strategy_answers(unit):
    """The unit's answers with their focus areas, and the tasks and try-outs that carry them. The
    number of current focus areas, the same for every unit, is kept per index generation (an edit
    of a strategy or a focus area bumps it)."""
    alias = router.db_for_read(FocusAnswer)
    answers, answered = {}, []
    with connections[alias].cursor() as cursor:
        cursor.execute(_sql(UNIT_ANSWERS), {"unit": unit.pk})
        for pk, text, title, slug, strategy_name, strategy_slug in cursor.fetchall():
            area = FocusArea(title=title, slug=slug, strategy=Strategy(name=strategy_name, slug=strategy_slug))
            area.answer = answers[pk] = UnitAnswer(text)
            answered.append(area)
        if answers:
            cursor.execute(_sql(UNIT_ANSWER_LINKS), {"unit": unit.pk})
            for kind, answer_id, title, slug, _position in cursor.fetchall():
                if answer_id not in answers:  # an answer to a strategy no longer current
                    continue
                if kind == TASK_LINK:
                    answers[answer_id].tasks.append(title)
                else:
                    answers[answer_id].tryouts.append(Tryout(title=title, slug=slug))
    generation = cache.current_generation()
    area_count = cache.get(generation, "current-focus-areas")
    if area_count is None:
        area_count = FocusArea.objects.current().count()
        cache.put(generation, "current-focus-areas", value=area_count)
    return UnitStrategy(answered, area_count)


@functools.cache
def _sql(statement):
    tables = {
        "answer": FocusAnswer,
        "area": FocusArea,
        "strategy": Strategy,
        "answer_tasks": FocusAnswer.tasks.through,
        "task": UnitTask,
        "answer_tryouts": FocusAnswer.tryouts.through,
        "tryout": Tryout,
    }
    return statement.format(**{name: model._meta.db_table for name, model in tables.items()})
