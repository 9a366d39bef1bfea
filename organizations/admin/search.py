"""The admin search that ignores diacritics and case, best matches first."""

from __future__ import annotations

from django.contrib.admin import ModelAdmin
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.db.models import QuerySet
from django.http import HttpRequest

from organizations.folding import search_fields_folded


class FoldedSearchAdminMixin(ModelAdmin):
    """Search ``search_fields`` folded (organizations.folding): "hoang" finds "Hoàng".

    The fields are plain paths (``person__full_name``), without Django's ``^``, ``=`` or
    ``@`` prefixes. With a search term the rows come ranked: a field equal to the search,
    then whole words, then the rest, each in the list's order; without one the list's order
    and its pagination are left as they are.
    """

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        fields = self.get_search_fields(request)
        found = search_fields_folded(queryset, fields, search_term)
        if found is queryset:
            return queryset, False
        duplicates = any(lookup_spawns_duplicates(self.opts, field) for field in fields)
        return found, duplicates
