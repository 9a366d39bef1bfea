"""Unit split: a predecessor's open cases shared among its successors, each case to one.

The offices decide where each case goes (a province's cases by the area the debtor lives
in, an office's by the regional court that now covers it): the administrator gives the
mapping, successor by successor, and the split is refused unless every open case of the
predecessor goes to exactly one successor. The split is then dated lineage (one record per
successor, ``services.lineage``) and each case is handed over as a merger hands them
(``services.handovers``): statistics of the periods before the split read the cases under
the predecessor, later ones under the successor that took each, every case once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enforcement.models import OPEN_STATUSES, EnforcementCase
from enforcement.services.guards import require_permission
from enforcement.services.handovers import cases_hand_over
from enforcement.services.lineage import LINEAGE_PERMISSION, unit_lineage_record
from organizations.models import Unit, UnitLineage

# How many decision numbers a refusal quotes.
QUOTED = 10


def _numbers(cases: Iterable[EnforcementCase]) -> str:
    numbers = sorted(f"{case.decision_number} ({case.decision_date:%Y})" for case in cases)
    more = len(numbers) - QUOTED
    return ", ".join(numbers[:QUOTED]) + (
        _(" and %(count)s more") % {"count": more} if more > 0 else ""
    )


def unit_split_check(*, predecessor: Unit, shares: Mapping[Unit, Iterable[int]]) -> dict[int, Unit]:
    """Return each open case's successor; refuse a mapping that misses or repeats a case."""
    errors = []
    if len(shares) < 2:
        errors.append(
            ValidationError(
                _("A split hands the unit to two successors or more; to one, it is a merger."),
                code="too_few_successors",
            )
        )
    open_cases = EnforcementCase.objects.filter(unit=predecessor, status__in=OPEN_STATUSES)
    open_ids = set(open_cases.values_list("pk", flat=True))
    taken: dict[int, Unit] = {}
    twice: set[int] = set()
    for successor, case_ids in shares.items():
        for case_id in case_ids:
            if case_id in taken:
                twice.add(case_id)
            taken[case_id] = successor
    if twice:
        errors.append(
            ValidationError(
                _("These cases are given to two successors: %(numbers)s."),
                params={"numbers": _numbers(EnforcementCase.objects.filter(pk__in=twice))},
                code="case_twice",
            )
        )
    if missing := open_ids - taken.keys():
        errors.append(
            ValidationError(
                _(
                    "Every open case of %(unit)s goes to one successor; these are given to "
                    "none: %(numbers)s."
                ),
                params={
                    "unit": predecessor,
                    "numbers": _numbers(open_cases.filter(pk__in=missing)),
                },
                code="case_missing",
            )
        )
    if stray := taken.keys() - open_ids:
        errors.append(
            ValidationError(
                _("These are not open cases of %(unit)s: %(numbers)s."),
                params={
                    "unit": predecessor,
                    "numbers": _numbers(EnforcementCase.objects.filter(pk__in=stray)),
                },
                code="not_open_case",
            )
        )
    if errors:
        raise ValidationError(errors)
    return taken


@transaction.atomic
def unit_split(
    *,
    user: AbstractBaseUser,
    predecessor: Unit,
    taken_over_on: datetime.date,
    shares: Mapping[Unit, Iterable[int]],
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    reason: str = "",
) -> dict[Unit, int]:
    """Split the unit among its successors from the day on; return how many cases each took.

    ``shares`` gives each successor the ids of the predecessor's open cases it takes: every
    open case exactly once. Nothing is written unless the whole split is valid.
    """
    require_permission(user, LINEAGE_PERMISSION)
    shares = {successor: list(case_ids) for successor, case_ids in shares.items()}
    # Locked first: a case opened or closed meanwhile cannot slip past the check.
    cases = EnforcementCase.objects.in_bulk(
        list(
            EnforcementCase.objects.select_for_update()
            .filter(unit=predecessor, status__in=OPEN_STATUSES)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    )
    taken = unit_split_check(predecessor=predecessor, shares=shares)
    for successor in shares:
        unit_lineage_record(
            user=user,
            predecessor=predecessor,
            successor=successor,
            taken_over_on=taken_over_on,
            kind=UnitLineage.Kind.SPLIT,
            decision_number=decision_number,
            decision_date=decision_date,
            reason=reason,
        )
    note = _("Moved from %(unit)s (split).") % {"unit": predecessor}
    moved = {}
    for successor in shares:
        share = [cases[pk] for pk in sorted(taken) if taken[pk] == successor]
        cases_hand_over(share, to_unit=successor, on=taken_over_on, note=note, user=user)
        moved[successor] = len(share)
    return moved
