"""One row of an intake register read into what a case holds, or refused with the cell named.

The cells are read by ``register_cells``; here their results are joined into a
``RegisterRow`` (the case's facts, parties, judgments, obligations and its later decisions in
order) against the catalogues: courts, legal grounds, agencies. A cell that cannot be read
raises ``RowError`` on its column with the reason; nothing is guessed.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

import enforcement.imports.register_columns as col
from enforcement.imports.common import STATUS_LABEL_OF
from enforcement.imports.register_cells import (
    DecisionCell,
    JudgmentDocument,
    JudgmentRef,
    PartyCell,
    PartyRef,
    RegisterCellError,
    StatusColumn,
    note_remarks,
    read_date,
    read_decision_cell,
    read_initiation_note,
    read_judgment_cell,
    read_party_cell,
    read_status_columns,
    read_status_decision,
)
from enforcement.imports.register_grounds import decision_ground
from enforcement.models import (
    Court,
    Judgment,
    JudgmentKind,
    LegalGround,
    ObligationKind,
    PartyKind,
    PartyRole,
)
from enforcement.services.register import (
    RegisterJudgment,
    RegisterObligation,
    RegisterParty,
    RegisterStep,
)
from organizations.imports.specs import RowError
from organizations.imports.values import clean_text, fold
from organizations.models import Unit

# Where an entrustment cell names the other agency: after "cho", "đến", "tới" (sent) or
# "của", "từ" (received), up to the end.
_SENT_TO = re.compile(
    r"\b(?:ủy thác|uỷ thác)?\s*(?:cho|đến|tới|nơi nhận)\s*:?\s+(?P<unit>.+)$", re.I
)
_RECEIVED_FROM = re.compile(r"\b(?:của|từ|nơi ủy thác|nơi uỷ thác)\s*:?\s+(?P<unit>.+)$", re.I)
# Labels of what the agency itself collects for the State: court fees and fines.
_STATE_MONEY = ("an phi", "apds", "aphs", "aphc", "apkd", "apld", "le phi", "phat", "sung cong")
_STATE_CREDITOR = ("nha nuoc", "ngan sach nha nuoc", "nsnn", "ngan sach")


@dataclass(frozen=True)
class Received:
    """The entrustment received (QĐ ủy thác đến): the sender's decision and the sender."""

    number: str
    on: datetime.date
    sender: Unit


@dataclass
class RegisterRow:
    """What a register row says of its case, read and checked against the catalogues."""

    decision: DecisionCell
    accepted_on: datetime.date
    judgment_text: str
    judgment_kind: str
    initiation: str
    notes: str
    parties: tuple[RegisterParty, ...]
    judgments: tuple[RegisterJudgment, ...]
    obligations: tuple[RegisterObligation, ...]
    steps: tuple[RegisterStep, ...]
    status: str
    eligibility: str
    received: Received | None = None
    # The status columns whose decision takes the ground chosen on the upload form.
    grounds_chosen: tuple[str, ...] = ()


@dataclass
class Catalogues:
    """What reading a row looks up: courts, grounds, agencies; each read once per file."""

    courts: dict[str, Court]
    grounds: dict[str, LegalGround]
    receivers: dict[str, Unit]
    find_unit: Callable[[object, dict[str, Unit]], Unit | None]


def court_lookup() -> dict[str, Court]:
    """Map the folded code, name and short name ("TAND KV7 - NA") of every court to it."""
    lookup: dict[str, Court] = {}
    for court in Court.objects.all():
        for spelling in (court.code, court.name, court.short_name):
            if spelling:
                lookup[_court_key(spelling)] = court
    return lookup


def _court_key(text: str) -> str:
    return re.sub(r"\s*[-–]\s*", " - ", fold(text)).strip(" .,;")


def _cell(column: str, read: Callable[[], object]) -> object:
    # A cell reader's refusal becomes the row's error on that column, with its reason.
    try:
        return read()
    except RegisterCellError as error:
        raise RowError(column, error.reason) from None


def read_row(
    cells: Mapping[str, object],
    *,
    agency: Unit,
    catalogues: Catalogues,
    today: datetime.date,
    chosen: Mapping[str, str] | None = None,
) -> RegisterRow:
    """Read a register row's cells (by column key) into its case, or raise ``RowError``.

    ``chosen`` is the ground chosen on the upload form for each status column
    (``register_grounds``), taken by a decision whose cell cites none.
    """
    chosen = chosen or {}
    accepted_on = _cell(col.ACCEPTED_ON, lambda: read_date(cells[col.ACCEPTED_ON], today=today))
    decision: DecisionCell = _cell(
        col.DECISION, lambda: read_decision_cell(cells[col.DECISION], today=today)
    )
    refs: tuple[JudgmentRef, ...] = _cell(
        col.JUDGMENTS, lambda: read_judgment_cell(cells[col.JUDGMENTS], today=today)
    )
    judgments = tuple(_judgment(ref, accepted_on, catalogues) for ref in refs)
    debtors: PartyCell = _cell(col.DEBTORS, lambda: read_party_cell(cells[col.DEBTORS]))
    if any(party.kind == PartyKind.AGENCY for party in debtors.parties):
        raise RowError(col.DEBTORS, _("The enforcement agency itself can only be a creditor."))
    parties = [
        RegisterParty(PartyRole.DEBTOR, party.kind, written_name(party), address)
        for party, address in zip(debtors.parties, debtors.party_addresses(), strict=True)
    ]
    parties += _creditors(cells.get(col.CREDITORS), decision, agency)
    obligations = _obligations(decision)
    try:
        status = read_status_columns(
            {key: cells.get(key) for key in col.STATUS_KEYS}, accepted_on=accepted_on, today=today
        )
    except RegisterCellError as error:
        filled = [
            col.COLUMN_BY_KEY[key].header for key in col.STATUS_KEYS if clean_text(cells.get(key))
        ]
        raise RowError(" / ".join(filled), str(error)) from None
    read = [_step(decision, catalogues, cells, chosen) for decision in status.decisions]
    steps = [step for step, _chosen in read]
    state, eligibility = status.status, status.eligibility
    entrusted = _entrusted_out(cells.get(col.ENTRUSTED_OUT), accepted_on, catalogues, today)
    if entrusted is not None:
        later = [step for step in steps if step.on > entrusted.on]
        closing = [step for step in steps if step.column in StatusColumn.CLOSING]
        if closing or later:
            raise RowError(
                col.ENTRUSTED_OUT,
                _("The case was entrusted to another agency: no decision may close it or follow."),
            )
        steps.append(entrusted)
        state = "entrusted"
    steps.sort(key=_step_order)
    _check_sequence(steps)
    judgment_kind = next((ref.judgment_kind for ref in refs if ref.judgment_kind), "")
    return RegisterRow(
        decision=decision,
        accepted_on=accepted_on,
        judgment_text=clean_text(cells[col.JUDGMENTS])[:255],
        # A number without a known case code (07/2025/QĐ) does not say the kind.
        judgment_kind=judgment_kind or JudgmentKind.OTHER,
        initiation=read_initiation_note(cells.get(col.NOTES)),
        notes=note_remarks(cells.get(col.NOTES))[:2000],
        parties=tuple(parties),
        judgments=judgments,
        obligations=obligations,
        steps=tuple(steps),
        status=state,
        eligibility=eligibility,
        received=_received(cells.get(col.ENTRUSTED_IN), catalogues, today),
        grounds_chosen=tuple(step.column for step, chosen in read if chosen),
    )


# What each decision needs the case to be: (statuses it may follow, eligible first?).
_FOLLOWS = {
    col.NOT_ELIGIBLE: ("in_progress", "postponed", "suspended"),
    col.POSTPONED: ("in_progress",),
    col.SUSPENDED: ("in_progress", "postponed"),
    col.RESUMED_AFTER_POSTPONEMENT: ("postponed",),
    col.RESUMED_AFTER_SUSPENSION: ("suspended",),
}
_AFTER = {
    col.POSTPONED: "postponed",
    col.SUSPENDED: "suspended",
    col.RESUMED_AFTER_POSTPONEMENT: "in_progress",
    col.RESUMED_AFTER_SUSPENSION: "in_progress",
    col.WITHDRAWN: "withdrawn",
    col.TERMINATED: "terminated",
    col.COMPLETED: "completed",
    col.ENTRUSTED_OUT: "entrusted",
}


def _check_sequence(steps: list[RegisterStep]) -> None:
    """Refuse decisions in an order the case cannot take (the status services' rules)."""
    status, eligible = "in_progress", True
    for step in steps:
        allowed = _FOLLOWS.get(step.column, ("in_progress", "postponed", "suspended"))
        if status not in allowed or (step.column == col.NOT_ELIGIBLE and not eligible):
            raise RowError(
                step.column,
                _("On %(date)s the case is %(status)s: this decision cannot follow.")
                % {"date": f"{step.on:%d/%m/%Y}", "status": status_label(status)},
            )
        if step.column == col.NOT_ELIGIBLE:
            eligible = False
        else:
            status = _AFTER[step.column]


def status_label(status: str) -> str:
    """Return the label of a case status, as the case file writes it."""
    return STATUS_LABEL_OF.get(status, status)


def _step_order(step: RegisterStep) -> tuple:
    order = (*StatusColumn.ORDER, col.ENTRUSTED_OUT)
    return (step.on, order.index(step.column))


def _judgment(
    ref: JudgmentRef, accepted_on: datetime.date, catalogues: Catalogues
) -> RegisterJudgment:
    court = catalogues.courts.get(_court_key(ref.court))
    if court is None:
        raise RowError(
            col.JUDGMENTS,
            _(
                "No court “%(court)s” in the catalogue of courts: write its short name, as "
                "“%(example)s”."
            )
            % {"court": ref.court, "example": "TAND KV7 - NA"},
        )
    if ref.date > accepted_on:
        raise RowError(
            col.JUDGMENTS,
            _("The judgment %(number)s is dated after the case was accepted.")
            % {"number": ref.number},
        )
    if (court.valid_from and ref.date < court.valid_from) or (
        court.valid_to and ref.date > court.valid_to
    ):
        raise RowError(
            col.JUDGMENTS,
            _("%(court)s did not exist on %(date)s.")
            % {"court": court.name, "date": f"{ref.date:%d/%m/%Y}"},
        )
    return RegisterJudgment(
        kind=Judgment.Kind.JUDGMENT
        if ref.document == JudgmentDocument.JUDGMENT
        else Judgment.Kind.DECISION,
        number=ref.number,
        issued_on=ref.date,
        court_id=court.pk,
        instance={"first": "first", "appeal": "appeal"}.get(ref.instance, "other")
        if ref.instance
        else Judgment.Instance.FIRST,
    )


def written_name(party: PartyRef) -> str:
    """Return a party's name as the register writes it: a person after their honorific.

    "Ông Hoàng Đình Lâm" is kept whole, so that the register printed from the cases
    (``enforcement.register``) names the parties as the office wrote them, and reads back.
    """
    return f"{party.honorific} {party.name}" if party.honorific else party.name


def _creditors(value: object, decision: DecisionCell, agency: Unit) -> list[RegisterParty]:
    """Read the creditors; empty or "Nhà nước" is the agency itself, for fees and fines only.

    Left empty, the cell names the agency only where every amount is labelled a fee or a
    fine; written "Ngân sách nhà nước", an amount without a label is the State's too (a
    label of something else still refuses it). The State is named as the register writes it.
    """
    text = clean_text(value)
    folded = fold(text)
    if not text or folded in _STATE_CREDITOR or folded == fold(agency.name):
        labels = [fold(item.label) for item in (*decision.money, *decision.periodic)]
        fees = [any(word in label for word in _STATE_MONEY) for label in labels]
        if not labels or not all(
            fee or (text and not label) for fee, label in zip(fees, labels, strict=True)
        ):
            raise RowError(
                col.CREDITORS,
                _(
                    "Expected the creditors' names: the agency itself collects only court fees "
                    "and fines (án phí, tiền phạt), and the decision orders something else."
                ),
            )
        return [RegisterParty(PartyRole.CREDITOR, PartyKind.AGENCY, text or agency.name, "")]
    creditors: PartyCell = _cell(col.CREDITORS, lambda: read_party_cell(text))
    return [
        RegisterParty(PartyRole.CREDITOR, party.kind, written_name(party), address)
        for party, address in zip(creditors.parties, creditors.party_addresses(), strict=True)
    ]


def _obligations(decision: DecisionCell) -> tuple[RegisterObligation, ...]:
    obligations = [
        RegisterObligation(ObligationKind.MONEY, item.label[:255], amount=item.amount)
        for item in decision.money
    ]
    obligations += [
        RegisterObligation(
            ObligationKind.PERIODIC_MONEY,
            item.label[:255],
            amount=item.amount,
            first_period=item.first,
            last_period=item.last,
        )
        for item in decision.periodic
    ]
    obligations += [
        RegisterObligation(
            ObligationKind.PROPERTY,
            " ".join(part for part in (item.label, item.description) if part)[:255],
            quantity=item.quantity,
            quantity_unit=item.unit,
        )
        for item in decision.properties
    ]
    if not obligations:
        # Nothing counted or measured: the decision orders an act, as its text says.
        if not decision.text:
            raise RowError(
                col.DECISION, _("Expected what the decision orders after its number and date.")
            )
        obligations.append(RegisterObligation(ObligationKind.ACT, decision.text[:255]))
    return tuple(obligations)


def _step(
    decision: object, catalogues: Catalogues, cells: Mapping[str, object], chosen: Mapping[str, str]
) -> tuple[RegisterStep, bool]:
    """Return the decision as a step of the case, and whether its ground was chosen."""
    column = decision.column
    found = decision_ground(
        column, clean_text(cells.get(column)), grounds=catalogues.grounds, chosen=chosen
    )
    step = RegisterStep(
        column=column,
        number=decision.number,
        on=decision.date,
        ground_id=found.ground.pk if found else None,
    )
    return step, bool(found and found.chosen)


def _entrusted_out(
    value: object, accepted_on: datetime.date, catalogues: Catalogues, today: datetime.date
) -> RegisterStep | None:
    text = clean_text(value)
    if not text:
        return None
    decision = _cell(
        col.ENTRUSTED_OUT, lambda: read_status_decision(col.ENTRUSTED_OUT, text, today=today)
    )
    if decision.date < accepted_on:
        raise RowError(col.ENTRUSTED_OUT, _("The decision is dated before the case was accepted."))
    named = _SENT_TO.search(text)
    if named is None:
        raise RowError(
            col.ENTRUSTED_OUT,
            _(
                "Expected the agency the case is entrusted to, after “cho”: “… ủy thác cho "
                "%(example)s”."
            )
            % {"example": "Thi hành án dân sự tỉnh Hà Tĩnh"},
        )
    name = named.group("unit").strip(" .;,")
    unit = catalogues.find_unit(name, catalogues.receivers)
    if unit is None:
        raise RowError(
            col.ENTRUSTED_OUT,
            _("No enforcement agency “%(name)s”: write its code or exact name.") % {"name": name},
        )
    return RegisterStep(
        column=col.ENTRUSTED_OUT, number=decision.number, on=decision.date, to_unit_id=unit.pk
    )


def _received(value: object, catalogues: Catalogues, today: datetime.date) -> Received | None:
    text = clean_text(value)
    if not text:
        return None
    decision = _cell(
        col.ENTRUSTED_IN, lambda: read_status_decision(col.ENTRUSTED_IN, text, today=today)
    )
    if not decision.number:
        raise RowError(col.ENTRUSTED_IN, _("Expected the number of the sending agency's decision."))
    named = _RECEIVED_FROM.search(text)
    if named is None:
        raise RowError(
            col.ENTRUSTED_IN,
            _("Expected the agency that entrusted the case, after “của”: “… của %(example)s”.")
            % {"example": "Thi hành án dân sự tỉnh Hà Tĩnh"},
        )
    name = named.group("unit").strip(" .;,")
    unit = catalogues.find_unit(name, catalogues.receivers)
    if unit is None:
        raise RowError(
            col.ENTRUSTED_IN,
            _("No enforcement agency “%(name)s”: write its code or exact name.") % {"name": name},
        )
    return Received(number=decision.number, on=decision.date, sender=unit)
