"""The cells of an intake register row, written the way the offices write them.

``Bản án số: 07/2025/DS-ST ngày 15/08/2025 - TAND KV7 - Nghệ An``, ``Ông Hoàng Đình Lâm -
Bà Nguyễn Thị Thuý; Đ/c: Xã Tân Kỳ``, ``Số: 46/QĐ-THADS ngày 05/10/2025 APDSST: 150.000đ``:
every cell reads back with the register's cell readers (``enforcement.imports.register_cells``)
to what is stored.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from enforcement.imports import register_columns as columns
from enforcement.imports.register_cells import HONORIFICS, read_initiation_note
from enforcement.models import (
    CaseParty,
    EnforcementCase,
    Initiation,
    Judgment,
    Obligation,
    ObligationKind,
    PartyRole,
    QuantityUnit,
)
from enforcement.selectors.register import (
    RegisterDecision,
    names_on_days,
    register_statuses,
)
from organizations.formatting import paper_date, paper_money

# The columns of a printed register: the unit column is the system's own (for imports).
PRINTED_COLUMNS = tuple(column for column in columns.REGISTER_COLUMNS if column.key != columns.UNIT)
# A register of an agency with its offices names, last, the unit that holds each case (its
# code), so that it imports again into the same units.
WITH_UNIT_COLUMNS = (*PRINTED_COLUMNS, columns.COLUMN_BY_KEY[columns.UNIT])


def printed_columns(*, with_unit: bool) -> tuple[columns.RegisterColumn, ...]:
    """Return the columns of a register: the unit column too when it holds several units."""
    return WITH_UNIT_COLUMNS if with_unit else PRINTED_COLUMNS


# What the note says of a decision made on request (a proactive one's note is left empty).
ON_REQUEST_NOTE = "QĐ thi hành án theo yêu cầu"
_DOCUMENTS = {Judgment.Kind.JUDGMENT: "Bản án", Judgment.Kind.DECISION: "Quyết định"}
# How a quantity's unit is written after it: "590m2 đất", "2 cái xe máy", "1,5 ha đất".
_QUANTITY_UNITS = {
    QuantityUnit.SQUARE_METRE: "m2",
    QuantityUnit.HECTARE: " ha",
    QuantityUnit.ITEM: " cái",
    QuantityUnit.KILOGRAM: " kg",
}
# A person's name as a register writes it begins with one of them ("Ông Hoàng Đình Lâm").
_HONORIFICS = tuple(f"{honorific} " for honorific in HONORIFICS)
# Rows read from the database at a time: each batch's parties, judgments, obligations and
# events come in one query each.
BATCH = 500


@dataclass(frozen=True)
class RegisterRow:
    """One row of the register: its cells by column key (``register_columns``)."""

    cells: dict[str, object]

    def values(self, printed: Sequence[columns.RegisterColumn] = PRINTED_COLUMNS) -> list[object]:
        """Return the cells in the order of the printed columns."""
        return [self.cells.get(column.key, "") for column in printed]


def decision_text(decision: RegisterDecision) -> str:
    """Write a decision: "Số: 12/QĐ-THADS ngày 05/11/2025", or "Ngày 05/11/2025" unnumbered,
    then the ground it rests on: "theo điểm c khoản 1 Điều 48"."""
    if decision.number:
        text = f"Số: {decision.number} ngày {paper_date(decision.date)}"
    else:
        text = f"Ngày {paper_date(decision.date)}"
    return f"{text} theo {decision.ground}" if decision.ground else text


def judgments_cell(case: EnforcementCase, judgments: Sequence[Judgment]) -> str:
    """Write the judgments the case enforces, joined by " & " (first instance, then appeal)."""
    if not judgments:
        # A case recorded before judgments were kept: its reference as entered.
        return case.judgment
    return " & ".join(
        f"{_DOCUMENTS.get(judgment.kind, 'Bản án')} số: {judgment.number} "
        f"ngày {paper_date(judgment.issued_on)} - {judgment.court}"
        for judgment in judgments
    )


def parties_cell(parties: Sequence[CaseParty], *, fallback: str = "") -> str:
    """Write the parties of one role, joined by " - ", then their address after "Đ/c:".

    Parties at different addresses are written a group a line, each line the parties of one
    address with it ("Ông A - Bà B; Đ/c: X", then "Ông C; Đ/c: Y"), as the import reads them:
    it parts names on a line before an honorific only, so an organisation, or a name written
    without one, begins a line of its own.
    """
    if not parties:
        return fallback
    groups: list[tuple[list[str], str]] = []
    for party in parties:
        address = party.address.strip()
        if groups and groups[-1][1] == address and party.name.startswith(_HONORIFICS):
            groups[-1][0].append(party.name)
        else:
            groups.append(([party.name], address))
    return "\n".join(
        f"{' - '.join(names)}; Đ/c: {address}" if address else " - ".join(names)
        for names, address in groups
    )


def quantity_text(quantity: Decimal) -> str:
    """Write a quantity as the registers do: 590, 1250, 590,5 (a decimal comma, no grouping)."""
    if quantity == quantity.to_integral_value():
        return str(int(quantity))
    return f"{quantity:f}".rstrip("0").rstrip(".").replace(".", ",")


def obligation_text(obligation: Obligation) -> str:
    """Write an obligation: "APDSST: 150.000đ", "…: 1.000.000đ/01 tháng (…)", "590m2 đất"."""
    label = f"{obligation.description}: " if obligation.description else ""
    if obligation.kind == ObligationKind.MONEY:
        return f"{label}{paper_money(obligation.amount)}"
    if obligation.kind == ObligationKind.PERIODIC_MONEY:
        months = f"{obligation.first_period:%m/%Y}-{obligation.last_period:%m/%Y}"
        return f"{label}{paper_money(obligation.amount)}/01 tháng ({months})"
    if obligation.kind == ObligationKind.PROPERTY:
        unit = _QUANTITY_UNITS[obligation.quantity_unit]
        return f"{quantity_text(obligation.quantity)}{unit} {obligation.description}"
    return obligation.description


def decision_cell(case: EnforcementCase, obligations: Sequence[Obligation]) -> str:
    """Write the enforcement decision: its number and date, then what it orders."""
    head = f"Số: {case.decision_number} ngày {paper_date(case.decision_date)}"
    orders = [obligation_text(obligation) for obligation in obligations]
    if not orders and case.amount_due:
        orders = [paper_money(case.amount_due)]
    return " ".join([head, "; ".join(orders)]) if orders else head


def entrusted_out_cell(case: EnforcementCase, event: RegisterDecision | None, to: str) -> str:
    """Write the entrustment out: the decision, the balance entrusted, the receiving agency.

    The decision is the one the case records, else the one its entrusting event names.
    """
    if case.entrusted_to_id is None:
        return ""
    if case.entrustment_decision_number and case.entrustment_decision_date is not None:
        decision = RegisterDecision(
            number=case.entrustment_decision_number, date=case.entrustment_decision_date
        )
    else:
        decision = event or RegisterDecision(number="", date=case.closed_on)
    amount = case.amount_outstanding
    money = f" số tiền: {paper_money(amount)}" if amount else ""
    return f"{decision_text(decision)}{money} ủy thác cho {to}"


def entrusted_in_cell(case: EnforcementCase, sender: str) -> str:
    """Write the entrustment received: the sender's decision and the sending agency."""
    if case.received_from_id is None or case.received_decision_date is None:
        return ""
    received = f"Số: {case.received_decision_number} ngày {paper_date(case.received_decision_date)}"
    return f"{received} của {sender}"


def note_cell(case: EnforcementCase) -> str:
    """Write the note: "QĐ thi hành án theo yêu cầu" for a decision on request, then remarks."""
    remarks = " ".join(case.notes.split())
    if case.initiation != Initiation.ON_REQUEST or read_initiation_note(remarks) == "on_request":
        # A note that says so already (one the register import kept) is not said twice.
        return remarks
    return f"{ON_REQUEST_NOTE}; {remarks}" if remarks else ON_REQUEST_NOTE


def register_row(
    number: int, case: EnforcementCase, names: dict[tuple[int, datetime.date], str] | None = None
) -> RegisterRow:
    """Return a case's register row (parties, judgments, obligations and events prefetched)."""
    names = names or {}
    entrusted_to = names.get((case.entrusted_to_id, case.closed_on), "")
    sender = names.get((case.received_from_id, case.received_decision_date), "")
    parties = list(case.parties.all())
    statuses = register_statuses(case, list(case.events.all()))
    cells: dict[str, object] = {
        columns.ORDER: number,
        columns.ACCEPTED_ON: case.accepted_on,
        columns.JUDGMENTS: judgments_cell(case, list(case.judgments.all())),
        columns.DEBTORS: parties_cell(
            [party for party in parties if party.role == PartyRole.DEBTOR], fallback=case.debtor
        ),
        columns.CREDITORS: parties_cell(
            [party for party in parties if party.role == PartyRole.CREDITOR],
            fallback=case.creditor,
        ),
        columns.ENTRUSTED_OUT: entrusted_out_cell(case, statuses.entrusted, entrusted_to),
        columns.ENTRUSTED_IN: entrusted_in_cell(case, sender),
        columns.DECISION: decision_cell(case, list(case.obligations.all())),
        columns.NOTES: note_cell(case),
        columns.UNIT: case.unit.code,
    }
    for column, decision in statuses.columns.items():
        cells[column] = decision_text(decision)
    return RegisterRow(cells=cells)


def register_rows(cases: Iterable[EnforcementCase]) -> Iterator[RegisterRow]:
    """Return the rows of the cases, numbered from 1 in the order given."""
    number = itertools.count(1)
    iterator = iter(cases)
    while batch := list(itertools.islice(iterator, BATCH)):
        names = names_on_days(batch)
        for case in batch:
            yield register_row(next(number), case, names)
