"""Admin for API clients: issue a token (shown once), revoke it, see when it was last used."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api.models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ("name", "contact", "token_prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "contact", "token_prefix")
    readonly_fields = ("token_prefix", "created_at", "last_used_at", "revoked_at")
    fields = ("name", "contact", "token_prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke", "issue_new_token"]

    def save_model(self, request, obj, form, change):
        if not change:
            token = obj.issue_token()
            self.show_token(request, obj, token)
        super().save_model(request, obj, form, change)

    def show_token(self, request, client, token):
        self.message_user(
            request,
            _("The token of %(client)s, shown only this once; give it to the integration: %(token)s")
            % {"client": client.name, "token": token},
            messages.WARNING,
        )

    @admin.action(description=_("Revoke the chosen clients' tokens"))
    def revoke(self, request, queryset):
        count = 0
        for client in queryset.usable():
            client.revoke()
            count += 1
        self.message_user(
            request, ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count) % {"count": count}
        )

    @admin.action(description=_("Issue a new token (the old one stops working)"))
    def issue_new_token(self, request, queryset):
        for client in queryset:
            token = client.issue_token()
            client.revoked_at = None
            client.save(update_fields=["token_prefix", "token_hash", "revoked_at"])
            self.show_token(request, client, token)
