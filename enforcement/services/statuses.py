"""Writes to the state of enforcement cases: status and eligibility, as dated events.

Payments, reductions and their corrections are in ``services.money``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enforcement.models import (
    OPEN_STATUSES,
    STATUS_GROUND_ACTIONS,
    CaseEvent,
    Eligibility,
    EnforcementCase,
    GroundAction,
    LegalGround,
    Status,
)
from enforcement.selectors import ENFORCEMENT_UNIT_KINDS
from enforcement.services.entrustment import entrustment_decision_check, sent_case_link
from enforcement.services.guards import (
    check_event_date,
    closed_years_between,
    guard_closed_years,
    short_date,
)
from enforcement.services.money import case_record_payment, case_record_reduction
from enforcement.services.reassignment import case_reassign_office, is_reassignment
from enforcement.services.records import lock_case, record_event, save_case
from organizations.models import Unit

_REFUSALS = {
    Status.POSTPONED: gettext_lazy(
        "Only a case in progress can be postponed; this case is %(status)s."
    ),
    Status.SUSPENDED: gettext_lazy(
        "Only a case in progress or postponed can be suspended; this case is %(status)s."
    ),
    Status.IN_PROGRESS: gettext_lazy(
        "Only a postponed or suspended case can be resumed; this case is %(status)s."
    ),
    Status.COMPLETED: gettext_lazy("Only an open case can be completed; this case is %(status)s."),
    Status.TERMINATED: gettext_lazy(
        "Only an open case can be terminated; this case is %(status)s."
    ),
    Status.ENTRUSTED: gettext_lazy("Only an open case can be entrusted; this case is %(status)s."),
    Status.WITHDRAWN: gettext_lazy("Only an open case can be withdrawn; this case is %(status)s."),
}
_ALLOWED_FROM = {
    Status.POSTPONED: (Status.IN_PROGRESS,),
    Status.SUSPENDED: (Status.IN_PROGRESS, Status.POSTPONED),
    Status.IN_PROGRESS: (Status.POSTPONED, Status.SUSPENDED),
    Status.COMPLETED: OPEN_STATUSES,
    Status.TERMINATED: OPEN_STATUSES,
    Status.ENTRUSTED: OPEN_STATUSES,
    Status.WITHDRAWN: OPEN_STATUSES,
}
_EVENT_OF_STATUS = {
    Status.POSTPONED: CaseEvent.Kind.POSTPONED,
    Status.SUSPENDED: CaseEvent.Kind.SUSPENDED,
    Status.IN_PROGRESS: CaseEvent.Kind.RESUMED,
    Status.COMPLETED: CaseEvent.Kind.COMPLETED,
    Status.TERMINATED: CaseEvent.Kind.TERMINATED,
    Status.ENTRUSTED: CaseEvent.Kind.ENTRUSTED,
    Status.WITHDRAWN: CaseEvent.Kind.WITHDRAWN,
}


def _remember_state(case: EnforcementCase) -> None:
    case.previous_status = case.status
    case.previous_eligibility = case.eligibility
    case.previous_ground = case.ground
    case.previous_state_changed_on = case.state_changed_on


def legal_ground_check(*, ground: LegalGround | None, action: str) -> None:
    """Refuse a missing ground, one of another action, or one no longer in use."""
    if ground is None:
        raise ValidationError(
            _("Name the legal ground of the %(action)s."),
            params={"action": GroundAction(action).label},
        )
    if ground.action != action:
        raise ValidationError(
            _("Ground %(code)s is a ground of %(ground_action)s, not of %(action)s."),
            params={
                "code": ground.code,
                "ground_action": ground.get_action_display(),
                "action": GroundAction(action).label,
            },
        )
    if not ground.is_active:
        raise ValidationError(
            _("Ground %(code)s is no longer in use."), params={"code": ground.code}
        )


def _change_status(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    to: Status,
    on: datetime.date,
    note: str,
    reason: str,
    entrusted_to: Unit | None = None,
    ground: LegalGround | None = None,
    entrustment_decision: tuple[str, datetime.date | None] = ("", None),
) -> EnforcementCase:
    locked = lock_case(user, case, "enforcement.change_case_status")
    if to in STATUS_GROUND_ACTIONS:
        legal_ground_check(ground=ground, action=STATUS_GROUND_ACTIONS[to])
    if locked.status not in _ALLOWED_FROM[to]:
        raise ValidationError(_REFUSALS[to], params={"status": locked.get_status_display()})
    check_event_date(locked, on)
    if to == Status.ENTRUSTED:
        entrustment_decision_check(
            case=locked,
            number=entrustment_decision[0],
            on=entrustment_decision[1],
            entrusted_on=on,
        )
    if to not in OPEN_STATUSES:
        _check_closing_after_money(locked, on)
    guard_closed_years(user=user, years=closed_years_between(on, on), reason=reason, case=locked)
    _remember_state(locked)
    locked.status = to
    locked.state_changed_on = on
    collected = 0
    if to not in OPEN_STATUSES:
        locked.closed_on = on
        if to == Status.COMPLETED:
            # Completed (thi hành xong) means nothing is left to enforce: the balance is
            # recorded as collected on the day, shown with the event, correctable later.
            collected = locked.amount_outstanding
            locked.amount_recovered += collected
    locked.entrusted_to = entrusted_to
    number = entrustment_decision[0].strip()
    locked.entrustment_decision_number = number
    locked.entrustment_decision_date = entrustment_decision[1] if number else None
    # Resuming, completing, entrusting or withdrawing ends the state the ground was for.
    locked.ground = ground if to in STATUS_GROUND_ACTIONS else None
    save_case(locked, user=user, reason=reason)
    record_event(
        case=locked,
        kind=_EVENT_OF_STATUS[to],
        on=on,
        user=user,
        amount=collected,
        collected=collected,
        note=note,
    )
    if to == Status.ENTRUSTED:
        sent_case_link(locked)
    return locked


def _check_closing_after_money(case: EnforcementCase, on: datetime.date) -> None:
    """Refuse to close a case before a day it received money or a reduction."""
    last = (
        CaseEvent.objects.filter(case=case)
        .exclude(collected=0, reduced=0)
        .aggregate(last=Max("occurred_on"))["last"]
    )
    if last is not None and on < last:
        raise ValidationError(
            _(
                "The date %(date)s is before the last payment or reduction of the case "
                "(%(last)s): a case closes after its money."
            ),
            params={"date": short_date(on), "last": short_date(last)},
        )


@transaction.atomic
def case_postpone(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    on: datetime.date,
    ground: LegalGround | None = None,
    note: str = "",
    reason: str = "",
) -> EnforcementCase:
    """Postpone a case in progress (hoãn thi hành án) on a ground of Art. 48."""
    return _change_status(
        user=user, case=case, to=Status.POSTPONED, on=on, note=note, reason=reason, ground=ground
    )


@transaction.atomic
def case_suspend(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    on: datetime.date,
    ground: LegalGround | None = None,
    note: str = "",
    reason: str = "",
) -> EnforcementCase:
    """Suspend a case in progress or postponed (tạm đình chỉ) on a ground of Art. 49."""
    return _change_status(
        user=user, case=case, to=Status.SUSPENDED, on=on, note=note, reason=reason, ground=ground
    )


@transaction.atomic
def case_resume(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    on: datetime.date,
    note: str = "",
    reason: str = "",
) -> EnforcementCase:
    """Resume a postponed or suspended case."""
    return _change_status(
        user=user, case=case, to=Status.IN_PROGRESS, on=on, note=note, reason=reason
    )


@transaction.atomic
def case_complete(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    on: datetime.date,
    note: str = "",
    reason: str = "",
) -> EnforcementCase:
    """Close a case as completed (thi hành xong)."""
    return _change_status(
        user=user, case=case, to=Status.COMPLETED, on=on, note=note, reason=reason
    )


@transaction.atomic
def case_terminate(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    on: datetime.date,
    ground: LegalGround | None = None,
    note: str = "",
    reason: str = "",
) -> EnforcementCase:
    """Close a case as terminated (đình chỉ thi hành án) on a ground of Art. 50."""
    return _change_status(
        user=user, case=case, to=Status.TERMINATED, on=on, note=note, reason=reason, ground=ground
    )


@transaction.atomic
def case_withdraw(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    on: datetime.date,
    note: str = "",
    reason: str = "",
) -> EnforcementCase:
    """Close a case whose enforcement decision was withdrawn or cancelled."""
    return _change_status(
        user=user, case=case, to=Status.WITHDRAWN, on=on, note=note, reason=reason
    )


@transaction.atomic
def case_entrust(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    on: datetime.date,
    to_unit: Unit,
    note: str = "",
    reason: str = "",
    decision_number: str = "",
    decision_date: datetime.date | None = None,
) -> EnforcementCase:
    """Close a case by entrusting it to another enforcement agency (ủy thác).

    From 1 July 2025 a case passed to another office of its own agency is not entrusted
    but reassigned: it stays open, handled by that office (``case_reassign_office``). The
    entrustment decision issued (number and date) is recorded when given; the receiver's
    case waiting for it is linked to the case then (``services.entrustment``).
    """
    if is_reassignment(case.unit, to_unit, on):
        return case_reassign_office(
            user=user, case=case, on=on, to_unit=to_unit, note=note, reason=reason
        )
    if to_unit.pk == case.unit_id:
        raise ValidationError(_("A case cannot be entrusted to its own unit."))
    if to_unit.kind not in ENFORCEMENT_UNIT_KINDS or not to_unit.is_active_on(on):
        raise ValidationError(
            _("%(unit)s is not an enforcement unit in operation on %(date)s."),
            params={"unit": to_unit, "date": short_date(on)},
        )
    return _change_status(
        user=user,
        case=case,
        to=Status.ENTRUSTED,
        on=on,
        note=note,
        reason=reason,
        entrusted_to=to_unit,
        entrustment_decision=(decision_number, decision_date),
    )


@transaction.atomic
def case_set_eligibility(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    eligibility: str,
    on: datetime.date,
    ground: LegalGround | None = None,
    note: str = "",
    reason: str = "",
) -> EnforcementCase:
    """Record that an open case has become eligible, or not yet eligible on a ground of Art. 44a.

    Becoming eligible ends a ground of Art. 44a; a postponement or suspension ground stays
    while the case stays postponed or suspended.
    """
    locked = lock_case(user, case, "enforcement.change_case_status")
    if eligibility == Eligibility.NOT_ELIGIBLE:
        legal_ground_check(ground=ground, action=GroundAction.NOT_ELIGIBLE)
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(
            _("Eligibility changes only for an open case; this case is %(status)s."),
            params={"status": locked.get_status_display()},
        )
    if eligibility not in Eligibility.values:
        raise ValidationError(_("Unknown eligibility."))
    if locked.eligibility == eligibility:
        raise ValidationError(
            _("The case is already %(eligibility)s."),
            params={"eligibility": locked.get_eligibility_display()},
        )
    check_event_date(locked, on)
    guard_closed_years(user=user, years=closed_years_between(on, on), reason=reason, case=locked)
    _remember_state(locked)
    locked.eligibility = eligibility
    locked.state_changed_on = on
    if eligibility == Eligibility.NOT_ELIGIBLE:
        locked.ground = ground
    elif locked.ground is not None and locked.ground.action == GroundAction.NOT_ELIGIBLE:
        locked.ground = None
    save_case(locked, user=user, reason=reason)
    record_event(case=locked, kind=CaseEvent.Kind.ELIGIBILITY_CHANGED, on=on, user=user, note=note)
    return locked


STATUS_SERVICES = {
    Status.POSTPONED: case_postpone,
    Status.SUSPENDED: case_suspend,
    Status.IN_PROGRESS: case_resume,
    Status.COMPLETED: case_complete,
    Status.TERMINATED: case_terminate,
    Status.WITHDRAWN: case_withdraw,
}


@dataclass(frozen=True)
class StatusUpdate:
    """One line of a status file: what became of a stored case on a day."""

    case_id: int
    on: datetime.date
    note: str
    status: str | None = None
    eligibility: str | None = None
    amount_recovered: int | None = None
    amount_reduced: int | None = None
    entrusted_to: Unit | None = None
    ground: LegalGround | None = None


@transaction.atomic
def case_status_bulk_update(
    *, user: AbstractBaseUser, updates: Iterable[StatusUpdate], reason: str
) -> None:
    """Apply a status file: eligibility, the payment and the reduction up to their totals, status.

    The row's ground goes with the change that needs one: not yet eligible, or a
    postponement, suspension or termination.

    Each change goes through its service, which checks every rule again and writes the
    case's event; a file holds few rows at a time.
    """
    for update in updates:
        on, note = update.on, update.note
        case = EnforcementCase.objects.get(pk=update.case_id)
        if update.eligibility and update.eligibility != case.eligibility:
            case = case_set_eligibility(
                user=user,
                case=case,
                eligibility=update.eligibility,
                on=on,
                ground=update.ground if update.eligibility == Eligibility.NOT_ELIGIBLE else None,
                note=note,
                reason=reason,
            )
        recovered = update.amount_recovered
        if recovered is not None and recovered > case.amount_recovered:
            case = case_record_payment(
                user=user,
                case=case,
                on=on,
                amount=recovered - case.amount_recovered,
                note=note,
                reason=reason,
            )
        reduced = update.amount_reduced
        if reduced is not None and reduced > case.amount_reduced:
            case = case_record_reduction(
                user=user,
                case=case,
                on=on,
                amount=reduced - case.amount_reduced,
                note=note,
                reason=reason,
            )
        if update.status and update.status != case.status:
            if update.status == Status.ENTRUSTED:
                case_entrust(
                    user=user,
                    case=case,
                    on=on,
                    to_unit=update.entrusted_to,
                    note=note,
                    reason=reason,
                )
            elif update.status in STATUS_GROUND_ACTIONS:
                STATUS_SERVICES[update.status](
                    user=user, case=case, on=on, ground=update.ground, note=note, reason=reason
                )
            else:
                STATUS_SERVICES[update.status](
                    user=user, case=case, on=on, note=note, reason=reason
                )
