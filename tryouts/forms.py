"""Forms to start and to edit a try-out (prøvehandling)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import BoundedModelMultipleChoiceField, OneTimeTokenField, TagListField, VersionedModelForm
from tryouts.models import Tryout
from units.models import Unit

TEXT_FIELDS = ("summary", "challenge", "approach", "partners", "learnings", "outcome", "next_steps")


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


class TryoutForm(VersionedModelForm):
    """The try-out's texts, status, dates, track, partners and topics."""

    tags = TagListField(label=_("Topics"))
    suggestion = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
            "shared": _(
                "Publishes the title, summary, challenge, what you are trying, learnings, status, period, "
                "partner kinds, topics and the unit's name as open data (CC0), so other municipalities can "
                "find it. Never contacts, e-mail addresses or the other texts. Write no names in the shared texts."
            ),
        }
        field_classes = {"partner_kinds": BoundedModelMultipleChoiceField}
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 4}) for name in TEXT_FIELDS},
            "partner_kinds": forms.CheckboxSelectMultiple,
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "tags" not in self.initial:
            self.initial["tags"] = sorted(self.instance.tags.names())

    def clean(self):
        cleaned_data = super().clean()
        started_on, ended_on = cleaned_data.get("started_on"), cleaned_data.get("ended_on")
        if started_on and ended_on and ended_on < started_on:
            self.add_error("ended_on", _("The end date cannot be before the start date."))
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
