"""Form building blocks shared by the edit pages of units, people and try-outs.

- `DirectoryFormMixin`: limits on every text field (also TextFields) and DKFDS classes.
- `TagListField`: comma-separated topics with a limit on their number and length.
- `VersionedModelForm` + `save_versioned()`: no lost update. The form carries the version the
  user loaded; the save is a compare-and-set on that version inside one transaction, so two
  concurrent saves of the same version cannot both win.
- `find_conflicts()`: what someone else changed since the user loaded the form, and a form
  that keeps the user's text while taking over the other person's untouched changes.
- `OneTimeTokenField` + `claim_submission()`: a create form is saved once, however often it
  is submitted (double click, reload of the POST).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, connection, models, transaction
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from taggit.utils import edit_string_for_tags, parse_tags

from core.topics import normalise_topic_names

# Longest text accepted in a long free-text field (about, core tasks, learnings …).
LONG_TEXT_LIMIT = 5000
MAX_TAGS = 30
MAX_TAG_LENGTH = 100

CHOICE_WIDGET_CLASSES = {
    forms.CheckboxSelectMultiple: "form-checkbox",
    forms.RadioSelect: "form-radio",
}


class DirectoryFormMixin:
    """Every text field gets a length limit with a clear message (TextFields have none in the
    database), and widgets the DKFDS classes the form partials cannot add themselves."""

    long_text_limit = LONG_TEXT_LIMIT

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(field, TagListField | forms.UUIDField):
                if field.max_length is None:
                    field.max_length = self.long_text_limit
                    field.validators.append(MaxLengthValidator(self.long_text_limit))
                # No maxlength attribute: a browser silently cuts pasted text at the limit; the
                # server's message tells the user instead and keeps all they wrote.
                field.widget.attrs.pop("maxlength", None)
            for widget_class, css in CHOICE_WIDGET_CLASSES.items():
                if isinstance(field.widget, widget_class):
                    field.widget.attrs.setdefault("class", css)


def https_formfield(db_field: models.Field, **kwargs) -> forms.Field:
    """ModelForm `formfield_callback`: web addresses typed without a scheme get https://."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class TagInput(forms.TextInput):
    """A text input for comma-separated topics; static/js/tag-input.js adds suggestions."""

    def __init__(self, attrs=None):
        base = {"data-tag-url": reverse_lazy("tag_suggestions"), "data-tag-label": _("Suggested topics")}
        super().__init__({**base, "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if value is None or isinstance(value, str):
            return value
        names = [getattr(tag, "name", tag) for tag in value]
        return edit_string_for_tags([_Named(name) for name in names])


@dataclass
class _Named:
    name: str


class TagListField(forms.CharField):
    """Topics as comma-separated text ("ældrepleje, velfærdsteknologi"), cleaned to a list of
    names: at most MAX_TAGS topics of at most MAX_TAG_LENGTH characters each."""

    widget = TagInput
    default_error_messages = {
        "too_many": ngettext_lazy(
            "Use at most %(limit)d topic (you wrote %(count)d). Keep the most important ones.",
            "Use at most %(limit)d topics (you wrote %(count)d). Keep the most important ones.",
            "limit",
        ),
        "too_long": _("A topic can have at most %(limit)d characters: “%(tag)s…”."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("Separate topics with commas, e.g. “elderly care, welfare technology”. At most %(limit)d.")
            % {"limit": MAX_TAGS},
        )
        # Room for MAX_TAGS topics of the longest length, with separators.
        kwargs.setdefault("max_length", MAX_TAGS * (MAX_TAG_LENGTH + 4))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        # Newlines and semicolons are typed as separators too; NUL is refused by CharField.
        # Registered normalisers turn a synonym or an old spelling into the existing topic.
        return normalise_topic_names(parse_tags(value.replace("\n", ",").replace(";", ","))) if value else []

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_TAGS:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": MAX_TAGS, "count": len(value)}
            )
        for name in value:
            if len(name) > MAX_TAG_LENGTH:
                raise forms.ValidationError(
                    self.error_messages["too_long"],
                    code="too_long",
                    params={"limit": MAX_TAG_LENGTH, "tag": name[:30]},
                )

    def run_validators(self, value):
        # The length limit applies to the typed text, checked in clean(); tags are a list here.
        return

    def clean(self, value):
        if value and "\x00" in value:
            # Django's own message; the text field validators do not run on the parsed list.
            raise forms.ValidationError(_("Null characters are not allowed."), code="null_characters_not_allowed")
        if value and len(value) > self.max_length:
            raise forms.ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"limit": MAX_TAGS, "count": len(parse_tags(value))},
            )
        return super().clean(value)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return edit_string_for_tags([_Named(getattr(tag, "name", tag)) for tag in value])
        return value

    def has_changed(self, initial, data):
        return sorted(self.prepare_value(initial or []).split(", ")) != sorted(
            self.prepare_value(self.to_python(data)).split(", ")
        )


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several objects that refuses ids outside the database's integer range as an
    invalid choice: Django guards single lookups against overflow, but not `pk__in` (a 500 on SQLite)."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.pk if key == "pk" else self.queryset.model._meta.get_field(key)
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                number = int(pk)
            except (TypeError, ValueError):
                continue  # Not a number: Django's own check says so.
            if (low is not None and number < low) or (high is not None and number > high):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


def field_anchor(bound_field: forms.BoundField) -> str:
    """The id a link to the field (error summary, "changed meanwhile" list) leads to: the input
    itself, or for a group of checkboxes or radio buttons its first choice, as the group has no
    element with the field's own id."""
    if bound_field.widget_type in ("checkboxselectmultiple", "radioselect"):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


# --- no lost update --------------------------------------------------------------------------


class StaleEdit(Exception):
    """Someone saved the object after the user loaded the form."""


class VersionedModelForm(DirectoryFormMixin, forms.ModelForm):
    """A model form carrying the version of the object it was loaded from (hidden field)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["version"].error_messages["required"] = _(
            "The form is missing its version. Open the edit page again and make your changes there."
        )

    @property
    def loaded_version(self) -> int:
        return self.cleaned_data["version"]


def save_versioned(instance: models.Model, loaded_version: int, save: Callable[[], None]) -> None:
    """Run `save()` (which saves `instance` and anything else) only if the stored object still has
    `loaded_version`; count the version up. Raise StaleEdit otherwise. One transaction.

    The version check is a conditional UPDATE: on PostgreSQL it locks the row until commit, so
    a second concurrent save of the same version waits, then updates nothing and is refused.
    """
    model = type(instance)
    with transaction.atomic():
        claimed = model._default_manager.filter(pk=instance.pk, version=loaded_version).update(
            version=loaded_version + 1
        )
        if not claimed:
            raise StaleEdit
        instance.version = loaded_version + 1
        return save()


@dataclass
class ChangedField:
    """A field someone else changed: its label, its value now, and whether the user's form took
    that value over (the user had not touched the field) or still holds the user's own text."""

    name: str
    label: str
    value_now: str
    taken_over: bool
    anchor: str


def display_value(form: forms.Form, name: str, value: object) -> str:
    """A field value as a person reads it (choices by label, booleans as yes/no, lists joined)."""
    field = form.fields[name]
    if isinstance(field, forms.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, forms.ModelMultipleChoiceField):
        value = ", ".join(str(item) for item in value or [])
    if value in (None, "", []):
        return _("(empty)")
    if hasattr(field, "choices") and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))
    prepared = field.prepare_value(value)
    return str(prepared if not isinstance(value, list | tuple) or isinstance(prepared, str) else ", ".join(value))


def find_conflicts(form: forms.ModelForm, current: models.Model) -> list[ChangedField]:
    """After StaleEdit: what changed since the version the user loaded, and a fresh, unbound form
    on `current` that carries its version and the user's own values (re-apply by saving again).
    A form without a `version` field (a collaboration's) gets the two-way comparison below.

    With the loaded version in the change history the merge is three-way: a field the user left
    alone takes the other person's new value, a field both changed keeps the user's text and
    lists the value now. Without history every differing field keeps the user's text.
    """
    loaded = form.cleaned_data.get("version")
    base = None if loaded is None else _historical_values(current, loaded)
    initial, changes = {}, []
    for name, field in form.fields.items():
        # Hidden fields are the form's own bookkeeping (version, applied suggestion): the fresh
        # form makes its own, and they mean nothing to the user in the list of changes.
        if isinstance(field.widget, forms.HiddenInput) or isinstance(field, forms.FileField):
            continue
        mine = form.cleaned_data.get(name)
        now = _model_value(current, name)
        if base is not None and name in base:
            before = base[name]
            if _same(field, now, before):
                initial[name] = mine
                continue
            taken_over = _same(field, mine, before)
            if not taken_over:
                initial[name] = mine
        else:
            initial[name] = mine
            if _same(field, now, mine):
                continue
            taken_over = False
        changes.append(
            ChangedField(name, str(field.label), display_value(form, name, now), taken_over, field_anchor(form[name]))
        )
    fresh = type(form)(instance=current, initial=initial, **_form_extra_kwargs(form))
    return fresh, changes


def _form_extra_kwargs(form):
    return getattr(form, "extra_kwargs", {})


def _model_value(instance, name):
    value = getattr(instance, name, None)
    if hasattr(value, "all") and hasattr(value, "names"):
        return sorted(value.names())
    if hasattr(value, "all"):
        # Another many-to-many field (a try-out's partner kinds): the related objects themselves.
        return list(value.all())
    return value


def _historical_values(current, version):
    """The field values of `current` as they were at `version`, from django-simple-history."""
    history = getattr(current, "history", None)
    if history is None:
        return None
    record = history.filter(version=version).order_by("-history_id").first()
    if record is None:
        return None
    return {field.attname: getattr(record, field.attname) for field in record._meta.fields}


def _same(field, left, right):
    if isinstance(field, TagListField):
        return sorted(left or []) == sorted(right or [])
    if isinstance(field, forms.ModelMultipleChoiceField):
        return {item.pk for item in left or []} == {item.pk for item in right or []}
    left = getattr(left, "pk", left)
    right = getattr(right, "pk", right)
    return (left or "") == (right or "") if not isinstance(field, forms.BooleanField) else bool(left) == bool(right)


# --- create once -----------------------------------------------------------------------------


class OneTimeTokenField(forms.UUIDField):
    """A hidden token made when the create form is shown; `claim_submission()` accepts it once."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("initial", uuid.uuid4)
        kwargs.setdefault(
            "error_messages",
            {"required": _("The form has expired. Open the page again and fill it in there.")},
        )
        super().__init__(**kwargs)


class AlreadySubmitted(Exception):
    """The form with this token was saved before; `url` shows what that save made."""

    def __init__(self, url):
        super().__init__(url)
        self.url = url


def claim_submission(token: uuid.UUID, create: Callable[[], str]) -> str:
    """Run `create()` (returns the new object) once per token, in one transaction with recording
    the token. A second submission of the same token raises AlreadySubmitted with the first
    result's URL. The unique token makes this hold for concurrent requests too."""
    from core.models import FormSubmission

    try:
        with transaction.atomic():
            submission = FormSubmission.objects.create(token=token)
            created = create()
            if hasattr(created, "get_absolute_url"):
                submission.result_url = created.get_absolute_url()
                submission.save(update_fields=["result_url"])
            return created
    except IntegrityError:
        earlier = FormSubmission.objects.filter(token=token).first()
        if earlier is None:
            raise
        raise AlreadySubmitted(earlier.result_url) from None
