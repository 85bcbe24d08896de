"""Admin for what the search engine learns from people: synonyms to teach it, and the searches
that found nothing this month ("Søgninger uden resultat")."""

from django.contrib import admin
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from search.models import SearchMiss, Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["terms", "updated_at"]
    search_fields = ["terms"]


def this_month():
    return timezone.localdate().replace(day=1)


class MonthFilter(admin.SimpleListFilter):
    """This month's misses unless another month is chosen."""

    title = _("month")
    parameter_name = "month"

    def lookups(self, request, model_admin):
        months = SearchMiss.objects.order_by("-month").values_list("month", flat=True).distinct()[:13]
        shown = dict.fromkeys([this_month(), *months])
        return [(month.isoformat(), date_format(month, "F Y")) for month in shown]

    def value(self):
        return super().value() or this_month().isoformat()

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        return queryset.filter(month=self.value())


@admin.register(SearchMiss)
class SearchMissAdmin(admin.ModelAdmin):
    """Read-only: the searches come from the search page; an administrator may only delete them."""

    list_display = ["query", "count", "month"]
    list_filter = [MonthFilter]
    search_fields = ["query"]
    ordering = ["-count", "query"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        month = request.GET.get("month") or this_month().isoformat()
        total = SearchMiss.objects.filter(month=month).aggregate(total=Sum("count"))["total"] or 0
        extra_context = {**(extra_context or {}), "subtitle": _("%(count)s searches found nothing") % {"count": total}}
        return super().changelist_view(request, extra_context)
