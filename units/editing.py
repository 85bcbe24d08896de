"""Edit pages of a visitkort: the card, its current tasks, its collaborations, its delegated
editors, and its change history. Who may: units/rules.py (`units.change_unit`)."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.forms import AlreadySubmitted, StaleEdit, find_conflicts
from core.history import history_page
from units import services
from units.forms import CollaborationAddForm, CollaborationForm, EditorAddForm, TaskForm, VisitkortForm
from units.models import Collaboration, Unit, UnitEditor, UnitTask, active_users
from units.permissions import refuse


class UnitEditMixin:
    """Loads the active unit of the URL and refuses (403 page) anyone who may not edit it."""

    section = None

    def dispatch(self, request, *args, **kwargs):
        self.unit = get_object_or_404(Unit.objects.active().with_ancestors(), slug=kwargs["slug"])
        if not request.user.has_perm("units.change_unit", self.unit):
            return refuse(
                request,
                _(
                    "Only the unit's leaders, leaders of the units above it and its delegated editors "
                    "can change this visitkort."
                ),
                unit=self.unit,
                back_url=self.unit.get_absolute_url(),
                suggest=True,
            )
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, template, status=200, **context):
        crumbs = [(reverse("units:list"), _("Units")), (self.unit.get_absolute_url(), self.unit.name)]
        context = {"unit": self.unit, "crumbs": crumbs, "section": self.section, "nav_section": "units", **context}
        return render(self.request, template, context, status=status)


class VisitkortEditView(UnitEditMixin, View):
    """Edit the visitkort; a stale save comes back with what changed and the user's text kept."""

    section = "card"

    def get(self, request, slug):
        suggestion = services.applicable_suggestion(request.GET.get("forslag"), self.unit, request.user)
        form = VisitkortForm(instance=self.unit, initial={"suggestion": suggestion.pk if suggestion else None})
        return self.render_page("units/unit_edit.html", form=form, suggestion=suggestion)

    def post(self, request, slug):
        form = VisitkortForm(request.POST, instance=self.unit)
        suggestion = services.applicable_suggestion(request.POST.get("suggestion"), self.unit, request.user)
        if not form.is_valid():
            return self.render_page("units/unit_edit.html", form=form, suggestion=suggestion)
        try:
            services.save_suggestible(form, request.user, form.cleaned_data.get("suggestion"))
        except StaleEdit:
            current = Unit.objects.get(pk=self.unit.pk)
            fresh, changes = find_conflicts(form, current)
            fresh.initial["suggestion"] = suggestion.pk if suggestion else None
            return self.render_page(
                "units/unit_edit.html", status=409, form=fresh, suggestion=suggestion, conflict=changes
            )
        messages.success(request, _("The visitkort is saved."))
        return redirect(self.unit)


class TaskListView(UnitEditMixin, View):
    """The unit's tasks (current, coming and ended) with end/remove buttons, and the add form."""

    section = "tasks"

    def tasks(self):
        today = timezone.localdate()
        tasks = list(UnitTask.objects.filter(unit=self.unit).order_by("-starts_on", "pk"))
        for task in tasks:
            task.can_end = task.starts_on <= today and (task.ends_on is None or task.ends_on > today)
        return tasks

    def get(self, request, slug):
        return self.render_page("units/unit_tasks.html", form=TaskForm(unit=self.unit), tasks=self.tasks())

    def post(self, request, slug):
        form = TaskForm(request.POST, unit=self.unit)
        if form.is_valid():
            try:
                task = services.add_task(form, form.cleaned_data["token"])
            except AlreadySubmitted:
                messages.info(request, _("The task was already saved."))
            else:
                messages.success(request, _("The task “%(title)s” is added.") % {"title": task.title})
            return redirect("units:tasks", slug=self.unit.slug)
        return self.render_page("units/unit_tasks.html", form=form, tasks=self.tasks())


class TaskEndView(UnitEditMixin, View):
    """End a task today (POST)."""

    def post(self, request, slug, pk):
        task = get_object_or_404(UnitTask, pk=pk, unit=self.unit)
        if services.end_task(task):
            messages.success(request, _("The task “%(title)s” is ended today.") % {"title": task.title})
        else:
            messages.error(request, _("The task has not started yet; remove it instead."))
        return redirect("units:tasks", slug=self.unit.slug)


class ConfirmDeleteView(UnitEditMixin, View):
    """GET asks "are you sure?", POST deletes; both only for the unit's editors."""

    question = ""
    done = ""
    back = ""

    def get_object(self, pk):
        raise NotImplementedError

    def delete(self, obj):
        raise NotImplementedError

    def get(self, request, slug, pk):
        obj = self.get_object(pk)
        return self.render_page(
            "units/confirm_delete.html",
            question=self.question % {"name": self.describe(obj)},
            back_url=reverse(self.back, kwargs={"slug": self.unit.slug}),
        )

    def post(self, request, slug, pk):
        obj = self.get_object(pk)
        name = self.describe(obj)
        self.delete(obj)
        messages.success(request, self.done % {"name": name})
        return redirect(self.back, slug=self.unit.slug)

    def describe(self, obj):
        return str(obj)


class TaskDeleteView(ConfirmDeleteView):
    section = "tasks"
    question = _("Remove the task “%(name)s” from the visitkort?")
    done = _("The task “%(name)s” is removed.")
    back = "units:tasks"

    def get_object(self, pk):
        return get_object_or_404(UnitTask, pk=pk, unit=self.unit)

    def delete(self, task):
        services.remove_task(task)


class CollaborationListView(UnitEditMixin, View):
    """The unit's collaborations with change/remove links, and a form to add one."""

    section = "collaborations"

    def collaborations(self):
        return (
            Collaboration.objects.filter(Q(from_unit=self.unit) | Q(to_unit=self.unit))
            .select_related("from_unit", "to_unit")
            .order_by("pk")
        )

    def page(self, form):
        rows = [(partner_of(c, self.unit), c) for c in self.collaborations()]
        return self.render_page("units/unit_collaborations.html", form=form, collaborations=rows)

    def get(self, request, slug):
        return self.page(CollaborationAddForm(unit=self.unit))

    def post(self, request, slug):
        form = CollaborationAddForm(request.POST, unit=self.unit)
        if not form.is_valid():
            return self.page(form)
        other = form.cleaned_data["pick"]
        services.add_collaboration(self.unit, other, form.cleaned_data["description"])
        messages.success(request, _("The collaboration with %(name)s is added.") % {"name": other.name})
        return redirect("units:collaborations", slug=self.unit.slug)


def partner_of(collaboration, unit):
    """The other unit of a collaboration, seen from `unit` (either side may have added it)."""
    return collaboration.to_unit if collaboration.from_unit_id == unit.pk else collaboration.from_unit


def unit_collaboration(unit, pk):
    return get_object_or_404(
        Collaboration.objects.select_related("from_unit", "to_unit"), Q(from_unit=unit) | Q(to_unit=unit), pk=pk
    )


class CollaborationEditView(UnitEditMixin, View):
    """Change what the unit does together with another unit."""

    section = "collaborations"

    def page(self, form, collaboration, status=200, conflict=None):
        return self.render_page(
            "units/collaboration_edit.html",
            status=status,
            form=form,
            other=partner_of(collaboration, self.unit),
            conflict=conflict,
        )

    def get(self, request, slug, pk):
        collaboration = unit_collaboration(self.unit, pk)
        return self.page(CollaborationForm(instance=collaboration), collaboration)

    def post(self, request, slug, pk):
        collaboration = unit_collaboration(self.unit, pk)
        form = CollaborationForm(request.POST, instance=collaboration)
        if not form.is_valid():
            return self.page(form, collaboration)
        try:
            services.save_collaboration(form)
        except StaleEdit:
            fresh, changes = find_conflicts(form, unit_collaboration(self.unit, pk))
            return self.page(fresh, collaboration, status=409, conflict=changes)
        messages.success(request, _("The collaboration is saved."))
        return redirect("units:collaborations", slug=self.unit.slug)


class CollaborationDeleteView(ConfirmDeleteView):
    section = "collaborations"
    question = _("Remove the collaboration with %(name)s?")
    done = _("The collaboration with %(name)s is removed.")
    back = "units:collaborations"

    def get_object(self, pk):
        return unit_collaboration(self.unit, pk)

    def describe(self, collaboration):
        return partner_of(collaboration, self.unit).name

    def delete(self, collaboration):
        services.remove_collaboration(collaboration)


class EditorListView(UnitEditMixin, View):
    """The unit's delegated editors, and a form to add a colleague with a login."""

    section = "editors"

    def page(self, form):
        editors = (
            # Delegations of people who left stay (they return if the person does) but name nobody.
            UnitEditor.objects.filter(unit=self.unit, user__in=active_users())
            .select_related("user__person")
            .order_by("user__last_name", "user__first_name", "pk")
        )
        return self.render_page("units/unit_editors.html", form=form, editors=editors)

    def get(self, request, slug):
        return self.page(EditorAddForm(unit=self.unit))

    def post(self, request, slug):
        form = EditorAddForm(request.POST, unit=self.unit)
        if not form.is_valid():
            return self.page(form)
        person = form.cleaned_data["pick"]
        services.add_editor(self.unit, person.user)
        messages.success(request, _("%(name)s can now edit the visitkort.") % {"name": person.full_name})
        return redirect("units:editors", slug=self.unit.slug)


class EditorDeleteView(ConfirmDeleteView):
    section = "editors"
    question = _("Remove %(name)s as delegated editor?")
    done = _("%(name)s is no longer a delegated editor.")
    back = "units:editors"

    def get_object(self, pk):
        return get_object_or_404(UnitEditor.objects.select_related("user__person"), pk=pk, unit=self.unit)

    def describe(self, editor):
        person = getattr(editor.user, "person", None)
        return person.full_name if person else editor.user.get_full_name() or editor.user.get_username()

    def delete(self, editor):
        services.remove_editor(editor)


def unit_history(request, slug):
    """ "Ændringshistorik" of a visitkort: who changed which field when, newest first."""
    unit = get_object_or_404(Unit.objects.active().with_ancestors(), slug=slug)
    crumbs = [(reverse("units:list"), _("Units")), (unit.get_absolute_url(), unit.name)]
    return render(
        request,
        "history.html",
        {
            "object": unit,
            "title": unit.name,
            "crumbs": crumbs,
            "nav_section": "units",
            "page_obj": history_page(
                request, unit, VisitkortForm, extra_fields=("name", "kind", "parent", "is_active")
            ),
        },
    )
