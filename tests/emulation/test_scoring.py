"""The scoring rules of the sector's tables, at their edges."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from emulation.scoring import (
    Direction,
    Rule,
    ScoringTable,
    base_bonus_points,
    pass_fail_points,
    points,
    proportional_points,
)

HIGHER, LOWER = Direction.HIGHER, Direction.LOWER


def _base_bonus(value: str, target: str = "83.25", direction: str = HIGHER) -> Decimal:
    return base_bonus_points(
        direction=direction,
        value=Decimal(value),
        target=Decimal(target),
        max_points=Decimal(25),
        base_points=Decimal(20),
        bonus_per_point=Decimal(2),
        deduction_per_point=Decimal(3),
        floor_points=Decimal(5),
    )


def test_proportional_gives_full_points_exactly_at_the_target():
    assert proportional_points(
        direction=HIGHER, value=Decimal(60), target=Decimal(60), max_points=Decimal(10)
    ) == Decimal("10.00")


def test_proportional_gives_the_share_of_the_target_reached():
    assert proportional_points(
        direction=HIGHER, value=Decimal(58), target=Decimal(60), max_points=Decimal(10)
    ) == Decimal("9.67")


def test_proportional_never_passes_the_maximum_above_the_target():
    assert proportional_points(
        direction=HIGHER, value=Decimal(128), target=Decimal(60), max_points=Decimal(10)
    ) == Decimal("10.00")


def test_proportional_gives_nothing_for_nothing():
    assert proportional_points(
        direction=HIGHER, value=Decimal(0), target=Decimal(60), max_points=Decimal(10)
    ) == Decimal("0.00")


def test_proportional_with_a_zero_target_gives_full_points():
    assert proportional_points(
        direction=HIGHER, value=Decimal(0), target=Decimal(0), max_points=Decimal(10)
    ) == Decimal("10.00")


def test_proportional_lower_is_better_scores_target_over_value():
    assert proportional_points(
        direction=LOWER, value=Decimal(10), target=Decimal(5), max_points=Decimal(10)
    ) == Decimal("5.00")


def test_proportional_lower_is_better_gives_full_points_at_or_below_the_target():
    assert proportional_points(
        direction=LOWER, value=Decimal(0), target=Decimal(5), max_points=Decimal(10)
    ) == Decimal("10.00")
    assert proportional_points(
        direction=LOWER, value=Decimal(5), target=Decimal(5), max_points=Decimal(10)
    ) == Decimal("10.00")


def test_pass_fail_passes_exactly_at_the_target():
    assert pass_fail_points(
        direction=HIGHER, value=Decimal("46.45"), target=Decimal("46.45"), max_points=Decimal(15)
    ) == Decimal("15.00")


def test_pass_fail_fails_a_hundredth_below_the_target():
    assert pass_fail_points(
        direction=HIGHER, value=Decimal("46.44"), target=Decimal("46.45"), max_points=Decimal(15)
    ) == Decimal("0.00")


def test_pass_fail_lower_is_better_fails_a_hundredth_above_the_target():
    assert pass_fail_points(
        direction=LOWER, value=Decimal("2.01"), target=Decimal(2), max_points=Decimal(5)
    ) == Decimal("0.00")
    assert pass_fail_points(
        direction=LOWER, value=Decimal(2), target=Decimal(2), max_points=Decimal(5)
    ) == Decimal("5.00")


def test_base_bonus_gives_the_base_points_exactly_at_the_target():
    assert _base_bonus("83.25") == Decimal("20.00")


def test_base_bonus_adds_the_bonus_per_point_above_the_target():
    # Cần Thơ 2024: 83.30 % against 83.25 %.
    assert _base_bonus("83.30") == Decimal("20.10")


def test_base_bonus_never_passes_the_maximum():
    # Đà Nẵng 2024: 85.79 % against 83.25 % would earn 25.08.
    assert _base_bonus("85.79") == Decimal("25.00")


def test_base_bonus_takes_the_deduction_per_point_below_the_target():
    assert _base_bonus("82.25") == Decimal("17.00")


def test_base_bonus_stops_at_the_floor():
    assert _base_bonus("70.00") == Decimal("5.00")


def test_base_bonus_lower_is_better_mirrors_the_margin():
    assert _base_bonus("2", target="3", direction=LOWER) == Decimal("22.00")
    assert _base_bonus("4", target="3", direction=LOWER) == Decimal("17.00")


def test_missing_value_or_target_scores_nothing():
    table = ScoringTable(rule=Rule.PASS_FAIL, direction=HIGHER, max_points=Decimal(15))

    assert points(table=table, value=None, target=Decimal(1)) == Decimal("0.00")
    assert points(table=table, value=Decimal(1), target=None) == Decimal("0.00")


def test_points_are_rounded_half_up_to_hundredths():
    table = ScoringTable(rule=Rule.PROPORTIONAL, direction=HIGHER, max_points=Decimal(1))

    assert points(table=table, value=Decimal(1), target=Decimal(8)) == Decimal("0.13")


def test_points_dispatch_on_the_rule():
    base = ScoringTable(
        rule=Rule.BASE_BONUS,
        direction=HIGHER,
        max_points=Decimal(20),
        base_points=Decimal(15),
        bonus_per_point=Decimal(1),
        deduction_per_point=Decimal(2),
        floor_points=Decimal(0),
    )

    assert points(table=base, value=Decimal("98.21"), target=Decimal(95)) == Decimal("18.21")


@settings(database=None)
@given(
    rule=st.sampled_from(list(Rule)),
    direction=st.sampled_from(list(Direction)),
    value=st.decimals(min_value=0, max_value=1000, places=2),
    target=st.decimals(min_value=0, max_value=1000, places=2),
)
def test_points_stay_between_the_floor_and_the_maximum(rule, direction, value, target):
    table = ScoringTable(
        rule=rule,
        direction=direction,
        max_points=Decimal(20),
        base_points=Decimal(15),
        bonus_per_point=Decimal(1),
        deduction_per_point=Decimal(2),
        floor_points=Decimal(3),
    )

    earned = points(table=table, value=value, target=target)

    lowest = Decimal(3) if rule == Rule.BASE_BONUS else Decimal(0)
    assert lowest <= earned <= Decimal(20)
