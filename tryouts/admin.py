"""Django admin for try-outs (prøvehandlinger), tracks and kinds of partners."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.text import danish_slugify
from units.admin import CentreListFilter, VersionedAdmin, tag_names

from .models import PartnerKind, Track, Tryout


class OwnerCentreListFilter(CentreListFilter):
    centre_lookup = "owner_unit__centre"


@admin.register(Tryout)
class TryoutAdmin(VersionedAdmin):
    list_display = ("title", "owner_unit", "status", "track", "started_on", "ended_on", "tag_list", "updated_at")
    list_filter = ("status", "track", OwnerCentreListFilter, "partner_kinds", "shared")
    list_select_related = ("owner_unit", "track")
    search_fields = ("title", "slug", "summary", "owner_unit__name", "tags__name")
    autocomplete_fields = ("owner_unit", "units", "contacts")
    readonly_fields = ("version", "created_at", "updated_at")
    date_hierarchy = "started_on"
    fieldsets = (
        (None, {"fields": ("title", "slug", "owner_unit", "status", "track", ("started_on", "ended_on"))}),
        (_("The try-out"), {"fields": ("summary", "challenge", "approach", "tags")}),
        (_("With whom"), {"fields": ("units", "contacts", "partner_kinds", "partners")}),
        (_("Learnings"), {"fields": ("learnings", "outcome", "next_steps")}),
        (_("Sharing"), {"fields": ("shared",)}),
        (_("Record"), {"fields": ("loaded_version", "version", "created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug":
            field.help_text = _("Leave empty to make one from the title. Changing it breaks old links.")
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "partner_kinds":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("topics"))
    def tag_list(self, obj):
        return tag_names(obj.tags)


class TrackAdminForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Leave empty to make one from the name.")

    def clean_slug(self):
        # Server-side, so æ, ø and å become ae, oe and aa as in every other slug of the site.
        return self.cleaned_data.get("slug") or danish_slugify(self.cleaned_data.get("name", ""))


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    form = TrackAdminForm
    list_display = ("name", "slug", "position", "tryout_count")
    list_editable = ("position",)
    search_fields = ("name", "description")
    fields = ("name", "slug", "description", "position")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(tryout_count=Count("tryouts"))

    @admin.display(description=_("try-outs"), ordering="tryout_count")
    def tryout_count(self, obj):
        return obj.tryout_count


@admin.register(PartnerKind)
class PartnerKindAdmin(admin.ModelAdmin):
    list_display = ("name", "position")
    list_editable = ("position",)
    search_fields = ("name",)
