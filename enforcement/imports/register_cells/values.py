"""The values inside an intake register's cells: dates, amounts in đồng, quantities.

Each reader returns the value or raises ``RegisterCellError`` naming the cell as written and
what was expected: a cell it cannot read is never guessed at.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.imports.values import CellError, clean_text, parse_amount, parse_date

# Registers hold decisions from 1976 on at the earliest; an Excel serial or a typo that
# lands before is not a date of the register.
EARLIEST = datetime.date(1976, 1, 1)

# How the registers write đồng after an amount; matched on the text as typed.
MONEY_UNITS = ("đồng", "vnđ", "vnd", "đ", "₫")
# The units of quantities to hand over, as written, and the code each is stored as.
QUANTITY_UNITS = {
    "m2": "m2",
    "m²": "m2",
    "ha": "ha",
    "cái": "item",
    "chiếc": "item",
    "kg": "kg",
}
# A number as the registers write it: grouped with dots, commas or spaces, or plain.
NUMBER = r"\d{1,3}(?:[.,]\d{3})+(?:,\d+)?|\d{1,3}(?: \d{3})+(?!\d)|\d+(?:[.,]\d+)?"


class RegisterCellError(CellError):
    """A register cell that cannot be read: the cell as written and the reason."""

    def __init__(self, cell: object, reason: str) -> None:
        self.cell = clean_text(cell)
        self.reason = reason
        super().__init__(
            _("“%(cell)s”: %(reason)s") % {"cell": self.cell, "reason": reason}
            if self.cell
            else reason
        )


def read_date(
    value: object, *, today: datetime.date | None = None, cell: object = None
) -> datetime.date:
    """Read a date: dd/mm/yyyy, dd-mm-yyyy, ISO (with a time: 2025-10-09 00:00:00), Excel.

    A date in the future, or before 1976, is refused. ``cell`` names the whole cell in the
    message when the date is part of it.
    """
    shown = value if cell is None else cell
    try:
        day = parse_date(value)
    except CellError:
        day = None
    if day is None:
        raise RegisterCellError(
            shown, _("expected a date written dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd")
        )
    if day < EARLIEST:
        raise RegisterCellError(
            shown, _("the date %(date)s is too early for a register") % {"date": f"{day:%d/%m/%Y}"}
        )
    if day > (today or timezone.localdate()):
        raise RegisterCellError(
            shown, _("the date %(date)s is in the future") % {"date": f"{day:%d/%m/%Y}"}
        )
    return day


def read_month(text: str, *, cell: object) -> datetime.date:
    """Read a month written mm/yyyy (10/2025) as its first day."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{4})\s*", text)
    if match is None or not 1 <= int(match.group(1)) <= 12:
        raise RegisterCellError(cell, _("expected a month written mm/yyyy, for example 10/2025"))
    return datetime.date(int(match.group(2)), int(match.group(1)), 1)


def money_unit(unit: str) -> bool:
    """Tell whether the word after a number says đồng."""
    return unit.lower() in MONEY_UNITS


def read_amount(value: object, *, cell: object = None) -> int:
    """Read an amount in đồng: 150.000đ, 1.000.000 đồng, 1,000,000 VNĐ, 150000.

    Dots or commas group thousands (1.000.000 is a million, never 1); an amount with
    decimals, a negative one or one in another unit is refused.
    """
    shown = value if cell is None else cell
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            amount = parse_amount(value)
        except CellError as error:
            raise RegisterCellError(shown, str(error)) from None
        if amount is None:
            raise RegisterCellError(shown, _("expected an amount in VND"))
        return amount
    text = clean_text(value)
    match = re.fullmatch(rf"({NUMBER})\s*([^\d\s]*)", text)
    if match is None:
        raise RegisterCellError(shown, _("expected an amount in VND, for example 150.000 VND"))
    digits, unit = match.groups()
    if unit and not money_unit(unit):
        raise RegisterCellError(shown, _("the unit “%(unit)s” is not VND") % {"unit": unit})
    try:
        amount = parse_amount(digits)
    except CellError:
        amount = None
    if amount is None:
        raise RegisterCellError(
            shown, _("“%(amount)s” is not an amount in whole VND") % {"amount": digits}
        )
    return amount


def read_quantity(text: str, *, cell: object = None) -> Decimal:
    """Read a quantity: 590, 1.250 (thousands) or 590,5 (a decimal comma)."""
    shown = text if cell is None else cell
    cleaned = text.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    elif re.fullmatch(r"\d+,\d+", cleaned):
        cleaned = cleaned.replace(",", ".")
    try:
        quantity = Decimal(cleaned)
    except InvalidOperation:
        quantity = None
    if quantity is None or not quantity.is_finite() or quantity <= 0:
        raise RegisterCellError(shown, _("expected a quantity, for example 590 or 590,5"))
    return quantity
