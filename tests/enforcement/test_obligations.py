"""A case's obligations: its amount follows their money; money by period counts as it falls due."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enforcement import services
from enforcement.models import EnforcementCase, Initiation, Obligation, ObligationKind
from enforcement.selectors import Period, computed_lines, enforcement_statistics
from enforcement.selectors.lines import LINE_FIELDS, Lines
from enforcement.services.obligation_rules import not_yet_due
from tests.enforcement.factories import EnforcementCaseFactory, legal_ground

pytestmark = pytest.mark.django_db

SUPPORT = 1_000_000  # child support a month
FEE = 300_000  # a court fee paid once


def _open(world, clerk, *, accepted_on: datetime.date, amount_due: int = 0) -> EnforcementCase:
    return services.case_open(
        user=clerk,
        unit=world.hanoi_agency,
        decision_number="244/QĐ-THADS",
        decision_date=accepted_on,
        accepted_on=accepted_on,
        judgment="Bản án số 07/2024/HNGĐ-ST",
        initiation=Initiation.ON_REQUEST,
        debtor="Hoàng Đình Lâm",
        eligibility="eligible",
        amount_due=amount_due,
    )


def _periodic(first: datetime.date, last: datetime.date, amount: int = SUPPORT) -> Obligation:
    return Obligation(
        kind=ObligationKind.PERIODIC_MONEY,
        description="cấp dưỡng nuôi con",
        amount=amount,
        first_period=first,
        last_period=last,
    )


def _support_case(world, clerk) -> EnforcementCase:
    # Accepted 1 November 2024: a fee, and support from 11/2024 to 10/2025 (12 months).
    case = _open(world, clerk, accepted_on=datetime.date(2024, 11, 1), amount_due=FEE)
    return services.case_obligations_save(
        user=clerk,
        case=case,
        saved=[_periodic(datetime.date(2024, 11, 1), datetime.date(2025, 10, 1))],
    )


def _money(period: Period, world) -> Lines:
    return enforcement_statistics(units=[world.hanoi_agency], period=period).rows[0].money


def _cases(period: Period, world) -> Lines:
    return enforcement_statistics(units=[world.hanoi_agency], period=period).rows[0].cases


def _reconciles(lines: Lines) -> None:
    assert lines.total == lines.carried_over + lines.newly_accepted
    assert lines.eligible + lines.not_eligible == lines.to_enforce
    assert lines.resolved + lines.pending == lines.eligible
    assert lines.carried_to_next == lines.not_eligible + lines.pending
    assert all(getattr(lines, name) >= 0 for name in LINE_FIELDS)


def test_opening_a_case_with_an_amount_lists_it_as_its_money_obligation(world, clerk_hanoi):
    case = _open(world, clerk_hanoi, accepted_on=datetime.date(2024, 11, 1), amount_due=FEE)

    assert list(case.obligations.values_list("kind", "amount")) == [(ObligationKind.MONEY, FEE)]


def test_the_amount_to_enforce_is_the_money_of_the_obligations(world, clerk_hanoi):
    case = _support_case(world, clerk_hanoi)

    case.refresh_from_db()
    assert case.amount_due == FEE + 12 * SUPPORT
    assert case.obligations.count() == 2


def test_a_period_counts_the_support_that_fell_due_in_it(world, clerk_hanoi):
    _support_case(world, clerk_hanoi)

    # Year 2025 (10/2024 – 09/2025): the fee and eleven months (11/2024 – 09/2025).
    year_2025 = _money(Period(2025), world)
    assert year_2025.newly_accepted == FEE + 11 * SUPPORT
    assert year_2025.in_progress == FEE + 11 * SUPPORT
    # Its first six months (to 31/03/2025): the fee and five months.
    assert _money(Period(2025, 6), world).newly_accepted == FEE + 5 * SUPPORT
    # Year 2026: what was left at its start, and the last month (10/2025) falling due in it.
    year_2026 = _money(Period(2026), world)
    assert year_2026.carried_over == year_2025.carried_to_next
    assert year_2026.newly_accepted == SUPPORT
    assert year_2026.in_progress == FEE + 12 * SUPPORT
    for lines in (year_2025, year_2026):
        _reconciles(lines)


def test_payments_and_closing_count_against_what_fell_due(world, clerk_hanoi):
    case = _support_case(world, clerk_hanoi)
    services.case_record_payment(
        user=clerk_hanoi, case=case, on=datetime.date(2025, 1, 10), amount=2 * SUPPORT
    )
    services.case_terminate(
        user=clerk_hanoi,
        case=EnforcementCase.objects.get(pk=case.pk),
        on=datetime.date(2025, 1, 15),
        ground=legal_ground("50.1.c"),
    )

    lines = _money(Period(2025), world)

    # Closed, the case leaves with all it had left: nothing of it falls due here later.
    assert lines.newly_accepted == FEE + 12 * SUPPORT
    assert lines.completed == 2 * SUPPORT
    assert lines.terminated == FEE + 10 * SUPPORT
    _reconciles(lines)


def test_support_is_paid_as_it_falls_due_not_ahead(world, clerk_hanoi):
    case = _support_case(world, clerk_hanoi)

    # By 10 January 2025 three months have fallen due, with the fee.
    with pytest.raises(ValidationError):
        services.case_record_payment(
            user=clerk_hanoi, case=case, on=datetime.date(2025, 1, 10), amount=FEE + 4 * SUPPORT
        )
    services.case_record_payment(
        user=clerk_hanoi, case=case, on=datetime.date(2025, 1, 10), amount=FEE + 3 * SUPPORT
    )

    _reconciles(_money(Period(2025, 4), world))


def test_a_case_that_orders_no_money_counts_in_cases_not_in_money(world, clerk_hanoi):
    case = _open(world, clerk_hanoi, accepted_on=datetime.date(2024, 11, 1))
    services.case_obligations_save(
        user=clerk_hanoi,
        case=case,
        saved=[
            Obligation(
                kind=ObligationKind.PROPERTY,
                description="đất",
                quantity=Decimal(590),
                quantity_unit="m2",
            )
        ],
    )

    assert _cases(Period(2025), world).newly_accepted == 1
    assert _money(Period(2025), world).newly_accepted == 0


def test_correcting_the_amount_moves_the_one_money_obligation(world, clerk_hanoi):
    case = _open(world, clerk_hanoi, accepted_on=datetime.date(2024, 11, 1), amount_due=FEE)

    services.case_update(user=clerk_hanoi, case=case, changes={"amount_due": 450_000})

    assert list(case.obligations.values_list("amount", flat=True)) == [450_000]


def test_a_case_of_several_money_obligations_changes_through_them(world, clerk_hanoi):
    case = _support_case(world, clerk_hanoi)

    with pytest.raises(ValidationError) as error:
        services.case_update(user=clerk_hanoi, case=case, changes={"amount_due": 1})

    assert "amount_due" in error.value.message_dict
    case.refresh_from_db()
    assert case.amount_due == FEE + 12 * SUPPORT


def test_an_amount_imported_without_obligations_is_kept_when_one_is_added(world, clerk_hanoi):
    case = EnforcementCaseFactory(unit=world.hanoi_agency, amount_due=5_000_000)
    assert not case.obligations.exists()

    services.case_obligations_save(
        user=clerk_hanoi,
        case=case,
        saved=[Obligation(kind=ObligationKind.ACT, description="xin lỗi công khai")],
    )

    case.refresh_from_db()
    assert case.amount_due == 5_000_000
    assert sorted(case.obligations.values_list("kind", flat=True)) == [
        ObligationKind.ACT,
        ObligationKind.MONEY,
    ]


@pytest.mark.parametrize(
    ("obligation", "reason"),
    [
        (Obligation(kind=ObligationKind.MONEY, amount=0), "amount"),
        (Obligation(kind=ObligationKind.PROPERTY, description="đất", amount=5), "amount"),
        (Obligation(kind=ObligationKind.PROPERTY, description="đất"), "quantity"),
        (Obligation(kind=ObligationKind.ACT), "described"),
        (
            Obligation(kind=ObligationKind.PERIODIC_MONEY, amount=SUPPORT),
            "first and its last month",
        ),
        (
            _periodic(datetime.date(2025, 9, 1), datetime.date(2025, 3, 1)),
            "in order",
        ),
    ],
)
def test_an_obligation_its_kind_does_not_allow_is_refused(
    world, clerk_hanoi, hanoi_case, obligation, reason
):
    # The reasons are matched in the messages' English source.
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.case_obligations_save(user=clerk_hanoi, case=hanoi_case, saved=[obligation])

    assert reason in " ".join(error.value.messages)
    assert not hanoi_case.obligations.exclude(kind=ObligationKind.MONEY).exists()


def test_obligations_cannot_order_less_than_was_collected(world, clerk_hanoi):
    case = _open(world, clerk_hanoi, accepted_on=datetime.date(2024, 11, 1), amount_due=FEE)
    services.case_record_payment(
        user=clerk_hanoi, case=case, on=datetime.date(2024, 12, 1), amount=FEE
    )

    with pytest.raises(ValidationError):
        services.case_obligations_save(
            user=clerk_hanoi, case=case, deleted=list(case.obligations.all())
        )


def test_a_clerk_cannot_change_obligations_of_another_city(world, clerk_hanoi, danang_case):
    with pytest.raises(PermissionDenied):
        services.case_obligations_save(
            user=clerk_hanoi,
            case=danang_case,
            saved=[Obligation(kind=ObligationKind.ACT, description="tháo dỡ")],
        )


def test_changing_the_money_of_a_closed_year_needs_the_reopen_right(
    world, administrator, clerk_hanoi, hanoi_case
):
    services.statistical_year_close(user=administrator, year=2024)

    with pytest.raises(ValidationError):
        services.case_obligations_save(
            user=clerk_hanoi,
            case=hanoi_case,
            saved=[_periodic(datetime.date(2024, 3, 1), datetime.date(2024, 8, 1))],
            reason="sửa theo bản án",
        )

    # What is not money leaves the figures as they were: no right needed.
    services.case_obligations_save(
        user=clerk_hanoi,
        case=hanoi_case,
        saved=[Obligation(kind=ObligationKind.ACT, description="tháo dỡ")],
    )


def test_moving_a_schedule_changes_the_kept_figures(world, clerk_hanoi):
    case = _support_case(world, clerk_hanoi)
    before = _money(Period(2025), world).newly_accepted

    Obligation.objects.filter(case=case, kind=ObligationKind.PERIODIC_MONEY).update(
        first_period=datetime.date(2025, 1, 1), last_period=datetime.date(2025, 12, 1)
    )

    assert before == FEE + 11 * SUPPORT
    assert _money(Period(2025), world).newly_accepted == FEE + 9 * SUPPORT


@pytest.mark.parametrize(("by", "split"), [("unit", "initiation"), ("enforcer", None)])
def test_support_counts_the_same_in_every_breakdown(world, clerk_hanoi, by, split):
    _support_case(world, clerk_hanoi)
    period = Period(2025)

    whole = computed_lines(period=period, unit_ids=[world.hanoi_agency.pk])[world.hanoi_agency.pk]
    parts = computed_lines(period=period, unit_ids=[world.hanoi_agency.pk], by=by, split=split)

    assert sum((money for _cases, money in parts.values()), Lines()) == whole[1]
    assert whole[1].newly_accepted == FEE + 11 * SUPPORT


# Random histories of cases with support by the month: the money lines reconcile and chain.
support_plans = st.lists(
    st.tuples(
        st.integers(0, 700),  # accepted, days after 1 October 2023
        st.integers(-3, 6),  # the first month of support, from the accepted month
        st.integers(1, 24),  # months of support
        st.sampled_from([0, FEE]),  # a fee paid once
        st.lists(st.integers(1, 150), max_size=3),  # days between payments
        st.sampled_from(["open", "complete", "terminate", "postpone"]),
        st.integers(1, 200),  # days from the last payment to the last change
    ),
    min_size=1,
    max_size=4,
)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _live_support_case(world, user, number: int, plan: tuple) -> None:
    accepted_days, start, months, fee, gaps, ending, last_gap = plan
    accepted = datetime.date(2023, 10, 1) + datetime.timedelta(days=accepted_days)
    case = services.case_open(
        user=user,
        unit=world.hanoi_agency,
        decision_number=f"{number}/QĐ-CD",
        decision_date=accepted,
        accepted_on=accepted,
        judgment="Bản án số 07/2023/HNGĐ-ST",
        initiation=Initiation.ON_REQUEST,
        debtor="Hoàng Đình Lâm",
        eligibility="eligible",
        amount_due=fee,
    )
    first = _add_months(accepted, start)
    case = services.case_obligations_save(
        user=user, case=case, saved=[_periodic(first, _add_months(first, months - 1))]
    )
    day, last_day = accepted, datetime.date(2026, 9, 30)
    for gap in gaps:
        day += datetime.timedelta(days=gap)
        if day > last_day:
            return
        case.refresh_from_db()
        payable = case.amount_outstanding - not_yet_due(case, day)
        if payable > 0:
            case = services.case_record_payment(
                user=user, case=case, on=day, amount=max(payable // 2, 1)
            )
    day += datetime.timedelta(days=last_gap)
    if ending == "open" or day > last_day:
        return
    if ending == "complete":
        services.case_complete(user=user, case=case, on=day)
    elif ending == "terminate":
        services.case_terminate(user=user, case=case, on=day, ground=legal_ground("50.1.c"))
    else:
        services.case_postpone(user=user, case=case, on=day, ground=legal_ground("48.1.c"))


@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plans=support_plans, year=st.sampled_from([2024, 2025, 2026]), months=st.integers(1, 12))
def test_money_lines_with_support_reconcile_on_random_histories(
    world, administrator, plans, year, months
):
    with transaction.atomic():
        for number, plan in enumerate(plans, start=1):
            _live_support_case(world, administrator, number, plan)

        _reconciles(_money(Period(year, months), world))
        whole, following = _money(Period(year), world), _money(Period(year + 1), world)
        assert following.carried_over == whole.carried_to_next
        transaction.set_rollback(True)
