"""Edit pages of the vocabulary that belong to a visitkort (the unit's KLE responsibilities and its
answers to the strategy) or to a try-out (its KLE subjects). Who may: vocabulary/rules.py."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.forms import StaleEdit, find_conflicts
from tryouts.models import Tryout
from units.editing import UnitEditMixin
from units.models import Unit
from units.permissions import refuse
from vocabulary import services
from vocabulary.forms import FocusAnswerForm, TryoutSubjectForm, UnitSubjectForm
from vocabulary.models import Aspect, FocusAnswer, FocusArea, TryoutSubject, UnitSubject
from vocabulary.strategy import unit_focus_areas


class UnitVocabularyMixin(UnitEditMixin):
    """The unit of the URL; anyone but its editors gets the 403 page naming them."""

    permission = "vocabulary.edit_unit_kle"
    refusal = ""

    def dispatch(self, request, *args, **kwargs):
        self.unit = get_object_or_404(Unit.objects.active().with_ancestors(), slug=kwargs["slug"])
        if not request.user.has_perm(self.permission, self.unit):
            return refuse(request, self.refusal, unit=self.unit, back_url=self.unit.get_absolute_url(), suggest=True)
        return View.dispatch(self, request, *args, **kwargs)


class UnitSubjectsView(UnitVocabularyMixin, View):
    """The unit's KLE responsibilities with remove buttons, and the picker to add one."""

    section = "kle"
    refusal = _(
        "Only the unit's leaders, leaders of the units above it and its delegated editors can change its KLE tasks."
    )

    def page(self, form):
        links = (
            UnitSubject.objects.filter(unit=self.unit).select_related("subject").order_by("subject__number", "aspect")
        )
        groups = [(label, [link for link in links if link.aspect == value]) for value, label in Aspect.choices]
        return self.render_page("vocabulary/unit_subjects.html", form=form, groups=groups, has_links=bool(links))

    def get(self, request, slug):
        return self.page(UnitSubjectForm(unit=self.unit))

    def post(self, request, slug):
        form = UnitSubjectForm(request.POST, unit=self.unit)
        if not form.is_valid():
            return self.page(form)
        subject, aspect = form.cleaned_data["pick"], form.cleaned_data["aspect"]
        try:
            services.add_unit_subject(self.unit, subject, aspect)
        except services.ResponsibleTaken as taken:
            form.add_error("aspect", str(taken))
            return self.page(form)
        except services.AlreadyLinked:
            messages.info(request, _("The unit already had %(subject)s.") % {"subject": subject})
        else:
            messages.success(
                request,
                _("%(subject)s is added (%(aspect)s).") % {"subject": subject, "aspect": Aspect(aspect).label.lower()},
            )
        return redirect("vocabulary:unit_subjects", slug=self.unit.slug)


class UnitSubjectRemoveView(UnitVocabularyMixin, View):
    """GET asks "are you sure?", POST removes the responsibility."""

    section = "kle"

    def link(self, pk):
        return get_object_or_404(UnitSubject.objects.select_related("subject"), pk=pk, unit=self.unit)

    def get(self, request, slug, pk):
        link = self.link(pk)
        return self.render_page(
            "units/confirm_delete.html",
            question=_("Remove %(subject)s (%(aspect)s) from the unit's KLE tasks?")
            % {"subject": link.subject, "aspect": link.get_aspect_display().lower()},
            back_url=reverse("vocabulary:unit_subjects", kwargs={"slug": self.unit.slug}),
        )

    def post(self, request, slug, pk):
        link = self.link(pk)
        services.remove_unit_subject(link)
        messages.success(request, _("%(subject)s is removed.") % {"subject": link.subject})
        return redirect("vocabulary:unit_subjects", slug=self.unit.slug)


class UnitStrategyView(UnitVocabularyMixin, View):
    """The current focus areas with the unit's answers, each with a link to write or change it."""

    section = "strategy"
    permission = "vocabulary.answer_focus_areas"
    refusal = _(
        "Only the unit's leaders, leaders of the units above it and its delegated editors can answer "
        "the strategy for the unit."
    )

    def get(self, request, slug):
        return self.render_page("vocabulary/unit_strategy.html", areas=unit_focus_areas(self.unit))


class FocusAnswerEditView(UnitVocabularyMixin, View):
    """Write or change the unit's answer to one focus area; a stale save comes back with the
    other person's changes listed and the user's text kept."""

    section = "strategy"
    permission = "vocabulary.answer_focus_areas"
    refusal = UnitStrategyView.refusal

    def setup_area(self, pk):
        self.area = get_object_or_404(FocusArea.objects.current().select_related("strategy"), pk=pk)
        return FocusAnswer.objects.filter(unit=self.unit, focus_area=self.area).first() or FocusAnswer(
            unit=self.unit, focus_area=self.area
        )

    def page(self, form, status=200, conflict=None):
        return self.render_page(
            "vocabulary/focus_answer_form.html", status=status, form=form, area=self.area, conflict=conflict
        )

    def get(self, request, slug, pk):
        return self.page(FocusAnswerForm(instance=self.setup_area(pk), unit=self.unit))

    def post(self, request, slug, pk):
        answer = self.setup_area(pk)
        form = FocusAnswerForm(request.POST, instance=answer, unit=self.unit)
        if not form.is_valid():
            return self.page(form)
        try:
            services.save_focus_answer(form, self.unit, self.area)
        except StaleEdit:
            current = FocusAnswer.objects.get(unit=self.unit, focus_area=self.area)
            fresh, changes = find_conflicts(form, current)
            return self.page(fresh, status=409, conflict=changes)
        messages.success(request, _("The answer to “%(area)s” is saved.") % {"area": self.area.title})
        return redirect("vocabulary:unit_strategy", slug=self.unit.slug)


# --- try-outs ------------------------------------------------------------------------------------


class TryoutSubjectsView(View):
    """A try-out's KLE subjects and facets, with the picker to add one; for its editors."""

    def dispatch(self, request, *args, **kwargs):
        self.tryout = get_object_or_404(
            Tryout.objects.select_related("owner_unit").prefetch_related(
                Prefetch("kle_links", queryset=TryoutSubject.objects.select_related("subject"))
            ),
            slug=kwargs["slug"],
        )
        if not request.user.has_perm("vocabulary.edit_tryout_kle", self.tryout):
            unit = Unit.objects.with_ancestors().get(pk=self.tryout.owner_unit_id)
            reason = _("Only the editors of the unit that owns the try-out can change its KLE subjects.")
            return refuse(request, reason, unit=unit, back_url=self.tryout.get_absolute_url(), suggest=True)
        return super().dispatch(request, *args, **kwargs)

    def page(self, form, template="vocabulary/tryout_subjects.html", **extra):
        crumbs = [(reverse("tryouts:list"), _("Try-outs")), (self.tryout.get_absolute_url(), self.tryout.title)]
        context = {"tryout": self.tryout, "form": form, "crumbs": crumbs, "nav_section": "tryouts", **extra}
        return render(self.request, template, context)

    def get(self, request, slug):
        return self.page(TryoutSubjectForm(tryout=self.tryout))

    def post(self, request, slug):
        form = TryoutSubjectForm(request.POST, tryout=self.tryout)
        if not form.is_valid():
            return self.page(form)
        subject = form.cleaned_data["pick"]
        try:
            services.add_tryout_subject(self.tryout, subject)
        except services.AlreadyLinked:
            messages.info(request, _("The try-out already had %(subject)s.") % {"subject": subject})
        else:
            messages.success(request, _("%(subject)s is added.") % {"subject": subject})
        return redirect("vocabulary:tryout_subjects", slug=self.tryout.slug)


class TryoutSubjectRemoveView(TryoutSubjectsView):
    def link(self, pk):
        return get_object_or_404(TryoutSubject.objects.select_related("subject"), pk=pk, tryout=self.tryout)

    def get(self, request, slug, pk):
        link = self.link(pk)
        question = _("Remove %(subject)s from the try-out?") % {"subject": link.subject}
        back_url = reverse("vocabulary:tryout_subjects", kwargs={"slug": self.tryout.slug})
        return self.page(None, "units/confirm_delete.html", question=question, back_url=back_url)

    def post(self, request, slug, pk):
        link = self.link(pk)
        services.remove_tryout_subject(link)
        messages.success(request, _("%(subject)s is removed.") % {"subject": link.subject})
        return redirect("vocabulary:tryout_subjects", slug=self.tryout.slug)
