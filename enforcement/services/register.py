"""A case as an intake register row holds it: opened or corrected whole, through the services.

A register row names the case's parties with their addresses, its judgments, its obligations
and the later decisions (postponed, resumed, suspended, not yet eligible, withdrawn,
terminated, completed, entrusted out), each dated. Opening writes the case (``case_open``),
then its parties, judgments and obligations, then each decision in date order through its
status service, so that events, grounds and closed-year guards are what a clerk's actions
would have written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from enforcement.models import (
    CaseEvent,
    CaseParty,
    Court,
    Eligibility,
    EnforcementCase,
    Judgment,
    LegalGround,
    Obligation,
    ObligationKind,
    PartyRole,
    PeriodUnit,
)
from enforcement.selectors.register import case_shown_decisions
from enforcement.services.cases import case_open, case_update
from enforcement.services.obligations import case_obligations_save
from enforcement.services.parties import case_parties_summarize, judgment_add, summary_text
from enforcement.services.statuses import (
    case_complete,
    case_entrust,
    case_postpone,
    case_resume,
    case_set_eligibility,
    case_suspend,
    case_terminate,
    case_withdraw,
)
from organizations.models import Unit

# The register's later decisions (``register_columns`` keys) and the event each writes.
STEP_EVENTS = {
    "not_eligible": CaseEvent.Kind.ELIGIBILITY_CHANGED,
    "withdrawn": CaseEvent.Kind.WITHDRAWN,
    "postponed": CaseEvent.Kind.POSTPONED,
    "resumed_after_postponement": CaseEvent.Kind.RESUMED,
    "suspended": CaseEvent.Kind.SUSPENDED,
    "resumed_after_suspension": CaseEvent.Kind.RESUMED,
    "terminated": CaseEvent.Kind.TERMINATED,
    "completed": CaseEvent.Kind.COMPLETED,
    "entrusted_out": CaseEvent.Kind.ENTRUSTED,
}
# The facts of a case a later register corrects (as the case file does).
FACTS = (
    "decision_date",
    "accepted_on",
    "judgment",
    "judgment_kind",
    "initiation",
    "notes",
    "received_from",
    "received_decision_number",
    "received_decision_date",
)


@dataclass(frozen=True)
class RegisterParty:
    role: str
    kind: str
    name: str
    address: str


@dataclass(frozen=True)
class RegisterJudgment:
    kind: str
    number: str
    issued_on: datetime.date
    court_id: int
    instance: str


@dataclass(frozen=True)
class RegisterObligation:
    kind: str
    description: str
    amount: int = 0
    first_period: datetime.date | None = None
    last_period: datetime.date | None = None
    quantity: Decimal | None = None
    quantity_unit: str = ""

    def key(self) -> tuple:
        """Return what tells two obligations apart, as stored (two decimal places)."""
        quantity = (
            None if self.quantity is None else Decimal(self.quantity).quantize(Decimal("0.01"))
        )
        return (
            self.kind,
            self.description,
            self.amount,
            self.first_period,
            self.last_period,
            quantity,
            self.quantity_unit,
        )

    def record(self, case: EnforcementCase | None = None) -> Obligation:
        """Return the unsaved obligation."""
        return Obligation(
            case=case,
            kind=self.kind,
            description=self.description,
            amount=self.amount,
            period_unit=PeriodUnit.MONTH if self.kind == ObligationKind.PERIODIC_MONEY else "",
            first_period=self.first_period,
            last_period=self.last_period,
            quantity=self.quantity,
            quantity_unit=self.quantity_unit,
        )


@dataclass(frozen=True)
class RegisterStep:
    """A later decision: its register column, number, date, ground or receiving unit."""

    column: str
    number: str
    on: datetime.date
    ground_id: int | None = None
    to_unit_id: int | None = None

    def event(self) -> tuple[str, datetime.date]:
        """Return the event it writes and its day, as stored events are compared."""
        return (STEP_EVENTS[self.column], self.on)


@dataclass(frozen=True)
class RegisterEntry:
    """A register row as the case it describes."""

    unit: Unit
    issuing_agency: Unit
    decision_number: str
    decision_date: datetime.date
    accepted_on: datetime.date
    judgment: str
    judgment_kind: str
    initiation: str
    notes: str
    parties: tuple[RegisterParty, ...]
    judgments: tuple[RegisterJudgment, ...]
    obligations: tuple[RegisterObligation, ...]
    steps: tuple[RegisterStep, ...]
    # The entrustment received (QĐ ủy thác đến): the sending agency and its decision.
    received_from: Unit | None = None
    received_decision_number: str = ""
    received_decision_date: datetime.date | None = None

    def names(self, role: str) -> str:
        """Return the case's text of a role: its parties' names joined."""
        return summary_text(party.name for party in self.parties if party.role == role)

    @property
    def amount_due(self) -> int:
        return sum(o.record().total for o in self.obligations)


@transaction.atomic
def case_open_from_register(
    *, user: AbstractBaseUser, entry: RegisterEntry, reason: str = ""
) -> EnforcementCase:
    """Open the case of a register row with its parties, judgments, obligations and decisions."""
    case = case_open(
        user=user,
        unit=entry.unit,
        issuing_agency=entry.issuing_agency,
        decision_number=entry.decision_number,
        decision_date=entry.decision_date,
        accepted_on=entry.accepted_on,
        judgment=entry.judgment,
        judgment_kind=entry.judgment_kind,
        initiation=entry.initiation,
        debtor=entry.names(PartyRole.DEBTOR),
        creditor=entry.names(PartyRole.CREDITOR),
        amount_due=entry.amount_due,
        eligibility=Eligibility.ELIGIBLE,
        notes=entry.notes,
        reason=reason,
        received_from=entry.received_from,
        received_decision_number=entry.received_decision_number,
        received_decision_date=entry.received_decision_date,
    )
    _write_parties(case, entry, user)
    _write_judgments(case, entry)
    # The amount opened the case as one money obligation: the register's replace it.
    case = case_obligations_save(
        user=user,
        case=case,
        saved=[obligation.record() for obligation in entry.obligations],
        deleted=list(case.obligations.all()),
        reason=reason,
    )
    return register_steps_apply(user=user, case=case, steps=entry.steps, reason=reason)


@transaction.atomic
def case_correct_from_register(
    *, user: AbstractBaseUser, case: EnforcementCase, entry: RegisterEntry, reason: str = ""
) -> EnforcementCase:
    """Correct a stored case from its register row: facts, parties, judgments, obligations,
    and the decisions the register adds after those already recorded.

    The recorded decisions must be in the register as recorded (``register_later_steps``).
    """
    later = register_later_steps(case=case, steps=entry.steps)
    changes = {
        name: getattr(entry, name) for name in FACTS if getattr(entry, name) != getattr(case, name)
    }
    if changes:
        case = case_update(user=user, case=case, changes=changes, reason=reason)
    stored_parties = [
        RegisterParty(p.role, p.kind, p.name, p.address)
        for p in case.parties.order_by("role", "position", "id")
    ]
    wanted = sorted(entry.parties, key=lambda p: p.role)
    if stored_parties != wanted:
        _write_parties(case, entry, user)
    stored_judgments = sorted(
        (j.kind, j.number, j.issued_on, j.court_id, j.instance) for j in case.judgments.all()
    )
    if stored_judgments != sorted(
        (j.kind, j.number, j.issued_on, j.court_id, j.instance) for j in entry.judgments
    ):
        case.judgments.all().delete()
        _write_judgments(case, entry)
    stored = list(case.obligations.all())
    if sorted(map(obligation_key, stored)) != sorted(o.key() for o in entry.obligations):
        case = case_obligations_save(
            user=user,
            case=case,
            saved=[obligation.record() for obligation in entry.obligations],
            deleted=stored,
            reason=reason,
        )
    return register_steps_apply(user=user, case=case, steps=later, reason=reason)


def obligation_key(obligation: Obligation) -> tuple:
    """Return a stored obligation's key, as ``RegisterObligation.key`` gives it."""
    return RegisterObligation(
        obligation.kind,
        obligation.description,
        obligation.amount,
        obligation.first_period,
        obligation.last_period,
        obligation.quantity,
        obligation.quantity_unit,
    ).key()


def register_later_steps(
    *, case: EnforcementCase, steps: tuple[RegisterStep, ...]
) -> tuple[RegisterStep, ...]:
    """Return the register's decisions the case has not recorded yet, in the row's order.

    Every decision the case's own register row shows (``case_shown_decisions``) must be in
    the register on the same day, and the others must come after the case's latest recorded
    decision: a register adds later decisions, it does not rewrite recorded ones.
    """
    shown = case_shown_decisions(case)
    listed = {step.column: step.on for step in steps}
    later = tuple(step for step in steps if shown.get(step.column) != step.on)
    recorded = case.events.filter(kind__in=set(STEP_EVENTS.values())).aggregate(
        latest=Max("occurred_on")
    )["latest"]
    if any(listed.get(column) != day for column, day in shown.items()) or (
        recorded is not None and any(step.on < recorded for step in later)
    ):
        raise ValidationError(
            _(
                "The register's decisions differ from those recorded for the case: a recorded "
                "decision changes through the case's actions; a register only adds later ones."
            ),
            code="steps_differ",
        )
    return later


def register_steps_apply(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    steps: tuple[RegisterStep, ...],
    reason: str = "",
) -> EnforcementCase:
    """Record the register's later decisions in date order, each through its status service."""
    for step in steps:
        note = _("Decision %(number)s (intake register)") % {"number": step.number or "—"}
        common = {"user": user, "case": case, "on": step.on, "note": note, "reason": reason}
        ground = LegalGround.objects.get(pk=step.ground_id) if step.ground_id else None
        if step.column == "not_eligible":
            case = case_set_eligibility(
                **common, eligibility=Eligibility.NOT_ELIGIBLE, ground=ground
            )
        elif step.column == "postponed":
            case = case_postpone(**common, ground=ground)
        elif step.column == "suspended":
            case = case_suspend(**common, ground=ground)
        elif step.column == "terminated":
            case = case_terminate(**common, ground=ground)
        elif step.column in ("resumed_after_postponement", "resumed_after_suspension"):
            case = case_resume(**common)
        elif step.column == "completed":
            case = case_complete(**common)
        elif step.column == "withdrawn":
            case = case_withdraw(**common)
        elif step.column == "entrusted_out":
            case = case_entrust(
                **common,
                to_unit=Unit.objects.get(pk=step.to_unit_id),
                decision_number=step.number,
                decision_date=step.on if step.number else None,
            )
        else:
            raise ValueError(f"Not a register decision: {step.column}")
    return case


def _write_parties(case: EnforcementCase, entry: RegisterEntry, user: AbstractBaseUser) -> None:
    CaseParty.objects.filter(case=case).delete()
    positions: dict[str, int] = {}
    records = []
    for party in entry.parties:
        position = positions.get(party.role, 0)
        positions[party.role] = position + 1
        records.append(
            CaseParty(
                case=case,
                role=party.role,
                kind=party.kind,
                name=party.name[:255],
                address=party.address[:255],
                position=position,
            )
        )
    for record in records:
        record.full_clean()
    CaseParty.objects.bulk_create(records)
    case_parties_summarize(case=case, user=user)


def _write_judgments(case: EnforcementCase, entry: RegisterEntry) -> None:
    courts = Court.objects.in_bulk({judgment.court_id for judgment in entry.judgments})
    for judgment in entry.judgments:
        judgment_add(
            case=case,
            kind=judgment.kind,
            number=judgment.number,
            issued_on=judgment.issued_on,
            court=courts[judgment.court_id],
            instance=judgment.instance,
        )


def stored_judgments(case: EnforcementCase) -> list[Judgment]:
    """Return the case's judgments in the register's order."""
    return list(case.judgments.order_by("issued_on", "id"))
