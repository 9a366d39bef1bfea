"""The statistics report's tables as annexes of an official document: their columns and rows.

The columns are the report page's and its spreadsheet's (``enforcement.report``): the unit,
the numbered lines, the ratio (14), the target (15), the difference and whether the target
is met; the rows are ``printed_rows``, money in thousand đồng, so that the document, the page
and the spreadsheet print the same figures. This module names no template kind, so that the
commendations' list of kinds can read the layouts without importing the report's document.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from enforcement.report import (
    column_values,
    columns_of,
    included_notes,
    printed_rows,
    row_label,
)
from enforcement.selectors import StatisticsTable
from organizations.documents.content import AnnexLayout, Column
from organizations.formatting import DASH, format_decimal, format_money
from organizations.models import Unit

CASES, MONEY = "cases", "money"
BREAKDOWN_CASES, BREAKDOWN_MONEY = "breakdown_cases", "breakdown_money"
# Millimetres on an A4 landscape page with 15 mm side margins: 267 mm in all.
UNIT_WIDTH, FIGURE_WIDTH, MET_WIDTH, PAGE_WIDTH = 38.0, 11.0, 13.0, 267.0


def line_key(number: str) -> str:
    """Return the placeholder key of a numbered line: "l12a" for line 12a."""
    return f"l{number}"


def annex_columns(*, money: bool) -> list[Column]:
    """Return the columns of the table in cases or in money, titled in Vietnamese."""
    lines = columns_of(money=money)
    with translation.override(settings.LANGUAGE_CODE):
        width = (PAGE_WIDTH - UNIT_WIDTH - 3 * FIGURE_WIDTH - MET_WIDTH) / len(lines)
        return [
            Column("unit", _("Unit"), UNIT_WIDTH),
            *[Column(line_key(line.number), str(line.title), width, "R") for line in lines],
            Column("ratio", _("Resolution ratio (%)"), FIGURE_WIDTH, "R"),
            Column("target", _("Target (%)"), FIGURE_WIDTH, "R"),
            Column("difference", _("Difference"), FIGURE_WIDTH, "R"),
            Column("met", _("Target met"), MET_WIDTH, "C"),
        ]


def annex_numbers(*, money: bool) -> dict[str, str]:
    """Return the row numbering the columns as the official form does: (1) … (13), (14), (15)."""
    numbers = {line_key(line.number): f"({line.number})" for line in columns_of(money=money)}
    return {**numbers, "ratio": "(14)", "target": "(15)"}


def annex_layouts() -> tuple[AnnexLayout, ...]:
    """Return the four tables the report's template lays out: the two forms, the breakdown."""
    return tuple(
        AnnexLayout(
            key=key,
            columns=annex_columns(money=money),
            numbers=annex_numbers(money=money),
            optional=optional,
            closing=not optional,
        )
        for key, money, optional in (
            (CASES, False, False),
            (MONEY, True, False),
            (BREAKDOWN_CASES, False, True),
            (BREAKDOWN_MONEY, True, True),
        )
    )


def _ratio(value: Decimal | None, *, signed: bool = False) -> str:
    if value is None:
        return DASH
    text = format_decimal(value)
    return f"+{text}" if signed and value > 0 else text


def annex_rows(
    table: StatisticsTable, *, money: bool, chosen: Unit | None = None
) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Return the table's rows and its total row as the document prints them.

    The row of the unit chosen counts its own cases only, its offices having rows of their
    own: it says so, as the page does. Call it with Vietnamese active: the figures take the
    language's grouping (1.234).
    """
    columns = columns_of(money=money)
    printed = printed_rows(table, money=money)
    rows = []
    for position, (row, lines) in enumerate(printed, start=1):
        is_total = position == len(printed)
        raw = row.money if money else row.cases
        met = row.money_target_met if money else row.case_target_met
        label = _("Total") if is_total else row_label(row)
        if not is_total and chosen is not None and row.unit == chosen and not row.label:
            label = f"{label} ({_('own cases')})"
        if not is_total and row.includes:
            label = " ".join([label, *(f"({note})" for note in included_notes(row))])
        values = {
            line_key(column.number): format_money(value)
            for column, value in zip(columns, column_values(lines, money=money), strict=True)
        }
        rows.append(
            {
                "unit": label,
                **values,
                "ratio": _ratio(raw.ratio),
                "target": _ratio(row.money_target if money else row.case_target),
                "difference": _ratio(
                    row.money_difference if money else row.case_difference, signed=True
                ),
                "met": DASH if met is None else (_("met") if met else _("not met")),
            }
        )
    return rows[:-1], rows[-1]
