"""Changelist filters of cases that stay cheap on millions of rows."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from enforcement.models import statistical_year_bounds
from enforcement.selectors import (
    IDLE,
    IDLE_MONTHS,
    REVERIFY,
    available_years,
    cases_to_do,
    default_report_year,
    enforcer_ids_in,
    enforcers_with_ids,
)
from organizations.models import Unit
from organizations.params import id_value, year_value
from organizations.scoping import unit_scope_ids

UNASSIGNED = "none"
# More enforcers than this in a user's scope (a ministry-wide view) are not listed as choices:
# the filter then narrows by a link's parameter, and to unassigned cases.
MAX_LISTED_ENFORCERS = 300


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


class EntrustmentFilter(admin.SimpleListFilter):
    """Cases received by entrustment from another agency, or entrusted out to one."""

    title = _("entrustment")
    parameter_name = "entrustment"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [
            ("received", _("received by entrustment")),
            ("received_unlinked", _("received, sender's case not linked")),
            ("entrusted", _("entrusted out")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        # Both read the partial indexes of the few entrusted cases.
        if self.value() == "received":
            return queryset.filter(received_from__isnull=False)
        if self.value() == "received_unlinked":
            return queryset.filter(received_from__isnull=False, received_from_case__isnull=True)
        if self.value() == "entrusted":
            return queryset.filter(entrusted_to__isnull=False)
        return queryset


class ToDoFilter(admin.SimpleListFilter):
    """Open cases nobody has touched for six months: to verify again, or simply forgotten."""

    title = _("to do")
    parameter_name = "todo"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [
            (
                REVERIFY,
                gettext("due for re-verification ({months} months)").format(months=IDLE_MONTHS),
            ),
            (IDLE, gettext("no activity for {months} months").format(months=IDLE_MONTHS)),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in (REVERIFY, IDLE):
            return cases_to_do(queryset, self.value())
        return queryset


class EnforcerFilter(admin.SimpleListFilter):
    """Cases of one enforcer of the user's units, or cases assigned to nobody."""

    title = _("enforcer")
    parameter_name = "enforcer"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        choices: list[tuple] = [(UNASSIGNED, _("no enforcer assigned"))]
        ids = enforcer_ids_in(unit_scope_ids(request.user, "enforcement.view_enforcementcase"))
        # Counted before any is read: a ministry-wide list of thousands is not fetched.
        if len(ids) <= MAX_LISTED_ENFORCERS:
            choices += [
                (str(person.pk), f"{person.full_name} ({person.unit.display_name})")
                for person in enforcers_with_ids(ids)
            ]
        return choices

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value == UNASSIGNED:
            return queryset.filter(enforcer__isnull=True)
        person_id = id_value(value)
        if person_id is None:
            return queryset
        # The queryset holds the user's units' cases only: another unit's enforcer finds none.
        return queryset.filter(enforcer_id=person_id)


class IssuingAgencyFilter(admin.SimpleListFilter):
    """Cases whose decision an agency issued, whichever of its offices handles them."""

    title = _("issuing agency")
    parameter_name = "agency"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        scope = unit_scope_ids(request.user, "enforcement.view_enforcementcase")
        agencies = Unit.objects.filter(kind=Unit.Kind.ENFORCEMENT_AGENCY)
        if scope is not None:
            # The agencies of the user's units and those merged into them (whose cases
            # the successor's offices now handle).
            agencies = agencies.filter(Q(pk__in=scope) | Q(successor__in=scope))
        return [(str(unit.pk), unit.display_name) for unit in agencies.order_by("code")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        agency_id = id_value(self.value())
        if agency_id is None:
            return queryset
        # The queryset holds the user's cases only: another agency's cases stay out of reach.
        return queryset.filter(issuing_agency_id=agency_id)
