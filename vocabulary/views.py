"""Pages of the shared vocabulary: the KLE tree and its subjects (/emner/kle/), and the
municipality's strategy with the units' answers (/strategi/). Each renders in a fixed number of
queries, however many units, people and try-outs there are."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.paging import paginate
from people.models import Person
from tryouts.models import Tryout
from units.models import Unit
from vocabulary.counts import FACET_GROUP, GROUP, MAIN_GROUP, SUBJECT, Counts, counts_by_number
from vocabulary.models import (
    FocusAnswer,
    FocusArea,
    Strategy,
    Subject,
    SubjectKind,
    TopicSubject,
    TryoutSubject,
    UnitSubject,
    subject_tree_q,
)
from vocabulary.strategy import (
    answered_counts,
    missing_units,
    strategies_with_areas,
    tied_tryout_counts,
    tied_tryouts,
)

PER_PAGE = 25
PREVIEW = 10

# ?vis= on a subject page → what it lists.
SUBJECT_TABS = {
    "enheder": ("units", _("Units")),
    "medarbejdere": ("people", _("People")),
    "proevehandlinger": ("tryouts", _("Try-outs")),
}


def _query(request, name="q", limit=100):
    return " ".join(request.GET.get(name, "").replace("\x00", "").split())[:limit]


def kle_tree(request):
    """Main groups → groups (each with units, people and try-outs under it), the action facets,
    and a search by number or title."""
    query = _query(request)
    context = {"query": query, "nav_section": "topic_detail", "crumbs": [(reverse("topic_list"), _("Topics"))]}
    if query:
        found = Subject.objects.active().matching(query).select_related("parent__parent").order_by("number")
        context["page_obj"] = paginate(request, found, PER_PAGE)
        return render(request, "vocabulary/kle_tree.html", context)
    subjects = list(
        Subject.objects.active()
        .filter(level__lte=2)
        .only("number", "title", "kind", "level", "parent_id")
        .order_by("number")
    )
    counts = (
        counts_by_number(MAIN_GROUP)
        | counts_by_number(GROUP)
        | counts_by_number(FACET_GROUP, facets=True)
        | counts_by_number(facets=True)
    )
    main_groups, by_number = [], {}
    for subject in subjects:
        subject.counts = counts.get(subject.number, Counts())
        if subject.level == 1:
            subject.groups = []
            by_number[subject.number] = subject
            main_groups.append(subject)
        else:
            # Groups sit under their main group (27.03 → 27), facets under their letter (P08 → P).
            parent = by_number.get(subject.number[:1] if subject.is_facet else subject.number[:2])
            if parent is not None:
                parent.groups.append(subject)
    context.update(
        {
            "main_groups": [s for s in main_groups if not s.is_facet],
            "facet_groups": [s for s in main_groups if s.is_facet],
        }
    )
    return render(request, "vocabulary/kle_tree.html", context)


def subject_lists(subject):
    """The units, people and try-outs under a subject, as querysets ready for a page."""
    # Sub-selects rather than joins: an object with several subjects below is listed once.
    below = subject_tree_q(subject.number, "subject__")
    units = Unit.objects.active().filter(pk__in=UnitSubject.objects.filter(below).values("unit_id"))
    experts = Person.objects.filter(subject_tree_q(subject.number, "expertise__kle_links__subject__"))
    people = Person.objects.active().filter(pk__in=experts.values("pk"))
    tryouts = Tryout.objects.filter(pk__in=TryoutSubject.objects.filter(below).values("tryout_id"))
    return {
        "units": units.select_related("parent").order_by("sort_key", "pk"),
        "people": people.with_units().order_by("sort_key", "pk"),
        "tryouts": tryouts.for_list().order_by("-updated_at", "pk"),
    }


def kle_subject(request, number):
    """One KLE subject (or group, main group, facet): what lies below it, and the units, people
    and try-outs under it, one kind at a time (?vis=), paginated."""
    if "\x00" in number:  # PostgreSQL refuses NUL in text; no number has one
        raise Http404
    subject = get_object_or_404(Subject.objects.select_related("parent__parent"), number=number)
    lists = subject_lists(subject)
    totals = {key: queryset.count() for key, queryset in lists.items()}
    tab = request.GET.get("vis")
    if tab not in SUBJECT_TABS:
        tab = next((name for name, (key, _label) in SUBJECT_TABS.items() if totals[key]), "enheder")
    shown = SUBJECT_TABS[tab][0]
    children = []
    if subject.is_facet_group:
        child_counts = counts_by_number(facets=True, within=subject.number)
        children = list(Subject.objects.active().facets().filter(level=2, number__startswith=subject.number))
    elif subject.kind in (SubjectKind.MAIN_GROUP, SubjectKind.GROUP):
        child_counts = counts_by_number(
            GROUP if subject.kind == SubjectKind.MAIN_GROUP else SUBJECT, within=subject.number
        )
        children = list(subject.children.active().order_by("number"))
    for child in children:
        child.counts = child_counts.get(child.number, Counts())
    crumbs = [(reverse("topic_list"), _("Topics")), (reverse("vocabulary:kle"), _("KLE"))]
    crumbs += [(ancestor.get_absolute_url(), ancestor.number) for ancestor in subject.ancestors()]
    context = {
        "subject": subject,
        "crumbs": crumbs,
        "nav_section": "topic_detail",
        "children": children,
        "tabs": [(name, label, totals[key], name == tab) for name, (key, label) in SUBJECT_TABS.items()],
        "tab": tab,
        "shown": shown,
        "page_obj": paginate(request, lists[shown], PER_PAGE),
        "topics": [link.tag for link in TopicSubject.objects.filter(subject=subject).select_related("tag")],
    }
    return render(request, "vocabulary/kle_subject.html", context)


# --- strategy ------------------------------------------------------------------------------------


def strategy_overview(request, slug=None):
    """The current strategies (or one strategy): focus areas by theme with how many units have
    answered, the try-outs tied to each, and for a leader how many of their units have not answered."""
    strategies = strategies_with_areas(slug)
    if slug is not None and not strategies:
        get_object_or_404(Strategy, slug=slug)
    areas = [area for strategy in strategies for area in strategy.areas]
    answered = answered_counts(areas)
    tryouts = tied_tryout_counts(areas)
    missing = missing_units(request.user, areas)
    for area in areas:
        area.answer_count = answered.get(area.pk, 0)
        area.tryout_count = tryouts.get(area.pk, 0)
        area.missing_count = missing.counts.get(area.pk, 0)
    others = [] if slug else list(Strategy.objects.filter(is_current=False).order_by("position", "name"))
    context = {
        "strategies": strategies,
        "others": others,
        "leads_units": missing.unit_count > 0,
        "nav_section": "strategy",
        "single": slug is not None,
    }
    if slug is not None:
        context["crumbs"] = [(reverse("vocabulary:strategies"), _("Strategy"))]
    return render(request, "vocabulary/strategy.html", context)


def focus_area_detail(request, slug, area):
    """A focus area: its text, the units' answers (paginated), the try-outs tied to it, and the
    viewer's units that have not answered yet."""
    focus_area = get_object_or_404(
        FocusArea.objects.select_related("strategy", "track"), strategy__slug=slug, slug=area
    )
    answers = FocusAnswer.objects.for_list().filter(focus_area=focus_area, unit__is_active=True)
    tryouts = tied_tryouts(focus_area)
    missing = Unit.objects.active().editable_by(request.user).exclude(pk__in=answers.values("unit_id"))
    missing = missing.select_related("parent").order_by("sort_key", "pk")
    context = {
        "area": focus_area,
        "strategy": focus_area.strategy,
        "crumbs": [
            (reverse("vocabulary:strategies"), _("Strategy")),
            (focus_area.strategy.get_absolute_url(), focus_area.strategy.name),
        ],
        "nav_section": "strategy",
        "page_obj": paginate(request, answers.order_by("unit__sort_key", "pk"), PER_PAGE),
        "tryouts": tryouts[:PREVIEW],
        "tryout_count": tryouts.count(),
        "missing": missing[:PREVIEW],
        "missing_count": missing.count(),
    }
    return render(request, "vocabulary/focus_area.html", context)


def focus_area_list(request, slug, area, which):
    """All the try-outs tied to a focus area, or all the viewer's units that have not answered it."""
    focus_area = get_object_or_404(
        FocusArea.objects.select_related("strategy", "track"), strategy__slug=slug, slug=area
    )
    if which == "tryouts":
        items = tied_tryouts(focus_area)
    else:
        answered = FocusAnswer.objects.filter(focus_area=focus_area).values("unit_id")
        items = Unit.objects.active().editable_by(request.user).exclude(pk__in=answered)
        items = items.select_related("parent").order_by("sort_key", "pk")
    context = {
        "area": focus_area,
        "which": which,
        "crumbs": [
            (reverse("vocabulary:strategies"), _("Strategy")),
            (focus_area.strategy.get_absolute_url(), focus_area.strategy.name),
            (focus_area.get_absolute_url(), focus_area.title),
        ],
        "nav_section": "strategy",
        "page_obj": paginate(request, items, PER_PAGE),
    }
    return render(request, "vocabulary/focus_area_list.html", context)
