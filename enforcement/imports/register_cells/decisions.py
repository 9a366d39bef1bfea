"""The enforcement decision cell: its number, its date and what it orders.

``Số: 46/QĐ-THADS ngày 05/10/2025 APDSST: 150.000đ khấu trừ 300.000đ tạm ứng`` orders a
court fee of 150.000 đ, taken from an advance of 300.000 đ; ``trả lại: 590m2 đất`` orders
land handed over; ``cấp dưỡng nuôi con: 1.000.000đ/01 tháng (10/2025-09/2026)`` orders
money each month. Every number in the text must be read as one of those; a number in a
unit not known, or a second decision number, refuses the cell.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from enforcement.imports.register_cells.values import (
    NUMBER,
    QUANTITY_UNITS,
    RegisterCellError,
    money_unit,
    read_amount,
    read_date,
    read_month,
    read_quantity,
)
from enforcement.models.obligations import months_between
from enforcement.register.vocabulary import DECISION_NUMBER, NUMBER_PATTERN
from organizations.imports.values import clean_text

_HEAD = re.compile(
    rf"^\s*(?:QĐ\s+)?Số\s*:?\s*(?P<number>{NUMBER_PATTERN})\s*[,;]?\s*"
    r"ngày\s*:?\s*(?P<date>\d{1,2}[/.-]\d{1,2}[/.-]\d{4})\s*[,;:.-]?\s*",
    re.IGNORECASE,
)
# What follows a number: a money unit, then maybe "/01 tháng" and "(10/2025-09/2026)"; or
# a unit of quantity and what it counts.
_ITEM = re.compile(
    rf"(?P<number>{NUMBER})\s*(?P<unit>m2|m²|₫|[^\W\d_]+)?"
    r"(?P<per>\s*/\s*(?P<every>\d{1,2})?\s*tháng)?"
    r"(?P<span>\s*\(\s*(?P<first>\d{1,2}/\d{4})\s*[-–]\s*(?P<last>\d{1,2}/\d{4})\s*\))?",
    re.IGNORECASE,
)
# Numbers that are names, not amounts: other documents' numbers ("07/2025/DS-ST"), dates,
# and numbered things ("thửa số 123", "tờ bản đồ số 5"). They are skipped, not read.
_NAMES = re.compile(
    r"\d+[a-z]?/\d{4}/[\wĐđ-]+"
    rf"|{NUMBER_PATTERN}"
    r"|(?<![\d/.-])\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?!\d)"
    r"|\b(?:số|thửa|tờ)\s*:?\s*\d+[a-z]?(?:/[\wĐđ/-]+)?",
    re.IGNORECASE,
)
# What a decision says of an advance it takes a fee from: the amount is not due.
_ADVANCE = re.compile(r"khấu trừ|trừ vào|tạm ứng", re.IGNORECASE)
# The separators between the items of a decision, trimmed from labels.
_LABEL_TRIM = " :;,.-–+&…"


@dataclass(frozen=True)
class MoneyDue:
    """Money the decision orders paid once: its label (APDSST) and amount."""

    label: str
    amount: int


@dataclass(frozen=True)
class AdvanceTaken:
    """An advance already paid that a fee is taken from (khấu trừ … tạm ứng): not due."""

    label: str
    amount: int


@dataclass(frozen=True)
class PeriodicMoneyDue:
    """Money ordered each month from ``first`` to ``last`` (each the month's first day)."""

    label: str
    amount: int
    first: datetime.date
    last: datetime.date


@dataclass(frozen=True)
class PropertyDue:
    """Property or land to hand over: what, how much and in which unit (m2, ha, item, kg)."""

    label: str
    description: str
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class DecisionCell:
    """An enforcement decision cell as read."""

    number: str
    date: datetime.date
    money: tuple[MoneyDue, ...] = ()
    periodic: tuple[PeriodicMoneyDue, ...] = ()
    properties: tuple[PropertyDue, ...] = ()
    advances: tuple[AdvanceTaken, ...] = ()
    # What the decision says after its number and date, as written (an act to do, a note).
    text: str = ""

    @property
    def amount_due(self) -> int:
        """Return the money ordered in all: one-off amounts and every month of the periodic."""
        return sum(item.amount for item in self.money) + sum(
            item.amount * months_between(item.first, item.last) for item in self.periodic
        )


def read_decision_cell(value: object, *, today: datetime.date | None = None) -> DecisionCell:
    """Read an enforcement decision cell (số; ngày; số tiền), or refuse it with the reason."""
    cell = clean_text(value)
    if not cell:
        raise RegisterCellError(cell, _("expected the enforcement decision: its number and date"))
    numbers = {match.upper() for match in DECISION_NUMBER.findall(cell)}
    if len(numbers) > 1:
        raise RegisterCellError(
            cell,
            _("the cell holds several decision numbers (%(numbers)s): one decision a row")
            % {"numbers": ", ".join(sorted(numbers))},
        )
    head = _HEAD.match(cell)
    if head is None:
        raise RegisterCellError(
            cell,
            _("expected the decision's number and date first, as “%(example)s”")
            % {"example": "Số: 46/QĐ-THADS ngày 05/10/2025"},
        )
    date = read_date(head.group("date"), today=today, cell=cell)
    money: list[MoneyDue] = []
    periodic: list[PeriodicMoneyDue] = []
    properties: list[PropertyDue] = []
    advances: list[AdvanceTaken] = []
    rest = cell[head.end() :]
    # The names are blanked out (same length, no digits): the items keep their positions.
    masked = _NAMES.sub(lambda name: "#" * len(name.group()), rest)
    position = 0
    for item in _ITEM.finditer(masked):
        before = rest[position : item.start()]
        label = before.strip(_LABEL_TRIM)
        unit = item.group("unit") or ""
        if money_unit(unit):
            amount = read_amount(f"{item.group('number')}{unit}", cell=cell)
            if item.group("per"):
                periodic.append(_periodic(item, label, amount, cell))
            elif item.group("span"):
                raise RegisterCellError(
                    cell, _("a period (mm/yyyy-mm/yyyy) follows an amount that is not monthly")
                )
            elif _ADVANCE.search(before) and (money or periodic):
                advances.append(AdvanceTaken(label=_advance_label(rest, item), amount=amount))
            else:
                money.append(MoneyDue(label=label, amount=amount))
            position = item.end()
        elif unit.lower() in QUANTITY_UNITS:
            described, position = _described(rest, masked, item.end())
            if not described:
                raise RegisterCellError(
                    cell, _("a quantity without what it counts (for example 590m2 of land)")
                )
            properties.append(
                PropertyDue(
                    label=label,
                    description=described,
                    quantity=read_quantity(item.group("number"), cell=cell),
                    unit=QUANTITY_UNITS[unit.lower()],
                )
            )
        else:
            raise RegisterCellError(
                cell,
                _(
                    "“%(number)s %(unit)s”: expected an amount in VND or a quantity in m2, ha, "
                    "items or kg"
                )
                % {"number": item.group("number"), "unit": unit},
            )
    return DecisionCell(
        number=head.group("number"),
        date=date,
        money=tuple(money),
        periodic=tuple(periodic),
        properties=tuple(properties),
        advances=tuple(advances),
        text=rest.strip(_LABEL_TRIM),
    )


def _periodic(item: re.Match[str], label: str, amount: int, cell: str) -> PeriodicMoneyDue:
    every = item.group("every")
    if every is not None and int(every) != 1:
        raise RegisterCellError(
            cell,
            _("money every %(months)s months: only monthly amounts are read")
            % {"months": int(every)},
        )
    if not item.group("span"):
        raise RegisterCellError(
            cell, _("a monthly amount without its months (for example (10/2025-09/2026))")
        )
    first = read_month(item.group("first"), cell=cell)
    last = read_month(item.group("last"), cell=cell)
    if last < first:
        raise RegisterCellError(cell, _("the last month comes before the first"))
    return PeriodicMoneyDue(label=label, amount=amount, first=first, last=last)


def _advance_label(rest: str, item: re.Match[str]) -> str:
    # The advance is named after its amount ("300.000đ tạm ứng"), or before it.
    after = re.match(r"\s*([^\d;,]*)", rest[item.end() :])
    return (after.group(1) if after else "").strip(_LABEL_TRIM) or "tạm ứng"


def _described(rest: str, masked: str, start: int) -> tuple[str, int]:
    # What a quantity counts: the words after it up to the next separator or amount, with
    # the numbered names in them ("đất thửa số 123 tờ bản đồ số 5").
    match = re.match(r"\s*([^\d;,]*)", masked[start:])
    end = start + (match.end() if match else 0)
    return rest[start:end].strip(_LABEL_TRIM), end
