"""The downloadable XLSX template of an import: headers, a sample row, and the rules."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from organizations.imports.specs import ImportSpec

HEADER_FILL = PatternFill("solid", fgColor="8B1C1C")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def template_workbook(spec: ImportSpec) -> bytes:
    """Return the template of a spec as XLSX bytes."""
    workbook = Workbook()
    data = workbook.active
    data.title = _("Data")
    rules = workbook.create_sheet(_("Rules"))
    values = workbook.create_sheet(_("Allowed values"))

    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index, value=column.header)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        data.cell(row=2, column=index, value=column.example)
        data.column_dimensions[letter].width = max(14, min(40, len(column.header) + 4))
        if column.allowed:
            values.cell(row=1, column=index, value=column.header).font = Font(bold=True)
            for offset, label in enumerate(column.allowed, start=2):
                values.cell(row=offset, column=index, value=label)
            last = len(column.allowed) + 1
            validation = DataValidation(
                type="list",
                formula1=f"='{values.title}'!${letter}$2:${letter}${last}",
                allow_blank=not column.required,
            )
            validation.error = _("Choose one of the allowed values.")
            data.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}100000")
    data.freeze_panes = "A2"

    headings = [_("Column"), _("Also accepted as"), _("Required"), _("Rule")]
    for index, heading in enumerate(headings, start=1):
        cell = rules.cell(row=1, column=index, value=heading)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    for row, column in enumerate(spec.columns, start=2):
        rules.cell(row=row, column=1, value=column.header)
        rules.cell(row=row, column=2, value=column.name)
        rules.cell(row=row, column=3, value=_("yes") if column.required else _("no"))
        rule = str(column.help)
        if column.allowed:
            rule = f"{rule} {_('Allowed:')} {', '.join(column.allowed)}".strip()
        rules.cell(row=row, column=4, value=rule).alignment = Alignment(wrap_text=True)
    general = [
        _("The first row holds the column names; each following row is one record."),
        _("Dates: dd/mm/yyyy (30/09/2024), yyyy-mm-dd or a date cell."),
        _("Amounts in đồng: 1.234.567, 1,234,567 or 1234567."),
        _(
            "Nothing is written unless every row is valid; importing the same file again "
            "changes nothing."
        ),
    ]
    start = len(spec.columns) + 3
    for offset, line in enumerate(general):
        rules.cell(row=start + offset, column=1, value=line)
    for letter, width in zip("ABCD", (28, 22, 10, 80), strict=True):
        rules.column_dimensions[letter].width = width

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
