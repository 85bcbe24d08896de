from django.forms.utils import ErrorDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.paging import ForgivingPaginationMixin
from tryouts.editing import TryoutCreateView, page_context
from tryouts.filters import TryoutFilter
from tryouts.forms import TryoutCreateForm
from tryouts.models import Status, Tryout
from tryouts.similar import Draft, similar_tryouts
from units.suggestions import SuggestFormView


class TryoutListView(ForgivingPaginationMixin, FilterView):
    """Prøvehandlinger, most recently updated first, filterable by status, track, unit and topic."""

    filterset_class = TryoutFilter
    template_name = "tryouts/tryout_list.html"

    def get_queryset(self):
        return Tryout.objects.for_list()


class TryoutDetailView(DetailView):
    template_name = "tryouts/tryout_detail.html"
    context_object_name = "tryout"
    extra_context = {"crumbs": [(reverse_lazy("tryouts:list"), _("Try-outs"))]}

    def get_queryset(self):
        return Tryout.objects.for_detail()


class TryoutSuggestView(SuggestFormView):
    """A colleague suggests an addition or correction to a try-out (units/suggestions.py)."""

    def get_target(self):
        return get_object_or_404(Tryout.objects.select_related("owner_unit"), slug=self.kwargs["slug"])


# --- "Har nogen prøvet det før?" while a try-out is written (tryouts/similar.py) --------------


def _quiet(form):
    """The bound form as the user filled it in, without complaining about what is not filled in
    yet: they asked for similar try-outs, not to save."""
    form._errors = ErrorDict()
    form.cleaned_data = {}
    return form


class TryoutStartView(TryoutCreateView):
    """Start a try-out (editing.TryoutCreateView) with two steps that do not save: "Find lignende"
    shows the earlier try-outs most like what is typed so far, and "Forhåndsvis" shows the try-out
    as colleagues will see it, with the similar ones, before "Gem" saves it. All without JavaScript;
    static/js/similar-tryouts.js fetches the suggestions in place (`similar_fragment`)."""

    def render_draft(self, form, similar, status=200):
        context = page_context(_("Start a try-out"), form=form, similar=similar)
        return render(self.request, "tryouts/tryout_form.html", context, status=status)

    def post(self, request):
        if not {"find_similar", "preview", "edit"} & set(request.POST):
            return super().post(request)
        form = TryoutCreateForm(request.POST, **self.form_kwargs)
        similar = similar_tryouts(Draft.from_data(request.POST))
        if "preview" not in request.POST:
            return self.render_draft(_quiet(form), similar)
        if not form.is_valid():
            return self.render_draft(form, similar)
        context = page_context(
            _("Preview: %(title)s") % {"title": form.cleaned_data["title"]},
            form=form,
            draft=form.cleaned_data,
            status_label=dict(Status.choices).get(form.cleaned_data.get("status"), ""),
            similar=similar,
        )
        return render(request, "tryouts/tryout_preview.html", context)


def similar_fragment(request):
    """The similar try-outs for the typed title, challenge and topics, as the part of the form
    that shows them (static/js/similar-tryouts.js puts it in place)."""
    similar = similar_tryouts(Draft.from_data(request.GET))
    return render(request, "tryouts/_similar_results.html", {"similar": similar})
