"""Money of enforcement cases: payments, reductions or exemptions, corrections of a payment.

Each is a dated event carrying what it changed in the money collected (``collected``) or
the reductions (``reduced``); the statistics count them (Thông tư 05/2024/TT-BTP counts the
money actually collected).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enforcement.models import OPEN_STATUSES, CaseEvent, EnforcementCase
from enforcement.services.guards import (
    check_event_date,
    closed_years_between,
    guard_closed_years,
)
from enforcement.services.obligation_rules import not_yet_due
from enforcement.services.records import lock_case, record_event, save_case
from organizations.audit import current_import_job
from organizations.formatting import format_money


def _record_money(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    on: datetime.date,
    amount: int,
    reduction: bool,
    note: str,
    reason: str,
) -> EnforcementCase:
    """Record money collected, or a reduction or exemption, never more than the balance."""
    locked = lock_case(user, case, "enforcement.change_case_status")
    messages = _REDUCTION_MESSAGES if reduction else _PAYMENT_MESSAGES
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(messages["closed"], params={"status": locked.get_status_display()})
    if amount <= 0:
        raise ValidationError(messages["not_positive"])
    # Money by period is settled as it falls due: the balance on the day leaves out the
    # periods still to come.
    outstanding = locked.amount_outstanding - not_yet_due(locked, on)
    if amount > outstanding:
        raise ValidationError(
            messages["above_balance"],
            params={
                "amount": format_money(amount),
                "outstanding": format_money(max(outstanding, 0)),
                "due": format_money(locked.amount_due),
            },
        )
    check_event_date(locked, on)
    guard_closed_years(user=user, years=closed_years_between(on, on), reason=reason, case=locked)
    if reduction:
        locked.amount_reduced += amount
    else:
        locked.amount_recovered += amount
    save_case(locked, user=user, reason=reason)
    record_event(
        case=locked,
        kind=CaseEvent.Kind.REDUCED if reduction else CaseEvent.Kind.PAYMENT,
        on=on,
        user=user,
        amount=amount,
        collected=0 if reduction else amount,
        reduced=amount if reduction else 0,
        note=note,
    )
    return locked


_PAYMENT_MESSAGES = {
    "closed": gettext_lazy("Payments are recorded only on an open case; this case is %(status)s."),
    "not_positive": gettext_lazy("The amount recovered must be more than zero."),
    "above_balance": gettext_lazy(
        "A payment of %(amount)s ₫ is more than the balance of %(outstanding)s ₫ "
        "still to enforce (of %(due)s ₫)."
    ),
}
_REDUCTION_MESSAGES = {
    "closed": gettext_lazy(
        "Reductions and exemptions are recorded only on an open case; this case is %(status)s."
    ),
    "not_positive": gettext_lazy("The amount reduced or exempted must be more than zero."),
    "above_balance": gettext_lazy(
        "A reduction of %(amount)s ₫ is more than the balance of %(outstanding)s ₫ "
        "still to enforce (of %(due)s ₫)."
    ),
}


@transaction.atomic
def case_record_payment(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    on: datetime.date,
    amount: int,
    note: str = "",
    reason: str = "",
) -> EnforcementCase:
    """Record money collected from the debtor on a day; never more than the balance."""
    return _record_money(
        user=user, case=case, on=on, amount=amount, reduction=False, note=note, reason=reason
    )


@transaction.atomic
def case_record_reduction(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    on: datetime.date,
    amount: int,
    note: str = "",
    reason: str = "",
) -> EnforcementCase:
    """Record a reduction or exemption (giảm, miễn thi hành án) of part of the balance.

    The decision to reduce or exempt (Art. 61-64 of the Law on Civil Judgment Enforcement)
    lowers what is left to enforce; the statistics count it as resolved in its period.
    """
    return _record_money(
        user=user, case=case, on=on, amount=amount, reduction=True, note=note, reason=reason
    )


# The events whose money collected a correction may change.
CORRECTABLE_PAYMENTS = (
    CaseEvent.Kind.PAYMENT,
    CaseEvent.Kind.IMPORTED,
    CaseEvent.Kind.COMPLETED,
    CaseEvent.Kind.TERMINATED,
)


@transaction.atomic
def case_correct_payment(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    payment: CaseEvent,
    amount: int,
    reason: str,
    note: str = "",
) -> EnforcementCase:
    """Correct a recorded payment to ``amount`` (0 reverses it), keeping what was recorded.

    The correction is an event of its own, by its author, with its reason; it takes effect
    on the corrected payment's day, so the statistics of that period count the money that
    was really collected then. In a closed year it needs the reopen permission, as every
    change does.
    """
    locked = lock_case(user, case, "enforcement.change_case_status")
    if not reason.strip():
        raise ValidationError(_("Give the reason for the correction."))
    if (
        payment.case_id != locked.pk
        or payment.corrects_id is not None
        or payment.kind not in CORRECTABLE_PAYMENTS
        or payment.collected <= 0
    ):
        raise ValidationError(_("Choose a payment of this case to correct."))
    if amount < 0:
        raise ValidationError(_("A payment cannot be corrected to less than zero."))
    current = payment.collected + sum(
        CaseEvent.objects.filter(corrects=payment).values_list("collected", flat=True)
    )
    difference = amount - current
    if difference == 0:
        raise ValidationError(
            _("The payment already stands at %(amount)s ₫."),
            params={"amount": format_money(amount)},
        )
    if difference > locked.amount_outstanding:
        raise ValidationError(
            _(
                "Correcting the payment to %(amount)s ₫ would bring the money collected to "
                "%(total)s ₫, more than the %(due)s ₫ to enforce less what was reduced."
            ),
            params={
                "amount": format_money(amount),
                "total": format_money(locked.amount_recovered + difference),
                "due": format_money(locked.amount_due),
            },
        )
    on = payment.occurred_on
    guard_closed_years(user=user, years=closed_years_between(on, on), reason=reason, case=locked)
    locked.amount_recovered += difference
    save_case(locked, user=user, reason=reason)
    CaseEvent.objects.create(
        case=locked,
        kind=CaseEvent.Kind.PAYMENT_CORRECTED,
        occurred_on=on,
        recorded_by=user if user.is_authenticated else None,
        amount=amount,
        collected=difference,
        corrects=payment,
        note="\n".join(part for part in (reason.strip(), note.strip()) if part),
        import_job=current_import_job(),
        # The state the corrected payment left the case in: the correction belongs there.
        status_after=payment.status_after,
        eligibility_after=payment.eligibility_after,
        ground_id=payment.ground_id,
        enforcer_id=payment.enforcer_id,
    )
    return locked
