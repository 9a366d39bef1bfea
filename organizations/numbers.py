"""Numbers typed the way Vietnamese users write them: one widget and one reading for every form.

``1.000.000`` is a million đồng and ``5,6`` five point six. A browser's ``type=number`` field
reads the first as ``1.000000``, which Django's integer field stored as 1: these fields are
text inputs instead, read by the same rules as the spreadsheet imports
(``organizations.imports.values``), and grouped while typing by ``static/js/numbers.js``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext_lazy as _

from organizations.imports.values import CellError, clean_text, parse_amount, read_number


class GroupedNumberInput(forms.TextInput):
    """A text input that shows digits grouped (1.000.000) and regroups them while typing."""

    template_name = "django/forms/widgets/text.html"

    def __init__(self, *, decimals: bool = False, attrs: dict[str, Any] | None = None) -> None:
        self.decimals = decimals
        super().__init__(
            {
                "inputmode": "decimal" if decimals else "numeric",
                "autocomplete": "off",
                "class": "grouped-number",
                **(attrs or {}),
            }
        )

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict:
        context = super().get_context(name, value, attrs)
        # The marks of the language the page is in; the script groups with them.
        context["widget"]["attrs"].update(
            {
                "data-number": "decimal" if self.decimals else "amount",
                "data-group-mark": get_format("THOUSAND_SEPARATOR"),
                "data-decimal-mark": get_format("DECIMAL_SEPARATOR"),
            }
        )
        return context

    def format_value(self, value: Any) -> str | None:
        # A stored value is shown grouped; what the user typed comes back as they typed it.
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return number_format(value, use_l10n=True, force_grouping=True)
        return super().format_value(value)


class GroupedDecimalInput(GroupedNumberInput):
    """The grouped input of a figure with decimals (5,6)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(decimals=True, attrs=attrs)


class AmountField(forms.IntegerField):
    """An amount in đồng: 1.000.000, 1000000 or 1 000 000; never a guess, never negative."""

    default_error_messages = {
        "invalid": _("Write the amount in digits, for example 1.000.000."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", GroupedNumberInput())
        kwargs.setdefault("max_value", 10**15)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # No min/max/step: those belong to type=number inputs, which misread grouped digits.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return parse_amount(clean_text(value))
        except CellError as error:
            raise ValidationError(str(error), code="invalid") from None


class FigureField(forms.DecimalField):
    """A figure with decimals: 5,6 or 83,25 or 1.234,5 (83.25 and 1,234.5 are read too)."""

    default_error_messages = {
        "invalid": _("Write a number, for example 83,25."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", GroupedDecimalInput())
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return Decimal(value)
        text = clean_text(value).removesuffix("%").strip()
        if not text:
            return None
        try:
            number = read_number(text, group_mark=get_format("THOUSAND_SEPARATOR"))
        except CellError as error:
            raise ValidationError(str(error), code="invalid") from None
        if abs(number) >= Decimal(10) ** 15:
            raise ValidationError(_("The number is too large."), code="invalid")
        return number


# The admin's model fields of amounts and figures take these form fields and widgets (the
# admin's own defaults are ``type=number`` inputs).
NUMBER_FORMFIELD_OVERRIDES: dict[type[models.Field], dict[str, Any]] = {
    models.BigIntegerField: {"form_class": AmountField, "widget": GroupedNumberInput},
    models.DecimalField: {"form_class": FigureField, "widget": GroupedDecimalInput},
}
