"""Forms of the vocabulary's edit pages: the KLE picker (a server-side search that works
without JavaScript, like the unit and person pickers of units/forms.py) and a unit's answer to
a focus area."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BoundedModelMultipleChoiceField, VersionedModelForm
from tryouts.models import Tryout
from units.forms import PickByNameForm
from units.models import UnitTask
from vocabulary.models import Aspect, FocusAnswer, Subject, UnitSubject, looks_like_number, responsible_elsewhere
from vocabulary.models import responsible_message as taken_message


class SubjectPickForm(PickByNameForm):
    """Find a KLE subject by its number (27.03.08, or 27.03 to choose below it) or by words of
    its title; with several matches the form comes back with them to choose from."""

    not_found_message = _("No KLE subject matches “%(name)s”. Try a number such as 27.03 or another word.")
    several_message = _("Several KLE subjects match “%(name)s”: choose one below, or type more of it.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("KLE subject")
        self.fields["name"].help_text = _("Type a KLE number (e.g. 27.36.04) or words from its title.")

    def candidates(self):
        return Subject.objects.active().order_by("number")

    def matches(self, text):
        return self.candidates().matching(text)

    def clean(self):
        text = (self.cleaned_data.get("name") or "").strip().rstrip(".")
        if not self.cleaned_data.get("pick") and looks_like_number(text):
            exact = self.candidates().filter(number__iexact=text).first()
            if exact is not None:
                self.cleaned_data["pick"] = exact
        return super().clean()


class UnitSubjectForm(SubjectPickForm):
    """Add a KLE responsibility to a unit: the subject and the aspect."""

    aspect = forms.ChoiceField(
        label=_("The unit's part"),
        choices=Aspect.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Responsible: the unit answers for the subject (one unit per subject). Performing: does the work. "
            "Insight: needs to know about it."
        ),
    )

    def __init__(self, *args, unit, **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)

    def candidates(self):
        return super().candidates().numbered()

    def clean(self):
        cleaned_data = super().clean()
        subject, aspect = cleaned_data.get("pick"), cleaned_data.get("aspect")
        if subject is None or not aspect:
            return cleaned_data
        if UnitSubject.objects.filter(unit=self.unit, subject=subject, aspect=aspect).exists():
            self.add_error("name", _("The unit already has %(subject)s with this part.") % {"subject": subject})
        elif aspect == Aspect.ANSVARLIG:
            holder = responsible_elsewhere(subject.pk, self.unit.pk)
            if holder is not None:
                self.add_error("aspect", taken_message(subject, holder))
        return cleaned_data


class TryoutSubjectForm(SubjectPickForm):
    """Add a KLE subject or an action facet (P08 Forsøgsordninger, P20 Projekter …) to a try-out."""

    def __init__(self, *args, tryout, **kwargs):
        self.tryout = tryout
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = _(
            "Type a KLE number (e.g. 27.36.04), an action facet (P08 Trials, P20 Projects) or words from a title."
        )

    def clean(self):
        cleaned_data = super().clean()
        subject = cleaned_data.get("pick")
        if subject is not None and self.tryout.kle_links.filter(subject=subject).exists():
            self.add_error("name", _("The try-out already has %(subject)s.") % {"subject": subject})
        return cleaned_data


class FocusAnswerForm(VersionedModelForm):
    """A unit's answer to "Hvad betyder det for os?" for one focus area."""

    tasks = BoundedModelMultipleChoiceField(
        label=_("Tasks that carry it"),
        queryset=UnitTask.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tryouts = BoundedModelMultipleChoiceField(
        label=_("Try-outs that carry it"),
        queryset=Tryout.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = FocusAnswer
        fields = ["text", "tasks", "tryouts"]
        labels = {"text": _("What does it mean for us?")}
        help_texts = {
            "text": _("A few lines in your own words: what the focus area asks of the unit, and what you do about it."),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra_kwargs = {"unit": unit}  # for the fresh form after a conflict (core.forms.find_conflicts)
        self.fields["tasks"].queryset = UnitTask.objects.filter(unit=unit).order_by("-starts_on", "pk")
        self.fields["tryouts"].queryset = Tryout.objects.of_unit(unit).order_by("title", "pk")
        self.fields["tasks"].help_text = _("The unit's tasks (current and earlier) that work on the focus area.")
        self.fields["tryouts"].help_text = _("Try-outs the unit owns or takes part in.")
        if self.instance.pk is None:
            # Version 0: "there was no answer when I started"; someone answering meanwhile is a conflict.
            self.fields["version"].initial = 0
