"""Money printed in thousand đồng reconciles: rows sum to the total, lines equal their formulas."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from enforcement.selectors import (
    LINE_FIELDS,
    Lines,
    largest_remainder,
    round_lines,
    round_table,
    rounding,
)
from enforcement.selectors.lines import MONEY_OUTCOMES, OUTCOMES
from enforcement.selectors.rounding import ORIGINS

# Amounts in đồng, many of them below a thousand, so that rounding matters.
amounts = st.one_of(st.integers(0, 2_999), st.integers(0, 50_000_000_000))


@st.composite
def unit_lines(draw: st.DrawFn, amounts: st.SearchStrategy[int] = amounts) -> Lines:
    """Draw one unit's lines as the statistics count them: origins and outcomes share a total."""
    outcomes = {name: draw(amounts) for name in OUTCOMES}
    total = sum(outcomes.values())
    carried_over = draw(st.integers(0, total))
    return Lines(carried_over=carried_over, newly_accepted=total - carried_over, **outcomes)


def _sum(rows: list[Lines]) -> Lines:
    summed = Lines()
    for lines in rows:
        summed += lines
    return summed


DERIVED = ("total", "to_enforce", "eligible", "resolved", "pending", "carried_to_next")


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(unit_lines(), min_size=1, max_size=12))
def test_printed_rows_sum_to_the_printed_total_for_every_line(rows):
    printed, total = round_table(rows, _sum(rows))

    for name in (*LINE_FIELDS, *DERIVED):
        assert sum(getattr(lines, name) for lines in printed) == getattr(total, name), name


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(unit_lines(), min_size=1, max_size=12))
def test_printed_derived_lines_equal_their_formulas_on_printed_figures(rows):
    printed, total = round_table(rows, _sum(rows))

    for lines in [*printed, total]:
        assert lines.total == lines.carried_over + lines.newly_accepted  # 3 = 1 + 2
        assert lines.to_enforce == lines.total - lines.entrusted - lines.withdrawn  # 6
        assert lines.eligible == lines.to_enforce - lines.not_eligible  # 8 = 6 - 7
        assert lines.resolved == lines.completed + lines.terminated  # 11 = 9 + 10
        assert lines.carried_to_next == lines.to_enforce - lines.resolved  # 13 = 6 - 11
        # Line 12 is what is eligible and not resolved; line 13 adds the not yet eligible.
        assert lines.pending == lines.eligible - lines.resolved
        assert lines.carried_to_next == lines.not_eligible + lines.pending


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(unit_lines(), min_size=1, max_size=12))
def test_printed_figures_stay_next_to_the_exact_ones(rows):
    exact_total = _sum(rows)
    printed, total = round_table(rows, exact_total)

    for name in LINE_FIELDS:
        # The total of each line is the exact total rounded down or up, never further.
        assert abs(getattr(total, name) * 1000 - getattr(exact_total, name)) < 1000, name
        for lines, exact in zip(printed, rows, strict=True):
            assert getattr(lines, name) >= 0
            assert abs(getattr(lines, name) * 1000 - getattr(exact, name)) < 2000, name
    grand = sum(getattr(exact_total, name) for name in ORIGINS)
    assert sum(getattr(total, name) for name in ORIGINS) == (grand + 500) // 1000


def test_three_units_of_fourteen_hundred_dong_print_a_total_of_four():
    rows = [Lines(newly_accepted=1_400, in_progress=1_400)] * 3

    printed, total = round_table(rows, _sum(rows))

    assert total.newly_accepted == 4
    assert sorted(lines.newly_accepted for lines in printed) == [1, 1, 2]
    assert all(lines.newly_accepted == lines.in_progress for lines in printed)


def test_largest_remainder_gives_the_extra_unit_to_the_largest_remainder():
    assert largest_remainder([1_200, 1_700, 1_100], 4) == [1, 2, 1]


def test_one_unit_alone_rounds_half_up_within_each_partition():
    lines = round_lines(Lines(carried_over=1_500, newly_accepted=1_500, completed=3_000))

    assert (lines.carried_over + lines.newly_accepted, lines.completed) == (3, 3)


def test_rows_overlapping_the_total_are_rounded_each_on_its_own():
    inner = Lines(newly_accepted=2_600, completed=2_600)

    printed, total = round_table([inner, inner], inner)

    assert printed == [Lines(newly_accepted=3, completed=3)] * 2
    assert total == Lines(newly_accepted=3, completed=3)


def _balance_pair_by_pair(
    cells: list[dict[str, int]], exact: list[dict[str, int]], unit: int
) -> None:
    """The balancing as first written: every move of every pair of rows priced, the first
    cheapest taken. ``rounding._balance`` must take the very same moves."""
    origins, outcomes = ORIGINS, tuple(name for name in MONEY_OUTCOMES if name in LINE_FIELDS)

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
        best = None
        for giver, taker in ((row, other) for row in over for other in under):
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
        _cost, source, target, name = best
        cells[source][name] -= 1
        cells[target][name] += 1


@settings(max_examples=300, deadline=None)
@given(
    rows=st.one_of(
        st.lists(unit_lines(), min_size=1, max_size=40),
        # Small amounts make many rows tie on their remainders: the order of the moves decides.
        st.lists(unit_lines(st.integers(0, 4_999)), min_size=1, max_size=40),
    )
)
def test_the_balancing_takes_the_moves_of_the_pair_by_pair_search(rows):
    printed = round_table(rows, _sum(rows))
    with mock.patch.object(rounding, "_balance", _balance_pair_by_pair):
        assert round_table(rows, _sum(rows)) == printed
