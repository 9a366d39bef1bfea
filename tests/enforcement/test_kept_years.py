"""Write counters per statistical year: today's payments leave past years' kept figures kept.

Each write here commits, as the clerks' writes do, so that PostgreSQL's commit trigger
(migration 0037) raises the counters; after each one, every kept figure of every period of
2024 to 2026 still equals the cases' own. On SQLite every write counts from the beginning,
so only the equality is asserted there.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

import pytest
from django.db import connection, transaction
from django.db.models import F

from enforcement import services
from enforcement.models import (
    CaseEvent,
    Eligibility,
    EnforcementCase,
    KeptFigures,
    Obligation,
    ObligationKind,
    Status,
    YearCounter,
)
from enforcement.selectors import Period, computed_lines, direct_lines
from enforcement.selectors.kept import write_counts
from enforcement.services.figures import KEPT_GROUPINGS
from tests.enforcement.factories import EnforcementCaseFactory, legal_ground

pytestmark = pytest.mark.django_db(transaction=True)

YEARS = (2024, 2025, 2026)


def _periods() -> Iterator[Period]:
    for year in YEARS:
        for months in (3, 12):
            yield Period(year, months)


def _report_all() -> None:
    # Every period and grouping, read as the reports read them: kept, or computed and kept.
    for period in _periods():
        for by, split in KEPT_GROUPINGS:
            assert direct_lines(period=period, by=by, split=split) == computed_lines(
                period=period, by=by, split=split
            ), (period, by, split)


def _counts(unit_id: int) -> dict[int, int]:
    return {year: write_counts([unit_id], year).get(unit_id, 0) for year in YEARS}


def _kept_at(year: int) -> set[tuple[int, str, str, int, object]]:
    return set(
        KeptFigures.objects.filter(year=year).values_list(
            "unit_id", "grouping", "split", "months", "computed_at"
        )
    )


@pytest.fixture
def cases(world, administrator):
    unit = world.hanoi_agency
    first = EnforcementCaseFactory(
        unit=unit, accepted_on=datetime.date(2023, 10, 16), amount_due=100_000_000
    )
    second = EnforcementCaseFactory(
        unit=unit, accepted_on=datetime.date(2023, 11, 20), amount_due=50_000_000
    )
    _report_all()
    return unit, first, second


def _write(unit, write: Callable[[], object]) -> tuple[dict[int, int], dict[int, int]]:
    """Run a write in its own transaction; return the unit's counts before and after."""
    before = _counts(unit.pk)
    with transaction.atomic():
        write()
    after = _counts(unit.pk)
    _report_all()
    return before, after


def _from_year(before: dict[int, int], after: dict[int, int]) -> int | None:
    # The first year whose count the write raised (None: none).
    raised = [year for year in YEARS if after[year] > before[year]]
    if raised and connection.vendor == "postgresql":
        assert raised == [year for year in YEARS if year >= raised[0]]
    return raised[0] if raised else None


# The first year each write may change on PostgreSQL; SQLite counts them all from 2024.
def _expect(year: int) -> int:
    return year if connection.vendor == "postgresql" else YEARS[0]


def test_a_payment_counts_from_its_year_and_keeps_the_earlier_years_figures(cases, administrator):
    unit, first, _second = cases
    kept_2024 = _kept_at(2024)
    before, after = _write(
        unit,
        lambda: services.case_record_payment(
            user=administrator, case=first, on=datetime.date(2025, 3, 3), amount=7_000_000
        ),
    )
    assert _from_year(before, after) == _expect(2025)
    if connection.vendor == "postgresql":
        # The reports above read 2024's figures as kept, without computing them again.
        assert _kept_at(2024) == kept_2024
        assert YearCounter.objects.filter(unit_id=unit.pk, year=2025).exists()


def test_corrections_reductions_and_reassignments_count_from_their_day(cases, administrator):
    unit, first, _second = cases
    with transaction.atomic():
        services.case_record_payment(
            user=administrator, case=first, on=datetime.date(2024, 12, 2), amount=9_000_000
        )
    payment = CaseEvent.objects.get(case=first, kind=CaseEvent.Kind.PAYMENT)
    # The correction takes effect on the payment's day (statistical year 2025).
    before, after = _write(
        unit,
        lambda: services.case_correct_payment(
            user=administrator,
            case=EnforcementCase.objects.get(pk=first.pk),
            payment=payment,
            amount=4_000_000,
            reason="Nhập nhầm số tiền",
        ),
    )
    assert _from_year(before, after) == _expect(2025)
    before, after = _write(
        unit,
        lambda: services.case_record_reduction(
            user=administrator,
            case=EnforcementCase.objects.get(pk=first.pk),
            on=datetime.date(2026, 1, 5),
            amount=1_000_000,
        ),
    )
    assert _from_year(before, after) == _expect(2026)
    # A payment dated back into 2024 changes 2024.
    before, after = _write(
        unit,
        lambda: services.case_record_payment(
            user=administrator,
            case=EnforcementCase.objects.get(pk=first.pk),
            on=datetime.date(2024, 5, 6),
            amount=1_000_000,
        ),
    )
    assert _from_year(before, after) == 2024


def test_payments_of_two_cases_in_one_transaction_each_count_from_their_day(cases, administrator):
    unit, first, second = cases

    def both() -> None:
        services.case_record_payment(
            user=administrator, case=first, on=datetime.date(2026, 2, 2), amount=1_000_000
        )
        services.case_record_payment(
            user=administrator, case=second, on=datetime.date(2025, 2, 2), amount=1_000_000
        )

    before, after = _write(unit, both)
    assert _from_year(before, after) == _expect(2025)


def test_a_change_of_state_counts_from_the_year_the_previous_state_began(cases, administrator):
    unit, first, _second = cases
    # Never changed since its acceptance: the postponement counts from its own day.
    before, after = _write(
        unit,
        lambda: services.case_postpone(
            user=administrator,
            case=first,
            on=datetime.date(2024, 12, 2),
            ground=legal_ground("48.1.c"),
        ),
    )
    assert _from_year(before, after) == _expect(2025)
    # Its resumption changes how the periods of the state before the postponement read it
    # (from the case's columns, then from its events): from its acceptance's year.
    before, after = _write(
        unit,
        lambda: services.case_resume(
            user=administrator,
            case=EnforcementCase.objects.get(pk=first.pk),
            on=datetime.date(2026, 1, 5),
        ),
    )
    assert _from_year(before, after) == 2024


def test_a_change_of_state_of_a_case_entered_without_history_reaches_its_previous_state(
    cases, administrator
):
    # Entered with its present and previous state and no event: a period ending while the
    # previous state held reads it from the case's columns until a new change of state moves
    # them on; from then on its events tell, and there are none (it counts as in progress).
    unit, _first, _second = cases
    case = EnforcementCaseFactory(
        unit=unit,
        accepted_on=datetime.date(2023, 10, 20),
        amount_due=20_000_000,
        status=Status.IN_PROGRESS,
        state_changed_on=datetime.date(2025, 3, 3),
        previous_status=Status.SUSPENDED,
        previous_eligibility=Eligibility.ELIGIBLE,
        previous_state_changed_on=datetime.date(2024, 1, 15),
    )
    _report_all()
    before, after = _write(
        unit,
        lambda: services.case_postpone(
            user=administrator,
            case=case,
            on=datetime.date(2026, 1, 5),
            ground=legal_ground("48.1.c"),
        ),
    )
    # The figures of 2024 changed (suspended, now in progress): they were computed again.
    assert _from_year(before, after) == 2024


def test_a_completion_counts_from_its_day_with_the_balance_it_collects(cases, administrator):
    unit, _first, second = cases
    before, after = _write(
        unit,
        lambda: services.case_complete(
            user=administrator, case=second, on=datetime.date(2026, 2, 2)
        ),
    )
    assert _from_year(before, after) == _expect(2026)
    assert EnforcementCase.objects.get(pk=second.pk).amount_recovered == 50_000_000


def _state(case: EnforcementCase) -> dict[str, str]:
    return {"status_after": case.status, "eligibility_after": case.eligibility}


@pytest.mark.parametrize(
    "write",
    [
        "case money changed alone",
        "money event written alone",
        "events of two cases in one statement",
        "status changed without moving the previous state",
        "eligibility changed",
        "payment and a change of the debtor in one statement",
    ],
)
def test_a_write_that_no_day_bounds_counts_from_the_beginning(cases, administrator, write):
    unit, first, second = cases
    on = datetime.date(2026, 3, 2)

    def run() -> None:
        if write == "case money changed alone":
            EnforcementCase.objects.filter(pk=first.pk).update(
                amount_recovered=F("amount_recovered") + 1_000
            )
        elif write == "money event written alone":
            CaseEvent.objects.create(
                case=first,
                kind=CaseEvent.Kind.PAYMENT,
                occurred_on=on,
                amount=5,
                collected=5,
                **_state(first),
            )
        elif write == "events of two cases in one statement":
            CaseEvent.objects.bulk_create(
                [
                    CaseEvent(
                        case=case, kind=CaseEvent.Kind.CORRECTED, occurred_on=on, **_state(case)
                    )
                    for case in (first, second)
                ]
            )
        elif write == "status changed without moving the previous state":
            EnforcementCase.objects.filter(pk=first.pk).update(
                status=Status.SUSPENDED, state_changed_on=on
            )
        elif write == "eligibility changed":
            services.case_set_eligibility(
                user=administrator,
                case=first,
                eligibility=Eligibility.NOT_ELIGIBLE,
                on=on,
                ground=legal_ground("44a.1.a"),
            )
        else:
            EnforcementCase.objects.filter(pk=first.pk).update(
                amount_recovered=F("amount_recovered") + 1_000, debtor="Nguyễn Văn Khác"
            )
            CaseEvent.objects.create(
                case=first,
                kind=CaseEvent.Kind.PAYMENT,
                occurred_on=on,
                amount=1_000,
                collected=1_000,
                **_state(first),
            )

    before, after = _write(unit, run)
    assert _from_year(before, after) == 2024


def test_a_transaction_sees_its_own_writes_counted_from_their_year(cases, administrator):
    unit, first, _second = cases
    before = _counts(unit.pk)
    with transaction.atomic():
        services.case_record_payment(
            user=administrator, case=first, on=datetime.date(2026, 1, 7), amount=2_000_000
        )
        during = _counts(unit.pk)
        # The transaction's kept figures agree with its own cases.
        _report_all()
    assert _from_year(before, during) == _expect(2026)
    assert _counts(unit.pk) == during


def test_writes_of_a_relayed_case_reach_the_office_that_held_it_in_between(
    cases, world, administrator
):
    # Accepted by the agency, handed to its office, handed back: the office held the case in
    # between, and its figures of 2025 (ending on 30 September 2025) count it. A payment
    # dated back into that time changes them, although the office is neither the case's
    # unit nor the unit that accepted it.
    unit, first, second = cases
    office = world.hanoi_office
    with transaction.atomic():
        services.case_reassign_office(
            user=administrator, case=first, on=datetime.date(2025, 7, 10), to_unit=office
        )
    with transaction.atomic():
        services.case_reassign_office(
            user=administrator,
            case=EnforcementCase.objects.get(pk=first.pk),
            on=datetime.date(2025, 11, 10),
            to_unit=unit,
        )
    _report_all()
    case = EnforcementCase.objects.get(pk=first.pk)
    assert (case.unit_id, case.accepting_unit_id) == (unit.pk, unit.pk)
    before, after = _write(
        office,
        lambda: services.case_record_payment(
            user=administrator, case=case, on=datetime.date(2025, 8, 5), amount=3_000_000
        ),
    )
    assert _from_year(before, after) == _expect(2025)
    # An obligation's write counts, from the beginning, through the function the obligations
    # share with the statements writing the events of several cases.
    before, after = _write(
        office,
        lambda: Obligation.objects.create(
            case=case, kind=ObligationKind.MONEY, description="Tiền án phí", amount=1_000_000
        ),
    )
    assert _from_year(before, after) == 2024
    # A statement changing several cases, as imports and mergers write them.
    before, after = _write(
        office,
        lambda: EnforcementCase.objects.filter(pk__in=[first.pk, second.pk]).update(
            creditor="Ngân hàng TMCP Ngoại thương Việt Nam"
        ),
    )
    assert _from_year(before, after) == 2024
