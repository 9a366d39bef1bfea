"""Helpers shared by emulation's admin classes."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from emulation.models.clusters import FIRST_YEAR
from organizations.params import year_value


class YearFilter(admin.SimpleListFilter):
    """Filter by year, offering the years that have rows; the query path is ``year_field``."""

    title = _("year")
    parameter_name = "year"
    year_field = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        years = (
            model_admin.get_queryset(request)
            .order_by(f"-{self.year_field}")
            .values_list(self.year_field, flat=True)
            .distinct()
        )
        # Text values, as a query string gives them: the "show counts" facets pass them back.
        return [(str(year), year) for year in years if year and year >= FIRST_YEAR]

    def queryset(self, request: HttpRequest, queryset: models.QuerySet) -> models.QuerySet:
        year = year_value(self.value())
        if year is not None:
            return queryset.filter(**{self.year_field: year})
        return queryset
