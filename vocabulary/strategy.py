"""Reads of the strategy pages: focus areas with their answers, tied try-outs and the units that
have not answered yet, each a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass, field

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


def unit_strategy_answers(unit):
    """The unit's answers with their focus areas in one query plus one per linked kind of thing;
    the number of current focus areas, the same for every unit, is kept per index generation (an
    edit of a strategy or a focus area bumps it)."""
    answers = (
        FocusAnswer.objects.filter(unit=unit, focus_area__strategy__is_current=True)
        .select_related("focus_area__strategy")
        # The links under an answer show a task's title and a try-out's title and link: not the
        # rest of their (long) rows (the section 5.5 → 4.9 ms at 50,000 people, the same HTML).
        .prefetch_related(
            Prefetch("tasks", queryset=UnitTask.objects.only("title")),
            Prefetch("tryouts", queryset=Tryout.objects.only("title", "slug")),
        )
        .order_by(
            "focus_area__strategy__position", "focus_area__strategy__name", "focus_area__position", "focus_area__pk"
        )
    )
    answered = []
    for answer in answers:
        answer.focus_area.answer = answer
        answered.append(answer.focus_area)
    generation = cache.current_generation()
    area_count = cache.get(generation, "current-focus-areas")
    if area_count is None:
        area_count = FocusArea.objects.current().count()
        cache.put(generation, "current-focus-areas", value=area_count)
    return UnitStrategy(answered, area_count)
