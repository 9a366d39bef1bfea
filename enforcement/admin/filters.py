"""Changelist filters of cases that stay cheap on millions of rows."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from enforcement.models import statistical_year_bounds
from enforcement.selectors import available_years, default_report_year
from organizations.params import year_value


class StatisticalYearFilter(admin.SimpleListFilter):
    """Cases counted in a statistical year: accepted by its end and still open at its start."""

    title = _("statistical year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [(str(year), str(year)) for year in available_years()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        year = year_value(self.value())
        if year is not None:
            return queryset.in_statistical_year(year)
        return queryset


class OriginFilter(admin.SimpleListFilter):
    """Carried over from before the chosen year, or newly accepted within it."""

    title = _("origin")
    parameter_name = "origin"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [("carried_over", _("carried over")), ("newly_accepted", _("newly accepted"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() not in ("carried_over", "newly_accepted"):
            return queryset
        year = year_value(request.GET.get(StatisticalYearFilter.parameter_name))
        if year is None:
            year = default_report_year()
        start, end = statistical_year_bounds(year)
        queryset = queryset.in_statistical_year(year)
        if self.value() == "carried_over":
            return queryset.filter(accepted_on__lt=start)
        return queryset.filter(accepted_on__gte=start, accepted_on__lte=end)
