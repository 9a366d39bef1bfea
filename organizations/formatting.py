"""Display helpers: names, dates, money, figures and percentages as the user reads them.

Every app formats through these, so that a PDF, a message and a page show a value alike
and display code never has to import the workflow's services.
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import date_format, number_format

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from organizations.models import Unit

DASH = "–"


def user_name(user: AbstractBaseUser | None) -> str:
    """Return a user's full name, or their username."""
    if user is None:
        return DASH
    return user.get_full_name() or user.get_username()


def short_date(day: datetime.date) -> str:
    """Format a day as the user reads dates (dd/mm/yyyy)."""
    return date_format(day, "SHORT_DATE_FORMAT")


def short_datetime(moment: datetime.datetime) -> str:
    """Format a moment in local time as the user reads it (dd/mm/yyyy hh:mm)."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "SHORT_DATETIME_FORMAT")


def paper_date(day: datetime.date) -> str:
    """Format a day as the ministry's documents write it, whatever the language: 05/09/2025."""
    return day.strftime("%d/%m/%Y")


def paper_time(moment: datetime.datetime) -> str:
    """Format a moment in local time as the documents write it: 14:05 05/09/2025."""
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def paper_money(amount: int) -> str:
    """Format đồng as the registers write them, whatever the language: 1.000.000đ."""
    return f"{amount:,}".replace(",", ".") + "đ"


def format_money(amount: int) -> str:
    """Return an amount of đồng with the active language's thousands mark: 1.250.000."""
    return number_format(amount, force_grouping=True)


def format_figure(value: Decimal | None) -> str:
    """Return a figure with the active language's grouping, without needless decimals."""
    if value is None:
        return DASH
    if value == value.to_integral_value():
        return number_format(int(value), force_grouping=True)
    return number_format(value, 2, force_grouping=True)


def format_decimal(value: Decimal) -> str:
    """Return a figure with two decimals in the active language's format: 12,50."""
    return number_format(value, 2)


def format_percent(value: Decimal) -> str:
    """Return a percentage with its sign, in the active language's format: 33,33%."""
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return f"{number_format(int(value))}%"
    return f"{number_format(value, 2)}%"


def format_years(years: list[int]) -> str:
    """Return years as a readable list: 2022, 2023, 2024."""
    return ", ".join(str(year) for year in years)


# The abbreviations the sector's own documents use, longest phrase first so that a regional
# office keeps its "Phòng" and a city its "TP.".
UNIT_ABBREVIATIONS = (
    ("Phòng Thi hành án dân sự khu vực", "Phòng THADS KV"),
    ("Chi cục Thi hành án dân sự", "CCTHADS"),
    ("Cục Thi hành án dân sự", "Cục THADS"),
    ("Thi hành án dân sự", "THADS"),
    ("Sở Tư pháp", "STP"),
    ("thành phố", "TP."),
    ("thị xã", "TX."),
    ("quận", "Q."),
    ("huyện", "H."),
)
_UNIT_ABBREVIATION = re.compile(
    "|".join(rf"\b{re.escape(phrase)}\b" for phrase, _ in UNIT_ABBREVIATIONS), re.IGNORECASE
)
_UNIT_SHORT_FORMS = {phrase.casefold(): short for phrase, short in UNIT_ABBREVIATIONS}


def abbreviate_unit_name(name: str) -> str:
    """Shorten a unit's official name as its documents do: "THADS TP. Hà Nội"."""
    shortened = _UNIT_ABBREVIATION.sub(
        lambda match: _UNIT_SHORT_FORMS[match.group(0).casefold()], name
    )
    # "KV 1" as the documents write it: "KV1".
    return re.sub(r"\bKV (\d)", r"KV\1", " ".join(shortened.split()))


def short_unit_name(unit: Unit) -> str:
    """Return the unit's short name, or its official name abbreviated, for one-line lists."""
    return unit.short_name or abbreviate_unit_name(unit.name)
