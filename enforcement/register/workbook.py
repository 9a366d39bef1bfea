"""The intake register as a workbook to print: title block, header, one row per case.

The layout is the shared one (``organizations.spreadsheets``: Vietnamese sheet name, frozen
header, no formula in any cell) with what a paper register needs: A4 landscape as wide as
the page, the header repeated on every page, cells that wrap in columns sized for what they
hold. The title block is the agency, the register's name and the period, one cell a row, so
that the register import reads the file back from its header.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from enforcement.imports import register_columns as columns
from enforcement.imports.register_columns import RegisterColumn
from enforcement.models import statistical_year_bounds, statistical_year_of
from enforcement.register.cells import PRINTED_COLUMNS, RegisterRow
from organizations.formatting import paper_date
from organizations.spreadsheets import (
    DATE_FORMAT,
    TITLE_BLOCK_ROWS,
    print_on_a4_landscape,
    safe_text,
    sheet_name,
)

REGISTER_TITLE = "SỔ THỤ LÝ THI HÀNH ÁN DÂN SỰ"
SHEET_NAME = "Sổ thụ lý"
# Column widths (in the sheet's width units, about 5,25 pt) that fit every column on an A4
# landscape page (about 1.050 pt wide inside the margins) almost without shrinking: the texts
# wrap, a status column holds a decision ("Số: 12/QĐ-THADS ngày 05/11/2025") on three lines.
WIDTHS = {
    columns.ORDER: 4,
    columns.ACCEPTED_ON: 9.5,
    columns.JUDGMENTS: 22,
    columns.DEBTORS: 21,
    columns.CREDITORS: 19,
    columns.ENTRUSTED_OUT: 12,
    columns.ENTRUSTED_IN: 12,
    columns.DECISION: 24,
    columns.NOTES: 11,
    columns.UNIT: 14,
}
STATUS_WIDTH = 9
FONT_SIZE = 9
# The font of the state's papers (Nghị định 30/2020/NĐ-CP, Phụ lục I): what offices print in.
FONT_NAME = "Times New Roman"
# Rows are as tall as their longest cell: a spreadsheet does not size a row written in a
# stream, and LibreOffice does not size it on opening. Characters of the cell font per unit
# of width (words wrap whole: fewer than fit), and the height of a line, in points.
CHARS_PER_UNIT = 1.25
LINE_HEIGHT = 12
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="F2E6E6")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_CENTRE_TOP = Alignment(horizontal="center", vertical="top", wrap_text=True)
_TITLE_STYLES = {
    "above": (Font(name=FONT_NAME, size=FONT_SIZE + 1), Alignment(horizontal="left")),
    "agency": (Font(name=FONT_NAME, bold=True, size=FONT_SIZE + 1), Alignment(horizontal="left")),
    "title": (Font(name=FONT_NAME, bold=True, size=FONT_SIZE + 5), Alignment(horizontal="center")),
    "period": (
        Font(name=FONT_NAME, italic=True, size=FONT_SIZE + 1),
        Alignment(horizontal="center"),
    ),
}


@dataclass(frozen=True)
class RegisterHeading:
    """The title block: the agency as named in the period, the register's name, the period.

    An office's register names its agency above it (``above``).
    """

    agency: str
    period: str
    above: str = ""
    title: str = REGISTER_TITLE

    def lines(self) -> list[tuple[str, str]]:
        """Return the block's lines with their role; at most the shared block's rows."""
        lines = [("above", self.above)] if self.above else []
        lines += [("agency", self.agency), ("title", self.title), ("period", self.period)]
        return [*lines, ("blank", "")][:TITLE_BLOCK_ROWS]


def period_text(start: datetime.date, end: datetime.date) -> str:
    """Name a period: the statistical year when it is one, else its first and last day."""
    year = statistical_year_of(end)
    if (start, end) == statistical_year_bounds(year):
        return _("Statistical year %(year)s, from %(start)s to %(end)s") % {
            "year": year,
            "start": paper_date(start),
            "end": paper_date(end),
        }
    return _("Accepted from %(start)s to %(end)s") % {
        "start": paper_date(start),
        "end": paper_date(end),
    }


def write_register(
    target: Path | IO[bytes],
    *,
    heading: RegisterHeading,
    rows: Iterable[RegisterRow],
    printed: Sequence[RegisterColumn] = PRINTED_COLUMNS,
) -> int:
    """Write the register, row by row (never held in memory); return how many rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_name(SHEET_NAME))
    keys = [column.key for column in printed]
    for index, key in enumerate(keys, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(key, STATUS_WIDTH)
    lines = heading.lines()
    header_row = len(lines) + 1
    last = get_column_letter(len(keys))
    sheet.freeze_panes = f"A{header_row + 1}"
    print_on_a4_landscape(sheet, header_rows=f"{header_row}:{header_row}")
    for number, (role, line) in enumerate(lines, start=1):
        cell = WriteOnlyCell(sheet, value=safe_text(line) or None)
        if role in _TITLE_STYLES:
            cell.font, cell.alignment = _TITLE_STYLES[role]
            sheet.row_dimensions[number].height = cell.font.size * 1.5
            # Each line spans the table: the title and the period are centred over it.
            sheet.merged_cells.add(f"A{number}:{last}{number}")
        sheet.append([cell])
    widths = [WIDTHS.get(key, STATUS_WIDTH) for key in keys]
    headers = [column.header for column in printed]
    _fit_height(sheet, header_row, headers, widths, bold=True)
    sheet.append([_header_cell(sheet, header) for header in headers])
    count = 0
    for number, row in enumerate(rows, start=header_row + 1):
        values = row.values(printed)
        _fit_height(sheet, number, values, widths)
        sheet.append([_cell(sheet, key, value) for key, value in zip(keys, values, strict=True)])
        # Written: the row's height is not needed any more (a register has thousands).
        del sheet.row_dimensions[number]
        count += 1
    workbook.save(target)
    return count


def _fit_height(
    sheet: Any, number: int, values: list[object], widths: list[float], *, bold: bool = False
) -> None:
    """Make the row tall enough for its longest cell, wrapped in its column's width."""
    lines = max(
        _lines(value, width, bold=bold) for value, width in zip(values, widths, strict=True)
    )
    sheet.row_dimensions[number].height = lines * LINE_HEIGHT + 3


def _lines(value: object, width: float, *, bold: bool = False) -> int:
    if not isinstance(value, str) or not value:
        return 1
    per_line = max(int(width * CHARS_PER_UNIT * (0.9 if bold else 1)), 1)
    lines = 0
    for paragraph in value.split("\n"):
        # Whole words: a word that does not fit on what is left of a line starts the next.
        used = 0
        lines += 1
        for word in paragraph.split():
            if used and used + 1 + len(word) > per_line:
                lines += 1
                used = 0
            used += (1 if used else 0) + len(word)
            while used > per_line:
                lines += 1
                used -= per_line
    return lines


def _header_cell(sheet: object, header: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=safe_text(header))
    cell.font = Font(name=FONT_NAME, bold=True, size=FONT_SIZE)
    cell.fill = _HEADER_FILL
    cell.border = _BORDER
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return cell


def _cell(sheet: object, key: str, value: object) -> WriteOnlyCell:
    if isinstance(value, str):
        value = safe_text(value) or None
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(name=FONT_NAME, size=FONT_SIZE)
    cell.border = _BORDER
    if isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    cell.alignment = _CENTRE_TOP if key in (columns.ORDER, columns.ACCEPTED_ON) else _WRAP_TOP
    return cell
