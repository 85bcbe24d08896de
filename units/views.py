from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.paging import ForgivingPaginationMixin
from search.cache import current_generation
from units.card import Visitkort
from units.filters import UnitFilter
from units.freshness import confirm_visitkort
from units.models import MAX_DEPTH, Suggestion, SuggestionStatus, Unit
from units.orgchart import DEFAULT_LEVELS, MAX_LEVELS, org_tree, parse_levels
from units.permissions import refuse
from units.rules import note_edits_nothing
from units.suggestions import (
    AlreadyResolved,
    ResolveForm,
    SuggestFormView,
    change_url,
    edit_url,
    resolve_suggestion,
    target_unit,
)


class UnitListView(ForgivingPaginationMixin, FilterView):
    """The organisation tree and a filterable list of units."""

    filterset_class = UnitFilter
    template_name = "units/unit_list.html"

    def get_queryset(self):
        return Unit.objects.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filtered = any(self.request.GET.get(name) for name in self.filterset_class.base_filters)
        context["is_filtered"] = filtered
        context["tree"] = [] if filtered else Unit.objects.active().tree()
        return context


class UnitDetailView(DetailView):
    """The visitkort: everything about one unit, in a fixed number of queries; its parts that are
    the same for every reader are kept per index generation (templates/units/unit_detail.html)."""

    template_name = "units/unit_detail.html"
    context_object_name = "unit"

    def get_queryset(self):
        # The unit alone: its parent and centre are shown only in the parts kept per generation,
        # and come with the units above it when those parts are rendered anew (units/card.py).
        return Unit.objects.active()

    def get_object(self, queryset=None):
        # The generation first: a part kept under it must never hold data older than it.
        current_generation()
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Most readers edit nothing: their edit links, forms and parts need no walk up the tree.
        note_edits_nothing(self.request.user, self.object)
        context["card"] = Visitkort(self.object)
        return context


# --- co-creation: suggestions and freshness (units/suggestions.py, units/freshness.py) ----------


class UnitSuggestView(SuggestFormView):
    """A colleague suggests an addition or correction to a visitkort."""

    def get_target(self):
        return get_object_or_404(Unit.objects.active(), slug=self.kwargs["slug"])


def suggestion_context(request, suggestion, form=None, accept=None):
    target = suggestion.target
    if target is None:
        raise Http404
    can_resolve = request.user.has_perm("units.change_suggestion", suggestion)
    if not (can_resolve or suggestion.author_id == request.user.pk):
        raise PermissionDenied
    return {
        "crumbs": [(target.get_absolute_url(), str(target))],
        "suggestion": suggestion,
        "target": target,
        "can_resolve": can_resolve,
        "accept_form": form if accept is True else ResolveForm(accept=True, prefix="accept"),
        "decline_form": form if accept is False else ResolveForm(accept=False, prefix="decline"),
        "change_url": change_url(suggestion),
    }


def refuse_suggestion(request, suggestion):
    """The 403 page for someone who may not decide on (or read) the suggestion."""
    target = suggestion.target
    unit = Unit.objects.with_ancestors().get(pk=target_unit(target).pk)
    reason = _(
        "Only the editors of the card can accept or decline its suggestions: the unit's leaders, "
        "leaders of the units above it and its delegated editors."
    )
    return refuse(request, reason, unit=unit, back_url=target.get_absolute_url())


def suggestion_detail(request, pk):
    """One suggestion: its editors decide here, its author follows it here."""
    suggestion = get_object_or_404(Suggestion.objects.select_related("author__person", "resolver__person"), pk=pk)
    try:
        context = suggestion_context(request, suggestion)
    except PermissionDenied:
        return refuse_suggestion(request, suggestion)
    return render(request, "units/suggestion_detail.html", context)


@require_POST
def resolve_suggestion_view(request, pk, accept):
    """Accept (then edit the card) or decline (with a reply). Only the card's editors; only once."""
    suggestion = get_object_or_404(Suggestion.objects.select_related("author__person", "resolver__person"), pk=pk)
    if suggestion.target is None:
        raise Http404
    if not request.user.has_perm("units.change_suggestion", suggestion):
        return refuse_suggestion(request, suggestion)
    form = ResolveForm(request.POST, accept=accept, prefix="accept" if accept else "decline")
    if not form.is_valid():
        context = suggestion_context(request, suggestion, form=form, accept=accept)
        return render(request, "units/suggestion_detail.html", context, status=400)
    try:
        resolved = resolve_suggestion(suggestion, request.user, accept=accept, reply=form.cleaned_data["reply"])
    except AlreadyResolved as refused:
        done = refused.suggestion
        wanted = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.DECLINED
        if done.resolver_id == request.user.pk and done.status == wanted:
            # The same decision again (a double click): nothing changes, the user lands where they meant to.
            return redirect(edit_url(done) if accept else f"{done.target.get_absolute_url()}#suggestions")
        context = suggestion_context(request, done) | {"already_resolved": True}
        return render(request, "units/suggestion_detail.html", context, status=409)
    if accept:
        messages.success(request, _("The suggestion is accepted. Now edit the card so that it applies."))
        return redirect(edit_url(resolved))
    messages.success(request, _("The suggestion is declined. The colleague can see your reply."))
    return redirect(f"{resolved.target.get_absolute_url()}#suggestions")


@require_POST
def confirm_visitkort_view(request, slug):
    """An editor confirms that the visitkort is current."""
    unit = get_object_or_404(Unit.objects.active().with_ancestors(), slug=slug)
    if not request.user.has_perm("units.change_unit", unit):
        return refuse(
            request,
            _(
                "Only the unit's leaders, leaders of the units above it and its delegated editors "
                "can confirm this visitkort."
            ),
            unit=unit,
            back_url=unit.get_absolute_url(),
            suggest=True,
        )
    confirm_visitkort(unit, request.user)
    messages.success(request, _("Thank you. The visitkort is marked as current."))
    next_url = request.POST.get("next", "")
    # Only a path on this site: redirect() would take a bare word for a view name (NoReverseMatch).
    on_site = next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return HttpResponseRedirect(next_url) if on_site else redirect(unit)


def org_chart(request, slug):
    """The organisation chart of the unit's sub-tree (?niveauer=1–4 levels; ?visning=liste as a
    nested list), in a fixed number of queries (units/orgchart.py)."""
    unit = get_object_or_404(Unit.objects.active().with_ancestors(), slug=slug)
    as_list = request.GET.get("visning") == "liste"
    levels = parse_levels(request.GET.get("niveauer"), default=MAX_DEPTH if as_list else DEFAULT_LEVELS)
    context = {
        "unit": unit,
        "crumbs": [(reverse("units:list"), _("Units"))]
        + [(ancestor.get_absolute_url(), ancestor.name) for ancestor in unit.ancestors()]
        + [(unit.get_absolute_url(), unit.name)],
        "tree": org_tree(unit, levels),
        "levels": levels,
        "level_choices": range(1, MAX_LEVELS + 1),
        "as_list": as_list,
        "nav_section": "units",
    }
    return render(request, "units/org_chart.html", context)
