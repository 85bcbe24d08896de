"""Django admin for people and their memberships of units."""

import functools

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from units.admin import (
    RECORD_FIELDS,
    CentreListFilter,
    ConfirmedListFilter,
    UnitAdmin,
    VersionedAdmin,
    VersionedModelForm,
    tag_names,
)
from units.models import Unit

from . import services
from .admin_import import OrgImportAdminMixin
from .forms import cleaned_photo
from .models import Membership, Person


class PersonCentreListFilter(CentreListFilter):
    centre_lookup = "memberships__unit__centre"


class MembershipCentreListFilter(CentreListFilter):
    centre_lookup = "unit__centre"


class OnePrimaryFormSet(BaseInlineFormSet):
    """A person has at most one primary unit."""

    def clean(self):
        super().clean()
        primary = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_primary") and not form.cleaned_data.get("DELETE", False)
        ]
        if len(primary) > 1:
            raise ValidationError(_("Mark only one unit as the primary unit."), code="several_primary")


class PersonAdminForm(VersionedModelForm):
    """A photo uploaded in admin is checked, shrunk and stripped of metadata as on the profile page."""

    def clean_photo(self):
        return cleaned_photo(self.cleaned_data.get("photo"))


class PersonMembershipInline(admin.TabularInline):
    model = Membership
    formset = OnePrimaryFormSet
    fields = ("unit", "role", "job_title", "is_primary")
    autocomplete_fields = ("unit",)
    extra = 1
    verbose_name = _("unit")
    verbose_name_plural = _("units")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "unit")


@admin.register(Person)
class PersonAdmin(OrgImportAdminMixin, VersionedAdmin):
    form = PersonAdminForm
    list_display = ("full_name", "title", "primary_unit", "email", "expertise_list", "is_active")
    list_display_links = ("full_name",)
    list_filter = (
        "is_active",
        PersonCentreListFilter,
        "memberships__role",
        ("user", admin.EmptyFieldListFilter),
        ConfirmedListFilter,
    )
    search_fields = ("first_name", "last_name", "email", "title", "external_id", "user__username", "expertise__name")
    autocomplete_fields = ("user",)
    readonly_fields = ("version", "created_at", "updated_at", "sort_key", "deactivated_at", "anonymised_at")
    fieldsets = (
        (None, {"fields": (("first_name", "last_name"), "title", "user", "is_active")}),
        (_("Contact"), {"fields": ("email", ("phone", "mobile"), "location")}),
        (_("Profile"), {"fields": ("photo", "about", "ask_me_about", "expertise", "languages")}),
        (
            _("Record"),
            {"fields": (*RECORD_FIELDS, "deactivated_at", "anonymised_at", "sort_key"), "classes": ("collapse",)},
        ),
    )
    inlines = (PersonMembershipInline,)
    actions = ("mark_inactive",)

    def get_queryset(self, request):
        memberships = Membership.objects.select_related("unit").order_by("-is_primary", "unit__sort_key")
        return (
            super().get_queryset(request).prefetch_related(Prefetch("memberships", queryset=memberships), "expertise")
        )

    @admin.display(description=_("name"), ordering="sort_key")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description=_("primary unit"))
    def primary_unit(self, obj):
        membership = obj.primary_membership()
        return membership.unit.name if membership else None

    @admin.display(description=_("expertise"))
    def expertise_list(self, obj):
        return tag_names(obj.expertise)

    def save_model(self, request, obj, form, change):
        # Unticking "active" is leaving, ticking it again is coming back: the same as the action and
        # the import (people/services.py), in the same save as the form's other changes.
        save = functools.partial(super().save_model, request, obj, form, change)
        if change and "is_active" in form.changed_data:
            if obj.is_active:
                services.reactivate_person(obj, save=save)
            else:
                services.deactivate_person(obj, save=save)
        else:
            save()

    @admin.action(description=_("Mark selected people as inactive"))
    def mark_inactive(self, request, queryset):
        # One by one with save(), not update(): signals (search index, history) must see the change.
        count = len(services.deactivate_people(queryset.filter(is_active=True)))
        self.message_user(
            request,
            ngettext("%(count)d person marked as inactive.", "%(count)d people marked as inactive.", count)
            % {"count": count},
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "unit", "role", "job_title", "is_primary")
    list_filter = ("role", "is_primary", MembershipCentreListFilter)
    list_select_related = ("person", "unit")
    search_fields = ("person__first_name", "person__last_name", "person__email", "unit__name", "job_title")
    autocomplete_fields = ("person", "unit")


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("person", "role", "job_title", "is_primary")
    autocomplete_fields = ("person",)
    extra = 1
    verbose_name = _("member")
    verbose_name_plural = _("people in the unit")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "unit")


class UnitWithMembersAdmin(UnitAdmin):
    """The unit admin of units/admin.py with the people in the unit first (units knows no people)."""

    inlines = (MembershipInline, *UnitAdmin.inlines)


admin.site.unregister(Unit)
admin.site.register(Unit, UnitWithMembersAdmin)
