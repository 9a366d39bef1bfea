"""The units of the report: the kinds that enforce judgments, and which of them a report shows."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from enforcement.selectors.lines import Period
from organizations.models import Unit

# The units that enforce judgments and keep cases; every other kind only oversees them.
ENFORCEMENT_UNIT_KINDS = (Unit.Kind.ENFORCEMENT_AGENCY, Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE)


def report_units(*, scope: QuerySet[Unit], period: Period) -> list[Unit]:
    """Return the topmost enforcement units of a scope that existed during the period."""
    candidates = list(
        scope.filter(kind__in=ENFORCEMENT_UNIT_KINDS, valid_from__lte=period.end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
        .order_by("code")
    )
    ids = {unit.pk for unit in candidates}
    return [unit for unit in candidates if unit.parent_id not in ids]


def child_units(*, unit: Unit, period: Period) -> list[Unit]:
    """Return a unit's children that existed during the period."""
    return list(
        unit.children.filter(valid_from__lte=period.end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
        .order_by("code")
    )
