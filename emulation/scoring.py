"""Scoring rules of a pact's criteria, as small pure functions over decimals.

The sector's scoring tables use three rules:

- **proportional**: the maximum points times the share of the target reached, never more
  than the maximum (for a lower-is-better criterion, the share is target ÷ value);
- **pass/fail**: the maximum points when the target is reached, nothing otherwise;
- **base points with bonus and deduction**: reaching the target exactly earns the base
  points; every point above it adds the bonus, every point below it takes off the
  deduction; the result never falls below the floor nor rises above the maximum.

"Reaching" means value ≥ target when higher is better and value ≤ target when lower is
better. Points have two decimals, rounded half up.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

HUNDREDTH = Decimal("0.01")
ZERO = Decimal(0)


class Rule(models.TextChoices):
    PROPORTIONAL = "proportional", _("proportional to the target")
    PASS_FAIL = "pass_fail", _("pass or fail")
    BASE_BONUS = "base_bonus", _("base points, bonus above and deduction below the target")


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


@dataclass(frozen=True)
class ScoringTable:
    """How one criterion turns a value and a target into points."""

    rule: str
    direction: str
    max_points: Decimal
    base_points: Decimal | None = None
    bonus_per_point: Decimal | None = None
    deduction_per_point: Decimal | None = None
    floor_points: Decimal | None = None


def _round(points: Decimal) -> Decimal:
    return points.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def target_reached(*, direction: str, value: Decimal, target: Decimal) -> bool:
    """Tell whether the value reaches the target in the criterion's direction."""
    if direction == Direction.LOWER:
        return value <= target
    return value >= target


def margin(*, direction: str, value: Decimal, target: Decimal) -> Decimal:
    """Return how many points the value is better (positive) or worse than the target."""
    if direction == Direction.LOWER:
        return target - value
    return value - target


def proportional_points(
    *, direction: str, value: Decimal, target: Decimal, max_points: Decimal
) -> Decimal:
    """Return the maximum points times the share of the target reached, capped at the maximum."""
    if target_reached(direction=direction, value=value, target=target):
        return _round(max_points)
    # Short of a lower-is-better target means above it, so the value is positive here.
    share = target / value if direction == Direction.LOWER else value / target
    return _round(max_points * share)


def pass_fail_points(
    *, direction: str, value: Decimal, target: Decimal, max_points: Decimal
) -> Decimal:
    """Return the maximum points when the target is reached, zero otherwise."""
    if target_reached(direction=direction, value=value, target=target):
        return _round(max_points)
    return _round(ZERO)


def base_bonus_points(
    *,
    direction: str,
    value: Decimal,
    target: Decimal,
    max_points: Decimal,
    base_points: Decimal,
    bonus_per_point: Decimal,
    deduction_per_point: Decimal,
    floor_points: Decimal,
) -> Decimal:
    """Return base points plus a bonus per point above target or less a deduction per point below.

    The result is kept between the floor and the maximum.
    """
    difference = margin(direction=direction, value=value, target=target)
    if difference >= 0:
        points = base_points + bonus_per_point * difference
    else:
        points = base_points + deduction_per_point * difference
    return _round(min(max_points, max(floor_points, points)))


def points(*, table: ScoringTable, value: Decimal | None, target: Decimal | None) -> Decimal:
    """Return the points a value earns under the table; a missing value or target earns none."""
    if value is None or target is None:
        return _round(ZERO)
    if table.rule == Rule.PASS_FAIL:
        return pass_fail_points(
            direction=table.direction, value=value, target=target, max_points=table.max_points
        )
    if table.rule == Rule.BASE_BONUS:
        return base_bonus_points(
            direction=table.direction,
            value=value,
            target=target,
            max_points=table.max_points,
            base_points=table.base_points or ZERO,
            bonus_per_point=table.bonus_per_point or ZERO,
            deduction_per_point=table.deduction_per_point or ZERO,
            floor_points=table.floor_points or ZERO,
        )
    return proportional_points(
        direction=table.direction, value=value, target=target, max_points=table.max_points
    )
