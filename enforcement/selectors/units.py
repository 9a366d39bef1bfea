"""The units of the report: the kinds that enforce judgments, and which of them a report shows."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from enforcement.selectors.lines import Period
from organizations.models import Unit, UnitLineage

# The units that enforce judgments and keep cases; every other kind only oversees them.
ENFORCEMENT_UNIT_KINDS = (Unit.Kind.ENFORCEMENT_AGENCY, Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE)


def _existing(units: QuerySet[Unit], period: Period) -> QuerySet[Unit]:
    # Units merged into a successor by the period's end have no figures of their own then:
    # their successor's row counts their cases (``selectors.lineage``).
    merged = UnitLineage.objects.filter(
        kind=UnitLineage.Kind.MERGER, taken_over_on__lte=period.end
    ).values("predecessor")
    return (
        units.filter(valid_from__lte=period.end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
        .exclude(pk__in=merged)
        .order_by("code")
    )


def report_units(*, scope: QuerySet[Unit], period: Period) -> list[Unit]:
    """Return the topmost enforcement units of a scope that have figures for the period."""
    candidates = list(_existing(scope.filter(kind__in=ENFORCEMENT_UNIT_KINDS), period))
    ids = {unit.pk for unit in candidates}
    return [unit for unit in candidates if unit.parent_id not in ids]


def child_units(*, unit: Unit, period: Period) -> list[Unit]:
    """Return a unit's children that have figures for the period."""
    return list(_existing(unit.children.all(), period))
