"""The rules of a case's obligations, and how its amount to enforce follows them.

A case's ``amount_due`` is the sum of its money obligations (one-off amounts, and the whole
schedule of the periodic ones): the statistics and the balance rest on it. A case whose
amount came alone (the case file has one amount column) holds it as one money obligation:
the bulk import writes it with the case, and a case found without one gains it on its
first obligation change.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from enforcement.models import (
    MONEY_KINDS,
    EnforcementCase,
    Obligation,
    ObligationKind,
    PeriodUnit,
)
from enforcement.models.obligations import month_start
from enforcement.services.copying import Statement

# The largest amount a case orders in all, as one amount is entered (organizations.numbers.
# AmountField): money by period multiplies its monthly amount, and unbounded it overflowed the
# database's 64-bit sums of a report (a whole province's report failed on three cases).
MAX_CASE_MONEY = 10**15
# Money by period runs at most fifty years of months; a schedule read from a register beyond
# that is a typing error (12/2400), not a court's order.
MAX_PERIODS = 12 * 50


def obligation_check(obligation: Obligation) -> None:
    """Refuse an obligation its kind does not allow; store a period as its month's first day."""
    if obligation.kind == ObligationKind.PERIODIC_MONEY:
        # Monthly is the only period the registers write.
        obligation.period_unit = obligation.period_unit or PeriodUnit.MONTH
        if obligation.first_period is not None:
            obligation.first_period = month_start(obligation.first_period)
        if obligation.last_period is not None:
            obligation.last_period = month_start(obligation.last_period)
        if obligation.first_period is None or obligation.last_period is None:
            raise ValidationError(
                _("Money by period needs its first and its last month."), code="periods"
            )
        months = (obligation.last_period.year - obligation.first_period.year) * 12 + (
            obligation.last_period.month - obligation.first_period.month
        )
        if months >= MAX_PERIODS:
            raise ValidationError(
                _("Money by period runs at most %(count)s months.") % {"count": MAX_PERIODS},
                code="periods",
            )
    obligation.full_clean(exclude=["case"])


def not_yet_due(case: EnforcementCase, on: datetime.date) -> int:
    """Return the case's money by period that falls due only after ``on``.

    Money is collected, reduced or exempted only once it has fallen due: the statistics
    count a period's balance as what fell due less what was settled (selectors.periodic).
    """
    return sum(
        obligation.total - obligation.due_by(on)
        for obligation in case.obligations.filter(kind=ObligationKind.PERIODIC_MONEY)
    )


def money_of(obligations: Iterable[Obligation]) -> int:
    """Return the money the obligations order in all (the case's amount to enforce)."""
    return sum(obligation.total for obligation in obligations if obligation.kind in MONEY_KINDS)


def amount_follows_check(case: EnforcementCase, amount_due: int) -> None:
    """Refuse a new amount to enforce that no single money obligation can take.

    A case with one money obligation of one amount (or none) takes the new amount in it; a
    case with several, or with money by period, changes through its obligations.
    """
    money = [o for o in case.obligations.all() if o.kind in MONEY_KINDS]
    if money_of(money) == amount_due:
        return
    if len(money) > 1 or any(o.kind == ObligationKind.PERIODIC_MONEY for o in money):
        raise ValidationError(
            {
                "amount_due": _(
                    "This case has several money obligations: change them instead of its amount."
                )
            }
        )


def amount_follows(case: EnforcementCase, amount_due: int) -> None:
    """Put a corrected amount to enforce in the case's one money obligation."""
    money = [o for o in case.obligations.all() if o.kind in MONEY_KINDS]
    if money_of(money) == amount_due:
        return
    if not money:
        Obligation.objects.create(case=case, kind=ObligationKind.MONEY, amount=amount_due)
    elif amount_due:
        Obligation.objects.filter(pk=money[0].pk).update(amount=amount_due)
    else:
        Obligation.objects.filter(pk=money[0].pk).delete()


def obligation_statement(first_id: int, last_id: int) -> Statement:
    """Return the SQL giving each case first_id to last_id its amount as its money obligation.

    One statement per range: a bulk import writes a year of cases at once.
    """
    table, cases = Obligation._meta.db_table, EnforcementCase._meta.db_table
    return (
        f"INSERT INTO {table} (case_id, kind, description, amount, period_unit, "  # noqa: S608
        "first_period, last_period, quantity, quantity_unit) "
        f"SELECT id, %s, '', amount_due, '', NULL, NULL, NULL, '' FROM {cases} "
        "WHERE id BETWEEN %s AND %s AND amount_due > 0",
        [ObligationKind.MONEY.value, first_id, last_id],
    )


def obligations_from_amounts(runs: Iterable[tuple[int, int]]) -> None:
    """Give each case of the id ranges its amount to enforce as its one money obligation."""
    with connection.cursor() as cursor:
        for first, last in runs:
            cursor.execute(*obligation_statement(first, last))
