"""Writes to the facts of enforcement cases: open a case, correct what was recorded."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from enforcement.models import CaseEvent, EnforcementCase, StatisticalYear, Status
from enforcement.search import SEARCHED_FIELDS, refresh_case_text
from enforcement.selectors import ENFORCEMENT_UNIT_KINDS
from enforcement.services.enforcers import enforcer_check
from enforcement.services.entrustment import (
    received_case_link,
    received_entrustment_check,
    received_link_follow,
)
from enforcement.services.guards import (
    check_event_date,
    closed_years_between,
    closed_years_check,
    closed_years_of_case,
    guard_closed_years,
    require_permission,
    require_unit_in_scope,
    short_date,
    today,
)
from enforcement.services.obligation_rules import amount_follows, amount_follows_check
from enforcement.services.parties import parties_follow_texts, parties_from_texts
from enforcement.services.records import lock_case, record_event, save_case
from enforcement.services.rules import case_rules_check
from organizations.models import Person, Unit
from organizations.selectors import agency_of, is_unit_within, unit_parents

# Fields the statistics rest on: changing them for a case counted in a closed year
# changes frozen figures, so it needs the reopen permission and a reason.
FIGURE_FIELDS = frozenset(
    {
        "unit",
        "issuing_agency",
        "decision_number",
        "decision_date",
        "accepted_on",
        "judgment_kind",
        "amount_due",
    }
)
# Fields only the status services may change.
STATE_FIELDS = frozenset(
    {
        "status",
        "eligibility",
        "closed_on",
        "state_changed_on",
        "entrusted_to",
        "amount_recovered",
        "amount_reduced",
        "enforcer",
        "enforcer_since",
        "entrustment_decision_number",
        "entrustment_decision_date",
        "received_from_case",
    }
)
# Where a case received by entrustment came from: checked together, and linked anew.
RECEIVED_FIELDS = frozenset({"received_from", "received_decision_number", "received_decision_date"})


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


def handling_office_check(
    *,
    unit: Unit,
    issuing_agency: Unit,
    tree: dict[int, tuple[str, int | None]] | None = None,
    successors: dict[int, int | None] | None = None,
) -> None:
    """Refuse a handling office that is neither the issuing agency nor one of its offices.

    From 1 July 2025 the provincial agency issues the decision and one of its regional
    offices handles it (Nghị quyết 202/2025/QH15). A case of an agency merged into another
    is handled by the successor's offices: the successors of the issuing agency count too.
    """
    if issuing_agency.kind not in ENFORCEMENT_UNIT_KINDS:
        raise ValidationError(
            {
                "issuing_agency": ValidationError(
                    _("%(unit)s is not a civil judgment enforcement unit."),
                    params={"unit": issuing_agency},
                )
            }
        )
    # An import passes the tree and the successors it read before writing: PostgreSQL's COPY
    # of the rows already checked holds the connection, so no query may run meanwhile.
    tree = unit_parents() if tree is None else tree
    if successors is None:
        successors = dict(Unit.objects.values_list("pk", "successor_id"))
    agency_id: int | None = issuing_agency.pk
    seen: set[int] = set()
    while agency_id is not None and agency_id not in seen:
        if is_unit_within(unit.pk, agency_id, tree):
            return
        seen.add(agency_id)
        agency_id = successors.get(agency_id)
    raise ValidationError(
        {
            "unit": ValidationError(
                _("%(unit)s is neither %(agency)s nor one of its offices."),
                params={"unit": unit, "agency": issuing_agency},
            )
        }
    )


def decision_number_check(
    *,
    issuing_agency: Unit,
    decision_number: str,
    decision_date: datetime.date,
    case_id: int | None = None,
) -> None:
    """Refuse a decision number the issuing agency already gave in the decision's year."""
    taken = EnforcementCase.objects.filter(
        issuing_agency=issuing_agency,
        decision_year=decision_date.year,
        decision_number=decision_number.strip(),
    ).exclude(pk=case_id)
    if taken.exists():
        raise ValidationError(
            {
                "decision_number": ValidationError(
                    _(
                        "%(agency)s already issued decision number %(number)s in %(year)s: "
                        "decision numbers restart every year but never repeat within one."
                    ),
                    params={
                        "agency": issuing_agency,
                        "number": decision_number.strip(),
                        "year": decision_date.year,
                    },
                )
            }
        )


def case_open_check(
    *,
    user: AbstractBaseUser,
    unit: Unit,
    accepted_on: datetime.date,
    amount_due: int = 0,
    enforcer: Person | None = None,
    reason: str = "",
    issuing_agency: Unit | None = None,
    decision_number: str | None = None,
    decision_date: datetime.date | None = None,
    received_from: Unit | None = None,
    received_decision_number: str = "",
    received_decision_date: datetime.date | None = None,
) -> None:
    """Refuse a new case the rules forbid (``case_rules_check`` and the user's rights)."""
    require_permission(user, "enforcement.add_enforcementcase")
    require_unit_in_scope(user, unit, "enforcement.add_enforcementcase")
    _check_enforcement_unit(unit, accepted_on)
    agency = issuing_agency if issuing_agency is not None else agency_of(unit)
    handling_office_check(unit=unit, issuing_agency=agency)
    received_entrustment_check(
        unit=unit,
        issuing_agency=agency,
        accepted_on=accepted_on,
        received_from=received_from,
        decision_number=received_decision_number,
        decision_date=received_decision_date,
    )
    if decision_number is not None and decision_date is not None:
        decision_number_check(
            issuing_agency=agency, decision_number=decision_number, decision_date=decision_date
        )
    if enforcer is not None:
        try:
            enforcer_check(unit=unit, enforcer=enforcer)
        except ValidationError as error:
            raise ValidationError({"enforcer": error}) from None
    case_rules_check(
        unit_id=unit.pk,
        status=Status.IN_PROGRESS,
        accepted_on=accepted_on,
        closed_on=None,
        amount_due=amount_due,
        amount_recovered=0,
    )
    check_event_date(
        EnforcementCase(unit=unit, accepted_on=accepted_on, state_changed_on=accepted_on),
        accepted_on,
    )
    closed_years_check(
        user=user,
        years=closed_years_between(accepted_on, accepted_on),
        reason=reason,
        unit_id=unit.pk,
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
    enforcer: Person | None = None,
    notes: str = "",
    reason: str = "",
    issuing_agency: Unit | None = None,
    received_from: Unit | None = None,
    received_decision_number: str = "",
    received_decision_date: datetime.date | None = None,
) -> EnforcementCase:
    """Accept a new enforcement decision for a handling office of the user's scope.

    The issuing agency defaults to the office's agency (the office itself if it is one). An
    enforcer of the unit named at acceptance holds the case from its accepted day; later
    assignments go through ``case_assign_enforcer``. A case received by entrustment names
    the sending agency and its decision, and is linked to the sender's case when that is
    here (``services.entrustment``).
    """
    issuing_agency = issuing_agency if issuing_agency is not None else agency_of(unit)
    case_open_check(
        user=user,
        unit=unit,
        accepted_on=accepted_on,
        amount_due=amount_due,
        enforcer=enforcer,
        reason=reason,
        issuing_agency=issuing_agency,
        decision_number=decision_number,
        decision_date=decision_date,
        received_from=received_from,
        received_decision_number=received_decision_number,
        received_decision_date=received_decision_date,
    )
    case = EnforcementCase(
        unit=unit,
        issuing_agency=issuing_agency,
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
        enforcer=enforcer,
        enforcer_since=accepted_on if enforcer is not None else None,
        notes=notes,
        received_from=received_from,
        received_decision_number=received_decision_number.strip() if received_from else "",
        received_decision_date=received_decision_date if received_from else None,
    )
    save_case(case, user=user, reason=reason)
    received_case_link(case)
    amount_follows(case, amount_due)
    parties_from_texts(case)
    refresh_case_text(case)
    guard_closed_years(
        user=user, years=closed_years_between(accepted_on, accepted_on), reason=reason, case=case
    )
    record_event(
        case=case, kind=CaseEvent.Kind.OPENED, on=accepted_on, user=user, amount=amount_due
    )
    return case


def case_update_check(
    *, user: AbstractBaseUser, case: EnforcementCase, changes: dict[str, Any], reason: str = ""
) -> tuple[dict[str, Any], list[StatisticalYear]]:
    """Refuse corrections the rules forbid; return the fields that change and the closed
    years whose figures they touch."""
    refused = STATE_FIELDS.intersection(changes)
    if refused:
        raise ValidationError(
            _("The status, eligibility, closing and recovered amount change only through actions.")
        )
    changed = {field: value for field, value in changes.items() if getattr(case, field) != value}
    if "issuing_agency" in changed and changed["issuing_agency"] is None:
        # Left empty on the form: the handling office's agency.
        changed["issuing_agency"] = agency_of(changed.get("unit", case.unit))
        if changed["issuing_agency"] == case.issuing_agency:
            del changed["issuing_agency"]
    if not changed:
        return changed, []
    years: dict[int, StatisticalYear] = {}
    if FIGURE_FIELDS.intersection(changed):
        years = {year.pk: year for year in closed_years_of_case(case)}
        if "accepted_on" in changed:
            new_day = changed["accepted_on"]
            for year in closed_years_between(new_day, new_day):
                years.setdefault(year.pk, year)
    closed = sorted(years.values(), key=lambda year: year.year)
    closed_years_check(user=user, years=closed, reason=reason, unit_id=case.unit_id)
    accepted_on = changed.get("accepted_on", case.accepted_on)
    if "unit" in changed:
        require_unit_in_scope(user, changed["unit"], "enforcement.change_enforcementcase")
        _check_enforcement_unit(changed["unit"], accepted_on)
    agency = changed.get("issuing_agency", case.issuing_agency)
    if {"unit", "issuing_agency"}.intersection(changed):
        handling_office_check(unit=changed.get("unit", case.unit), issuing_agency=agency)
    if {"issuing_agency", "decision_number", "decision_date"}.intersection(changed):
        decision_number_check(
            issuing_agency=agency,
            decision_number=changed.get("decision_number", case.decision_number),
            decision_date=changed.get("decision_date", case.decision_date),
            case_id=case.pk,
        )
    if "accepted_on" in changed:
        _check_new_accepted_on(case, accepted_on)
    if RECEIVED_FIELDS.intersection(changed) or (
        case.received_from_id is not None
        and {"unit", "issuing_agency", "accepted_on"}.intersection(changed)
    ):
        received_from = changed.get("received_from", case.received_from)
        received_entrustment_check(
            unit=changed.get("unit", case.unit),
            issuing_agency=agency,
            accepted_on=accepted_on,
            received_from=received_from,
            decision_number=changed.get("received_decision_number", case.received_decision_number),
            decision_date=changed.get("received_decision_date", case.received_decision_date),
        )
    if "amount_due" in changed:
        amount_follows_check(case, changed["amount_due"])
    case_rules_check(
        unit_id=changed["unit"].pk if "unit" in changed else case.unit_id,
        status=case.status,
        accepted_on=accepted_on,
        closed_on=case.closed_on,
        amount_due=changed.get("amount_due", case.amount_due),
        amount_recovered=case.amount_recovered,
        amount_reduced=case.amount_reduced,
        entrusted_to_id=case.entrusted_to_id,
        correcting_due=True,
    )
    return changed, closed


@transaction.atomic
def case_update(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    changes: dict[str, Any],
    reason: str = "",
) -> EnforcementCase:
    """Correct a case's recorded facts; its state changes go through the status services."""
    locked = lock_case(user, case, "enforcement.change_enforcementcase")
    changed, closed_years = case_update_check(
        user=user, case=locked, changes=changes, reason=reason
    )
    if not changed:
        return locked
    guard_closed_years(user=user, years=closed_years, reason=reason, case=locked)
    old_accepted_on = locked.accepted_on
    for field, value in changed.items():
        setattr(locked, field, value)
    if "received_decision_number" in changed:
        locked.received_decision_number = locked.received_decision_number.strip()
    if locked.received_from_id is None:
        locked.received_decision_number, locked.received_decision_date = "", None
    received_link_follow(locked)
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
    save_case(locked, user=user, reason=reason)
    received_case_link(locked)
    if "amount_due" in changed:
        amount_follows(locked, locked.amount_due)
    # A corrected debtor or creditor text names that role's parties anew.
    parties_follow_texts(locked, changed)
    if not changed.keys().isdisjoint(SEARCHED_FIELDS):
        refresh_case_text(locked)
    labels = ", ".join(str(EnforcementCase._meta.get_field(name).verbose_name) for name in changed)
    note = _("Changed: %(fields)s.") % {"fields": labels}
    if reason.strip():
        note = f"{note} {reason.strip()}"
    record_event(
        case=locked,
        kind=CaseEvent.Kind.CORRECTED,
        on=max(today(), locked.state_changed_on),
        user=user,
        note=note,
    )
    return locked


def _check_new_accepted_on(case: EnforcementCase, accepted_on: datetime.date) -> None:
    first_change = (
        case.events.exclude(kind=CaseEvent.Kind.OPENED)
        .exclude(kind=CaseEvent.Kind.CORRECTED)
        # The imported state of a case that stood as accepted moves with it; money does not.
        .exclude(kind=CaseEvent.Kind.IMPORTED, occurred_on=case.accepted_on, collected=0, reduced=0)
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
