"""Start a try-out, edit it, and read its change history."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.forms import AlreadySubmitted, StaleEdit, find_conflicts
from core.history import history_page
from tryouts import services
from tryouts.forms import TryoutCreateForm, TryoutForm
from tryouts.models import Tryout
from units.permissions import refuse
from units.services import applicable_suggestion, save_suggestible


def page_context(page_title, **context):
    crumbs = [(reverse("tryouts:list"), _("Try-outs")), *context.pop("crumbs", [])]
    return {"page_title": page_title, "crumbs": crumbs, "nav_section": "tryouts", **context}


class TryoutCreateView(View):
    """Start a try-out for one of the user's units (tryouts.add_tryout on that unit)."""

    def dispatch(self, request, *args, **kwargs):
        self.form_kwargs = {"user": request.user}
        if not TryoutCreateForm(**self.form_kwargs).fields["owner_unit"].queryset.exists():
            return refuse(
                request,
                _(
                    "You can start a try-out for a unit you belong to or edit, and you are not registered "
                    "in any unit. Ask your leader, or the administration of the directory."
                ),
                back_url=reverse("tryouts:list"),
            )
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form):
        return render(self.request, "tryouts/tryout_form.html", page_context(_("Start a try-out"), form=form))

    def get(self, request):
        initial = {}
        owners = {unit.slug: unit for unit in TryoutCreateForm(**self.form_kwargs).fields["owner_unit"].queryset}
        if request.GET.get("enhed") in owners:
            initial["owner_unit"] = owners[request.GET["enhed"]]
        return self.render_page(TryoutCreateForm(initial=initial, **self.form_kwargs))

    def post(self, request):
        form = TryoutCreateForm(request.POST, **self.form_kwargs)
        if not form.is_valid():
            return self.render_page(form)
        if not request.user.has_perm("tryouts.add_tryout", form.cleaned_data["owner_unit"]):
            return refuse(request, _("You cannot start a try-out for this unit."), unit=form.cleaned_data["owner_unit"])
        try:
            tryout = services.create_tryout(form, request.user)
        except AlreadySubmitted as earlier:
            messages.info(request, _("The try-out was already saved."))
            return redirect(earlier.url or "tryouts:list")
        messages.success(request, _("The try-out is saved. Thank you for sharing it!"))
        return redirect(tryout)


class TryoutEditView(View):
    """Edit a try-out (tryouts.change_tryout: editors of its owner unit)."""

    def dispatch(self, request, *args, **kwargs):
        self.tryout = get_object_or_404(Tryout.objects.select_related("owner_unit"), slug=kwargs["slug"])
        if not request.user.has_perm("tryouts.change_tryout", self.tryout):
            return refuse(
                request,
                _(
                    "Only the editors of %(unit)s, which owns the try-out, can change it: its leaders, leaders "
                    "of the units above it and its delegated editors."
                )
                % {"unit": self.tryout.owner_unit.name},
                unit=self.tryout.owner_unit,
                back_url=self.tryout.get_absolute_url(),
                suggest=True,
            )
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form, suggestion, status=200, conflict=None):
        context = page_context(
            _("Edit the try-out: %(title)s") % {"title": self.tryout.title},
            crumbs=[(self.tryout.get_absolute_url(), self.tryout.title)],
            form=form,
            tryout=self.tryout,
            suggestion=suggestion,
            conflict=conflict,
        )
        return render(self.request, "tryouts/tryout_form.html", context, status=status)

    def get(self, request, slug):
        suggestion = applicable_suggestion(request.GET.get("forslag"), self.tryout, request.user)
        form = TryoutForm(instance=self.tryout, initial={"suggestion": suggestion.pk if suggestion else None})
        return self.render_page(form, suggestion)

    def post(self, request, slug):
        form = TryoutForm(request.POST, instance=self.tryout)
        suggestion = applicable_suggestion(request.POST.get("suggestion"), self.tryout, request.user)
        if not form.is_valid():
            return self.render_page(form, suggestion)
        try:
            save_suggestible(form, request.user, form.cleaned_data.get("suggestion"))
        except StaleEdit:
            fresh, changes = find_conflicts(form, Tryout.objects.get(pk=self.tryout.pk))
            fresh.initial["suggestion"] = suggestion.pk if suggestion else None
            return self.render_page(fresh, suggestion, status=409, conflict=changes)
        messages.success(request, _("The try-out is saved."))
        return redirect(self.tryout)


def tryout_history(request, slug):
    """ "Ændringshistorik" of a try-out: who changed which field when, newest first."""
    tryout = get_object_or_404(Tryout, slug=slug)
    context = page_context(
        tryout.title,
        crumbs=[(tryout.get_absolute_url(), tryout.title)],
        object=tryout,
        title=tryout.title,
        page_obj=history_page(request, tryout, TryoutForm, extra_fields=("owner_unit",)),
    )
    return render(request, "history.html", context)
