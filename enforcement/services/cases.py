"""Writes to enforcement cases: open, correct, change status or eligibility, record payments."""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enforcement.models import (
    OPEN_STATUSES,
    CaseEvent,
    Eligibility,
    EnforcementCase,
    ImportedCases,
    Status,
)
from enforcement.search import SEARCHED_FIELDS, refresh_case_text
from enforcement.selectors import ENFORCEMENT_UNIT_KINDS
from enforcement.services.guards import (
    check_event_date,
    closed_years_between,
    closed_years_of_case,
    guard_closed_years,
    lock_case_in_scope,
    require_permission,
    require_unit_in_scope,
    short_date,
    today,
)
from organizations.audit import change_reason, current_import_job
from organizations.models import ImportJob, Unit

# Fields the statistics rest on: changing them for a case counted in a closed year
# changes frozen figures, so it needs the reopen permission and a reason.
FIGURE_FIELDS = frozenset(
    {"unit", "decision_number", "decision_date", "accepted_on", "judgment_kind", "amount_due"}
)
# Fields only the status services may change.
STATE_FIELDS = frozenset(
    {"status", "eligibility", "closed_on", "state_changed_on", "entrusted_to", "amount_recovered"}
)

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


def _money(amount: int) -> str:
    return number_format(amount, force_grouping=True)


def _record(
    *,
    case: EnforcementCase,
    kind: str,
    on: datetime.date,
    user: AbstractBaseUser | None,
    amount: int = 0,
    note: str = "",
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        occurred_on=on,
        recorded_by=user if user is not None and user.is_authenticated else None,
        amount=amount,
        note=note,
        import_job=current_import_job(),
        status_after=case.status,
        eligibility_after=case.eligibility,
    )


def record_imported_states(cases: Iterable[EnforcementCase]) -> None:
    """Write the first event of imported cases that have none: the state their file gave.

    A bulk import names its job once per range of case ids (``ImportedCases``) and writes no
    event per case; each service calls this before a case's first change, so that the
    statistics of a period before that change read the imported state from an event.
    """
    cases = [case for case in cases if case.pk is not None]
    if not cases:
        return
    with_events = set(
        CaseEvent.objects.filter(case__in=cases).values_list("case_id", flat=True).distinct()
    )
    pending = [case for case in cases if case.pk not in with_events]
    if not pending:
        return
    ranges = list(
        ImportedCases.objects.filter(
            first_id__lte=max(case.pk for case in pending),
            last_id__gte=min(case.pk for case in pending),
        )
        .select_related("import_job__uploaded_by")
        .order_by("first_id")
    )
    firsts = [imported.first_id for imported in ranges]
    events = []
    for case in pending:
        found = bisect.bisect_right(firsts, case.pk) - 1
        if found < 0 or ranges[found].last_id < case.pk:
            continue  # entered by hand: its events began with its opening
        job = ranges[found].import_job
        events.append(
            CaseEvent(
                case=case,
                kind=CaseEvent.Kind.IMPORTED,
                occurred_on=case.state_changed_on,
                amount=case.amount_recovered,
                note=change_reason(job),
                import_job=job,
                status_after=case.status,
                eligibility_after=case.eligibility,
            )
        )
    created = CaseEvent.objects.bulk_create(events, batch_size=1000)
    # Recorded when the import was: the job's time, not the day of the first change.
    by_job: dict[ImportJob, list[int]] = {}
    for event in created:
        by_job.setdefault(event.import_job, []).append(event.pk)
    for job, event_ids in by_job.items():
        CaseEvent.objects.filter(pk__in=event_ids).update(
            recorded_at=job.applied_at or job.created_at
        )
    _record_imported_history(created)


def _record_imported_history(events: list[CaseEvent]) -> None:
    """Give imported cases without history rows a first one: the state their file gave.

    The change about to be made then shows in the case's history as a change from the
    imported values (recovered 0 → 1.000.000), not as a row with nothing to compare.
    """
    with_history = set(
        EnforcementCase.history.filter(id__in=[event.case_id for event in events])
        .values_list("id", flat=True)
        .distinct()
    )
    by_job: dict[ImportJob, list[EnforcementCase]] = {}
    for event in events:
        if event.case_id not in with_history:
            by_job.setdefault(event.import_job, []).append(event.case)
    for job, imported in by_job.items():
        EnforcementCase.history.bulk_history_create(
            imported,
            default_user=job.uploaded_by,
            default_change_reason=change_reason(job)[:100],
            default_date=job.applied_at or job.created_at,
        )


def _lock(user: AbstractBaseUser, case: EnforcementCase, permission: str) -> EnforcementCase:
    """Lock the case where the user holds the permission, its imported state recorded first."""
    require_permission(user, permission)
    locked = lock_case_in_scope(user, case, permission)
    record_imported_states([locked])
    return locked


def _remember_state(case: EnforcementCase) -> None:
    case.previous_status = case.status
    case.previous_eligibility = case.eligibility
    case.previous_state_changed_on = case.state_changed_on


def _save(case: EnforcementCase, *, user: AbstractBaseUser | None, reason: str = "") -> None:
    # The model's constraints carry the invariants; full_clean reports them in the
    # user's language before the database would refuse them.
    case.full_clean()
    # The history names the author and reason even when no request is around (imports).
    if user is not None and user.is_authenticated:
        case._history_user = user
    if reason.strip():
        case._change_reason = reason.strip()[:100]
    case.save()


def _check_enforcement_unit(unit: Unit, on: datetime.date) -> None:
    if unit.kind not in ENFORCEMENT_UNIT_KINDS:
        raise ValidationError(
            {"unit": _("%(unit)s is not a civil judgment enforcement unit.")},
            params={"unit": unit},
        )
    if not unit.is_active_on(on):
        raise ValidationError(
            {
                "unit": ValidationError(
                    _("%(unit)s did not exist on %(date)s."),
                    params={"unit": unit, "date": short_date(on)},
                )
            }
        )


@transaction.atomic
def case_open(
    *,
    user: AbstractBaseUser,
    unit: Unit,
    decision_number: str,
    decision_date: datetime.date,
    accepted_on: datetime.date,
    judgment: str,
    initiation: str,
    debtor: str,
    eligibility: str,
    judgment_kind: str = "civil",
    creditor: str = "",
    amount_due: int = 0,
    notes: str = "",
    reason: str = "",
) -> EnforcementCase:
    """Accept a new enforcement decision for a unit of the user's scope."""
    require_permission(user, "enforcement.add_enforcementcase")
    require_unit_in_scope(user, unit, "enforcement.add_enforcementcase")
    _check_enforcement_unit(unit, accepted_on)
    case = EnforcementCase(
        unit=unit,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        accepted_on=accepted_on,
        judgment=judgment,
        judgment_kind=judgment_kind,
        initiation=initiation,
        debtor=debtor,
        creditor=creditor,
        amount_due=amount_due,
        eligibility=eligibility,
        status=Status.IN_PROGRESS,
        state_changed_on=accepted_on,
        notes=notes,
    )
    check_event_date(case, accepted_on)
    _save(case, user=user, reason=reason)
    refresh_case_text(case)
    guard_closed_years(
        user=user, years=closed_years_between(accepted_on, accepted_on), reason=reason, case=case
    )
    _record(case=case, kind=CaseEvent.Kind.OPENED, on=accepted_on, user=user, amount=amount_due)
    return case


@transaction.atomic
def case_update(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    changes: dict[str, Any],
    reason: str = "",
) -> EnforcementCase:
    """Correct a case's recorded facts; its state changes go through the status services."""
    locked = _lock(user, case, "enforcement.change_enforcementcase")
    refused = STATE_FIELDS.intersection(changes)
    if refused:
        raise ValidationError(
            _("The status, eligibility, closing and recovered amount change only through actions.")
        )
    changed = {field: value for field, value in changes.items() if getattr(locked, field) != value}
    if not changed:
        return locked
    touched_figures = FIGURE_FIELDS.intersection(changed)
    if touched_figures:
        years = {year.pk: year for year in closed_years_of_case(locked)}
        if "accepted_on" in changed:
            new_day = changed["accepted_on"]
            for year in closed_years_between(new_day, new_day):
                years.setdefault(year.pk, year)
        guard_closed_years(
            user=user,
            years=sorted(years.values(), key=lambda year: year.year),
            reason=reason,
            case=locked,
        )
    if "unit" in changed:
        require_unit_in_scope(user, changed["unit"], "enforcement.change_enforcementcase")
        _check_enforcement_unit(changed["unit"], changed.get("accepted_on", locked.accepted_on))
    old_accepted_on = locked.accepted_on
    if "accepted_on" in changed:
        _check_new_accepted_on(locked, changed["accepted_on"])
    for field, value in changed.items():
        setattr(locked, field, value)
    if "accepted_on" in changed:
        # The opening event moves with the acceptance date, and so does an imported case's
        # event when its imported state began at acceptance; later events keep their days.
        locked.events.filter(
            Q(kind=CaseEvent.Kind.OPENED)
            | Q(kind=CaseEvent.Kind.IMPORTED, occurred_on=old_accepted_on)
        ).update(occurred_on=locked.accepted_on)
        # The initial state began at acceptance: its start moves too.
        if locked.previous_state_changed_on is None:
            locked.state_changed_on = locked.accepted_on
        elif locked.previous_state_changed_on == old_accepted_on:
            locked.previous_state_changed_on = locked.accepted_on
    if locked.amount_due < locked.amount_recovered:
        raise ValidationError(
            {
                "amount_due": ValidationError(
                    _("The amount to enforce cannot be less than the %(recovered)s ₫ recovered."),
                    params={"recovered": _money(locked.amount_recovered)},
                )
            }
        )
    _save(locked, user=user, reason=reason)
    if not changed.keys().isdisjoint(SEARCHED_FIELDS):
        refresh_case_text(locked)
    labels = ", ".join(str(EnforcementCase._meta.get_field(name).verbose_name) for name in changed)
    note = _("Changed: %(fields)s.") % {"fields": labels}
    if reason.strip():
        note = f"{note} {reason.strip()}"
    _record(
        case=locked,
        kind=CaseEvent.Kind.CORRECTED,
        on=max(today(), locked.state_changed_on),
        user=user,
        note=note,
    )
    return locked


def _change_status(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    to: Status,
    on: datetime.date,
    note: str,
    reason: str,
    entrusted_to: Unit | None = None,
) -> EnforcementCase:
    locked = _lock(user, case, "enforcement.change_case_status")
    if locked.status not in _ALLOWED_FROM[to]:
        raise ValidationError(_REFUSALS[to], params={"status": locked.get_status_display()})
    check_event_date(locked, on)
    guard_closed_years(user=user, years=closed_years_between(on, on), reason=reason, case=locked)
    _remember_state(locked)
    locked.status = to
    locked.state_changed_on = on
    if to not in OPEN_STATUSES:
        locked.closed_on = on
    locked.entrusted_to = entrusted_to
    _save(locked, user=user, reason=reason)
    _record(case=locked, kind=_EVENT_OF_STATUS[to], on=on, user=user, note=note)
    return locked


@transaction.atomic
def case_postpone(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    on: datetime.date,
    note: str = "",
    reason: str = "",
) -> EnforcementCase:
    """Postpone a case in progress (hoãn thi hành án)."""
    return _change_status(
        user=user, case=case, to=Status.POSTPONED, on=on, note=note, reason=reason
    )


@transaction.atomic
def case_suspend(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    on: datetime.date,
    note: str = "",
    reason: str = "",
) -> EnforcementCase:
    """Suspend a case in progress or postponed (tạm đình chỉ thi hành án)."""
    return _change_status(
        user=user, case=case, to=Status.SUSPENDED, on=on, note=note, reason=reason
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
    note: str = "",
    reason: str = "",
) -> EnforcementCase:
    """Close a case as terminated (đình chỉ thi hành án)."""
    return _change_status(
        user=user, case=case, to=Status.TERMINATED, on=on, note=note, reason=reason
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
) -> EnforcementCase:
    """Close a case by entrusting it to another enforcement agency (ủy thác)."""
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
    )


@transaction.atomic
def case_set_eligibility(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    eligibility: str,
    on: datetime.date,
    note: str = "",
    reason: str = "",
) -> EnforcementCase:
    """Record that an open case has become eligible, or not yet eligible, for enforcement."""
    locked = _lock(user, case, "enforcement.change_case_status")
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
    _save(locked, user=user, reason=reason)
    _record(case=locked, kind=CaseEvent.Kind.ELIGIBILITY_CHANGED, on=on, user=user, note=note)
    return locked


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
    """Add an amount recovered from the debtor; the total may not exceed the amount due."""
    locked = _lock(user, case, "enforcement.change_case_status")
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(
            _("Payments are recorded only on an open case; this case is %(status)s."),
            params={"status": locked.get_status_display()},
        )
    if amount <= 0:
        raise ValidationError(_("The amount recovered must be more than zero."))
    total = locked.amount_recovered + amount
    if total > locked.amount_due:
        raise ValidationError(
            _(
                "Recovering %(amount)s ₫ would bring the total recovered to %(total)s ₫, "
                "more than the %(due)s ₫ to enforce."
            ),
            params={
                "amount": _money(amount),
                "total": _money(total),
                "due": _money(locked.amount_due),
            },
        )
    check_event_date(locked, on)
    guard_closed_years(user=user, years=closed_years_between(on, on), reason=reason, case=locked)
    locked.amount_recovered = total
    _save(locked, user=user, reason=reason)
    _record(case=locked, kind=CaseEvent.Kind.PAYMENT, on=on, user=user, amount=amount, note=note)
    return locked


def _check_new_accepted_on(case: EnforcementCase, accepted_on: datetime.date) -> None:
    first_change = (
        case.events.exclude(kind=CaseEvent.Kind.OPENED)
        .exclude(kind=CaseEvent.Kind.CORRECTED)
        .exclude(kind=CaseEvent.Kind.IMPORTED, occurred_on=case.accepted_on)
        .order_by("occurred_on")
        .values_list("occurred_on", flat=True)
        .first()
    )
    if first_change is not None and accepted_on > first_change:
        raise ValidationError(
            {
                "accepted_on": ValidationError(
                    _("The case cannot be accepted after its first recorded change (%(date)s)."),
                    params={"date": short_date(first_change)},
                )
            }
        )


STATUS_SERVICES = {
    Status.POSTPONED: case_postpone,
    Status.SUSPENDED: case_suspend,
    Status.IN_PROGRESS: case_resume,
    Status.COMPLETED: case_complete,
    Status.TERMINATED: case_terminate,
    Status.WITHDRAWN: case_withdraw,
}
