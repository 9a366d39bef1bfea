"""Money by period in the statistics: a period counts what falls due in it.

Which obligations the money lines count. The justice sector's indicator of results in money
(Thông tư 10/2017/TT-BTP, Phụ lục II, chỉ tiêu 1904–1905, "kết quả thi hành án dân sự tính
bằng tiền") covers "phần thi hành về tiền và tài sản hoặc nghĩa vụ thi hành án khác quy
đổi thành tiền", and the national indicator's metadata (Tổng cục Thống kê, "Kết quả thi hành
án dân sự") counts "số tiền (gồm tiền và tài sản được quy đổi thành tiền)"; the lines in
cases count every enforcement decision, one decision one case, whatever it orders. The
current regime (Thông tư 05/2024/TT-BTP, replacing 06/2019/TT-BTP) keeps those indicators;
its own wording on obligations that are not money could not be confirmed from the sources
at hand. So: every case counts in the lines in cases; the lines in money count the money
obligations only (``MONEY_KINDS``); property, land and acts carry no money value here (a
value converted into money is not recorded), so they add nothing to the money lines.

A case's ``amount_due`` holds all its money, the whole schedule of a periodic obligation
included; the statistics' grouped queries read it as they always have. This module
corrects the money of the few cases with a periodic obligation (child support of
1.000.000 đ a month for a year): each monthly instalment falls due on the first day of its
month, and a case's money in a period holds only what has fallen due by then:

- carried over: the balance at the period's start leaves out what was not yet due then;
- newly accepted: a new case brings what fell due by the period's end (or its closing), a
  carried-over case the instalments that fell due within the period;
- the case's outcome (its balance at its closing or at the period's end) leaves out what
  was not yet due then.

A case closed by the period's end has its whole schedule due by its closing: what is left
then leaves with it (entrusted to another agency, terminated, or collected at completion),
and nothing of it can fall due later in this agency. The money services refuse payments
and reductions beyond what has fallen due on their day (``services.obligation_rules``), so
that no balance of an open case goes below zero.

The lines still reconcile: a case brings exactly what fell due by the end of its period in
it, and its outcome holds that less what was collected and reduced.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Expression, Q, QuerySet

from enforcement.models import Obligation, ObligationKind
from enforcement.models.obligations import months_between, periods_due
from enforcement.selectors.lines import Period


@dataclass(frozen=True)
class Schedule:
    """What a periodic obligation of a counted case changes in the money of a period."""

    # The grouping columns of its case (``key``, the home unit, the split's value).
    row: dict[str, Any]
    case_id: int
    carried: bool
    outcome: str
    # Instalments not yet due at the period's start (all of them for a new case), fallen due
    # within the period (by its end; all that were left, for a case closed by then), and due
    # only after that.
    due_after_start: int
    due_within: int
    due_after: int


def periodic_rows(
    *,
    period: Period,
    belonging: Q | None,
    outcome: Expression,
    key: Expression,
    home: dict[str, Expression],
    related: list[str],
) -> QuerySet[Obligation]:
    """Return the periodic obligations of the cases counted in the period, keyed like events.

    ``outcome``, ``key`` and ``home`` are the statistics' expressions read through the
    obligation's ``case__``; ``belonging`` restricts the cases to the units asked for.
    """
    start, end = period.start, period.end
    obligations = Obligation.objects.filter(
        Q(case__closed_on__isnull=True) | Q(case__closed_on__gte=start),
        kind=ObligationKind.PERIODIC_MONEY,
        case__accepted_on__lte=end,
    )
    if belonging is not None:
        obligations = obligations.filter(belonging)
    return (
        obligations.order_by()
        .annotate(counted_outcome=outcome, key=key, **home)
        .values(
            "key",
            *related,
            "counted_outcome",
            "case_id",
            "case__accepted_on",
            "case__closed_on",
            "amount",
            "first_period",
            "last_period",
        )
    )


def periodic_schedules(*, period: Period, rows: Iterable[dict[str, Any]]) -> list[Schedule]:
    """Return what each periodic obligation (a row of ``periodic_rows``) changes in the period."""
    start, end = period.start, period.end
    day_before = start - datetime.timedelta(days=1)
    schedules = []
    for row in rows:
        first, last, amount = row["first_period"], row["last_period"], row["amount"]
        total = months_between(first, last)
        carried = row["case__accepted_on"] < start
        before = periods_due(first, last, day_before) if carried else 0
        closed_on = row["case__closed_on"]
        by_horizon = total if closed_on and closed_on <= end else periods_due(first, last, end)
        schedules.append(
            Schedule(
                row=row,
                case_id=row["case_id"],
                carried=carried,
                outcome=row["counted_outcome"],
                due_after_start=amount * (total - before),
                due_within=amount * (by_horizon - before),
                due_after=amount * (total - by_horizon),
            )
        )
    return schedules


def add_periodic_money(
    schedules: list[Schedule],
    *,
    later: str,
    later_outcomes: Callable[[set[int]], dict[int, str]],
    key: Callable[[dict[str, Any]], Any],
    add: Callable[[Any, str, int, int | None], None],
) -> None:
    """Correct the money lines of the cases of ``schedules`` (see the module's docstring).

    A case whose outcome is ``later`` (changed twice since the period's end) takes the one
    ``later_outcomes`` reads from its events.
    """
    found = later_outcomes({item.case_id for item in schedules if item.outcome == later})
    for item in schedules:
        unit_id = key(item.row)
        if item.carried:
            add(unit_id, "carried_over", 0, -item.due_after_start)
            add(unit_id, "newly_accepted", 0, item.due_within)
        else:
            add(unit_id, "newly_accepted", 0, -item.due_after)
        outcome = found[item.case_id] if item.outcome == later else item.outcome
        add(unit_id, outcome, 0, -item.due_after)
