"""Admin: the feeds this directory subscribes to, and what they brought (read-only)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from opendata.models import FetchStatus, SharedTryout, Subscription
from opendata.services import fetch_subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("municipality", "feed_url", "is_active", "last_status", "item_count", "last_fetched_at")
    list_filter = ("is_active", "last_status")
    search_fields = ("municipality", "feed_url")
    readonly_fields = ("created_at", "last_fetched_at", "last_success_at", "last_status", "last_error", "item_count")
    fieldsets = (
        (None, {"fields": ("municipality", "feed_url", "is_active", "allow_internal_address")}),
        (_("Last fetch"), {"fields": readonly_fields}),
    )
    actions = ["fetch_now"]

    @admin.action(description=_("Fetch the chosen feeds now"))
    def fetch_now(self, request, queryset):
        for subscription in queryset:
            result = fetch_subscription(subscription)
            if result.status == FetchStatus.REFUSED:
                self.message_user(request, f"{subscription}: {result.reason}", messages.ERROR)
            else:
                message = ngettext("%(name)s: %(count)d try-out", "%(name)s: %(count)d try-outs", result.count) % {
                    "name": subscription,
                    "count": result.count,
                }
                self.message_user(request, message, messages.SUCCESS)


@admin.register(SharedTryout)
class SharedTryoutAdmin(admin.ModelAdmin):
    """Read-only: the next fetch would overwrite any change; unsubscribe to remove them."""

    list_display = ("title", "subscription", "unit_name", "status", "remote_updated_at", "fetched_at")
    list_filter = ("subscription", "status")
    list_select_related = ("subscription",)
    search_fields = ("title", "summary", "unit_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
