"""The one layout of every spreadsheet a user downloads, and its file name.

A clerk opens the file in Excel or LibreOffice and should be able to print it as it comes:
the sheet is named after the list in the reader's language, a title block says what the
list is, for which units and as of when, the header row is frozen and bold, dates are date
cells shown dd/mm/yyyy, amounts are numbers with thousands grouping, and every column is as
wide as what it holds. Our imports read such a file back: they skip the title block
(``organizations.imports.reading``).
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from organizations.folding import strip_diacritics
from organizations.formatting import short_date, short_datetime
from organizations.scoping import unit_scope_ids

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel shows "#,##0" with the grouping of the reader's locale: 1.234.567 on a Vietnamese
# system (LibreOffice too); the stored cell stays the number 1234567.
AMOUNT_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# Characters a spreadsheet refuses in a sheet's name, and the longest name it takes.
SHEET_NAME_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
SHEET_NAME_LENGTH = 31
# Columns are sized on the header and the first rows: a streamed sheet keeps no more.
MEASURED_ROWS = 200
COLUMN_WIDTH = (10, 60)
# The title block is at most this many rows, each with one cell at most (imports skip it).
TITLE_BLOCK_ROWS = 4
_HEADER_FILL = PatternFill("solid", fgColor="F2E6E6")


@dataclass(frozen=True)
class SheetHeading:
    """The title block of a sheet: what the list is, whose, and as of when."""

    title: str
    scope: str = ""
    period: str = ""

    def lines(self) -> list[str]:
        """Return the block's lines, the title first; a blank line ends it."""
        lines = [line for line in (self.title, self.scope, self.period) if line]
        return [*lines, ""][:TITLE_BLOCK_ROWS]


def escape_formula(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_text(text: str) -> str:
    """Return text as a cell may hold it: never a formula, no character XML refuses."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", escape_formula(text))


def print_on_a4_landscape(sheet: Any, *, header_rows: str) -> None:
    """Set a sheet to print as a paper register: A4 landscape, as wide as the page.

    ``header_rows`` ("5:5") repeat on every printed page; each page is numbered in the footer.
    """
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    # Every column on the page's width, as many pages down as the rows need.
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.page_margins.header = sheet.page_margins.footer = 0.25
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = header_rows
    sheet.oddFooter.center.text = _("Page &P of &N")


def sheet_name(text: str) -> str:
    """Return the text as a spreadsheet takes it for a sheet's name."""
    return SHEET_NAME_FORBIDDEN.sub(" ", text)[:SHEET_NAME_LENGTH].strip() or "-"


def download_name(subject: str, day: datetime.date, extension: str = "xlsx") -> str:
    """Return a file name that every browser and system keeps: ho-so-thi-hanh-an_2026-12-04.xlsx.

    The subject is written without diacritics, in lower case, words joined by hyphens.
    """
    plain = strip_diacritics(subject).encode("ascii", "ignore").decode().lower()
    stem = "-".join(re.findall(r"[a-z0-9]+", plain))[:80].strip("-") or "danh-sach"
    return f"{stem}_{day.isoformat()}.{extension}"


def attachment(response: HttpResponse, file_name: str) -> HttpResponse:
    """Send the response as a download named ``file_name`` (RFC 6266, filename* if needed)."""
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    return response


def xlsx_response(content: bytes, file_name: str) -> HttpResponse:
    """Return a workbook's bytes as a download."""
    return attachment(HttpResponse(content, content_type=XLSX_CONTENT_TYPE), file_name)


def exported_on() -> str:
    """Return the line of a title block saying when the list was taken."""
    return _("Exported on %(moment)s") % {"moment": short_datetime(timezone.now())}


def scope_of(user: AbstractBaseUser) -> str:
    """Return the units whose rows a user's export holds, for its title block."""
    if unit_scope_ids(user) is None:
        return _("All units")
    names = [
        membership.unit.display_name
        # Through the account's memberships: the models import this module's importers.
        for membership in user.memberships.select_related("unit").order_by("unit__code")
    ]
    if not names:
        return ""
    return _("Units: %(units)s") % {"units": ", ".join(dict.fromkeys(names))}


def write_sheet(
    target: Path | IO[bytes],
    *,
    title: str,
    heading: SheetHeading | None,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    amount_columns: Iterable[str] = (),
) -> None:
    """Write a one-sheet workbook in the shared layout, row by row (never held in memory).

    ``amount_columns`` names the headers whose numbers are amounts, shown with grouping;
    other numbers (years, counts of a code) are shown as they are.
    """
    rows = iter(rows)
    first = [list(row) for row in itertools.islice(rows, MEASURED_ROWS)]
    amounts = {index for index, header in enumerate(headers) if header in set(amount_columns)}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_name(title))
    lines = heading.lines() if heading is not None else []
    header_row = len(lines) + 1
    sheet.freeze_panes = f"A{header_row + 1}"
    for index, width in enumerate(_widths(headers, first), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, line in enumerate(lines):
        cell = WriteOnlyCell(sheet, value=escape_formula(line) or None)
        cell.font = Font(bold=True, size=13) if number == 0 else Font(italic=True)
        sheet.append([cell])
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=escape_formula(str(header)))
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in itertools.chain(first, rows):
        sheet.append([_cell(sheet, value, amount=i in amounts) for i, value in enumerate(row)])
    workbook.save(target)


def _cell(sheet: Any, value: Any, *, amount: bool) -> WriteOnlyCell:
    if isinstance(value, datetime.datetime):
        # A spreadsheet cell holds no time zone: the local time is what the user saw.
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str):
        return WriteOnlyCell(sheet, value=safe_text(value))
    if amount and isinstance(value, int | Decimal) and not isinstance(value, bool):
        cell = WriteOnlyCell(sheet, value=int(value) if value == int(value) else value)
        cell.number_format = AMOUNT_FORMAT if value == int(value) else "#,##0.##"
        return cell
    return WriteOnlyCell(sheet, value=value)


def _widths(headers: Sequence[str], rows: list[list[Any]]) -> list[float]:
    low, high = COLUMN_WIDTH
    widths = []
    for index, header in enumerate(headers):
        longest = max((len(word) for word in str(header).split()), default=0)
        longest = max(longest, min(len(str(header)), 24))
        for row in rows:
            if index < len(row):
                longest = max(longest, _shown_length(row[index]))
        widths.append(min(max(longest + 2, low), high))
    return widths


def _shown_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return len(short_datetime(value) if timezone.is_aware(value) else "00/00/0000 00:00")
    if isinstance(value, datetime.date):
        return len(short_date(value))
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        # Grouping adds a separator every three digits.
        digits = len(str(abs(int(value))))
        return digits + (digits - 1) // 3 + 1
    return len(str(value))
