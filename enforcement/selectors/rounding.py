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
# Per kind of move, each row's part of its cost (None: the row has no unit to lose).
Terms = list[dict[int, int | None]]


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
    preferred is the one that keeps both figures nearest their exact values (the first
    such move by giving row, taking row, then line, origins before outcomes).

    A move's cost is what the row losing the unit gains in error plus what the row taking it
    gains: two terms that depend on one row each. So the cheapest move of each kind is
    the cheapest loser's term plus the cheapest taker's, found in one pass over the rows,
    not over every pair of rows (a province's table by enforcer has hundreds of rows).
    """
    origins, outcomes = _groups()[:2]
    # A move: (line, whether the giving row loses the unit): an origin leaves the row with
    # too much, an outcome leaves the row with too little.
    kinds = [(name, True) for name in origins] + [(name, False) for name in outcomes]

    def excess(row: int) -> int:
        return sum(cells[row][name] for name in origins) - sum(
            cells[row][name] for name in outcomes
        )

    def losing(row: int, name: str) -> int | None:
        # What the row's error grows by when it loses a unit of the line; None: it has none.
        share = cells[row][name]
        if share <= 0:
            return None
        return abs((share - 1) * unit - exact[row][name]) - abs(share * unit - exact[row][name])

    def taking(row: int, name: str) -> int:
        share = cells[row][name]
        return abs((share + 1) * unit - exact[row][name]) - abs(share * unit - exact[row][name])

    while True:
        over = [row for row in range(len(cells)) if excess(row) > 0]
        under = [row for row in range(len(cells)) if excess(row) < 0]
        if not over or not under:
            return
        # Per kind of move, each row's term: of the rows with too much, and with too little.
        over_terms: Terms = []
        under_terms: Terms = []
        for name, giver_loses in kinds:
            over_terms.append(
                {row: losing(row, name) if giver_loses else taking(row, name) for row in over}
            )
            under_terms.append(
                {row: taking(row, name) if giver_loses else losing(row, name) for row in under}
            )
        move = _cheapest_move(over, under, over_terms, under_terms)
        if move is None:  # pragma: no cover - a row with excess always has a line to give
            return
        giver, taker, kind = move
        name, giver_loses = kinds[kind]
        source, target = (giver, taker) if giver_loses else (taker, giver)
        cells[source][name] -= 1
        cells[target][name] += 1


def _cheapest_move(
    over: list[int], under: list[int], over_terms: Terms, under_terms: Terms
) -> tuple[int, int, int] | None:
    """Return the cheapest move as (row with too much, row with too little, kind), or None.

    A move of a kind costs its two rows' terms (None: the row losing the unit has none).
    Among equally cheap moves, the first by the row with too much, then the row with too
    little, then the kind.
    """
    # The cheapest term of a row with too little, per kind.
    cheapest = [
        min((term for term in terms.values() if term is not None), default=None)
        for terms in under_terms
    ]
    reaching: dict[int, list[int]] = {}
    best = None
    for row in over:
        for kind, least in enumerate(cheapest):
            term = over_terms[kind][row]
            if least is None or term is None:
                continue
            cost = term + least
            if best is None or cost < best:
                best, reaching = cost, {}
            if cost == best:
                reaching.setdefault(row, []).append(kind)
    if best is None:
        return None
    giver = min(reaching)
    return next(
        (giver, row, kind)
        for row in under
        for kind in reaching[giver]
        if under_terms[kind][row] == cheapest[kind]
    )
