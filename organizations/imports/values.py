"""Parse the values clerks really type: Vietnamese dates, grouped amounts, labels for codes."""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from organizations.folding import strip_diacritics
from organizations.imports.exporting import unescape_formula

_SPACES = re.compile(r"[\s_\-]+")
# A leading space is trimmed; a leading apostrophe may guard a formula (see exporting).
_ODD_FIRST = (" ", "'")
_NON_BREAKING = {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\ufeff": ""}
# ASCII digits only: "²" passes str.isdigit() but int() refuses it, and "٣" or "１" are not
# what a clerk types.
_AMOUNT_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$", re.ASCII)
_AMOUNT_COMMAS = re.compile(r"^\d{1,3}(,\d{3})+$", re.ASCII)
_AMOUNT_SPACES = re.compile(r"^\d{1,3}( \d{3})+$", re.ASCII)
# Excel counts days from 30 December 1899 (with its 1900 leap-year bug folded in).
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


# Allowed values quoted in full in a message; a longer list is cut after this many.
ACCEPTED_SHOWN = 12


class CellError(ValueError):
    """A value that cannot be read; its message is shown to the clerk."""


class ChoiceError(CellError):
    """A value that is none of a coded column's values; the engine names the allowed ones."""


def accepted_values(allowed: Iterable[object]) -> str:
    """Return the allowed values to quote in a message, a long list cut after the first few.

    A clerk who mistyped a code needs the right spellings in front of them, but a province's
    two hundred unit codes would bury the message: the first ones and a count are enough.
    """
    values = list(dict.fromkeys(text for text in map(str, allowed) if text))
    if len(values) <= ACCEPTED_SHOWN:
        return ", ".join(values)
    return _("%(shown)s … (and %(count)s more)") % {
        "shown": ", ".join(values[:ACCEPTED_SHOWN]),
        "count": len(values) - ACCEPTED_SHOWN,
    }


def is_digits(text: str) -> bool:
    """Return whether the text is one or more ASCII digits and nothing else."""
    return text.isascii() and text.isdigit()


def parse_whole(
    value: object,
    *,
    least: int,
    most: int | None = None,
    message: str | Promise,
    params: dict[str, object] | None = None,
) -> int | None:
    """Read a whole number typed as text or stored as a number cell, from least to most."""
    text = clean_text(value)
    if not text:
        return None
    number = int(text) if is_digits(text) else None
    if number is None or number < least or (most is not None and number > most):
        raise CellError(message % params if params else message)
    return number


def clean_text(value: object) -> str:
    """Return the value as NFC text, trimmed, with non-breaking spaces made plain."""
    if value is None:
        return ""
    if type(value) is str:
        text = value
        # Most cells need nothing done: check that cheaply before doing it. Printable text
        # has no tabs, line breaks, non-breaking or zero-width spaces, only plain ones.
        if (
            text.isprintable()
            and "  " not in text
            and text[:1] not in _ODD_FIRST
            and text[-1:] != " "
            and (text.isascii() or unicodedata.is_normalized("NFC", text))
        ):
            return text
    elif isinstance(value, float) and value.is_integer():
        # Spreadsheets store "123" typed in a number cell as 123.0.
        text = str(int(value))
    else:
        text = str(value)
    for odd, plain in _NON_BREAKING.items():
        text = text.replace(odd, plain)
    return unescape_formula(unicodedata.normalize("NFC", " ".join(text.split())))


def clean_column(cells: Sequence[object], *, limit: int) -> list[str] | None:
    """Return a column's cells as they are if every one is clean text within the limit.

    None means that some cell needs cleaning or refusing: the caller then reads them one by
    one. The cells are checked joined, in a few passes over one string instead of one call
    per cell; the separator turns a cell's leading or trailing space into "| " or " |".
    """
    if set(map(type, cells)) - {str}:
        return None
    joined = "|".join(cells)
    if (
        joined.isprintable()
        and "  " not in joined
        and "| " not in joined
        and " |" not in joined
        and "|'" not in joined
        and joined[:1] not in _ODD_FIRST
        and joined[-1:] != " "
        and (joined.isascii() or unicodedata.is_normalized("NFC", joined))
        and max(map(len, cells), default=0) <= limit
    ):
        return list(cells)
    return None


@dataclass(frozen=True)
class Text:
    """A parser of text up to ``limit`` characters."""

    limit: int

    def __call__(self, value: object) -> str:
        cleaned = clean_text(value)
        if len(cleaned) > self.limit:
            raise CellError(_("Too long: at most %(limit)s characters.") % {"limit": self.limit})
        return cleaned

    def column(self, cells: Sequence[object]) -> list[str] | None:
        """Read a whole column at once when every cell is clean text (see clean_column)."""
        return clean_column(cells, limit=self.limit)


def parse_text(limit: int) -> Text:
    """Return a parser of text up to ``limit`` characters."""
    return Text(limit)


def fold(value: object) -> str:
    """Return text for matching: no diacritics, lower case, single spaces."""
    # The same stripping as the searches' (organizations.folding): one rule for both.
    return _SPACES.sub(" ", strip_diacritics(clean_text(value)).lower()).strip()


@functools.lru_cache(maxsize=4096)
def fold_cell(text: str) -> str:
    # Choice cells repeat a handful of labels a quarter of a million times.
    return fold(text)


def parse_date(value: object) -> datetime.date | None:
    """Read ISO, dd/mm/yyyy (or dd-mm-yyyy, dd.mm.yyyy) text, a date cell or an Excel serial."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:
            return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise CellError(_("Not a date."))
    return _parse_date_text(clean_text(value))


@functools.lru_cache(maxsize=8192)
def _parse_date_text(text: str) -> datetime.date | None:
    # A year of cases holds a few hundred distinct days: each is parsed once.
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(_("Not a date: write it as dd/mm/yyyy, for example 30/09/2024."))


def parse_amount(value: object) -> int | None:
    """Read a VND amount: 1.234.567, 1,234,567, 1 234 567 or plain digits; never negative."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(_("Not an amount."))
    if type(value) is str and is_digits(value):
        number = int(value)
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("An amount in đồng has no decimals."))
        number = int(value)
    else:
        text = clean_text(value).replace("₫", "").replace("đ", "").replace("VND", "").strip()
        if not text:
            return None
        if _AMOUNT_DOTS.match(text):
            text = text.replace(".", "")
        elif _AMOUNT_COMMAS.match(text):
            text = text.replace(",", "")
        elif _AMOUNT_SPACES.match(text):
            text = text.replace(" ", "")
        if not is_digits(text):
            if is_digits(text.lstrip("-").replace(".", "").replace(",", "")) and "-" in text:
                raise CellError(_("An amount cannot be negative."))
            raise CellError(_("Not an amount: write digits, for example 1.234.567."))
        number = int(text)
    if number < 0:
        raise CellError(_("An amount cannot be negative."))
    if number > 10**15:
        raise CellError(_("The amount is too large."))
    return number


_SPACE_GROUPED = re.compile(r"^[+-]?\d{1,3}( \d{3})+([.,]\d+)?$")
_GROUPED = {
    ".": re.compile(r"^\d{1,3}(\.\d{3})+$"),
    ",": re.compile(r"^\d{1,3}(,\d{3})+$"),
}


def read_number(text: str, *, group_mark: str = ".") -> Decimal:
    """Read a number written the Vietnamese way (1.234.567,5) or the English way (1,234,567.5).

    ``group_mark`` is the thousands mark of the language the number was typed in: the dot
    in Vietnamese (files and pages), the comma in English pages. That mark between groups of
    three digits groups thousands (``6.200`` is six thousand two hundred in Vietnamese); a
    lone other mark, or the group mark before other than three digits (``83.25``, ``5,6``),
    marks the decimals. With both marks, the last one written marks the decimals. Spaces
    group thousands too. What fits no reading, or two at once (``1.2,3``, ``1,2,3``), is
    refused rather than guessed.
    """
    if " " in text:
        if not _SPACE_GROUPED.match(text):
            raise CellError(_("Not a number: write digits, for example 1.234.567 or 5,6."))
        text = text.replace(" ", "")
    sign = ""
    if text[:1] in "+-":
        sign, text = text[:1], text[1:]
    if not text or not text.isascii() or text[-1:] in ".," or text[:1] in ".,":
        raise CellError(_("Not a number: write digits, for example 1.234.567 or 5,6."))
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        # Both marks: the last one written is the decimal mark, the other groups thousands.
        mark = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if mark == "," else ","
        whole, _sep, fraction = text.rpartition(mark)
        if whole.count(mark) or not _GROUPED[group].match(whole):
            raise CellError(_("Two decimal marks: write it as 1.234,5."))
        digits = whole.replace(group, "") + "." + fraction
    elif dots > 1 or commas > 1:
        group = "." if dots else ","
        if not _GROUPED[group].match(text):
            raise CellError(_("Two decimal marks: write it as 1.234,5."))
        digits = text.replace(group, "")
    elif group_mark in _GROUPED and _GROUPED[group_mark].match(text):
        digits = text.replace(group_mark, "")
    else:
        digits = text.replace(",", ".")
    if not digits.replace(".", "", 1).isdigit():
        raise CellError(_("Not a number: write digits, for example 1.234.567 or 5,6."))
    return Decimal(sign + digits)


def parse_decimal(value: object, *, places: int = 2) -> Decimal | None:
    """Read a number such as 83,25 or 83.25 or 83.25 % (see ``read_number``)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(_("Not a number."))
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        text = clean_text(value).replace("%", "").strip()
        if not text:
            return None
        number = read_number(text)
    if not number.is_finite():
        raise CellError(_("Not a number."))
    return number.quantize(Decimal(1).scaleb(-places))


def choice_lookup(choices: Iterable[tuple[str, object]]) -> dict[str, str]:
    """Map folded codes, Vietnamese and English labels of Django choices to their codes."""
    from django.utils import translation

    lookup: dict[str, str] = {}
    for code, label in choices:
        lookup[fold(code)] = code
        for language in ("vi", "en"):
            with translation.override(language):
                lookup[fold(str(label))] = code
    return lookup


def parse_choice(value: object, lookup: dict[str, str]) -> str | None:
    """Return the code of a choice given by code or label in either language."""
    text = fold_cell(value) if type(value) is str else fold(value)
    if not text:
        return None
    try:
        return lookup[text]
    except KeyError:
        raise ChoiceError(_("Not one of the allowed values.")) from None
