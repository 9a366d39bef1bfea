"""Writes to the units' lineage: record that a successor took over from a predecessor.

The lineage record (``organizations.UnitLineage``) is the source; the predecessor's
``valid_to`` and ``successor`` are copies this service keeps. Statistics read the lineage
(``selectors.lineage``), so recording a merger changes how the periods from its date on
read: dated inside a closed statistical year, it needs the reopen permission and a reason,
and is logged in that year's log.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enforcement.models import YearLogEntry
from enforcement.services.guards import (
    closed_years_between,
    closed_years_check,
    require_permission,
    require_unit_in_scope,
    today,
)
from organizations.formatting import short_date
from organizations.models import Unit, UnitLineage
from organizations.selectors import unit_as_on

LINEAGE_PERMISSION = "enforcement.merge_unit_cases"


def _reaches(start: Unit, target: Unit) -> bool:
    # Whether the target is among the start's successors, along any chain of lineage.
    successors: dict[int, set[int]] = {}
    for predecessor_id, successor_id in UnitLineage.objects.values_list(
        "predecessor_id", "successor_id"
    ):
        successors.setdefault(predecessor_id, set()).add(successor_id)
    seen, pending = set(), [start.pk]
    while pending:
        unit_id = pending.pop()
        if unit_id == target.pk:
            return True
        if unit_id not in seen:
            seen.add(unit_id)
            pending.extend(successors.get(unit_id, ()))
    return False


def unit_lineage_check(
    *,
    user: AbstractBaseUser,
    predecessor: Unit,
    successor: Unit,
    kind: str,
    taken_over_on: datetime.date,
    reason: str = "",
) -> None:
    """Refuse a lineage that loops, joins units of two kinds or bends a closed year unasked."""
    if predecessor.pk == successor.pk:
        raise ValidationError(
            {
                "successor": ValidationError(
                    _("A unit cannot be its own predecessor."), code="own_predecessor"
                )
            }
        )
    if _reaches(successor, predecessor):
        raise ValidationError(
            {
                "successor": ValidationError(
                    _(
                        "%(successor)s already descends from %(predecessor)s: a unit cannot "
                        "become its own predecessor through a chain of mergers."
                    )
                    % {"successor": successor, "predecessor": predecessor},
                    code="own_predecessor",
                )
            }
        )
    last_day = taken_over_on - datetime.timedelta(days=1)
    before, after = unit_as_on(predecessor, last_day), unit_as_on(successor, taken_over_on)
    if before.kind != after.kind:
        raise ValidationError(
            {
                "successor": ValidationError(
                    _(
                        "%(successor)s is a %(kind)s, %(predecessor)s a %(other)s: a unit is "
                        "succeeded by a unit of the same kind."
                    )
                    % {
                        "successor": after,
                        "kind": after.get_kind_display(),
                        "predecessor": before,
                        "other": before.get_kind_display(),
                    },
                    code="other_kind",
                )
            }
        )
    if taken_over_on <= predecessor.valid_from:
        raise ValidationError(
            {
                "taken_over_on": _("%(unit)s only began on %(day)s.")
                % {"unit": predecessor, "day": short_date(predecessor.valid_from)}
            }
        )
    if not successor.is_active_on(taken_over_on):
        raise ValidationError(
            {
                "taken_over_on": _("%(unit)s does not exist on %(day)s.")
                % {"unit": successor, "day": short_date(taken_over_on)}
            }
        )
    if kind == UnitLineage.Kind.MERGER:
        if predecessor.successions.exists():
            raise ValidationError(
                {"predecessor": _("%(unit)s already has a successor.") % {"unit": predecessor}}
            )
    elif predecessor.successions.exclude(
        kind=UnitLineage.Kind.SPLIT, taken_over_on=taken_over_on
    ).exists():
        raise ValidationError(
            {
                "taken_over_on": _(
                    "%(unit)s already has a successor: every part of a split takes over on "
                    "the same day."
                )
                % {"unit": predecessor}
            }
        )
    try:
        closed_years_check(
            user=user,
            years=closed_years_between(taken_over_on, max(taken_over_on, today())),
            reason=reason,
            unit_id=predecessor.pk,
        )
    except ValidationError as error:
        raise ValidationError({"reason": error.error_list}) from error


@transaction.atomic
def unit_lineage_record(
    *,
    user: AbstractBaseUser,
    predecessor: Unit,
    successor: Unit,
    taken_over_on: datetime.date,
    kind: str = UnitLineage.Kind.MERGER,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    reason: str = "",
) -> UnitLineage:
    """Record that the successor took over from the predecessor on a day; end the predecessor.

    The cases stay where they are: ``unit_merge_into_successor`` hands the open ones over
    (``unit_split`` records each part of a split and shares them out).
    """
    require_permission(user, LINEAGE_PERMISSION)
    require_unit_in_scope(user, predecessor, LINEAGE_PERMISSION)
    require_unit_in_scope(user, successor, LINEAGE_PERMISSION)
    predecessor = Unit.objects.select_for_update().get(pk=predecessor.pk)
    unit_lineage_check(
        user=user,
        predecessor=predecessor,
        successor=successor,
        kind=kind,
        taken_over_on=taken_over_on,
        reason=reason,
    )
    recorded_by = user if user.is_authenticated else None
    lineage = UnitLineage(
        predecessor=predecessor,
        successor=successor,
        kind=kind,
        taken_over_on=taken_over_on,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        reason=reason.strip(),
        recorded_by=recorded_by,
    )
    lineage._history_user = recorded_by
    lineage.full_clean()
    lineage.save()
    _copy_to_predecessor(predecessor, user=recorded_by)
    YearLogEntry.objects.bulk_create(
        YearLogEntry(
            statistical_year=year,
            action=YearLogEntry.Action.CORRECTED,
            user=recorded_by,
            reason=_("%(lineage)s: %(reason)s") % {"lineage": lineage, "reason": reason.strip()},
        )
        for year in closed_years_between(taken_over_on, max(taken_over_on, today()))
    )
    return lineage


def _copy_to_predecessor(predecessor: Unit, *, user: AbstractBaseUser | None) -> None:
    # The predecessor ends the day before its successors took over; a merger names its one.
    successions = list(predecessor.successions.order_by("taken_over_on", "pk"))
    if not successions:
        return
    first = successions[0]
    predecessor.valid_to = first.predecessor_last_day
    predecessor.successor = first.successor if first.kind == UnitLineage.Kind.MERGER else None
    predecessor._history_user = user
    predecessor._change_reason = str(first)
    predecessor.save(update_fields=["valid_to", "successor"])
