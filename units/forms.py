"""Forms of the visitkort's edit pages: the card itself, current tasks, collaborations and
delegated editors."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import (
    DirectoryFormMixin,
    OneTimeTokenField,
    TagListField,
    VersionedModelForm,
    https_formfield,
)
from units.models import Collaboration, Unit, UnitTask, people_model
from units.services import latest_change

# How many candidates a name search offers to pick from.
CANDIDATES = 20


class VisitkortForm(VersionedModelForm):
    """The unit's own description: texts, contact details, openness for visits, topics."""

    tags = TagListField(label=_("Topics"))
    # The suggestion being applied (?forslag=), carried through the POST.
    suggestion = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Unit
        formfield_callback = https_formfield
        fields = [
            "about",
            "core_tasks",
            "can_help_with",
            "looking_for",
            "email",
            "phone",
            "address",
            "website",
            "opening_hours",
            "open_for_visits",
            "tags",
        ]
        labels = {
            "about": _("Who we are"),
            "core_tasks": _("Core tasks"),
            "can_help_with": _("We can help with"),
            "looking_for": _("We are looking for"),
            "email": _("Email"),
            "phone": _("Phone"),
            "address": _("Address"),
            "website": _("Website"),
            "opening_hours": _("Opening hours"),
            "open_for_visits": _("Open for study visits and innovation internships"),
        }
        help_texts = {
            "about": _("A few lines about the unit: who you are and whom you serve. At most 5,000 characters."),
            "core_tasks": _("What the unit does every day. At most 5,000 characters."),
            "can_help_with": _("What colleagues in other units can ask you about. At most 5,000 characters."),
            "looking_for": _("Knowledge, partners or help you are looking for. At most 5,000 characters."),
            "email": _("The unit's shared mailbox, e.g. name@faxekommune.dk."),
            "website": _("A full address, e.g. https://www.faxekommune.dk/…"),
            "opening_hours": _("E.g. “Weekdays 8–15”."),
            "open_for_visits": _("Other units may visit you or do an innovation internship with you."),
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 5}) for name in ("about", "core_tasks", "can_help_with", "looking_for")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "tags" not in self.initial:
            self.initial["tags"] = sorted(self.instance.tags.names())


class TaskForm(DirectoryFormMixin, forms.ModelForm):
    """A new current special task."""

    tags = TagListField(label=_("Topics"))
    token = OneTimeTokenField()
    contact = forms.ModelChoiceField(
        label=_("Contact"),
        queryset=None,  # the people in the unit, set in __init__
        required=False,
        help_text=_("Someone in the unit whom colleagues can ask about the task."),
    )

    class Meta:
        model = UnitTask
        fields = ["title", "description", "starts_on", "ends_on", "contact", "tags"]
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "starts_on": _("Starts on"),
            "ends_on": _("Ends on"),
        }
        help_texts = {
            "title": _("Short and clear, e.g. “Summer staffing 2025”."),
            "ends_on": _("Leave empty if the task is ongoing."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit
        members = people_model().objects.active().filter(memberships__unit=unit)
        self.fields["contact"].queryset = members.order_by("sort_key")
        self.fields["starts_on"].initial = timezone.localdate

    def clean(self):
        cleaned_data = super().clean()
        starts_on, ends_on = cleaned_data.get("starts_on"), cleaned_data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return cleaned_data


class PickByNameForm(DirectoryFormMixin, forms.Form):
    """Find one object by typing (part of) its name; with several matches the form comes back
    with them as choices. Works without JavaScript and with thousands of candidates."""

    name = forms.CharField(max_length=200)
    pick = forms.ModelChoiceField(queryset=None, required=False, widget=forms.RadioSelect, empty_label=None)

    not_found_message = _("Nothing matches “%(name)s”. Check the spelling.")
    several_message = _("Several match “%(name)s”: choose one below.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pick"].queryset = self.candidates()
        self.fields["pick"].label = _("Choose")
        self.offered = False

    def candidates(self):
        raise NotImplementedError

    def matches(self, text):
        raise NotImplementedError

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("pick") or "name" not in cleaned_data:
            return cleaned_data
        text = cleaned_data["name"].strip()
        found = list(self.matches(text)[: CANDIDATES + 1])
        exact = [item for item in found if self.label_of(item).casefold() == text.casefold()]
        if len(exact) == 1 or len(found) == 1:
            cleaned_data["pick"] = (exact or found)[0]
            return cleaned_data
        if not found:
            self.add_error("name", self.not_found_message % {"name": text})
        else:
            # Offer the first matches to choose from (the radio list below the name).
            self.fields["pick"].queryset = self.matches(text)[:CANDIDATES]
            self.offered = True
            self.add_error("name", self.several_message % {"name": text})
        return cleaned_data

    def label_of(self, item):
        return str(item)


class CollaborationAddForm(PickByNameForm):
    """Add a collaboration: the other unit by name, and what the units do together."""

    description = forms.CharField(
        label=_("What we do together"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two lines. At most 1,000 characters."),
        max_length=1000,
    )

    not_found_message = _("No unit is called “%(name)s”. Check the spelling, or type part of the name.")
    several_message = _("Several units match “%(name)s”: choose the right one below.")

    def __init__(self, *args, unit, **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("The other unit")
        self.fields["name"].help_text = _("Type the unit's name or part of it.")

    def candidates(self):
        return Unit.objects.active().exclude(pk=self.unit.pk).order_by("sort_key")

    def matches(self, text):
        return self.candidates().filter(name__icontains=text)

    def clean(self):
        cleaned_data = super().clean()
        other = cleaned_data.get("pick")
        if other is not None:
            existing = Collaboration.objects.filter(
                Q(from_unit=self.unit, to_unit=other) | Q(from_unit=other, to_unit=self.unit)
            )
            if existing.exists():
                self.add_error("name", _("%(name)s is already registered as a collaboration.") % {"name": other.name})
        return cleaned_data


class CollaborationForm(DirectoryFormMixin, forms.ModelForm):
    """Change what two units do together. A collaboration has no version number; its latest
    change-history record plays that part (`units.services.save_collaboration`), so that the
    editors of the two units cannot overwrite each other unseen."""

    loaded_change = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": _("The form is missing its version. Open the edit page again and make your changes there.")
        },
    )

    class Meta:
        model = Collaboration
        fields = ["description"]
        labels = {"description": _("What we do together")}
        help_texts = {"description": _("One or two lines. At most 1,000 characters.")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    long_text_limit = 1000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_change"].initial = latest_change(self.instance)


class EditorAddForm(PickByNameForm):
    """Make a colleague with a login a delegated editor of the unit."""

    not_found_message = _("No colleague with a login matches “%(name)s”. Only people who can log in can edit.")
    several_message = _("Several colleagues match “%(name)s”: choose the right one below.")

    def __init__(self, *args, unit, **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Colleague")
        self.fields["name"].help_text = _("Type the name or email address of a colleague who can log in.")

    def candidates(self):
        return (
            people_model()
            .objects.active()
            .filter(user__isnull=False, user__is_active=True)
            .exclude(user__unit_editor_roles__unit=self.unit)
            .select_related("user")
            .order_by("sort_key")
        )

    def matches(self, text):
        words = text.split()
        query = Q(email__iexact=text) | Q(user__username__iexact=text)
        if words:
            name = Q()
            for word in words:
                name &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
            query |= name
        return self.candidates().filter(query)

    def label_of(self, person):
        return person.full_name

    @property
    def user(self):
        return self.cleaned_data["pick"].user
