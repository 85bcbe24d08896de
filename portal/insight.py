"""Indsigt: how alive the directory is, for leaders (their units and everything below them) and
administrators (the whole municipality).

Each panel is a table of numbers (the CSV download holds the same) and a chart of them. One or
two queries per panel, whatever the number of units.

The searches that found nothing ("Søgninger uden resultat", `search.SearchMiss`) are for
administrators only (`ADMIN_PANELS`): searches belong to no unit, so a leader's numbers would not
be their part of the municipality, and what people type may be a colleague's name. For the same
reason the panel lists only words searched at least twice in the recent months, none longer than
60 characters; `anonymise_leavers` deletes the counts after 13 months (search/misses.py).
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Length, Trim, TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _
from taggit.models import TaggedItem

from core.text import danish_sort_key
from people.exports import csv_safe
from portal.charts import Chart, columns, horizontal_bars, stacked_columns
from search.misses import first_kept_month
from search.models import SearchMiss
from tryouts.models import Status, Track, Tryout
from units.completeness import unit_completeness
from units.models import MAX_DEPTH, Role, Suggestion, SuggestionStatus, Unit, UnitTask

QUARTERS = 8
COMPLETENESS_BANDS = ((0, 24), (25, 49), (50, 74), (75, 99), (100, 100))
TEXT_FIELDS = ("about", "core_tasks", "can_help_with", "looking_for", "email", "phone", "address")


@dataclass
class Column:
    label: str
    suffix: str = ""  # shown after the value in the table ("%"); the CSV header says it instead


@dataclass
class Panel:
    """One question answered with a table of numbers and a chart of them."""

    slug: str
    title: str
    intro: str
    columns: list[Column]
    rows: list[list]
    chart: Chart
    chart_title: str
    note: str = ""
    total_row: bool = False  # the last row sums the others
    empty: str = ""  # shown instead of the chart and the table when there are no rows

    @property
    def shown_rows(self) -> list[list[str]]:
        """The rows as the table shows them: numbers with their unit ("67 %")."""
        return [
            [row[0], *(f"{value}{column.suffix}" for value, column in zip(row[1:], self.columns[1:], strict=True))]
            for row in self.rows
        ]

    def csv(self) -> str:
        """The table as CSV text Danish Excel opens directly: BOM, `;`, CRLF."""
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([f"{c.label} ({c.suffix.strip()})" if c.suffix else c.label for c in self.columns])
        for row in self.rows:
            writer.writerow([csv_safe(value) for value in row])
        return out.getvalue()


@dataclass
class Scope:
    """Whose units the insight covers: the units the user leads and those below them, or all."""

    units: QuerySet
    led: list = field(default_factory=list)
    everything: bool = False


def insight_scope(user) -> Scope | None:
    """The units a user may see insight for, or None (neither a leader nor an administrator)."""
    if user.is_staff or user.is_superuser:
        return Scope(Unit.objects.active(), everything=True)
    led = list(
        Unit.objects.active()
        .filter(memberships__person__user=user, memberships__person__is_active=True, memberships__role=Role.LEDER)
        .distinct()
        .order_by("sort_key")
    )
    if not led:
        return None
    condition, path = Q(pk__in=[unit.pk for unit in led]), "parent"
    for _level in range(MAX_DEPTH):
        condition |= Q(**{f"{path}__in": [unit.pk for unit in led]})
        path += "__parent"
    return Scope(Unit.objects.active().filter(condition), led=led)


def percent(part: int, whole: int) -> int:
    """A whole percentage, halves rounded up as people do (5 of 8 is 63 %)."""
    return (200 * part + whole) // (2 * whole) if whole else 0


# --- the panels ------------------------------------------------------------------------------------


def confirmed_panel(units: QuerySet, now: datetime) -> Panel:
    """Visitkort confirmed as current within the last 12 months, per centre."""
    limit = now - timedelta(days=settings.STALE_AFTER_DAYS)
    counted = (
        units.order_by()
        .values("centre_id", "centre__name")
        .annotate(total=Count("pk"), fresh=Count("pk", filter=Q(last_confirmed_at__gte=limit)))
    )
    outside = _("Outside the centres")
    counted = sorted(counted, key=lambda r: (r["centre_id"] is None, danish_sort_key(r["centre__name"] or "")))
    rows = [[r["centre__name"] or outside, r["total"], r["fresh"], percent(r["fresh"], r["total"])] for r in counted]
    total, fresh = sum(r[1] for r in rows), sum(r[2] for r in rows)
    chart = horizontal_bars([(row[0], row[3], f"{row[3]} %") for row in rows], maximum=100)
    rows.append([_("Total"), total, fresh, percent(fresh, total)])
    return Panel(
        "bekraeftede",
        _("Visitkort confirmed within 12 months"),
        _("The share of visitkort that an editor has confirmed as current within the last 12 months, per centre."),
        [Column(_("Centre")), Column(_("Visitkort")), Column(_("Confirmed")), Column(_("Share"), " %")],
        rows,
        chart,
        _("Share of visitkort confirmed within 12 months, per centre"),
        total_row=True,
    )


def completeness_panel(units: QuerySet, now: datetime) -> Panel:
    """How complete the visitkort are (units/completeness.py), in bands of 25 percentage points."""
    unit_type = ContentType.objects.get_for_model(Unit)
    topics = TaggedItem.objects.filter(content_type=unit_type, object_id=OuterRef("pk"))
    tasks = UnitTask.objects.current(timezone.localdate(now)).filter(unit=OuterRef("pk"))

    def count(queryset, column):
        return Coalesce(Subquery(queryset.order_by().values(column).annotate(n=Count("pk")).values("n")), 0)

    lengths = {f"{name}_length": Length(Trim(name)) for name in TEXT_FIELDS}
    found = units.order_by().annotate(
        **lengths, topic_count=count(topics, "object_id"), task_count=count(tasks, "unit")
    )
    scores = []
    for row in found.values(*lengths, "topic_count", "task_count"):
        filled = SimpleNamespace(**{name: "x" if row[f"{name}_length"] else "" for name in TEXT_FIELDS})
        scores.append(
            unit_completeness(filled, topic_count=row["topic_count"], current_task_count=row["task_count"]).percent
        )
    rows = []
    for low, high in COMPLETENESS_BANDS:
        label = f"{low} %" if low == high else f"{low}–{high} %"
        number = sum(1 for score in scores if low <= score <= high)
        rows.append([label, number, percent(number, len(scores))])
    chart = columns([(row[0], row[1], str(row[1])) for row in rows])
    average = round(sum(scores) / len(scores)) if scores else 0
    return Panel(
        "udfyldning",
        _("How complete the visitkort are"),
        _(
            "How much of each visitkort is filled in: who we are, core tasks, what we help with and look for, "
            "contact, address, topics and current tasks."
        ),
        [Column(_("Filled in")), Column(_("Visitkort")), Column(_("Share"), " %")],
        rows,
        chart,
        _("Number of visitkort by how complete they are"),
        note=_("On average %(percent)s %% filled in.") % {"percent": average},
    )


AGE_BANDS = (
    (timedelta(0), timedelta(days=7)),
    (timedelta(days=7), timedelta(days=28)),
    (timedelta(days=28), timedelta(days=91)),
    (timedelta(days=91), None),
)


def suggestions_panel(units: QuerySet, now: datetime) -> Panel:
    """Open suggestions to the visitkort and try-outs of the units, by how long they have waited."""
    in_scope = units.values("pk")
    open_suggestions = Suggestion.objects.filter(status=SuggestionStatus.OPEN).filter(
        Q(target_type=ContentType.objects.get_for_model(Unit), target_id__in=in_scope)
        | Q(
            target_type=ContentType.objects.get_for_model(Tryout),
            target_id__in=Tryout.objects.filter(owner_unit__in=in_scope).values("pk"),
        )
    )
    bands = {}
    for number, (young, old) in enumerate(AGE_BANDS):
        condition = Q(created_at__lte=now - young)
        if old is not None:
            condition &= Q(created_at__gt=now - old)
        bands[f"band{number}"] = Count("pk", filter=condition)
    counted = open_suggestions.aggregate(**bands, oldest=Min("created_at"))
    labels = [_("Under a week"), _("1–4 weeks"), _("1–3 months"), _("Over 3 months")]
    rows = [[label, counted[f"band{number}"]] for number, label in enumerate(labels)]
    total = sum(row[1] for row in rows)
    chart = columns([(row[0].replace(" ", "\n", 1), row[1], str(row[1])) for row in rows])
    rows.append([_("Total"), total])
    note = ""
    if counted["oldest"]:
        note = _("The oldest open suggestion has waited %(days)s days.") % {"days": (now - counted["oldest"]).days}
    return Panel(
        "forslag",
        _("Open suggestions and their age"),
        _("Suggestions from colleagues that the editors have not answered yet, by how long they have waited."),
        [Column(_("Waited")), Column(_("Open suggestions"))],
        rows,
        chart,
        _("Open suggestions by how long they have waited"),
        note=note,
        total_row=True,
    )


def quarter_starts(now: datetime, count: int = QUARTERS) -> list[tuple[int, int]]:
    """The last `count` quarters up to now's, oldest first, as (year, quarter)."""
    today = timezone.localdate(now)
    year, quarter = today.year, (today.month - 1) // 3 + 1
    found = []
    for _step in range(count):
        found.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return list(reversed(found))


def quarter_label(year: int, quarter: int, two_lines: bool = False) -> str:
    label = _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}
    return "\n".join(label.rsplit(" ", 1)) if two_lines else label


def _tryouts_by_quarter(units: QuerySet, now: datetime, column: str) -> tuple[list, dict]:
    """{(year, quarter) or "earlier": {value of `column`: count}} of the units' try-outs, by when registered."""
    quarters = quarter_starts(now)
    first = quarters[0]
    counted = (
        Tryout.objects.filter(owner_unit__in=units.values("pk"), created_at__lte=now)
        .annotate(quarter=TruncQuarter("created_at"))
        .order_by()
        .values("quarter", column)
        .annotate(n=Count("pk"))
    )
    table = {key: {} for key in [*quarters, "earlier"]}
    for row in counted:
        start = timezone.localtime(row["quarter"]) if timezone.is_aware(row["quarter"]) else row["quarter"]
        key = (start.year, (start.month - 1) // 3 + 1)
        key = key if key >= first else "earlier"
        table[key][row[column]] = table[key].get(row[column], 0) + row["n"]
    return quarters, table


def _over_time_panel(slug, title, intro, chart_title, quarters, table, series):
    """A panel of try-outs per quarter, one column per value in `series` [(value, label)]."""
    keys = (["earlier"] if any(table["earlier"].values()) else []) + quarters
    rows = []
    for key in keys:
        label = _("Earlier") if key == "earlier" else quarter_label(*key)
        counts = [table[key].get(value, 0) for value, _label in series]
        rows.append([label, *counts, sum(counts)])
    chart = stacked_columns(
        [_("Earlier") if key == "earlier" else quarter_label(*key, two_lines=True) for key in keys],
        [(label, [table[key].get(value, 0) for key in keys]) for value, label in series],
    )
    header = [Column(_("Quarter")), *(Column(label) for _value, label in series), Column(_("Total"))]
    return Panel(slug, title, intro, header, rows, chart, chart_title)


def tryout_status_panel(units: QuerySet, now: datetime) -> Panel:
    """Try-outs by the quarter they were registered in and their status now."""
    quarters, table = _tryouts_by_quarter(units, now, "status")
    return _over_time_panel(
        "status",
        _("Try-outs by status over time"),
        _("Try-outs of the units by the quarter they were registered in, and their status now."),
        _("Try-outs per quarter by status"),
        quarters,
        table,
        [(value, str(label)) for value, label in Status.choices],
    )


def tryout_track_panel(units: QuerySet, now: datetime) -> Panel:
    """Try-outs by the quarter they were registered in and the strategic track they belong to."""
    quarters, table = _tryouts_by_quarter(units, now, "track")
    series = [(track.pk, track.name) for track in Track.objects.all()] + [(None, _("No track"))]
    return _over_time_panel(
        "spor",
        _("Try-outs by track over time"),
        _("Try-outs of the units by the quarter they were registered in, and the strategic track they belong to."),
        _("Try-outs per quarter by track"),
        quarters,
        table,
        series,
    )


MISS_MONTHS = 6  # the months the panel counts: this one and the five before it
MISS_MIN_SEARCHES = 2  # a search typed once may be one person's: a colleague's name, say
MISS_MAX_LENGTH = 60  # longer ones are sentences, not the words people look for
MISS_SHOWN = 25
MISS_CHART = 10


def search_misses_panel(units: QuerySet, now: datetime) -> Panel:
    """The searches that found nothing, most frequent first, in the last `MISS_MONTHS` months:
    gaps in the directory or synonyms to add. Not by unit (searches belong to nobody's units)."""
    today = timezone.localdate(now)
    first = first_kept_month(today, MISS_MONTHS)
    counted = (
        SearchMiss.objects.filter(month__gte=first, month__lte=today)
        .annotate(length=Length("query"))
        .filter(length__lte=MISS_MAX_LENGTH)
        .values("query")
        .annotate(searches=Sum("count"), months=Count("pk"))
        .filter(searches__gte=MISS_MIN_SEARCHES)
        .order_by()
        .values_list("query", "searches", "months")
    )
    found = sorted(counted, key=lambda row: (-row[1], danish_sort_key(row[0])))
    rows = [list(row) for row in found[:MISS_SHOWN]]
    chart = horizontal_bars([(row[0], row[1], str(row[1])) for row in rows[:MISS_CHART]])
    note = ""
    if len(found) > MISS_SHOWN:
        note = _("The %(shown)s most frequent of %(count)s.") % {"shown": MISS_SHOWN, "count": len(found)}
    return Panel(
        "soegninger",
        _("Searches without results"),
        _(
            "What colleagues searched for in the last %(months)s months without finding anything: a gap in "
            "the directory, or a word to add as a synonym. Only searches made at least %(times)s times are "
            "shown, never who searched; the counts are deleted after 13 months."
        )
        % {"months": MISS_MONTHS, "times": MISS_MIN_SEARCHES},
        [Column(_("Searched for")), Column(_("Searches")), Column(_("Months"))],
        rows,
        chart,
        _("The most frequent searches without results"),
        note=note,
        empty=_("No search has found nothing at least twice in the last %(months)s months.") % {"months": MISS_MONTHS},
    )


PANELS: dict[str, Callable[[QuerySet, datetime], Panel]] = {
    "bekraeftede": confirmed_panel,
    "udfyldning": completeness_panel,
    "forslag": suggestions_panel,
    "status": tryout_status_panel,
    "spor": tryout_track_panel,
}
# Panels of the whole municipality for administrators only (see the module docstring).
ADMIN_PANELS: dict[str, Callable[[QuerySet, datetime], Panel]] = {
    "soegninger": search_misses_panel,
}


def panels_of(scope: Scope) -> dict[str, Callable[[QuerySet, datetime], Panel]]:
    """The panels the scope's user may see: leaders their units', administrators also the searches."""
    return {**PANELS, **ADMIN_PANELS} if scope.everything else dict(PANELS)


def insight_panels(scope: Scope, now: datetime | None = None) -> list[Panel]:
    now = now or timezone.now()
    return [build(scope.units, now) for build in panels_of(scope).values()]
