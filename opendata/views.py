"""The public open-data pages (no login) and the pages of try-outs received from other municipalities."""

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition, require_safe

from core.paging import paginate
from opendata import feed
from opendata.models import SharedTryout, Subscription
from opendata.schema import LICENSE, SCHEMA
from tryouts.models import Tryout

MAX_AGE = 300  # seconds a reader or proxy may reuse a page without asking
BODY_CACHE_SECONDS = 60 * 60  # rendered pages are cached by their ETag, which changes with the content

FORMATS = {
    "json": ("application/json; charset=utf-8", feed.feed_json, False),
    "csv": ("text/csv; charset=utf-8", feed.feed_csv, False),
    "atom": ("application/atom+xml; charset=utf-8", feed.feed_atom, True),
}
URL_NAMES = {"json": "opendata:feed_json", "csv": "opendata:feed_csv", "atom": "opendata:feed_atom"}


def base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def page_number(request) -> int:
    value = request.GET.get("page", "1")
    if not value.isdigit() or not 1 <= int(value) <= 1_000_000:
        raise Http404("no such page")
    return int(value)


def feed_view(kind):
    """A view serving one format of the feed: conditional GET (ETag, Last-Modified, 304), the body
    cached by its ETag, paging links in the Link header too, and open to any origin (CC0)."""
    content_type, render_page, newest_first = FORMATS[kind]

    def state(request):
        if not hasattr(request, "_feed_state"):
            request._feed_state = feed.feed_state()
        return request._feed_state

    def etag(request):
        return state(request).etag(kind, page_number(request), base_url(request))

    def last_modified(request):
        return state(request).last_modified

    @condition(etag_func=etag, last_modified_func=last_modified)
    def serve(request):
        number = page_number(request)
        key = f"opendata:{etag(request)}"
        cached = cache.get(key)
        if cached is None:
            try:
                page = feed.shared_page(number, newest_first=newest_first)
            except (EmptyPage, PageNotAnInteger) as missing:
                raise Http404("no such page") from missing
            cached = (render_page(page, base_url(request)), page.has_next())
            cache.set(key, cached, BODY_CACHE_SECONDS)
        body, has_next = cached
        response = HttpResponse(body, content_type=content_type)
        if has_next:
            url = feed.page_url(base_url(request), URL_NAMES[kind], number + 1)
            response["Link"] = f'<{url}>; rel="next"'
        return response

    @login_not_required
    @require_safe
    def view(request):
        response = serve(request)
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=MAX_AGE)
            response["Access-Control-Allow-Origin"] = "*"
        return response

    return view


feed_json = feed_view("json")
feed_csv = feed_view("csv")
feed_atom = feed_view("atom")


@login_not_required
@require_safe
def schema(request):
    response = JsonResponse(SCHEMA, json_dumps_params={"ensure_ascii": False, "indent": 1})
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_safe
def index(request):
    """What the open data is, in words, with its addresses and licence."""
    context = {
        "count": Tryout.objects.shared().count(),
        "license": LICENSE,
        "crumbs": [],
    }
    return render(request, "opendata/index.html", context)


@login_not_required
@require_safe
def public_tryout(request, pk):
    """The public page of a shared try-out: the feed's link back. Only the published fields."""
    tryout = get_object_or_404(Tryout.objects.shared().select_related("owner_unit"), pk=pk)
    context = {"item": feed.public_item(tryout, base_url(request)), "license": LICENSE}
    return render(request, "opendata/public_tryout.html", context)


def received_list(request):
    """Try-outs from other municipalities, newest first; ?kommune=<id> narrows to one."""
    tryouts = SharedTryout.objects.for_list()
    municipalities = Subscription.objects.filter(tryouts__isnull=False).distinct().order_by("municipality")
    chosen = request.GET.get("kommune", "")
    if chosen.isdigit():
        tryouts = tryouts.filter(subscription_id=int(chosen))
    context = {
        "page_obj": paginate(request, tryouts),
        "municipalities": municipalities,
        "chosen": chosen,
        "nav_section": "tryouts",
        "crumbs": [(reverse("tryouts:list"), _("Try-outs"))],
    }
    return render(request, "opendata/received_list.html", context)


def received_detail(request, pk):
    tryout = get_object_or_404(SharedTryout.objects.for_list(), pk=pk)
    context = {
        "tryout": tryout,
        "nav_section": "tryouts",
        "crumbs": [
            (reverse("tryouts:list"), _("Try-outs")),
            (reverse("opendata:received_list"), _("From other municipalities")),
        ],
    }
    return render(request, "opendata/received_detail.html", context)
