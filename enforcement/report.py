"""The official statistics table as columns, shared by the report page and its spreadsheet."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from enforcement.selectors import Lines, StatisticsTable, UnitStatistics
from organizations.imports.exporting import escape_formula


@dataclass(frozen=True)
class Column:
    """One numbered line of the official table."""

    number: str
    title: str | Promise
    value: Callable[[Lines], int]


COLUMNS = [
    Column("1", gettext_lazy("Carried over"), lambda lines: lines.carried_over),
    Column("2", gettext_lazy("Newly accepted"), lambda lines: lines.newly_accepted),
    Column("3", gettext_lazy("Total"), lambda lines: lines.total),
    Column("4", gettext_lazy("Entrusted out"), lambda lines: lines.entrusted),
    Column("5", gettext_lazy("Withdrawn / cancelled"), lambda lines: lines.withdrawn),
    Column("6", gettext_lazy("To enforce"), lambda lines: lines.to_enforce),
    Column("7", gettext_lazy("Not yet eligible"), lambda lines: lines.not_eligible),
    Column("8", gettext_lazy("Eligible"), lambda lines: lines.eligible),
    Column("9", gettext_lazy("Completed"), lambda lines: lines.completed),
    Column("10", gettext_lazy("Terminated"), lambda lines: lines.terminated),
    Column("11", gettext_lazy("Resolved"), lambda lines: lines.resolved),
    Column("12a", gettext_lazy("Postponed"), lambda lines: lines.postponed),
    Column("12b", gettext_lazy("Suspended"), lambda lines: lines.suspended),
    Column("12c", gettext_lazy("In progress"), lambda lines: lines.in_progress),
    Column("13", gettext_lazy("Carried to next period"), lambda lines: lines.carried_to_next),
]


def thousands(amount: int) -> int:
    """Return VND in thousands, as the official form counts money."""
    return int((Decimal(amount) / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def row_label(row: UnitStatistics) -> str:
    """Return the unit's name for the table, or the total's label."""
    return row.unit.display_name if row.unit is not None else _("Total")


_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="F2E6E6")


def _sheet(workbook: Workbook, table: StatisticsTable, *, money: bool, title: str) -> None:
    sheet = workbook.create_sheet(title=title)
    period = table.period
    last_column = 1 + len(COLUMNS) + 4
    heading = (
        _("CIVIL JUDGMENT ENFORCEMENT RESULTS IN MONEY")
        if money
        else _("CIVIL JUDGMENT ENFORCEMENT RESULTS IN CASES")
    )
    sheet.cell(row=1, column=1, value=heading).font = Font(bold=True, size=13)
    sheet.cell(
        row=2,
        column=1,
        value=_("Statistical year %(year)s, from %(start)s to %(end)s")
        % {
            "year": period.year,
            "start": date_format(period.start, "SHORT_DATE_FORMAT"),
            "end": date_format(period.end, "SHORT_DATE_FORMAT"),
        },
    )
    sheet.cell(
        row=3,
        column=1,
        value=_("Unit of measure: thousand VND") if money else _("Unit of measure: case"),
    )
    for row_number in (1, 2, 3):
        sheet.merge_cells(
            start_row=row_number, start_column=1, end_row=row_number, end_column=last_column
        )
        sheet.cell(row=row_number, column=1).alignment = Alignment(horizontal="center")
    headers = [
        _("Unit"),
        *[str(column.title) for column in COLUMNS],
        _("Resolution ratio (%)"),
        _("Target (%)"),
        _("Difference"),
        _("Target met"),
    ]
    numbers = ["", *[column.number for column in COLUMNS], "14", "15", "", ""]
    for index, (header, number) in enumerate(zip(headers, numbers, strict=True), start=1):
        cell = sheet.cell(row=5, column=index, value=header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        numbered = sheet.cell(row=6, column=index, value=number or None)
        numbered.alignment = Alignment(horizontal="center")
        numbered.font = Font(italic=True, size=9)
        numbered.border = _BORDER
    sheet.row_dimensions[5].height = 45
    row_number = 7
    for row in [*table.rows, table.total]:
        lines = row.money if money else row.cases
        target = row.money_target if money else row.case_target
        difference = row.money_difference if money else row.case_difference
        met = row.money_target_met if money else row.case_target_met
        values: list[object] = [escape_formula(row_label(row))]
        values += [
            thousands(column.value(lines)) if money else column.value(lines) for column in COLUMNS
        ]
        values += [
            float(lines.ratio) if lines.ratio is not None else None,
            float(target) if target is not None else None,
            float(difference) if difference is not None else None,
            "" if met is None else (_("met") if met else _("not met")),
        ]
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=index, value=value)
            cell.border = _BORDER
            if row.unit is None:
                cell.font = Font(bold=True)
            if 1 < index <= 1 + len(COLUMNS):
                cell.number_format = "#,##0"
            elif index <= 1 + len(COLUMNS) + 3 and index > 1:
                cell.number_format = "0.00"
        row_number += 1
    sheet.column_dimensions["A"].width = 34
    for index in range(2, last_column + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 16 if money else 11
    sheet.freeze_panes = "B7"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def statistics_workbook(table: StatisticsTable) -> bytes:
    """Return the table as an XLSX file: one sheet in cases, one in money."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, table, money=False, title=_("In cases"))
    _sheet(workbook, table, money=True, title=_("In money"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
