"""Pagination shared by every list: odd page numbers fall back to a valid page."""

from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 25


def paginate(request: HttpRequest, object_list: Sequence | QuerySet, per_page: int = PER_PAGE) -> Page:
    """The requested page of `object_list`; "abc", "-3" or "99999" give the nearest real page."""
    return Paginator(object_list, per_page).get_page(request.GET.get("page"))


class ForgivingPaginationMixin:
    """For ListView/FilterView: an odd ?page= shows the nearest page instead of a 404."""

    paginate_by = PER_PAGE

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
