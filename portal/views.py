"""Cross-app pages: forside, search, topics, "mine sider", health and error pages."""

from django.contrib import messages
from django.db.models import Q
from django.db.models.functions import Length
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from taggit.models import Tag

from core.paging import paginate
from opendata.models import SharedTryout
from people.completeness import person_completeness
from people.downloads import attachment
from people.freshness import confirm_profile
from people.models import Membership, Person
from portal.conditional import conditional_page
from portal.insight import insight_panels, insight_scope, panels_of
from portal.topics import popular_topics, topics_with_counts
from search import cache as result_cache
from search.engine import FacetGroup, FacetValue, facet_groups, query_string, record_search_miss, search
from search.text import MAX_QUERY_LENGTH, query_words
from tryouts.models import Status, Track, Tryout
from units.completeness import unit_completeness
from units.freshness import units_kept_by
from units.models import Suggestion, Unit
from units.permissions import refuse
from units.suggestions import change_url, waiting_for
from vocabulary.models import TopicRedirect

# URL value of the kind filter → index kind, label.
SEARCH_KINDS = {
    "people": ("person", _("People")),
    "units": ("unit", _("Units")),
    "tryouts": ("tryout", _("Try-outs")),
    "andre-kommuner": ("shared", _("Other municipalities")),
}
# Kinds whose tab shows only when the search finds some (most directories subscribe to no feed).
TABS_WHEN_FOUND = {"shared"}


def home(request):
    context = {
        "current_tryouts": Tryout.objects.current().for_list().order_by("-updated_at")[:6],
        # Cards with content only: a new, empty unit is not news.
        "recent_units": Unit.objects.active().described().select_related("parent").order_by("-updated_at")[:6],
        "topics": popular_topics(20),
    }
    return render(request, "home.html", context)


def search_filters(params):
    """The search filters in the URL (slugs, so links are readable) as index ids; unknown values drop out."""
    # PostgreSQL refuses NUL in text; no slug contains one, so such a value matches nothing.
    params = {key: value for key, value in params.items() if "\x00" not in value}
    filters = {}
    if params.get("centre"):
        filters["centre"] = Unit.objects.centres().filter(slug=params["centre"]).values_list("pk", flat=True).first()
    if params.get("topic"):
        filters["topic"] = Tag.objects.filter(slug=params["topic"]).values_list("pk", flat=True).first()
    if params.get("track"):
        filters["track"] = Track.objects.filter(slug=params["track"]).values_list("pk", flat=True).first()
    if params.get("status") in Status.values:
        filters["status"] = params["status"]
    return {key: value for key, value in filters.items() if value is not None}


@conditional_page
def search_page(request):
    """The search page. Its results, tabs and facets are the same for every reader: they are kept
    rendered per index generation, address and language (search/cache.py), so a repeated search
    costs the page around them; an edit gives the index a new generation and renders them anew."""
    kind_param = request.GET.get("type", "")
    kind = SEARCH_KINDS.get(kind_param, (None, ""))[0]
    generation = result_cache.current_generation()
    key = ("search-page", request.get_full_path(), get_language())
    shown = result_cache.get(generation, *key)
    if shown is None:
        shown = search_results(request, kind_param, kind)
        result_cache.put(generation, *key, value=shown)
    elif shown["missed"]:
        record_search_miss(shown["query"])
    context = {
        "query": shown["query"],
        "truncated": shown["truncated"],
        "results_html": mark_safe(shown["html"]),  # rendered (and escaped) by search_results
        "kind": kind_param if kind else "",
        "max_length": MAX_QUERY_LENGTH,
    }
    return render(request, "search.html", context)


def search_results(request, kind_param, kind):
    """The search and its rendered results (what search_page keeps)."""
    results = search(
        request.GET.get("q", ""),
        kinds=[kind] if kind else None,
        filters=search_filters(request.GET),
        page=request.GET.get("page"),
        record_miss=True,
        use_cache=False,  # the page keeps what it shows
    )
    html = ""
    if results.query:
        related_topics = related_topics_for(results.query) if not results.total else []
        context = {
            "results": results,
            "query": results.query,
            "page_obj": results.page,
            "kind": kind_param if kind else "",
            "kinds": [
                (key, label, results.kind_counts.get(value, 0))
                for key, (value, label) in SEARCH_KINDS.items()
                if value not in TABS_WHEN_FOUND or results.kind_counts.get(value) or value == kind
            ],
            "related_topics": related_topics,
            "facet_groups": [*origin_facet(results, request.GET), *facet_groups(results.facets, request.GET)],
        }
        html = render_to_string("_partials/search_results.html", context, request)
    return {"query": results.query, "truncated": results.truncated, "missed": results.missed, "html": html}


def origin_facet(results, params):
    """ "Egen kommune / Andre kommuner": the try-outs of this municipality or those other
    municipalities share (opendata), chosen with the kind tabs' own parameter."""
    counts = results.kind_counts
    if not counts.get("shared"):
        return []
    kept = [(key, value) for key, values in params.lists() if key != "page" for value in values]
    chosen = params.get("type", "")
    values = [
        FacetValue("tryouts", str(_("Own municipality")), counts.get("tryout", 0), "tryouts"),
        FacetValue("andre-kommuner", str(_("Other municipalities")), counts["shared"], "andre-kommuner"),
    ]
    for value in values:
        value.href = query_string(kept, "type", value.slug)
        value.selected = chosen == value.slug
    selected = chosen if chosen in ("tryouts", "andre-kommuner") else ""
    return [FacetGroup("type", _("Try-outs from"), values, selected, query_string(kept, "type", None))]


SUGGESTIONS = 8
# Of the suggestions, at most this many are topics (their pages gather people, units and try-outs).
TOPIC_SUGGESTIONS = 3


@conditional_page
def search_suggestions(request):
    """As-you-type suggestions for the search boxes (JSON; the boxes work without them): people,
    units and try-outs the search finds, and topics whose names hold the typed text."""
    results = search(request.GET.get("q", ""), per_page=SUGGESTIONS, with_facets=False, with_reasons=False)
    kind_labels = {
        "person": _("Person"),
        "unit": _("Unit"),
        "tryout": _("Try-out"),
        "shared": _("Try-out from another municipality"),
    }
    topics = suggested_topics(results.query)
    items = [
        {"label": str(hit.object), "kind": str(kind_labels[hit.kind]), "url": hit.object.get_absolute_url()}
        for hit in results.hits[: SUGGESTIONS - len(topics)]
    ]
    items += [
        {"label": tag.name, "kind": str(_("Topic")), "url": reverse("topic_detail", kwargs={"slug": tag.slug})}
        for tag in topics
    ]
    announce = ngettext("%(count)d suggestion", "%(count)d suggestions", len(items)) % {"count": len(items)}
    return JsonResponse({"items": items, "announce": announce if results.query else ""})


def suggested_topics(query):
    """Topics whose names hold the query (the shortest names first: the closest), for suggestions."""
    query = query.strip()
    if len(query) < 2:
        return []
    return list(Tag.objects.filter(name__icontains=query).order_by(Length("name"), "name")[:TOPIC_SUGGESTIONS])


def related_topics_for(query, limit=8):
    """Topics whose names share a word with the query, for the "no results" page."""
    condition = Q()
    for word in query_words(query):
        if len(word) >= 3:
            condition |= Q(name__icontains=word[:6])
    return list(Tag.objects.filter(condition).order_by("name")[:limit]) if condition else []


def topic_list(request):
    page = paginate(request, topics_with_counts(), 100)
    return render(request, "topics/topic_list.html", {"page_obj": page})


TOPIC_PREVIEW = 12


def topic_detail(request, slug):
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        # A merged or renamed topic's old address leads to the topic it became.
        moved = TopicRedirect.objects.filter(old_slug=slug).select_related("tag").first()
        if moved is None:
            raise Http404
        return redirect("topic_detail", slug=moved.tag.slug)
    people = Person.objects.active().filter(expertise=tag).with_units()
    units = Unit.objects.active().filter(tags=tag).select_related("parent")
    tryouts = Tryout.objects.filter(tags=tag).for_list()
    shared = SharedTryout.objects.with_topic(tag.name).for_list()
    context = {
        "tag": tag,
        "crumbs": [(reverse("topic_list"), _("Topics"))],
        "people": people[:TOPIC_PREVIEW],
        "people_count": people.count(),
        "units": units[:TOPIC_PREVIEW],
        "units_count": units.count(),
        "tryouts": tryouts[:TOPIC_PREVIEW],
        "tryouts_count": tryouts.count(),
        "shared_tryouts": shared[:TOPIC_PREVIEW],
    }
    return render(request, "topics/topic_detail.html", context)


MINE_UNITS_PER_PAGE = 25
MINE_SUGGESTIONS = 20


def mine(request):
    """Mine sider: my profile and its completeness, my units, the visitkort I keep (stalest first,
    paginated) and what needs my attention, my own suggestions and their outcomes. The number of
    queries does not depend on how many units or suggestions there are."""
    user = request.user
    person = Person.objects.active().filter(user=user).with_units().prefetch_related("expertise").first()
    memberships, profile_completeness = [], None
    if person:
        memberships = Membership.objects.filter(person=person, unit__is_active=True).select_related("unit")
        profile_completeness = person_completeness(person, expertise_count=len(person.expertise.all()))
    kept = paginate(request, units_kept_by(user).prefetch_related("tags"), MINE_UNITS_PER_PAGE)
    for unit in kept:
        unit.completeness = unit_completeness(
            unit, topic_count=len(unit.tags.all()), current_task_count=unit.current_task_count
        )
    waiting = waiting_for(user).select_related("author__person").order_by("created_at", "pk")
    waiting_list = list(waiting.prefetch_related("target")[:MINE_SUGGESTIONS])
    mine_suggestions = list(
        Suggestion.objects.filter(author=user)
        .select_related("author__person", "resolver__person")
        .prefetch_related("target")
        .order_by("-created_at", "-pk")[:MINE_SUGGESTIONS]
    )
    for suggestion in mine_suggestions:
        suggestion.change_link = change_url(suggestion)
    context = {
        "person": person,
        "memberships": memberships,
        "profile_completeness": profile_completeness,
        "kept_page": kept,
        "waiting": waiting_list,
        "waiting_count": waiting.count(),
        "mine_suggestions": mine_suggestions,
    }
    return render(request, "mine.html", context)


@require_POST
def confirm_profile_view(request):
    """The signed-in employee confirms that their own profile is current."""
    person = Person.objects.active().filter(user=request.user).first()
    if person is None:
        raise Http404
    confirm_profile(person)
    messages.success(request, _("Thank you. Your profile is marked as current."))
    return redirect("mine")


# --- Indsigt: how alive the directory is (portal/insight.py) --------------------------------------


def _refuse_insight(request):
    return refuse(
        request,
        _(
            "Insight is for leaders and administrators: a leader sees the units they lead and the units "
            "below them. Ask your leader if you need the numbers."
        ),
        back_url=reverse("mine"),
    )


def insight(request):
    """/indsigt/: confirmed visitkort, completeness, open suggestions and try-outs over time."""
    scope = insight_scope(request.user)
    if scope is None:
        return _refuse_insight(request)
    context = {"scope": scope, "panels": insight_panels(scope), "nav_section": "insight"}
    return render(request, "portal/insight.html", context)


def insight_csv(request, slug):
    """The numbers of one insight panel as CSV (the same scope as the page)."""
    scope = insight_scope(request.user)
    if scope is None:
        return _refuse_insight(request)
    build = panels_of(scope).get(slug)
    if build is None:
        raise Http404
    panel = build(scope.units, timezone.now())
    return attachment(panel.csv().encode(), "text/csv; charset=utf-8", f"indsigt-{slug}-{timezone.localdate()}.csv")
