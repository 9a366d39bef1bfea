"""The official statistics table as columns, its header and closing, and its spreadsheet.

The page, its printout and the spreadsheet read the same printed figures (money rounded to
thousand đồng so that it reconciles) and the same header: the issuing agency, the form of
the statistics regime (a catalogue administrators keep), the period, the unit of measure,
and the closing block (place and date, preparer, head of agency).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from enforcement.models import ReportForm
from enforcement.selectors import Lines, Period, StatisticsTable, UnitStatistics, round_table
from organizations.formatting import paper_date, short_date, user_name
from organizations.imports.exporting import escape_formula
from organizations.models import Membership, Person, Unit
from organizations.selectors import unit_name_on, units_as_on


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


# The money table has one line more, inside resolved: the reductions and exemptions (giảm,
# miễn thi hành án) granted within the period; no case counts there.
MONEY_COLUMNS = [
    *COLUMNS[:10],
    Column("10a", gettext_lazy("Reduced or exempted"), lambda lines: lines.reduced),
    *COLUMNS[10:],
]


def columns_of(*, money: bool) -> list[Column]:
    """Return the numbered columns of the table in cases, or in money."""
    return MONEY_COLUMNS if money else COLUMNS


def row_label(row: UnitStatistics) -> str:
    """Return the unit's name for the table, the part of a breakdown, or the total's label."""
    if row.label:
        return row.label
    return row.unit.display_name if row.unit is not None else _("Total")


def included_notes(row: UnitStatistics) -> list[str]:
    """Return the notes naming the predecessors whose figures the row includes."""
    return [
        _("includes the figures of %(name)s until %(day)s")
        % {"name": name, "day": short_date(last_day)}
        for name, last_day in row.includes
    ]


def rows_named_on(rows: list[UnitStatistics], day: datetime.date) -> list[UnitStatistics]:
    """Return the rows with each unit named as it was called on the day (one query)."""
    dated = units_as_on((row.unit for row in rows if row.unit is not None), day)
    return [row if row.unit is None else replace(row, unit=dated[row.unit.pk]) for row in rows]


def table_named_on(table: StatisticsTable, day: datetime.date) -> StatisticsTable:
    """Return the table with its units named as they were called on the day.

    A report names each unit as it was called at the end of the period it shows: the 2024
    table says "Cục Thi hành án dân sự", the 2025 table the agency's new name.
    """
    *rows, total = rows_named_on([*table.rows, table.total], day)
    return replace(table, rows=rows, total=total)


def printed_rows(table: StatisticsTable, *, money: bool) -> list[tuple[UnitStatistics, Lines]]:
    """Return each row (the total last) with the lines it prints: money in thousand đồng.

    The page, its printout and the spreadsheet all print these, so they agree, and the
    rounded money still reconciles (``round_table``).
    """
    rows = [*table.rows, table.total]
    if not money:
        return [(row, row.cases) for row in rows]
    rounded, total = round_table([row.money for row in table.rows], table.total.money)
    return list(zip(rows, [*rounded, total], strict=True))


def column_values(lines: Lines, *, money: bool = False) -> list[int]:
    """Return the figures of the table's numbered columns, in order."""
    return [column.value(lines) for column in columns_of(money=money)]


# The positions that head a unit, by kind of unit: the agency's head signs its reports.
# "Cục trưởng" heads a provincial agency before the 2025 reorganisation, "Trưởng Thi hành
# án dân sự" after it; "Chi cục trưởng" and "Trưởng phòng" head the district and regional
# offices. A deputy ("Phó …") never matches, since the position must begin with the title.
HEAD_POSITIONS = {
    Unit.Kind.MINISTRY: ("bộ trưởng",),
    Unit.Kind.DEPARTMENT_OF_JUSTICE: ("giám đốc",),
    Unit.Kind.ENFORCEMENT_AGENCY: ("thủ trưởng", "cục trưởng", "trưởng thi hành án"),
    Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE: ("thủ trưởng", "chi cục trưởng", "trưởng phòng"),
    Unit.Kind.OTHER: ("thủ trưởng",),
}


def is_head_position(position: str, kind: str) -> bool:
    """Tell whether a position heads a unit of the kind (Cục trưởng of an agency…)."""
    position = " ".join(position.casefold().split())
    return any(
        position == title or position.startswith(f"{title} ")
        for title in HEAD_POSITIONS.get(kind, ())
    )


def unit_head(unit: Unit) -> Person | None:
    """Return the person of the unit whose position heads it, if one is recorded."""
    # Positions are free text and SQLite folds only ASCII case: compare in Python over the
    # unit's few people.
    people = unit.people.exclude(position="").order_by("staff_code").only("full_name", "position")
    return next((person for person in people if is_head_position(person.position, unit.kind)), None)


def issuing_unit(
    *, user: AbstractBaseUser, table: StatisticsTable, chosen: Unit | None
) -> Unit | None:
    """Return the issuing agency: the unit chosen, the only one shown, or the user's own."""
    if chosen is not None:
        return chosen
    if len(table.rows) == 1 and table.rows[0].unit is not None:
        return table.rows[0].unit
    units = [
        membership.unit
        for membership in Membership.objects.filter(user=user)
        .select_related("unit")
        .order_by("unit__code")
    ]
    ids = {unit.pk for unit in units}
    # The highest of the user's units speaks for the others.
    return next((unit for unit in units if unit.parent_id not in ids), None)


@dataclass(frozen=True)
class Signatory:
    """A signature of the closing block: its caption, the signer's title and name."""

    caption: str
    note: str
    title: str
    name: str


@dataclass(frozen=True)
class FormHeading:
    """The heading of one table: the official form it follows and its unit of measure."""

    form: ReportForm | None
    title: str
    unit_of_measure: str


@dataclass(frozen=True)
class ReportHeading:
    """The header and closing block the printed report and its spreadsheet carry."""

    parent_name: str
    agency_name: str
    period: str
    place_and_date: str
    preparer: Signatory
    head: Signatory
    cases: FormHeading
    money: FormHeading

    @property
    def signatories(self) -> tuple[Signatory, Signatory]:
        """Return the two signatures of the closing block, the preparer's first."""
        return self.preparer, self.head

    def of(self, *, money: bool) -> FormHeading:
        """Return the heading of the table in money or in cases."""
        return self.money if money else self.cases


def place_and_date(place: str, day: datetime.date) -> str:
    """Return the dateline of an official document: Hà Nội, ngày 05 tháng 09 năm 2025."""
    values = {
        "place": place,
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "year": day.year,
    }
    if place:
        return _("%(place)s, day %(day)s month %(month)s year %(year)s") % values
    return _("Day %(day)s month %(month)s year %(year)s") % values


def _form_heading(measure: str, period: Period, *, money: bool) -> FormHeading:
    form = ReportForm.objects.in_force(measure, period.end)
    fallback = (
        _("CIVIL JUDGMENT ENFORCEMENT RESULTS IN MONEY")
        if money
        else _("CIVIL JUDGMENT ENFORCEMENT RESULTS IN CASES")
    )
    return FormHeading(
        form=form,
        title=form.name.upper() if form is not None else fallback,
        unit_of_measure=(
            _("Unit of measure: thousand VND") if money else _("Unit of measure: case")
        ),
    )


def report_heading(
    *,
    user: AbstractBaseUser,
    period: Period,
    agency: Unit | None,
    today: datetime.date | None = None,
) -> ReportHeading:
    """Return the header and closing block of the report the user prints for the agency.

    The agency and the unit above it are named as they were called at the period's end.
    """
    if agency is not None:
        agency = units_as_on([agency], period.end)[agency.pk]
    parent = (
        Unit.objects.filter(pk=agency.parent_id).first()
        if agency is not None and agency.parent_id
        else None
    )
    place = agency.locality.name if agency is not None and agency.locality is not None else ""
    head = unit_head(agency) if agency is not None else None
    return ReportHeading(
        parent_name=unit_name_on(parent, period.end).upper() if parent is not None else "",
        agency_name=agency.name.upper() if agency is not None else "",
        period=_("Statistical year %(year)s, from %(start)s to %(end)s")
        % {"year": period.year, "start": paper_date(period.start), "end": paper_date(period.end)},
        place_and_date=place_and_date(place, today or timezone.localdate()),
        preparer=Signatory(
            caption=_("Prepared by"),
            note=_("(Signature, full name)"),
            title="",
            name=user_name(user),
        ),
        head=Signatory(
            caption=_("Head of agency"),
            note=_("(Signature, seal)"),
            title=head.position if head is not None else "",
            name=head.full_name if head is not None else "",
        ),
        cases=_form_heading(ReportForm.Measure.CASES, period, money=False),
        money=_form_heading(ReportForm.Measure.MONEY, period, money=True),
    )


_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="F2E6E6")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _merged(
    sheet: Worksheet, row: int, first: int, last: int, value: str, font: Font | None = None
) -> None:
    sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = sheet.cell(row=row, column=first, value=escape_formula(value) if value else None)
    cell.alignment = _CENTER
    if font is not None:
        cell.font = font


def _header_rows(sheet: Worksheet, heading: ReportHeading, *, money: bool, last: int) -> int:
    """Write the form's header; return the row where the table starts."""
    form = heading.of(money=money)
    split = 6  # the agency on the left, the form's code on the right, as on paper
    _merged(sheet, 1, 1, split, heading.parent_name)
    _merged(sheet, 2, 1, split, heading.agency_name, Font(bold=True))
    if form.form is not None:
        _merged(
            sheet,
            1,
            last - 4,
            last,
            _("Form %(code)s") % {"code": form.form.code},
            Font(bold=True),
        )
        _merged(sheet, 2, last - 4, last, form.form.legal_basis, Font(italic=True, size=9))
    _merged(sheet, 4, 1, last, form.title, Font(bold=True, size=13))
    _merged(sheet, 5, 1, last, heading.period)
    _merged(sheet, 6, last - 4, last, form.unit_of_measure, Font(italic=True))
    sheet.row_dimensions[2].height = 30
    return 8


def _closing_rows(sheet: Worksheet, heading: ReportHeading, *, start: int, last: int) -> None:
    split = 6
    _merged(sheet, start, last - 5, last, heading.place_and_date, Font(italic=True))
    for first, end, signatory in (
        (1, split, heading.preparer),
        (last - 5, last, heading.head),
    ):
        _merged(sheet, start + 1, first, end, signatory.caption.upper(), Font(bold=True))
        _merged(sheet, start + 2, first, end, signatory.title, Font(bold=True))
        _merged(sheet, start + 3, first, end, signatory.note, Font(italic=True, size=9))
        _merged(sheet, start + 7, first, end, signatory.name, Font(bold=True))


def _sheet(
    workbook: Workbook,
    table: StatisticsTable,
    heading: ReportHeading,
    *,
    money: bool,
    title: str,
) -> None:
    sheet = workbook.create_sheet(title=title)
    columns = columns_of(money=money)
    last_column = 1 + len(columns) + 4
    header_row = _header_rows(sheet, heading, money=money, last=last_column)
    headers = [
        _("Unit"),
        *[str(column.title) for column in columns],
        _("Resolution ratio (%)"),
        _("Target (%)"),
        _("Difference"),
        _("Target met"),
    ]
    numbers = ["", *[column.number for column in columns], "14", "15", "", ""]
    for index, (header, number) in enumerate(zip(headers, numbers, strict=True), start=1):
        cell = sheet.cell(row=header_row, column=index, value=header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = _CENTER
        cell.border = _BORDER
        numbered = sheet.cell(row=header_row + 1, column=index, value=number or None)
        numbered.alignment = Alignment(horizontal="center")
        numbered.font = Font(italic=True, size=9)
        numbered.border = _BORDER
    sheet.row_dimensions[header_row].height = 45
    row_number = header_row + 2
    printed = printed_rows(table, money=money)
    for position, (row, lines) in enumerate(printed, start=1):
        is_total = position == len(printed)
        raw = row.money if money else row.cases
        target = row.money_target if money else row.case_target
        difference = row.money_difference if money else row.case_difference
        met = row.money_target_met if money else row.case_target_met
        # The total row of one unit's table holds that unit too: it is labelled as the total.
        label = _("Total") if is_total else row_label(row)
        if not is_total and row.includes:
            label = "\n".join([label, *(f"({note})" for note in included_notes(row))])
        values: list[object] = [escape_formula(label), *column_values(lines, money=money)]
        values += [
            float(raw.ratio) if raw.ratio is not None else None,
            float(target) if target is not None else None,
            float(difference) if difference is not None else None,
            "" if met is None else (_("met") if met else _("not met")),
        ]
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=index, value=value)
            cell.border = _BORDER
            if is_total:
                cell.font = Font(bold=True)
            if 1 < index <= 1 + len(columns):
                cell.number_format = "#,##0"
            elif index <= 1 + len(columns) + 3 and index > 1:
                cell.number_format = "0.00"
        row_number += 1
    _closing_rows(sheet, heading, start=row_number + 1, last=last_column)
    sheet.column_dimensions["A"].width = 34
    for index in range(2, last_column + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 12 if money else 10
    sheet.freeze_panes = sheet.cell(row=header_row + 2, column=2)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row + 1}"


def statistics_workbook(
    table: StatisticsTable,
    heading: ReportHeading,
    *,
    breakdown: StatisticsTable | None = None,
    breakdown_title: str = "",
) -> bytes:
    """Return the table as an XLSX file: one sheet in cases, one in money, each a whole form.

    A breakdown (by initiation or kind of judgment) adds its two sheets after them.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = heading.cases.title
    workbook.properties.creator = heading.preparer.name
    _sheet(workbook, table, heading, money=False, title=_("In cases"))
    _sheet(workbook, table, heading, money=True, title=_("In money"))
    if breakdown is not None:
        for money, unit_name in ((False, _("cases")), (True, _("money"))):
            # A sheet's title holds at most 31 characters.
            title = f"{breakdown_title} ({unit_name})"[:31]
            _sheet(workbook, breakdown, heading, money=money, title=title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
