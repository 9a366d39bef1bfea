"""The rules every enforcement case satisfies, however it is written: a service, the admin, a file.

The database holds the same rules as constraints (``EnforcementCase.Meta``); this function
says which one a case breaks in the user's language, on the field at fault, before a write.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.models import CLOSED_STATUSES, Status, statistical_year_of
from organizations.formatting import format_money


def case_rules_check(
    *,
    unit_id: int,
    status: str,
    accepted_on: datetime.date,
    closed_on: datetime.date | None,
    amount_due: int,
    amount_recovered: int,
    amount_reduced: int = 0,
    entrusted_to_id: int | None = None,
    receiver_named: bool = False,
    correcting_due: bool = False,
    closed_years: Collection[int] = (),
    may_reopen: Callable[[], bool] | None = None,
    today: datetime.date | None = None,
) -> None:
    """Refuse a case whose values break a rule of every case; the error names the field.

    ``receiver_named`` tells that a receiving unit was written, even one that was not found;
    ``correcting_due`` words the amounts' rule for a corrected amount to enforce. With
    ``closed_years``, a case counted in one of them (from acceptance to its closing, or
    today) is refused unless ``may_reopen()``.
    """
    if amount_recovered + amount_reduced > amount_due:
        if correcting_due and amount_reduced:
            raise ValidationError(
                {
                    "amount_due": ValidationError(
                        _(
                            "The amount to enforce cannot be less than the %(recovered)s ₫ "
                            "recovered and the %(reduced)s ₫ reduced or exempted."
                        ),
                        params={
                            "recovered": format_money(amount_recovered),
                            "reduced": format_money(amount_reduced),
                        },
                    )
                }
            )
        if correcting_due:
            raise ValidationError(
                {
                    "amount_due": ValidationError(
                        _(
                            "The amount to enforce cannot be less than the %(recovered)s ₫ "
                            "recovered."
                        ),
                        params={"recovered": format_money(amount_recovered)},
                    )
                }
            )
        if amount_recovered <= amount_due:
            raise ValidationError(
                {
                    "amount_reduced": _(
                        "The amount reduced or exempted is more than what is left to enforce."
                    )
                }
            )
        raise ValidationError(
            {"amount_recovered": _("The amount recovered is more than the amount to enforce.")}
        )
    if status in CLOSED_STATUSES and closed_on is None:
        raise ValidationError({"closed_on": _("A closed case needs its closing date.")})
    if status not in CLOSED_STATUSES and closed_on is not None:
        raise ValidationError({"closed_on": _("A case still being enforced has no closing date.")})
    if closed_on is not None and closed_on < accepted_on:
        raise ValidationError({"closed_on": _("The closing date is before the accepted date.")})
    if status == Status.ENTRUSTED:
        if entrusted_to_id is None:
            raise ValidationError(
                {"entrusted_to": _("Name the enforcement unit the case goes to.")}
            )
        if entrusted_to_id == unit_id:
            raise ValidationError(
                {"entrusted_to": _("A case cannot be entrusted to its own unit.")}
            )
    elif entrusted_to_id is not None or receiver_named:
        raise ValidationError({"entrusted_to": _("Only an entrusted case names a receiving unit.")})
    if closed_years:
        last = closed_on or today or timezone.localdate()
        counted = closed_years_counting(accepted_on, last, closed_years)
        if counted and not (may_reopen is not None and may_reopen()):
            raise ValidationError(
                {
                    "accepted_on": _(
                        "The case counts in the closed statistical year %(year)s: only a user "
                        "who may reopen it can import it."
                    )
                    % {"year": counted[0]}
                },
                code="closed_year",
            )


def closed_years_counting(
    first: datetime.date, last: datetime.date, closed_years: Collection[int]
) -> list[int]:
    """Return the closed statistical years, in order, that the days from first to last touch."""
    years = range(statistical_year_of(first), statistical_year_of(last) + 1)
    return sorted(set(years).intersection(closed_years))
