"""Exports a spreadsheet cannot turn into formulas, in the request or written row by row."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models
from django.utils.text import capfirst
from import_export import fields, resources, widgets
from import_export.forms import SelectableFieldsExportForm
from tablib import Dataset

from organizations.spreadsheets import FORMULA_STARTS, escape_formula, sheet_name

# Values a spreadsheet cell holds as they are: dates and numbers.
NATIVE_CELL_TYPES = (datetime.date, int, Decimal, float)

__all__ = ["escape_formula", "sheet_name", "unescape_formula"]


def unescape_formula(text: str) -> str:
    """Undo ``escape_formula`` so that an exported file re-imports unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class DayWidget(widgets.DateWidget):
    """Write a date as dd/mm/yyyy in a CSV file; a date cell in XLSX."""

    def __init__(self) -> None:
        super().__init__(format="%d/%m/%Y")

    def render(self, value: object, obj: object = None, **kwargs: object) -> object:
        if value is None:
            return ""
        return super().render(value, obj, **kwargs)


class SafeModelResource(resources.ModelResource):
    """A model resource whose exported text never starts a formula; numbers stay numbers."""

    # The fields holding amounts of money: a spreadsheet shows them with grouping.
    amount_fields: tuple[str, ...] = ()

    def export_field(self, field: Any, instance: Any, **kwargs: Any) -> Any:
        value = super().export_field(field, instance, **kwargs)
        if kwargs.get("force_native_type") and type(field.widget) is widgets.Widget:
            # A field declared without a widget renders text; a workbook takes the date or
            # number itself, so that the cell is a date or a number.
            raw = field.get_value(instance) if field.attribute else None
            dehydrated = callable(
                getattr(self, field.get_dehydrate_method(field.column_name), None)
            )
            if isinstance(raw, NATIVE_CELL_TYPES) and not isinstance(raw, bool) and not dehydrated:
                value = raw
        return escape_formula(value)

    def after_export(self, queryset: models.QuerySet, dataset: Dataset, **kwargs: Any) -> None:
        # The sheet is named after the list, in the reader's language (tablib: "Tablib Dataset").
        super().after_export(queryset, dataset, **kwargs)
        dataset.title = self.sheet_title()

    def sheet_title(self) -> str:
        """Return the name of the exported sheet: the list's, in the reader's language."""
        return sheet_name(str(capfirst(self._meta.model._meta.verbose_name_plural)))

    def amount_headers(self) -> list[str]:
        """Return the column names of the fields that hold amounts of money."""
        return [
            field.column_name
            for name, field in self.fields.items()
            if name in self.amount_fields and field.column_name
        ]


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

    def amount_headers(self) -> list[str]:
        # Without a file format of its own, a list's amounts are its whole-đồng fields.
        amounts = {
            field.name
            for field in self._meta.model._meta.concrete_fields
            if isinstance(field, models.BigIntegerField) and not field.is_relation
        }
        return [
            field.column_name
            for name, field in self.fields.items()
            if name in amounts or name in self.amount_fields
        ]


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


def write_csv(path: Path, headers: list[str], rows: Iterable[list[Any]]) -> None:
    """Write the rows to a CSV file as the request's export writes them (UTF-8, commas)."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(row)
