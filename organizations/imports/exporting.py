"""Exports a spreadsheet cannot turn into formulas."""

from __future__ import annotations

import re
from typing import Any

from django.db import models
from django.utils.text import capfirst
from import_export import fields, resources
from import_export.forms import SelectableFieldsExportForm
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
        dataset.title = sheet_name(str(capfirst(self._meta.model._meta.verbose_name_plural)))


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
