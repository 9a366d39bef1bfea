"""Exports a spreadsheet cannot turn into formulas, in the request or written row by row."""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from import_export import fields, resources
from import_export.forms import SelectableFieldsExportForm
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from tablib import Dataset

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters a spreadsheet refuses in a sheet's name, and the longest name it takes.
SHEET_NAME_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
SHEET_NAME_LENGTH = 31


def escape_formula(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_formula(text: str) -> str:
    """Undo ``escape_formula`` so that an exported file re-imports unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class SafeModelResource(resources.ModelResource):
    """A model resource whose exported text never starts a formula; numbers stay numbers."""

    def export_field(self, field: Any, instance: Any, **kwargs: Any) -> Any:
        return escape_formula(super().export_field(field, instance, **kwargs))

    def after_export(self, queryset: models.QuerySet, dataset: Dataset, **kwargs: Any) -> None:
        # The sheet is named after the list, in the reader's language (tablib: "Tablib Dataset").
        super().after_export(queryset, dataset, **kwargs)
        dataset.title = self.sheet_title()

    def sheet_title(self) -> str:
        """Return the name of the exported sheet: the list's, in the reader's language."""
        return sheet_name(str(capfirst(self._meta.model._meta.verbose_name_plural)))


def sheet_name(text: str) -> str:
    """Return the text as a spreadsheet takes it for a sheet's name."""
    return SHEET_NAME_FORBIDDEN.sub(" ", text)[:SHEET_NAME_LENGTH].strip() or "-"


class LabelledModelResource(SafeModelResource):
    """The export of a list that has no file format of its own.

    Its columns are named as the forms name the fields (their ``verbose_name``), read in the
    language of whoever exports, instead of the fields' English names in the code.
    """

    @classmethod
    def field_from_django_field(
        cls, field_name: str, django_field: models.Field, readonly: bool
    ) -> fields.Field:
        field = super().field_from_django_field(field_name, django_field, readonly)
        field.column_name = capfirst(django_field.verbose_name)
        return field


class ExportForm(SelectableFieldsExportForm):
    """The export form; each column's box is labelled with the column's name in the file.

    The library labels it with the field's name in the code, title-cased ("Decision Number").
    """

    def _get_field_label(self, resource: type[resources.ModelResource], field_name: str) -> str:
        field = resource.fields.get(field_name)
        if field is None or not field.column_name:
            return capfirst(field_name.replace("_", " "))
        return field.column_name


# --- Files written row by row (background exports) -------------------------------------------
# The request's export builds the whole table in memory (tablib); a worker writing a city's
# cases streams the rows into the file instead, in the same layout.

# Columns of a streamed sheet are sized from their headers: its rows are not kept to measure.
XLSX_COLUMN_WIDTH = (12, 60)


def write_csv(path: Path, headers: list[str], rows: Iterable[list[Any]]) -> None:
    """Write the rows to a CSV file as the request's export writes them (UTF-8, commas)."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(row)


def write_xlsx(path: Path, title: str, headers: list[str], rows: Iterable[list[Any]]) -> None:
    """Write the rows to a one-sheet workbook, never holding the sheet in memory.

    Like the request's export: the sheet named after the list, bold headers, frozen first row.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_name(title))
    sheet.freeze_panes = "A2"
    low, high = XLSX_COLUMN_WIDTH
    for index, header in enumerate(headers, start=1):
        width = min(max(len(header) + 2, low), high)
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
    workbook.save(path)


def _xlsx_value(value: Any) -> Any:
    # A spreadsheet cell holds no time zone and no control character: the request's export
    # fails on them; a worker's file shows the local time and a replacement character.
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value
