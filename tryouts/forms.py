"""Forms to start and to edit a try-out (prøvehandling)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import BoundedModelMultipleChoiceField, OneTimeTokenField, TagListField, VersionedModelForm
from people.models import Person
from tryouts.models import Tryout
from units.models import Unit

TEXT_FIELDS = ("summary", "challenge", "approach", "partners", "learnings", "outcome", "next_steps")
# How many matches a name search offers to choose from.
CANDIDATES = 20


def units_user_may_add_to(user):
    """Active units the user belongs to or edits: the possible owners of a new try-out."""
    if not user.is_authenticated:
        return Unit.objects.none()
    member_of = Q(memberships__person__user=user, memberships__person__is_active=True)
    return (
        Unit.objects.active()
        .filter(member_of | Q(pk__in=Unit.objects.editable_by(user).values("pk")))
        .distinct()
        .order_by("sort_key")
    )


def matching_units(text):
    return Unit.objects.active().filter(name__icontains=text).order_by("sort_key", "pk")


def matching_people(text):
    """Active people whose names hold every typed word, or with the typed e-mail address."""
    query = Q(email__iexact=text)
    if text.split():
        name = Q()
        for word in text.split():
            name &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        query |= name
    return Person.objects.active().filter(query).order_by("sort_key", "pk")


class NamePicker:
    """Adds one object to a many-to-many field of the form by typing (part of) its name: the
    text field `add`, and the radio buttons `pick` offered when several match. Works without
    JavaScript and with thousands of candidates, like units.forms.PickByNameForm."""

    def __init__(self, field, add, pick, matches, *, not_found, several):
        self.field, self.add, self.pick, self.matches = field, add, pick, matches
        self.not_found, self.several = not_found, several

    def chosen(self, form):
        """The picked object, or None (nothing typed, or an error was added to the form)."""
        picked = form.cleaned_data.get(self.pick)
        if picked is not None:
            return picked
        text = (form.cleaned_data.get(self.add) or "").strip()
        if not text:
            return None
        found = list(self.matches(text)[: CANDIDATES + 1])
        exact = [item for item in found if str(item).casefold() == text.casefold()]
        if len(exact) == 1 or len(found) == 1:
            return (exact or found)[0]
        if not found:
            form.add_error(self.add, self.not_found % {"name": text})
        else:
            form.fields[self.pick].queryset = self.matches(text)[:CANDIDATES]
            form.offered.add(self.pick)
            form.add_error(self.add, self.several % {"name": text})
        return None


class TryoutForm(VersionedModelForm):
    """The try-out's texts, status, dates, track, partners, participating units, contacts and topics."""

    tags = TagListField(label=_("Topics"))
    suggestion = forms.IntegerField(widget=forms.HiddenInput, required=False)
    add_unit = forms.CharField(
        label=_("Add a participating unit"),
        required=False,
        max_length=200,
        help_text=_("Type the unit's name or part of it, then save."),
    )
    add_unit_pick = forms.ModelChoiceField(
        label=_("Choose the unit"), queryset=Unit.objects.none(), required=False, widget=forms.RadioSelect
    )
    add_contact = forms.CharField(
        label=_("Add a contact"),
        required=False,
        max_length=200,
        help_text=_("Type the colleague's name or e-mail address, then save."),
    )
    add_contact_pick = forms.ModelChoiceField(
        label=_("Choose the colleague"), queryset=Person.objects.none(), required=False, widget=forms.RadioSelect
    )
    pickers = (
        NamePicker(
            "units",
            "add_unit",
            "add_unit_pick",
            matching_units,
            not_found=_("No unit is called “%(name)s”. Check the spelling, or type part of the name."),
            several=_("Several units match “%(name)s”: choose the right one below, then save."),
        ),
        NamePicker(
            "contacts",
            "add_contact",
            "add_contact_pick",
            matching_people,
            not_found=_("No colleague matches “%(name)s”. Check the spelling."),
            several=_("Several colleagues match “%(name)s”: choose the right one below, then save."),
        ),
    )

    class Meta:
        model = Tryout
        fields = [
            "title",
            "summary",
            "challenge",
            "approach",
            "status",
            "started_on",
            "ended_on",
            "track",
            "partner_kinds",
            "partners",
            "units",
            "contacts",
            "tags",
            "learnings",
            "outcome",
            "next_steps",
            "shared",
        ]
        labels = {
            "title": _("Title"),
            "summary": _("Summary"),
            "challenge": _("The challenge"),
            "approach": _("What we are trying"),
            "status": _("Status"),
            "started_on": _("Started on"),
            "ended_on": _("Ended on"),
            "track": _("Track"),
            "partner_kinds": _("Partners from outside the unit"),
            "partners": _("Partners in your own words"),
            "units": _("Participating units"),
            "contacts": _("Contacts"),
            "learnings": _("What we have learned"),
            "outcome": _("Outcome"),
            "next_steps": _("Next steps"),
            "shared": _("Share with other municipalities"),
        }
        help_texts = {
            "title": _("Short and concrete, e.g. “Breakfast with the residents”."),
            "summary": _("Two or three lines that make a colleague want to read on."),
            "challenge": _("What problem or wish started the try-out?"),
            "approach": _("What you do differently, and how."),
            "started_on": _("Leave empty if it has not started yet."),
            "ended_on": _("Leave empty while the try-out is running."),
            "track": _("The municipality's strategic track the try-out belongs to, if any."),
            "partners": _("E.g. “Faxe Madklub and the residents' council”."),
            "learnings": _("Also what did not work: the next unit learns from that too."),
            "units": _("Untick a unit to take it off the try-out."),
            "contacts": _("Colleagues others can ask about the try-out. Untick one to take them off."),
            "shared": _(
                "Publishes the title, summary, challenge, what you are trying, learnings, status, period, "
                "partner kinds, topics and the unit's name as open data (CC0), so other municipalities can "
                "find it. Never contacts, e-mail addresses or the other texts. Write no names in the shared texts."
            ),
        }
        field_classes = {
            "partner_kinds": BoundedModelMultipleChoiceField,
            "units": BoundedModelMultipleChoiceField,
            "contacts": BoundedModelMultipleChoiceField,
        }
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 4}) for name in TEXT_FIELDS},
            "partner_kinds": forms.CheckboxSelectMultiple,
            "units": forms.CheckboxSelectMultiple,
            "contacts": forms.CheckboxSelectMultiple,
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "tags" not in self.initial:
            self.initial["tags"] = sorted(self.instance.tags.names())
        self.offered = set()
        # The boxes are the units and contacts the try-out has (its initial values; in a form that
        # comes back after a conflict, the user's); new ones come through the name fields.
        for name, model in (("units", Unit), ("contacts", Person)):
            field = self.fields[name]
            kept = [getattr(item, "pk", item) for item in self.initial.get(name) or []]
            field.queryset = model.objects.filter(pk__in=kept).order_by("sort_key", "pk")
            field.required = False
        self.fields["add_unit_pick"].queryset = Unit.objects.active()
        self.fields["add_contact_pick"].queryset = Person.objects.active()

    def clean(self):
        cleaned_data = super().clean()
        started_on, ended_on = cleaned_data.get("started_on"), cleaned_data.get("ended_on")
        if started_on and ended_on and ended_on < started_on:
            self.add_error("ended_on", _("The end date cannot be before the start date."))
        owner = cleaned_data.get("owner_unit") or getattr(self.instance, "owner_unit", None)
        for picker in self.pickers:
            chosen = picker.chosen(self)
            if chosen is None or picker.field not in cleaned_data:
                continue
            if chosen == owner:
                self.add_error(picker.add, _("%(name)s owns the try-out already.") % {"name": owner.name})
                continue
            if chosen not in cleaned_data[picker.field]:
                cleaned_data[picker.field] = [*cleaned_data[picker.field], chosen]
            # Now in the list: a form that comes back (a conflict) shows it ticked there.
            cleaned_data[picker.add], cleaned_data[picker.pick] = "", None
        return cleaned_data


class TryoutCreateForm(TryoutForm):
    """A new try-out: the same fields, plus the owning unit (one the user belongs to or edits)."""

    token = OneTimeTokenField()

    class Meta(TryoutForm.Meta):
        fields = ["owner_unit", *TryoutForm.Meta.fields]
        labels = {**TryoutForm.Meta.labels, "owner_unit": _("Unit")}
        help_texts = {
            **TryoutForm.Meta.help_texts,
            "owner_unit": _("The unit that owns the try-out and keeps it up to date."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["version"]
        del self.fields["suggestion"]
        owners = units_user_may_add_to(user)
        self.fields["owner_unit"].queryset = owners
        self.fields["owner_unit"].empty_label = None
        self.fields["owner_unit"].error_messages["invalid_choice"] = _(
            "Choose one of your own units: you can start try-outs for units you belong to."
        )
