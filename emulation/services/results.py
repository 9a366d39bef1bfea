"""Writes of indicator results: a unit enters and submits its own, the cluster head locks them.

Refusals are ``ValidationError`` (bad input, wrong state) or ``PermissionDenied`` (a role or
a unit the user lacks); nothing is written when either is raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.measures import field_error, measured_value
from emulation.models import ClusterMember, Criterion, IndicatorResult
from emulation.selectors import (
    indicator_result_deletable,
    may_lock_for_cluster,
    may_write_for_unit,
)
from organizations.models import Unit
from organizations.scoping import has_unit_permission
from organizations.services import bulk_save_with_history

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def _require_write(user: AbstractBaseUser, unit: Unit, permission: str) -> None:
    if not may_write_for_unit(user, unit, permission):
        raise PermissionDenied(_("You may enter and change the results of your own units only."))


def indicator_result_check(
    *,
    unit: Unit,
    criterion: Criterion,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    result: IndicatorResult | None = None,
) -> Decimal:
    """Return the value to record for a unit and criterion, or refuse the input with its reason."""
    if result is not None and result.is_locked:
        raise ValidationError(
            _("This result was locked after review and can no longer be changed."),
            code="locked",
        )
    if criterion.is_computed:
        raise field_error(
            "criterion",
            _(
                "“{criterion}” is computed from the enforcement statistics; it is not "
                "entered by hand."
            ).format(criterion=criterion.name),
            "computed",
        )
    pact = criterion.pact
    if not pact.is_signed:
        raise field_error(
            "criterion",
            _("The pact “{pact}” is not signed yet.").format(pact=pact),
            "pact_unsigned",
        )
    if not ClusterMember.objects.filter(cluster_id=pact.cluster_id, unit=unit).exists():
        raise field_error(
            "unit",
            _("{unit} is not a member of {cluster}.").format(unit=unit, cluster=pact.cluster),
            "not_member",
        )
    others = IndicatorResult.objects.filter(unit=unit, criterion=criterion)
    if result is not None:
        others = others.exclude(pk=result.pk)
    if others.exists():
        raise ValidationError(
            _("{unit} already has a result for “{criterion}”; change that one instead.").format(
                unit=unit, criterion=criterion.name
            ),
            code="duplicate",
        )
    return measured_value(
        measure=criterion.measure, value=value, numerator=numerator, denominator=denominator
    )


@transaction.atomic
def indicator_result_create(
    *,
    user: AbstractBaseUser,
    unit: Unit,
    criterion: Criterion,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    evidence: str = "",
) -> IndicatorResult:
    """Record a draft result of one of the user's units for a criterion of its cluster's pact."""
    _require_write(user, unit, "emulation.add_indicatorresult")
    # Lock the criterion row: two officers entering the same result at once meet here.
    criterion = (
        Criterion.objects.select_for_update().select_related("pact__cluster").get(pk=criterion.pk)
    )
    recorded = indicator_result_check(
        unit=unit, criterion=criterion, value=value, numerator=numerator, denominator=denominator
    )
    result = IndicatorResult(
        unit=unit,
        criterion=criterion,
        value=recorded,
        numerator=numerator,
        denominator=denominator,
        evidence=evidence,
        entered_by=user,
    )
    result.full_clean()
    result.save()
    return result


def _fresh(result: IndicatorResult) -> IndicatorResult:
    return (
        IndicatorResult.objects.select_for_update()
        .select_related("unit", "criterion__pact__cluster")
        .get(pk=result.pk)
    )


@transaction.atomic
def indicator_result_update(
    *,
    user: AbstractBaseUser,
    result: IndicatorResult,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    evidence: str = "",
) -> IndicatorResult:
    """Change the figures of a result that is not locked yet; its unit and criterion stay."""
    current = _fresh(result)
    _require_write(user, current.unit, "emulation.change_indicatorresult")
    recorded = indicator_result_check(
        unit=current.unit,
        criterion=current.criterion,
        value=value,
        numerator=numerator,
        denominator=denominator,
        result=current,
    )
    current.value = recorded
    current.numerator = numerator
    current.denominator = denominator
    current.evidence = evidence
    current.full_clean()
    current.save()
    return current


@dataclass(frozen=True)
class GridEntry:
    """One criterion's figures typed in a unit's grid, with its stored result if any."""

    criterion: Criterion
    result: IndicatorResult | None
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None


@transaction.atomic
def indicator_results_enter(*, user: AbstractBaseUser, unit: Unit, entries: list[GridEntry]) -> int:
    """Record a unit's figures for several criteria at once: all of them, or none.

    Each figure goes through the same service as a single result (scope, lock, measure);
    the first refusal rolls back the figures already written. Returns how many were written.
    """
    for entry in entries:
        figures = {
            "value": entry.value,
            "numerator": entry.numerator,
            "denominator": entry.denominator,
        }
        if entry.result is None:
            indicator_result_create(user=user, unit=unit, criterion=entry.criterion, **figures)
        else:
            if entry.result.unit_id != unit.pk:
                raise PermissionDenied(_("This result belongs to another unit."))
            indicator_result_update(
                user=user, result=entry.result, evidence=entry.result.evidence, **figures
            )
    return len(entries)


@transaction.atomic
def indicator_result_submit(*, user: AbstractBaseUser, result: IndicatorResult) -> IndicatorResult:
    """Submit a draft result for the cluster head's review."""
    current = _fresh(result)
    _require_write(user, current.unit, "emulation.submit_indicator_result")
    if current.status != IndicatorResult.Status.DRAFT:
        raise ValidationError(
            _("Only a draft result can be submitted; this one is {status}.").format(
                status=current.get_status_display()
            ),
            code="not_draft",
        )
    current.status = IndicatorResult.Status.SUBMITTED
    current.submitted_by = user
    current.submitted_at = timezone.now()
    current.save()
    return current


@transaction.atomic
def indicator_result_lock(*, user: AbstractBaseUser, result: IndicatorResult) -> IndicatorResult:
    """Lock a submitted result after review: from then on nobody changes it."""
    current = _fresh(result)
    if not may_lock_for_cluster(user, current.criterion):
        raise PermissionDenied(
            _("Only the officers of the cluster's head unit lock its members' results.")
        )
    if current.status != IndicatorResult.Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted result can be locked; this one is {status}.").format(
                status=current.get_status_display()
            ),
            code="not_submitted",
        )
    current.status = IndicatorResult.Status.LOCKED
    current.locked_by = user
    current.locked_at = timezone.now()
    current.save()
    return current


@transaction.atomic
def indicator_result_unlock(
    *, user: AbstractBaseUser, result: IndicatorResult, reason: str
) -> IndicatorResult:
    """Reopen a locked result as submitted, with the reason kept in its history."""
    current = _fresh(result)
    # An administrator's membership unlocks the results of its own units only.
    if not has_unit_permission(user, "emulation.unlock_indicator_result", current.unit_id):
        raise PermissionDenied(_("Only an administrator unlocks a locked result."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for unlocking the result."), code="no_reason")
    if not current.is_locked:
        raise ValidationError(_("This result is not locked."), code="not_locked")
    current.status = IndicatorResult.Status.SUBMITTED
    current.locked_by = None
    current.locked_at = None
    current._change_reason = reason
    current.save()
    return current


@transaction.atomic
def indicator_result_delete(*, user: AbstractBaseUser, result: IndicatorResult) -> None:
    """Delete a draft result of one of the user's units; submitted results stay on record."""
    current = _fresh(result)
    _require_write(user, current.unit, "emulation.delete_indicatorresult")
    if not indicator_result_deletable(current):
        raise ValidationError(
            _("Only a draft result can be deleted; this one is {status}.").format(
                status=current.get_status_display()
            ),
            code="not_draft",
        )
    current.delete()


RESULT_IMPORTED_FIELDS = ("value", "numerator", "denominator", "evidence", "updated_at")


@transaction.atomic
def indicator_result_bulk_save(
    *,
    user: AbstractBaseUser,
    created: list[IndicatorResult],
    updated: list[IndicatorResult],
    reason: str,
) -> None:
    """Store new results and the changed figures of stored ones (a results file), by the rules.

    Every result is checked again inside the transaction: one may have been locked meanwhile.
    """
    results = [*created, *updated]
    units = Unit.objects.in_bulk({result.unit_id for result in results})
    criteria = Criterion.objects.select_related("pact__cluster").in_bulk(
        {result.criterion_id for result in results}
    )
    now = timezone.now()
    for result in results:
        result.unit, result.criterion = units[result.unit_id], criteria[result.criterion_id]
        _require_write(user, result.unit, "emulation.change_indicatorresult")
        result.value = indicator_result_check(
            unit=result.unit,
            criterion=result.criterion,
            value=result.value,
            numerator=result.numerator,
            denominator=result.denominator,
            result=result if result.pk is not None else None,
        )
        if result.pk is None:
            result.entered_by = user
        else:
            result.updated_at = now
    bulk_save_with_history(
        IndicatorResult,
        created=created,
        updated=updated,
        fields=RESULT_IMPORTED_FIELDS,
        user=user,
        reason=reason,
    )
