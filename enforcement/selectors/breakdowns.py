"""The official tables broken down by a column the forms keep apart (DESIGN §5)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import TextChoices
from django.utils.text import capfirst

from enforcement.models import CaseOrigin, Initiation, JudgmentKind
from enforcement.selectors.counting import direct_lines
from enforcement.selectors.lines import Period, StatisticsTable, UnitStatistics
from enforcement.selectors.statistics import sum_lines, unit_subtrees
from organizations.models import Unit

# The columns the official forms keep apart, with the values of each in the forms' order;
# and the cases received by entrustment apart from the agency's own: their newly accepted
# line is "of which received by entrustment" (Luật Thi hành án dân sự, Art. 55 and 56: the
# receiver accepts the case on its own decision), and their later lines show what became of
# them. Linked to the sender's entrusted-out case, they count once in every total of line 6
# on (``services.entrustment``).
BREAKDOWNS: dict[str, type[TextChoices]] = {
    "initiation": Initiation,
    "judgment_kind": JudgmentKind,
    "origin": CaseOrigin,
}


def statistics_breakdown(*, units: Iterable[Unit], period: Period, by: str) -> StatisticsTable:
    """Return the lines of the units (with their descendants) per value of ``by``.

    ``by`` is ``initiation`` (proactive / on request), ``judgment_kind`` (the nine kinds) or
    ``origin`` (accepted by the agency itself / received by entrustment).
    Each row is one value, in the forms' order; the total counts every case once. A closed
    year's snapshot holds unit totals only, so its breakdown is computed from the cases.
    """
    choices = BREAKDOWNS[by]
    subtrees = unit_subtrees(unit.pk for unit in units)
    every_unit = set().union(*subtrees.values()) if subtrees else set()
    own = direct_lines(period=period, unit_ids=every_unit, split=by) if every_unit else {}
    rows = []
    for value, label in choices.choices:
        cases, money = sum_lines(pair for (_unit, part), pair in own.items() if part == value)
        rows.append(UnitStatistics(None, cases, money, label=capfirst(str(label))))
    total_cases, total_money = sum_lines(own.values())
    return StatisticsTable(
        period=period, rows=rows, total=UnitStatistics(None, total_cases, total_money)
    )
