"""How every write to a case is kept: the saved row, its dated event, its history.

A bulk import names its job once per range of case ids and writes no event per case; the
first change of such a case records the imported state first (``record_imported_states``).
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser

from enforcement.models import CaseEvent, EnforcementCase, ImportedCases
from enforcement.services.guards import lock_case_in_scope, require_permission
from organizations.audit import change_reason, current_import_job
from organizations.models import ImportJob


def record_event(
    *,
    case: EnforcementCase,
    kind: str,
    on: datetime.date,
    user: AbstractBaseUser | None,
    amount: int = 0,
    collected: int = 0,
    reduced: int = 0,
    note: str = "",
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        occurred_on=on,
        recorded_by=user if user is not None and user.is_authenticated else None,
        amount=amount,
        collected=collected,
        reduced=reduced,
        note=note,
        import_job=current_import_job(),
        status_after=case.status,
        eligibility_after=case.eligibility,
        ground_id=case.ground_id,
        enforcer_id=case.enforcer_id,
    )


def record_imported_states(cases: Iterable[EnforcementCase]) -> None:
    """Write the first event of imported cases that have none: the state their file gave.

    A bulk import names its job once per range of case ids (``ImportedCases``) and writes an
    event only for a case that came with money collected (its money needs a day for the
    statistics); each service calls this before a case's first change, so that the
    statistics of a period before that change read the imported state from an event, and
    the case's history starts from the imported values.
    """
    cases = [case for case in cases if case.pk is not None]
    if not cases:
        return
    with_events = set(
        CaseEvent.objects.filter(case__in=cases).values_list("case_id", flat=True).distinct()
    )
    ranges = list(
        ImportedCases.objects.filter(
            first_id__lte=max(case.pk for case in cases),
            last_id__gte=min(case.pk for case in cases),
        )
        .select_related("import_job__uploaded_by")
        .order_by("first_id")
    )
    firsts = [imported.first_id for imported in ranges]
    events = []
    imported: list[tuple[EnforcementCase, ImportJob]] = []
    for case in cases:
        found = bisect.bisect_right(firsts, case.pk) - 1
        if found < 0 or ranges[found].last_id < case.pk:
            continue  # entered by hand: its events began with its opening
        job = ranges[found].import_job
        imported.append((case, job))
        if case.pk in with_events:
            continue
        events.append(
            CaseEvent(
                case=case,
                kind=CaseEvent.Kind.IMPORTED,
                occurred_on=case.state_changed_on,
                amount=case.amount_recovered,
                collected=case.amount_recovered,
                reduced=case.amount_reduced,
                note=change_reason(job),
                import_job=job,
                status_after=case.status,
                eligibility_after=case.eligibility,
                ground_id=case.ground_id,
                enforcer_id=case.enforcer_id,
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
    _record_imported_history(imported)


def _record_imported_history(imported: list[tuple[EnforcementCase, ImportJob]]) -> None:
    """Give imported cases without history rows a first one: the state their file gave.

    The change about to be made then shows in the case's history as a change from the
    imported values (recovered 0 → 1.000.000), not as a row with nothing to compare.
    """
    if not imported:
        return
    with_history = set(
        EnforcementCase.history.filter(id__in=[case.pk for case, _job in imported])
        .values_list("id", flat=True)
        .distinct()
    )
    by_job: dict[ImportJob, list[EnforcementCase]] = {}
    for case, job in imported:
        if case.pk not in with_history:
            by_job.setdefault(job, []).append(case)
    for job, jobs_cases in by_job.items():
        EnforcementCase.history.bulk_history_create(
            jobs_cases,
            default_user=job.uploaded_by,
            default_change_reason=change_reason(job)[:100],
            default_date=job.applied_at or job.created_at,
        )


def lock_case(user: AbstractBaseUser, case: EnforcementCase, permission: str) -> EnforcementCase:
    """Lock the case where the user holds the permission, its imported state recorded first."""
    require_permission(user, permission)
    locked = lock_case_in_scope(user, case, permission)
    record_imported_states([locked])
    return locked


def save_case(case: EnforcementCase, *, user: AbstractBaseUser | None, reason: str = "") -> None:
    # The model's constraints carry the invariants; full_clean reports them in the
    # user's language before the database would refuse them.
    case.full_clean()
    # The history names the author and reason even when no request is around (imports).
    if user is not None and user.is_authenticated:
        case._history_user = user
    if reason.strip():
        case._change_reason = reason.strip()[:100]
    case.save()
