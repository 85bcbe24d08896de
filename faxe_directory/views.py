"""Cross-app pages: forside, search, topics, "mine sider", health and error pages."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from taggit.models import Tag

from faxe_directory.paging import paginate
from faxe_directory.topics import popular_topics, topics_with_counts
from people.models import Membership, Person
from tryouts.models import Tryout
from units.models import Unit

SEARCH_KINDS = {"people": _("People"), "units": _("Units"), "tryouts": _("Try-outs")}
MAX_QUERY_LENGTH = 200


def home(request):
    context = {
        "current_tryouts": Tryout.objects.current().for_list().order_by("-updated_at")[:6],
        "recent_units": Unit.objects.active().select_related("parent").order_by("-updated_at")[:6],
        "topics": popular_topics(20),
    }
    return render(request, "home.html", context)


def search(request):
    """Simple search by name and title until the full-text engine (faxe_directory/search/) lands."""
    query = request.GET.get("q", "").replace("\x00", "").strip()
    truncated = len(query) > MAX_QUERY_LENGTH
    query = query[:MAX_QUERY_LENGTH]
    kind = request.GET.get("type", "people")
    if kind not in SEARCH_KINDS:
        kind = "people"
    page = None
    if query:
        words = query.split()
        if kind == "people":
            condition = Q()
            for word in words:
                condition &= (
                    Q(first_name__icontains=word)
                    | Q(last_name__icontains=word)
                    | Q(title__icontains=word)
                    | Q(email__istartswith=word)
                    | Q(expertise__name__iexact=word)
                )
            queryset = Person.objects.active().filter(condition).distinct().with_units()
        elif kind == "units":
            condition = Q()
            for word in words:
                condition &= Q(name__icontains=word) | Q(tags__name__iexact=word)
            queryset = Unit.objects.active().filter(condition).distinct().select_related("parent")
        else:
            condition = Q()
            for word in words:
                condition &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(tags__name__iexact=word)
            queryset = Tryout.objects.filter(condition).distinct().for_list()
        page = paginate(request, queryset, 20)
    context = {
        "query": query,
        "truncated": truncated,
        "max_length": MAX_QUERY_LENGTH,
        "kind": kind,
        "kinds": SEARCH_KINDS,
        "page_obj": page,
    }
    return render(request, "search.html", context)


def topic_list(request):
    page = paginate(request, topics_with_counts(), 100)
    return render(request, "topics/topic_list.html", {"page_obj": page})


TOPIC_PREVIEW = 12


def topic_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    people = Person.objects.active().filter(expertise=tag).with_units()
    units = Unit.objects.active().filter(tags=tag).select_related("parent")
    tryouts = Tryout.objects.filter(tags=tag).for_list()
    context = {
        "tag": tag,
        "crumbs": [(reverse("topic_list"), _("Topics"))],
        "people": people[:TOPIC_PREVIEW],
        "people_count": people.count(),
        "units": units[:TOPIC_PREVIEW],
        "units_count": units.count(),
        "tryouts": tryouts[:TOPIC_PREVIEW],
        "tryouts_count": tryouts.count(),
    }
    return render(request, "topics/topic_detail.html", context)


def mine(request):
    """The signed-in employee's own profile and units."""
    person = Person.objects.active().filter(user=request.user).prefetch_related("expertise").first()
    memberships = []
    if person:
        memberships = Membership.objects.filter(person=person, unit__is_active=True).select_related("unit")
    return render(request, "mine.html", {"person": person, "memberships": memberships})


@login_not_required
@never_cache
def health(request):
    """Liveness and readiness in one: the process answers and the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not ready"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
