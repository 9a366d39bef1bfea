"""What the report pages print by the thousand, built in one pass: rows, figure cells, options."""

from __future__ import annotations

import datetime
import html
from collections.abc import Container, Iterable, Sequence
from decimal import Decimal

from django import template
from django.template.defaultfilters import date, floatformat, urlencode
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from enforcement.selectors.lines import Lines, Period, UnitStatistics
from organizations.models import Unit

register = template.Library()

NONE = "—"


@register.simple_tag
def statistics_rows(
    rows: Sequence[tuple[UnitStatistics, Iterable[int]]],
    *,
    money: bool,
    period: Period,
    parent_ids: Container[int],
    chosen: Unit | None,
) -> SafeString:
    """Return the rows of an official table's body, the last one its total.

    Each row: the unit (a link to its own table when it has units under it), the
    predecessors it includes, its figures, and its ratio against its target in cases or
    in money. One pass in Python: a template ``include`` per row cost more than the figures
    of every unit of the country read from their kept rows.
    """
    last = len(rows) - 1
    return mark_safe(  # noqa: S308 - every name, label and code is escaped in _row
        "".join(
            _row(
                row,
                values,
                money=money,
                period=period,
                parent_ids=parent_ids,
                chosen=chosen,
                total=index == last,
            )
            for index, (row, values) in enumerate(rows)
        )
    )


def _row(
    row: UnitStatistics,
    values: Iterable[int],
    *,
    money: bool,
    period: Period,
    parent_ids: Container[int],
    chosen: Unit | None,
    total: bool,
) -> str:
    lines: Lines
    if money:
        lines, target = row.money, row.money_target
        difference, met = row.money_difference, row.money_target_met
    else:
        lines, target = row.cases, row.case_target
        difference, met = row.case_difference, row.case_target_met
    shown_difference = NONE
    if difference is not None:
        shown_difference = ("+" if difference > 0 else "") + floatformat(difference, 2)
    verdict = NONE
    if met is True:
        verdict = f'<span class="badge text-bg-success">{escape(gettext("met"))}</span>'
    elif met is False:
        verdict = f'<span class="badge text-bg-danger">{escape(gettext("not met"))}</span>'
    opening = '<tr class="total-row">' if total else "<tr>"
    return (
        f"{opening}"
        f'<th scope="row" class="unit-col">{_name(row, period, parent_ids, chosen, total)}'
        f"{''.join(_included(name, last_day) for name, last_day in row.includes)}</th>"
        f"{figure_cells(values)}"
        f'<td class="text-end fw-semibold">{_percent(lines.ratio)}</td>'
        f'<td class="text-end">{_percent(target)}</td>'
        f'<td class="text-end">{shown_difference}</td>'
        f'<td class="text-center">{verdict}</td></tr>'
    )


def _name(
    row: UnitStatistics,
    period: Period,
    parent_ids: Container[int],
    chosen: Unit | None,
    total: bool,
) -> str:
    if total:
        name = escape(gettext("Total"))
        return f"{name} · {escape(row.unit.display_name)}" if row.unit else name
    if row.label:
        return escape(row.label)
    assert row.unit is not None  # a row without a label is a unit's
    name = escape(row.unit.display_name)
    if row.unit == chosen:
        own = escape(gettext("own cases"))
        return f'{name} <span class="small text-body-secondary">({own})</span>'
    if row.unit.pk in parent_ids:
        code = escape(urlencode(row.unit.code))
        return (
            f'<a href="?year={period.year}&amp;months={period.months}&amp;unit={code}">{name}</a>'
        )
    return name


def _included(name: str, last_day: datetime.date) -> str:
    text = gettext("includes the figures of %(name)s until %(day)s") % {
        "name": escape(name),
        "day": escape(date(last_day, "d/m/Y")),
    }
    return f'<div class="small text-body-secondary fw-normal included-predecessor">{text}</div>'


def _percent(value: Decimal | None) -> str:
    return NONE if value is None else floatformat(value, 2)


@register.filter
def figure_cells(values: Iterable[int]) -> SafeString:
    """Return a row's whole figures as right-aligned table cells, grouped as the language does.

    The same cells as ``{% for value in values %}<td class="text-end">{{ value|intcomma }}
    </td>{% endfor %}``, without a template node and a localisation per figure: a province's
    report by enforcer prints thousands of them. ``int`` leaves nothing but digits and a
    sign to print, so nothing needs escaping.
    """
    separator = get_format("THOUSAND_SEPARATOR")
    return mark_safe(  # noqa: S308 - digits, a sign and the language's thousands mark only
        "".join(
            '<td class="text-end">' + f"{int(value):,}".replace(",", separator) + "</td>"
            for value in values
        )
    )


@register.filter
def option_tags(options: Iterable[tuple[str, str, bool]]) -> SafeString:
    """Return a picker's ``<option>`` elements from its (value, label, selected) triples.

    A ministry's unit picker offers every enforcement unit of the country, a thousand and
    more: one pass here instead of a template loop per option. Values and labels are escaped
    as ``django.utils.html.escape`` does, without its lazy-string wrapper per call.
    """
    return mark_safe(  # noqa: S308 - every value and label is escaped
        "".join(
            f'<option value="{html.escape(str(value))}"{" selected" if selected else ""}>'
            f"{html.escape(str(label))}</option>"
            for value, label, selected in options
        )
    )
