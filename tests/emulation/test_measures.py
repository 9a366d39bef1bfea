"""A value must fit its criterion's measure; ratios come from their numerator and denominator."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from emulation.measures import Measure, measured_value


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def test_percentage_is_computed_from_numerator_and_denominator():
    assert measured_value(
        measure=Measure.PERCENT, value=None, numerator=Decimal(55), denominator=Decimal(56)
    ) == Decimal("98.21")


def test_ratio_may_exceed_a_hundred():
    assert measured_value(
        measure=Measure.RATIO, value=None, numerator=Decimal(72598), denominator=Decimal(130)
    ) == Decimal("558.45")


def test_count_is_taken_as_entered():
    assert measured_value(
        measure=Measure.COUNT, value=Decimal(458), numerator=None, denominator=None
    ) == Decimal("458.00")


@pytest.mark.parametrize(
    ("measure", "value", "numerator", "denominator", "code"),
    [
        (Measure.COUNT, Decimal("-1"), None, None, "value_out_of_range"),
        (Measure.COUNT, Decimal("2.5"), None, None, "value_out_of_range"),
        (Measure.COUNT, None, None, None, "value_required"),
        (Measure.COUNT, Decimal(3), Decimal(1), Decimal(2), "fraction_not_allowed"),
        (Measure.PERCENT, None, Decimal(57), Decimal(56), "value_out_of_range"),
        (Measure.PERCENT, None, Decimal(5), Decimal(0), "denominator_not_positive"),
        (Measure.PERCENT, None, Decimal(-1), Decimal(5), "numerator_negative"),
        (Measure.PERCENT, None, Decimal(5), None, "fraction_required"),
        (Measure.PERCENT, Decimal(90), Decimal(55), Decimal(56), "value_mismatch"),
    ],
)
def test_value_outside_the_measure_is_refused(measure, value, numerator, denominator, code):
    with pytest.raises(ValidationError) as raised:
        measured_value(measure=measure, value=value, numerator=numerator, denominator=denominator)

    assert code in _codes(raised.value)
