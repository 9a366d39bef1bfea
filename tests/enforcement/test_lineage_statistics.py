"""A merger moves no figure: every period's totals stay, the predecessor's past reads as it did."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from enforcement import services
from enforcement.models import OPEN_STATUSES, EnforcementCase
from enforcement.selectors import Period, enforcement_statistics
from enforcement.selectors.units import report_units
from organizations.models import Unit
from tests.enforcement.test_statistics import ACTIONS, GROUNDS, _build
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

YEARS = (2023, 2024, 2025)
PERIODS = [Period(year, months) for year in YEARS for months in range(1, 13)]

plans = st.lists(
    st.tuples(
        st.sampled_from(["quangnam", "quangnam", "danang_agency", "hanoi_agency"]),
        st.dates(datetime.date(2022, 6, 1), datetime.date(2025, 9, 30)),
        st.booleans(),
        st.integers(0, 50).map(lambda millions: millions * 1_000_000),
        st.lists(
            st.tuples(st.sampled_from(ACTIONS), st.integers(0, 300), st.sampled_from(GROUNDS)),
            max_size=4,
        ),
    ),
    min_size=1,
    max_size=8,
)


def _quangnam(world) -> Unit:
    return UnitFactory(
        code="THADS-QNA",
        name="Thi hành án dân sự tỉnh Quảng Nam",
        kind=Unit.Kind.ENFORCEMENT_AGENCY,
        parent=world.ministry,
        locality=None,
    )


def _figures(units: list[Unit]) -> dict[Period, tuple]:
    figures = {}
    for period in PERIODS:
        table = enforcement_statistics(units=units, period=period)
        figures[period] = (
            table.total.cases,
            table.total.money,
            {row.unit.pk: (row.cases, row.money) for row in table.rows},
        )
    return figures


@settings(
    max_examples=4,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plans=plans,
    merged_on=st.dates(datetime.date(2023, 10, 2), datetime.date(2025, 9, 30)),
    closed=st.sampled_from([(), (2023,), (2023, 2024)]),
)
def test_merger_keeps_every_periods_totals_and_the_predecessors_past(
    world, administrator, plans, merged_on, closed
):
    with transaction.atomic():
        quangnam = _quangnam(world)
        sector = replace(world)
        sector.quangnam = quangnam
        _build(sector, administrator, plans)
        for year in closed:
            services.statistical_year_close(user=administrator, year=year)
        units = [world.hanoi_agency, world.danang_agency, quangnam]
        before = _figures(units)

        services.unit_lineage_record(
            user=administrator,
            predecessor=quangnam,
            successor=world.danang_agency,
            taken_over_on=merged_on,
            decision_number="759/QĐ-TTg",
            reason="Sắp xếp đơn vị hành chính cấp tỉnh",
        )
        services.unit_merge_into_successor(user=administrator, unit=quangnam)
        after = _figures(units)

        danang, predecessor = world.danang_agency.pk, quangnam.pk
        for period in PERIODS:
            total_cases, total_money, rows = before[period]
            assert after[period][:2] == (total_cases, total_money), period
            merged_rows = after[period][2]
            if period.end < merged_on:
                assert merged_rows == rows, period
            else:
                # The successor's row holds both; the predecessor's is empty.
                (danang_cases, danang_money), (old_cases, old_money) = (
                    rows[danang],
                    rows[predecessor],
                )
                assert merged_rows[danang] == (danang_cases + old_cases, danang_money + old_money)
                assert merged_rows[predecessor][0].is_empty(), period
        transaction.set_rollback(True)


def test_successor_row_names_the_predecessor_and_reports_leave_it_out(world, administrator):
    quangnam = _quangnam(world)
    services.unit_lineage_record(
        user=administrator,
        predecessor=quangnam,
        successor=world.danang_agency,
        taken_over_on=datetime.date(2025, 7, 1),
    )
    spanning = enforcement_statistics(units=[world.danang_agency], period=Period(2025))
    before = enforcement_statistics(units=[world.danang_agency], period=Period(2025, 9))

    assert spanning.rows[0].includes == (
        ("Thi hành án dân sự tỉnh Quảng Nam", datetime.date(2025, 6, 30)),
    )
    assert before.rows[0].includes == ()
    assert quangnam not in report_units(scope=Unit.objects.all(), period=Period(2025))
    assert quangnam in report_units(scope=Unit.objects.all(), period=Period(2024))
    quangnam.refresh_from_db()
    assert (quangnam.valid_to, quangnam.successor) == (
        datetime.date(2025, 6, 30),
        world.danang_agency,
    )


@settings(
    max_examples=4,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plans=plans,
    split_on=st.dates(datetime.date(2023, 10, 2), datetime.date(2025, 3, 31)),
    merged_after=st.one_of(st.none(), st.integers(1, 180)),
    shares=st.randoms(use_true_random=False),
    closed=st.sampled_from([(), (2023,)]),
)
def test_split_then_merger_keeps_every_periods_totals_counting_each_case_once(
    world, administrator, plans, split_on, merged_after, shares, closed
):
    """A split shares the open cases, a part merges on later: every total stays as it was."""
    with transaction.atomic():
        quangnam = _quangnam(world)
        tamky = UnitFactory(
            code="THADS-TK",
            name="THADS Tam Kỳ",
            kind=Unit.Kind.ENFORCEMENT_AGENCY,
            parent=world.ministry,
            locality=None,
        )
        sector = replace(world)
        sector.quangnam = quangnam
        _build(sector, administrator, plans)
        for year in closed:
            services.statistical_year_close(user=administrator, year=year)
        units = [world.hanoi_agency, world.danang_agency, quangnam, tamky]
        before = _figures(units)
        open_ids = list(
            EnforcementCase.objects.filter(unit=quangnam, status__in=OPEN_STATUSES)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        parts = {world.danang_agency: [], tamky: []}
        for case_id in open_ids:
            parts[shares.choice([world.danang_agency, tamky])].append(case_id)

        services.unit_split(
            user=administrator,
            predecessor=quangnam,
            taken_over_on=split_on,
            shares=parts,
            reason="Chia tách theo địa bàn",
        )
        if merged_after is not None:
            services.unit_lineage_record(
                user=administrator,
                predecessor=tamky,
                successor=world.hanoi_agency,
                taken_over_on=split_on + datetime.timedelta(days=merged_after),
                reason="Sáp nhập",
            )
            services.unit_merge_into_successor(user=administrator, unit=tamky)
        after = _figures(units)

        for period in PERIODS:
            assert after[period][:2] == before[period][:2], period
            if period.end < split_on:
                assert after[period][2] == before[period][2], period
        transaction.set_rollback(True)
