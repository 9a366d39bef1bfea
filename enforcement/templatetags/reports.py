"""What the report pages print by the thousand, built in one pass: figure cells, unit options."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


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
    more: one pass here instead of a template loop per option. Values and labels are escaped.
    """
    return mark_safe(  # noqa: S308 - every value and label is escaped
        "".join(
            f'<option value="{escape(value)}"{" selected" if selected else ""}>'
            f"{escape(label)}</option>"
            for value, label, selected in options
        )
    )
