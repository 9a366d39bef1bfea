"""Measures of a criterion: what a value counts, its allowed range, and ratios from their parts.

Pure functions with no database access, so that the rules are tested at their edges alone.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.formatting import format_decimal

HUNDREDTH = Decimal("0.01")
HUNDRED = Decimal(100)


class Measure(models.TextChoices):
    COUNT = "count", _("count (a whole number)")
    PERCENT = "percent", _("percentage (numerator ÷ denominator × 100)")
    RATIO = "ratio", _("ratio (numerator ÷ denominator)")


def field_error(field: str, message: str, code: str) -> ValidationError:
    """Return a validation error attached to one form field, with its code."""
    return ValidationError({field: ValidationError(message, code=code)})


def is_fraction(measure: str) -> bool:
    """Tell whether values of the measure are entered as a numerator and a denominator."""
    return measure in (Measure.PERCENT, Measure.RATIO)


def fraction_value(*, measure: str, numerator: Decimal, denominator: Decimal) -> Decimal:
    """Return numerator ÷ denominator (× 100 for a percentage) with two decimals."""
    if denominator <= 0:
        raise field_error(
            "denominator",
            _("The denominator must be greater than zero."),
            "denominator_not_positive",
        )
    if numerator < 0:
        raise field_error("numerator", _("The numerator cannot be negative."), "numerator_negative")
    quotient = numerator / denominator
    if measure == Measure.PERCENT:
        quotient *= HUNDRED
    return quotient.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def check_value(*, measure: str, value: Decimal) -> None:
    """Refuse a value outside the measure's range, with a message naming the range."""
    if value < 0:
        raise field_error("value", _("The value cannot be negative."), "value_out_of_range")
    if measure == Measure.COUNT and value != value.to_integral_value():
        raise field_error("value", _("A count is a whole number."), "value_out_of_range")
    if measure == Measure.PERCENT and value > HUNDRED:
        raise field_error("value", _("A percentage lies between 0 and 100."), "value_out_of_range")


def measured_value(
    *,
    measure: str,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> Decimal:
    """Return the value to record from what was entered, or refuse it.

    A percentage or ratio is entered as its numerator and denominator (the evidence of
    where it comes from) and its value is derived; a count is entered as its value alone.
    """
    if is_fraction(measure):
        if numerator is None or denominator is None:
            raise ValidationError(
                _("Enter the numerator and the denominator of this ratio."),
                code="fraction_required",
            )
        derived = fraction_value(measure=measure, numerator=numerator, denominator=denominator)
        if measure == Measure.PERCENT and numerator > denominator:
            raise field_error(
                "numerator",
                _("The numerator of a percentage cannot exceed its denominator."),
                "value_out_of_range",
            )
        if value is not None and abs(value - derived) >= HUNDREDTH:
            raise field_error(
                "value",
                _("The value {value} does not match numerator ÷ denominator ({derived}).").format(
                    value=format_decimal(value), derived=format_decimal(derived)
                ),
                "value_mismatch",
            )
        check_value(measure=measure, value=derived)
        return derived
    if numerator is not None or denominator is not None:
        raise ValidationError(
            _("A count has no numerator or denominator; enter its value only."),
            code="fraction_not_allowed",
        )
    if value is None:
        raise field_error("value", _("Enter the value."), "value_required")
    check_value(measure=measure, value=value)
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
