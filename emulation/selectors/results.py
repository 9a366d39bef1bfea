"""Reads of indicator results: who may write, lock or delete them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from emulation.models import Criterion, IndicatorResult
from organizations.models import Unit
from organizations.scoping import has_unit_permission

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def may_write_for_unit(
    user: AbstractBaseUser, unit: Unit, permission: str = "emulation.change_indicatorresult"
) -> bool:
    """Tell whether the user holds the permission in the unit (one of their own units).

    A cluster head's officers read every member's results, but write only their own.
    """
    return has_unit_permission(user, permission, unit.pk)


def may_lock_for_cluster(user: AbstractBaseUser, criterion: Criterion) -> bool:
    """Tell whether the user reviews the criterion's cluster: head unit officers or ministry."""
    return has_unit_permission(
        user, "emulation.lock_indicator_result", criterion.pact.cluster.head_id
    )


def indicator_result_deletable(result: IndicatorResult) -> bool:
    """Tell whether the result may be deleted: a draft; submitted results stay on record."""
    return result.status == IndicatorResult.Status.DRAFT


def may_delete_result(user: AbstractBaseUser, result: IndicatorResult) -> bool:
    """Tell whether the user may delete the result: a draft of one of their own units."""
    return indicator_result_deletable(result) and may_write_for_unit(
        user, result.unit, "emulation.delete_indicatorresult"
    )
