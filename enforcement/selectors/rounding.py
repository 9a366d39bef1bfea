"""Money of the official table in thousand đồng, rounded so that the printed figures reconcile.

Rounding every figure on its own breaks the table: three units of 1.400 đồng print 1 each
and a total of 4. Here the total row is rounded first, by largest remainder within each
partition of the total (origins: lines 1, 2; outcomes: lines 4, 5, 7, 9, 10, 10a, 12), then each
line's total is shared among the units by largest remainder, and a unit whose printed origins
no longer equal its printed outcomes trades a unit of a line with another unit. The derived
lines (3, 6, 8, 11, 13) are computed from the rounded lines, so they equal their formulas.
"""

from __future__ import annotations

from collections.abc import Sequence

from enforcement.selectors.lines import LINE_FIELDS, MONEY_OUTCOMES, Lines

THOUSAND = 1000

# The two partitions of a unit's counted money: where it came from, and how it ended.
ORIGINS = ("carried_over", "newly_accepted")


def _groups() -> list[tuple[str, ...]]:
    outcomes = tuple(name for name in MONEY_OUTCOMES if name in LINE_FIELDS)
    others = [(name,) for name in LINE_FIELDS if name not in ORIGINS and name not in outcomes]
    return [ORIGINS, outcomes, *others]


def largest_remainder(amounts: Sequence[int], whole: int, unit: int = THOUSAND) -> list[int]:
    """Share ``whole`` units among amounts: each its floor, the largest remainders one more."""
    shares = [amount // unit for amount in amounts]
    left = whole - sum(shares)
    # The largest remainders first; ties go to the earlier amount, so the result is stable.
    order = sorted(range(len(amounts)), key=lambda index: (-(amounts[index] % unit), index))
    for index in order[: max(left, 0)]:
        shares[index] += 1
    for index in reversed(order[len(order) + min(left, 0) :]):
        shares[index] -= 1
    return shares


def _round_half_up(amount: int, unit: int) -> int:
    return (amount + unit // 2) // unit


def round_lines(lines: Lines, unit: int = THOUSAND) -> Lines:
    """Return one row's lines in ``unit``s, each partition summing to its rounded total."""
    rounded: dict[str, int] = {}
    for group in _groups():
        amounts = [getattr(lines, name) for name in group]
        shares = largest_remainder(amounts, _round_half_up(sum(amounts), unit), unit)
        rounded.update(zip(group, shares, strict=True))
    return Lines(**rounded)


def round_table(
    rows: Sequence[Lines], total: Lines, unit: int = THOUSAND
) -> tuple[list[Lines], Lines]:
    """Return the rows and their total in ``unit``s, the printed rows summing to the printed total.

    Where the total is not the sum of the rows (a requested unit inside another), each row
    and the total are rounded on their own.
    """
    summed = Lines()
    for lines in rows:
        summed += lines
    printed_total = round_lines(total, unit)
    if summed != total:
        return [round_lines(lines, unit) for lines in rows], printed_total
    # Each line's printed total shared among the units by largest remainder.
    cells: list[dict[str, int]] = [{} for _ in rows]
    for name in LINE_FIELDS:
        amounts = [getattr(lines, name) for lines in rows]
        shares = largest_remainder(amounts, getattr(printed_total, name), unit)
        for cell, share in zip(cells, shares, strict=True):
            cell[name] = share
    _balance(cells, [_as_dict(lines) for lines in rows], unit)
    return [Lines(**cell) for cell in cells], printed_total


def _as_dict(lines: Lines) -> dict[str, int]:
    return {name: getattr(lines, name) for name in LINE_FIELDS}


def _balance(cells: list[dict[str, int]], exact: list[dict[str, int]], unit: int) -> None:
    """Make each row's printed origins equal its printed outcomes, keeping every line's total.

    One unit of a line moves from a row with too much to a row with too little; the move
    preferred is the one that keeps both figures nearest their exact values.
    """
    origins, outcomes = _groups()[:2]

    def excess(row: int) -> int:
        return sum(cells[row][name] for name in origins) - sum(
            cells[row][name] for name in outcomes
        )

    def error(row: int, name: str, share: int) -> int:
        return abs(share * unit - exact[row][name])

    while True:
        over = [row for row in range(len(cells)) if excess(row) > 0]
        under = [row for row in range(len(cells)) if excess(row) < 0]
        if not over or not under:
            return
        best: tuple[int, int, int, str] | None = None
        for giver, taker in ((row, other) for row in over for other in under):
            # Less origin money in the row with too much, or more outcome money in it.
            moves = [(giver, taker, name) for name in origins] + [
                (taker, giver, name) for name in outcomes
            ]
            for source, target, name in moves:
                if cells[source][name] <= 0:
                    continue
                cost = (
                    error(source, name, cells[source][name] - 1)
                    - error(source, name, cells[source][name])
                    + error(target, name, cells[target][name] + 1)
                    - error(target, name, cells[target][name])
                )
                if best is None or cost < best[0]:
                    best = (cost, source, target, name)
        if best is None:  # pragma: no cover - a row with excess always has a line to give
            return
        _cost, source, target, name = best
        cells[source][name] -= 1
        cells[target][name] += 1
