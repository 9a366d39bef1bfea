"""The official table's rows, built in one pass: names escaped, links, predecessors, ratios."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import translation

from enforcement.selectors import Lines, Period
from enforcement.selectors.lines import UnitStatistics
from enforcement.templatetags.reports import statistics_rows
from organizations.models import Unit

PERIOD = Period(2025)
# 8 eligible, 6 resolved: 75,00 %.
LINES = Lines(carried_over=4, newly_accepted=6, withdrawn=2, completed=5, terminated=1)


def _unit(pk: int, name: str, code: str) -> Unit:
    return Unit(pk=pk, code=code, name=name, short_name="")


def _rows(*rows: UnitStatistics) -> list[tuple[UnitStatistics, list[int]]]:
    return [(row, [row.cases.total]) for row in rows]


def test_a_hostile_unit_name_code_label_and_predecessor_are_escaped():
    unit = _unit(1, "Chi cục <b>Ba Đình</b> & phụ cận", 'X"&<y>')
    row = UnitStatistics(
        unit, LINES, LINES, includes=(("Cũ <i>1</i>", datetime.date(2025, 6, 30)),)
    )
    label = UnitStatistics(None, LINES, LINES, label="<script>x</script>")

    with translation.override("vi"):
        html = statistics_rows(
            _rows(row, label, UnitStatistics(None, LINES, LINES)),
            money=False,
            period=PERIOD,
            parent_ids={1},
            chosen=None,
        )

    assert "<b>" not in html and "<i>" not in html and "<script>" not in html
    assert "Chi cục &lt;b&gt;Ba Đình&lt;/b&gt; &amp; phụ cận</a>" in html
    assert 'href="?year=2025&amp;months=12&amp;unit=X%22%26%3Cy%3E"' in html
    assert "gồm số liệu của Cũ &lt;i&gt;1&lt;/i&gt; đến 30/06/2025" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_the_chosen_unit_is_named_for_its_own_cases_and_the_last_row_is_the_total():
    chosen = _unit(1, "Thi hành án dân sự Đà Nẵng", "THADS-DN")
    office = _unit(2, "Phòng khu vực 1", "DN-1")
    rows = _rows(
        UnitStatistics(chosen, LINES, LINES),
        UnitStatistics(office, LINES, LINES),
        UnitStatistics(chosen, LINES + LINES, LINES + LINES),
    )

    with translation.override("en"):
        html = statistics_rows(rows, money=False, period=PERIOD, parent_ids={1}, chosen=chosen)

    first, second, total = html.split("</tr>")[:3]
    assert first.startswith("<tr><th") and "Thi hành án dân sự Đà Nẵng <span" in first
    assert "(own cases)" in first and "<a " not in first
    # Not a parent: no link to a table of its own.
    assert ">Phòng khu vực 1</th>" in second
    assert total.startswith('<tr class="total-row">')
    assert ">Total · Thi hành án dân sự Đà Nẵng</th>" in total
    assert '<td class="text-end">20</td>' in total


def test_ratio_target_difference_and_verdict_follow_cases_or_money():
    unit = _unit(1, "Đơn vị", "DV")
    paid = Lines(newly_accepted=1000, completed=100)  # 10,00 %
    row = UnitStatistics(
        unit, LINES, paid, case_target=Decimal("70.5"), money_target=Decimal("12.25")
    )
    without_target = UnitStatistics(unit, LINES, Lines())

    with translation.override("vi"):
        cases = statistics_rows(
            _rows(row, without_target), money=False, period=PERIOD, parent_ids=(), chosen=None
        )
        money = statistics_rows(
            _rows(row, without_target), money=True, period=PERIOD, parent_ids=(), chosen=None
        )

    assert (
        '<td class="text-end fw-semibold">75,00</td><td class="text-end">70,50</td>'
        '<td class="text-end">+4,50</td><td class="text-center">'
        '<span class="badge text-bg-success">đạt</span></td>'
    ) in cases
    assert (
        '<td class="text-end fw-semibold">10,00</td><td class="text-end">12,25</td>'
        '<td class="text-end">-2,25</td><td class="text-center">'
        '<span class="badge text-bg-danger">không đạt</span></td>'
    ) in money
    # No cases, no target: a dash in each of the four cells.
    assert money.endswith(
        '<td class="text-end fw-semibold">—</td><td class="text-end">—</td>'
        '<td class="text-end">—</td><td class="text-center">—</td></tr>'
    )
