"""Writes of clusters, pacts and criteria: composition and signing rules."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from emulation.models import Cluster, ClusterMember, Criterion, Movement, Pact
from organizations.formatting import short_date
from organizations.models import Unit

# Fields that decide what a criterion's existing results mean: frozen once results exist.
_MEANING_FIELDS = ("measure", "source")


def unit_exists_in_year(unit: Unit, year: int) -> bool:
    """Tell whether the unit existed on some day of the year."""
    return unit.valid_from <= datetime.date(year, 12, 31) and (
        unit.valid_to is None or unit.valid_to >= datetime.date(year, 1, 1)
    )


def cluster_composition_check(
    *,
    year: int,
    kind: str,
    head: Unit,
    deputy_head: Unit | None,
    members: Sequence[Unit],
    cluster: Cluster | None = None,
) -> None:
    """Refuse a composition whose head is not a member, or whose members cannot belong.

    A unit belongs to at most one cluster (and one bloc) a year: it is ranked once.
    """
    errors: list[ValidationError] = []
    member_ids = [unit.pk for unit in members]
    if len(set(member_ids)) != len(member_ids):
        errors.append(ValidationError(_("A unit is listed twice among the members.")))
    if head.pk not in member_ids:
        errors.append(
            ValidationError(_("The head unit {unit} must be one of the members.").format(unit=head))
        )
    if deputy_head is not None and deputy_head.pk not in member_ids:
        errors.append(
            ValidationError(
                _("The deputy head unit {unit} must be one of the members.").format(
                    unit=deputy_head
                )
            )
        )
    for unit in members:
        if not unit_exists_in_year(unit, year):
            errors.append(
                ValidationError(_("{unit} does not exist in {year}.").format(unit=unit, year=year))
            )
    elsewhere = ClusterMember.objects.filter(
        unit__in=member_ids, cluster__year=year, cluster__kind=kind
    ).select_related("unit", "cluster")
    if cluster is not None and cluster.pk is not None:
        elsewhere = elsewhere.exclude(cluster=cluster)
    for membership in elsewhere:
        errors.append(
            ValidationError(
                _("{unit} is already a member of {cluster}.").format(
                    unit=membership.unit, cluster=membership.cluster
                )
            )
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cluster_save(
    *,
    cluster: Cluster | None,
    year: int,
    name: str,
    head: Unit,
    members: Sequence[Unit],
    decision_number: str,
    decision_date: datetime.date,
    kind: str = Cluster.Kind.CLUSTER,
    deputy_head: Unit | None = None,
    decided_by: str = "",
    statistics_units: Mapping[int, Unit] | None = None,
) -> Cluster:
    """Create a cluster, or update one, with exactly the given members.

    ``statistics_units`` maps a member unit's id to the unit whose enforcement statistics
    count for it, where the default (its city's agency) does not fit.
    """
    cluster_composition_check(
        year=year, kind=kind, head=head, deputy_head=deputy_head, members=members, cluster=cluster
    )
    if cluster is None:
        cluster = Cluster()
    cluster.year = year
    cluster.kind = kind
    cluster.name = name
    cluster.head = head
    cluster.deputy_head = deputy_head
    cluster.decision_number = decision_number
    cluster.decision_date = decision_date
    cluster.decided_by = decided_by
    cluster.full_clean()
    cluster.save()
    statistics_units = statistics_units or {}
    wanted = {unit.pk for unit in members}
    leaving = cluster.members.exclude(unit__in=wanted)
    if leaving.filter(unit__indicator_results__criterion__pact__cluster=cluster).exists():
        raise ValidationError(
            _("A unit with results for this cluster's pact cannot leave the cluster.")
        )
    for membership in leaving:
        membership.delete()
    for unit in members:
        membership, _created = ClusterMember.objects.get_or_create(cluster=cluster, unit=unit)
        statistics_unit = statistics_units.get(unit.pk)
        if membership.statistics_unit != statistics_unit:
            membership.statistics_unit = statistics_unit
            membership.save()
    return cluster


@transaction.atomic
def pact_save(
    *,
    cluster: Cluster,
    name: str,
    signed_on: datetime.date | None = None,
    movement: Movement | None = None,
    document_reference: str = "",
) -> Pact:
    """Create or update the cluster's pact; a pact cannot be signed before its cluster exists."""
    if signed_on is not None and signed_on < cluster.decision_date:
        raise ValidationError(
            {
                "signed_on": _(
                    "The pact cannot be signed before the cluster was established ({date})."
                ).format(date=short_date(cluster.decision_date))
            }
        )
    pact = Pact.objects.filter(cluster=cluster).first() or Pact(cluster=cluster)
    unsigning = pact.pk is not None and pact.signed_on is not None and signed_on is None
    if unsigning and Criterion.objects.filter(pact=pact, results__isnull=False).exists():
        raise ValidationError(
            {"signed_on": _("A pact with results cannot go back to being a draft.")}
        )
    pact.name = name
    pact.signed_on = signed_on
    pact.movement = movement
    pact.document_reference = document_reference
    pact.full_clean()
    pact.save()
    return pact


def criterion_change_check(*, criterion: Criterion) -> None:
    """Refuse changing what a criterion measures, or its source, once results exist."""
    if criterion.pk is None:
        return
    original = Criterion.objects.filter(pk=criterion.pk).values(*_MEANING_FIELDS).first()
    if original is None:
        return
    changed = [field for field in _MEANING_FIELDS if original[field] != getattr(criterion, field)]
    if changed and criterion.results.exists():
        raise ValidationError(
            {
                field: _("Results were entered against this criterion: this cannot change.")
                for field in changed
            }
        )


@transaction.atomic
def criterion_save(
    *,
    pact: Pact,
    number: int,
    name: str,
    measure: str,
    rule: str,
    max_points: Decimal,
    target: Decimal | None = None,
    direction: str = "higher",
    source: str = Criterion.Source.ENTERED,
    base_points: Decimal | None = None,
    bonus_per_point: Decimal | None = None,
    deduction_per_point: Decimal | None = None,
    floor_points: Decimal | None = None,
    description: str = "",
) -> Criterion:
    """Create or update the pact's criterion with this number."""
    criterion = Criterion.objects.filter(pact=pact, number=number).first() or Criterion(
        pact=pact, number=number
    )
    criterion.name = name
    criterion.measure = measure
    criterion.rule = rule
    criterion.max_points = max_points
    criterion.target = target
    criterion.direction = direction
    criterion.source = source
    criterion.base_points = base_points
    criterion.bonus_per_point = bonus_per_point
    criterion.deduction_per_point = deduction_per_point
    criterion.floor_points = floor_points
    criterion.description = description
    criterion_change_check(criterion=criterion)
    criterion.full_clean()
    criterion.save()
    return criterion
