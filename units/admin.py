"""Django admin for units, their tasks, collaborations, editors and suggestions.

Also holds what the other apps' admins share: the site titles, the centre and
"confirmed" list filters, and the version check that refuses a stale save.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import Collaboration, Suggestion, SuggestionStatus, Unit, UnitEditor, UnitKind, UnitTask

admin.site.site_header = _("Faxe Directory – administration")
admin.site.site_title = _("Faxe Directory – administration")
admin.site.index_title = _("Administration")


# --- Shared by the admins of units, people and try-outs -------------------------------------


def tag_names(tags):
    """Comma-separated tag names from a prefetched taggit manager."""
    return ", ".join(sorted(tag.name for tag in tags.all()))


class CentreListFilter(admin.SimpleListFilter):
    """Filter by centre, offering only units of kind centre (not every unit of the tree)."""

    title = _("centre")
    parameter_name = "centre"
    # Lookup from the admin's model to a unit's stored centre.
    centre_lookup = "centre"

    def lookups(self, request, model_admin):
        return list(Unit.objects.filter(kind=UnitKind.CENTER).values_list("pk", "name"))

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        # A subquery keeps rows unique when the lookup crosses a many-valued relation.
        matching = queryset.model._default_manager.filter(**{self.centre_lookup: value}).values("pk")
        return queryset.filter(pk__in=matching)


class ConfirmedListFilter(admin.SimpleListFilter):
    """Whether the owner confirmed the content within STALE_AFTER_DAYS."""

    title = _("confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("recent", _("Recently confirmed")), ("stale", _("Not confirmed for a year"))]

    def queryset(self, request, queryset):
        limit = timezone.now() - timedelta(days=settings.STALE_AFTER_DAYS)
        stale = Q(last_confirmed_at__isnull=True) | Q(last_confirmed_at__lt=limit)
        if self.value() == "stale":
            return queryset.filter(stale)
        if self.value() == "recent":
            return queryset.exclude(stale)
        return queryset


class VersionedModelForm(forms.ModelForm):
    """Refuses a save when someone changed the object after the form was loaded (no lost update)."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = getattr(self.instance, "current_version", self.instance.version)

    def clean(self):
        cleaned_data = super().clean()
        loaded = cleaned_data.get("loaded_version")
        if self.instance.pk and loaded is not None:
            # The admin runs the whole request in a transaction: the row lock holds until the save.
            current = (
                type(self.instance)
                ._default_manager.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is not None and current != loaded:
                raise ValidationError(
                    _(
                        "Someone changed this meanwhile. Your text is kept below: copy what you need, "
                        "open the page again and make your changes there."
                    ),
                    code="stale",
                )
        return cleaned_data


class VersionedAdmin(SimpleHistoryAdmin):
    """Counts up `version` on every admin save, so the site's edit forms see the change; the
    history pages of simple-history let admins see and revert earlier versions."""

    form = VersionedModelForm

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and getattr(request, "reverting_history", False):
            # Reverting loads an old version into the form: the version to check against is today's.
            obj.current_version = type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        return super().get_form(request, obj, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.reverting_history = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            # One more than the stored version (not the loaded one: a revert loads an old version).
            stored = type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
            obj.version = (stored or obj.version) + 1
        super().save_model(request, obj, form, change)


RECORD_FIELDS = ("loaded_version", "external_id", "last_confirmed_at", "version", "created_at", "updated_at")


# --- Units -----------------------------------------------------------------------------------


class UnitAdminForm(VersionedModelForm):
    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent is None:
            return parent
        chain = Unit.objects.with_ancestors().get(pk=parent.pk)
        ancestors = [chain, *chain.ancestors()]
        if self.instance.pk and any(unit.pk == self.instance.pk for unit in ancestors):
            raise ValidationError(_("A unit cannot be placed under itself or one of its own units."))
        return parent


class UnitTaskInline(admin.StackedInline):
    model = UnitTask
    fields = (("title", "contact"), ("starts_on", "ends_on"), "description", "tags")
    autocomplete_fields = ("contact",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contact")


class CollaborationFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        # The model's "not with itself" constraint is skipped for inline forms: its field is the inline key.
        for form in self.forms:
            if self.instance.pk and form.cleaned_data.get("to_unit") == self.instance:
                form.add_error("to_unit", _("A unit cannot collaborate with itself."))


class CollaborationInline(admin.TabularInline):
    model = Collaboration
    formset = CollaborationFormSet
    fk_name = "from_unit"
    fields = ("to_unit", "description")
    autocomplete_fields = ("to_unit",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("from_unit", "to_unit")


class UnitEditorInline(admin.TabularInline):
    model = UnitEditor
    fields = ("user", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("user",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "unit")


@admin.register(Unit)
class UnitAdmin(VersionedAdmin):
    form = UnitAdminForm
    list_display = ("name", "kind", "parent", "centre", "is_active", "open_for_visits", "tag_list", "updated_at")
    list_filter = ("kind", CentreListFilter, "is_active", "open_for_visits", ConfirmedListFilter)
    list_select_related = ("parent", "centre")
    search_fields = ("name", "slug", "email", "external_id", "tags__name")
    autocomplete_fields = ("parent",)
    readonly_fields = ("centre", "version", "created_at", "updated_at", "sort_key")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "parent", "centre", "is_active")}),
        (_("Business card"), {"fields": ("about", "core_tasks", "can_help_with", "looking_for", "tags")}),
        (
            _("Contact"),
            {"fields": ("email", "phone", "address", "website", "opening_hours", "open_for_visits")},
        ),
        (_("Record"), {"fields": (*RECORD_FIELDS, "sort_key"), "classes": ("collapse",)}),
    )
    # people/admin.py puts the unit's memberships first (people is the app above units).
    inlines = (UnitTaskInline, CollaborationInline, UnitEditorInline)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug":
            field.help_text = _("Leave empty to make one from the name. Changing it breaks old links.")
        return field

    @admin.display(description=_("topics"))
    def tag_list(self, obj):
        return tag_names(obj.tags)


@admin.register(UnitTask)
class UnitTaskAdmin(SimpleHistoryAdmin):
    class CurrentListFilter(admin.SimpleListFilter):
        title = _("current")
        parameter_name = "current"

        def lookups(self, request, model_admin):
            return [("yes", _("Current")), ("no", _("Ended or not started"))]

        def queryset(self, request, queryset):
            if self.value() == "yes":
                return queryset.current()
            if self.value() == "no":
                return queryset.exclude(pk__in=UnitTask.objects.current().values("pk"))
            return queryset

    class UnitCentreListFilter(CentreListFilter):
        centre_lookup = "unit__centre"

    list_display = ("title", "unit", "starts_on", "ends_on", "contact", "tag_list")
    list_filter = (CurrentListFilter, UnitCentreListFilter)
    list_select_related = ("unit", "contact")
    search_fields = ("title", "description", "unit__name", "tags__name")
    autocomplete_fields = ("unit", "contact")
    date_hierarchy = "starts_on"
    fields = ("unit", "title", "description", ("starts_on", "ends_on"), "contact", "tags")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description=_("topics"))
    def tag_list(self, obj):
        return tag_names(obj.tags)


@admin.register(Collaboration)
class CollaborationAdmin(SimpleHistoryAdmin):
    list_display = ("from_unit", "to_unit", "description")
    list_select_related = ("from_unit", "to_unit")
    search_fields = ("from_unit__name", "to_unit__name", "description")
    autocomplete_fields = ("from_unit", "to_unit")


@admin.register(UnitEditor)
class UnitEditorAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "created_at")
    list_select_related = ("user", "unit")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email", "unit__name")
    autocomplete_fields = ("user", "unit")
    readonly_fields = ("created_at",)
    date_hierarchy = "created_at"


# --- Suggestions -----------------------------------------------------------------------------


class SuggestionAdminForm(forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        target_type, target_id = cleaned_data.get("target_type"), cleaned_data.get("target_id")
        if target_type is None or target_id is None:
            return cleaned_data
        model = target_type.model_class()
        if model is None or not model._default_manager.filter(pk=target_id).exists():
            self.add_error("target_id", _("There is no %(kind)s with this id.") % {"kind": target_type.name})
        return cleaned_data


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    form = SuggestionAdminForm
    list_display = ("short_text", "target_link", "author", "status", "created_at", "resolver", "resolved_at")
    list_filter = ("status", "target_type")
    list_select_related = ("author", "resolver", "target_type")
    search_fields = ("text", "reply", "author__username", "author__first_name", "author__last_name")
    autocomplete_fields = ("author",)
    # Set by whoever changes the status, here or on the site.
    readonly_fields = ("target_link", "created_at", "resolver", "resolved_at")
    date_hierarchy = "created_at"
    fieldsets = (
        (None, {"fields": ("target_type", "target_id", "target_link", "author", "text", "created_at")}),
        (_("Resolution"), {"fields": ("status", "reply", "resolver", "resolved_at")}),
    )
    actions = ("mark_accepted", "mark_declined")

    def get_queryset(self, request):
        # One query per kind of target, whatever the number of rows.
        return super().get_queryset(request).prefetch_related("target")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return (*self.readonly_fields, "target_type", "target_id")

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if obj.status == SuggestionStatus.OPEN:
            obj.resolver, obj.resolved_at = None, None
        elif "status" in form.changed_data or obj.resolved_at is None:
            obj.resolver, obj.resolved_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("suggestion"))
    def short_text(self, obj):
        return str(obj)

    @admin.display(description=_("target"))
    def target_link(self, obj):
        target = obj.target if obj.pk else None
        if target is None:
            return "—"
        meta = target._meta
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[target.pk])
        except NoReverseMatch:
            return f"{meta.verbose_name}: {target}"
        return format_html('<a href="{}">{}: {}</a>', url, meta.verbose_name, target)

    def _resolve(self, request, queryset, status):
        return queryset.update(status=status, resolver=request.user, resolved_at=timezone.now())

    @admin.action(description=_("Mark selected suggestions as accepted"))
    def mark_accepted(self, request, queryset):
        count = self._resolve(request, queryset, SuggestionStatus.ACCEPTED)
        self.message_user(
            request,
            ngettext("%(count)d suggestion marked as accepted.", "%(count)d suggestions marked as accepted.", count)
            % {"count": count},
        )

    @admin.action(description=_("Mark selected suggestions as declined"))
    def mark_declined(self, request, queryset):
        count = self._resolve(request, queryset, SuggestionStatus.DECLINED)
        self.message_user(
            request,
            ngettext("%(count)d suggestion marked as declined.", "%(count)d suggestions marked as declined.", count)
            % {"count": count},
        )
