"""The tables broken down as the official forms keep them apart: initiation, kind of judgment."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import transaction
from django.test import Client
from django.utils.text import capfirst
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from enforcement import services
from enforcement.models import Initiation, JudgmentKind
from enforcement.selectors import (
    EMPTY,
    Period,
    enforcement_statistics,
    statistics_breakdown,
)
from tests.enforcement.factories import EnforcementCaseFactory

pytestmark = pytest.mark.django_db

URL = "/reports/enforcement/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _open(world, clerk, number, *, unit, accepted_on, initiation, kind, amount):
    return services.case_open(
        user=clerk,
        unit=unit,
        decision_number=f"{number}/QĐ",
        decision_date=accepted_on,
        accepted_on=accepted_on,
        judgment="Bản án",
        judgment_kind=kind,
        initiation=initiation,
        debtor="Người phải thi hành",
        eligibility="eligible",
        amount_due=amount,
    )


@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plans=st.lists(
        st.tuples(
            st.sampled_from(Initiation.values),
            st.sampled_from(JudgmentKind.values),
            st.dates(datetime.date(2023, 1, 1), datetime.date(2024, 9, 30)),
            st.sampled_from(["none", "pay", "complete", "entrust", "pay_then_entrust"]),
        ),
        min_size=1,
        max_size=8,
    ),
    months=st.integers(1, 12),
    by=st.sampled_from(["initiation", "judgment_kind"]),
)
def test_breakdown_parts_sum_to_the_units_lines(world, administrator, plans, months, by):
    with transaction.atomic():
        for number, (initiation, kind, accepted_on, step) in enumerate(plans):
            case = _open(
                world,
                administrator,
                number,
                unit=world.hanoi_office if number % 2 else world.hanoi_agency,
                accepted_on=accepted_on,
                initiation=initiation,
                kind=kind,
                amount=10_000_000,
            )
            later = accepted_on + datetime.timedelta(days=20)
            if step in ("pay", "pay_then_entrust"):
                services.case_record_payment(
                    user=administrator, case=case, on=later, amount=3_000_000
                )
            if step == "complete":
                services.case_complete(user=administrator, case=case, on=later)
            if step in ("entrust", "pay_then_entrust"):
                services.case_entrust(
                    user=administrator,
                    case=case,
                    on=later + datetime.timedelta(days=5),
                    to_unit=world.danang_agency,
                )
        period = Period(2024, months)

        breakdown = statistics_breakdown(units=[world.hanoi_agency], period=period, by=by)
        whole = enforcement_statistics(units=[world.hanoi_agency], period=period).rows[0]

        cases, money = EMPTY, EMPTY
        for row in breakdown.rows:
            cases += row.cases
            money += row.money
        assert (cases, money) == (whole.cases, whole.money)
        assert (breakdown.total.cases, breakdown.total.money) == (whole.cases, whole.money)
        for row in breakdown.rows:
            expected = sum(
                1
                for initiation, kind, accepted_on, step in plans
                if (initiation if by == "initiation" else kind) == _value(row, by)
                and accepted_on <= period.end
                and (
                    _closed_on(accepted_on, step) is None
                    or _closed_on(accepted_on, step) >= period.start
                )
            )
            assert row.cases.total == expected
        transaction.set_rollback(True)


def _closed_on(accepted_on: datetime.date, step: str) -> datetime.date | None:
    if step == "complete":
        return accepted_on + datetime.timedelta(days=20)
    if step in ("entrust", "pay_then_entrust"):
        return accepted_on + datetime.timedelta(days=25)
    return None


def _value(row, by: str) -> str:
    choices = Initiation if by == "initiation" else JudgmentKind
    return next(value for value, label in choices.choices if capfirst(str(label)) == row.label)


@pytest.fixture
def mixed_cases(world):
    EnforcementCaseFactory(
        unit=world.hanoi_office, initiation=Initiation.PROACTIVE, judgment_kind="criminal"
    )
    EnforcementCaseFactory(unit=world.hanoi_office, initiation=Initiation.ON_REQUEST)
    EnforcementCaseFactory(unit=world.hanoi_office, initiation=Initiation.ON_REQUEST)
    EnforcementCaseFactory(unit=world.danang_agency, initiation=Initiation.PROACTIVE)


def test_page_breaks_the_tables_down_within_the_scope(world, clerk_hanoi, mixed_cases):
    response = _client(clerk_hanoi).get(URL, {"year": 2024, "breakdown": "initiation"})

    assert response.status_code == 200
    rows = {row.label: row for row, _values in response.context["breakdown_case_rows"]}
    # Đà Nẵng's proactive case is outside a Hà Nội clerk's scope.
    assert (rows["Chủ động"].cases.total, rows["Theo yêu cầu"].cases.total) == (1, 2)
    content = response.content.decode()
    assert "Chia theo hình thức thụ lý" in content


def test_breakdown_by_kind_lists_the_nine_kinds_and_goes_to_the_spreadsheet(
    world, leader, mixed_cases
):
    client = _client(leader)
    response = client.get(URL, {"year": 2024, "breakdown": "judgment_kind"})

    labels = [row.label for row, _values in response.context["breakdown_case_rows"]][:-1]
    assert len(labels) == 9
    workbook = client.get(URL, {"year": 2024, "breakdown": "judgment_kind", "format": "xlsx"})
    sheets = load_workbook(io.BytesIO(workbook.content)).sheetnames
    assert len(sheets) == 4
    assert sheets[2].startswith("Loại bản án")


@pytest.mark.parametrize("value", ["unit", "<script>", "initiation'--"])
def test_an_unknown_breakdown_is_refused_with_a_message(world, leader, value):
    response = _client(leader).get(URL, {"year": 2024, "breakdown": value})

    assert response.status_code == 400
    assert "<script>" not in response.content.decode()
    assert response.context["form"].errors["breakdown"]


def test_breakdown_money_is_printed_in_thousands_that_reconcile(world, leader, mixed_cases):
    response = _client(leader).get(URL, {"year": 2024, "breakdown": "initiation"})

    numbers = [column.number for column in response.context["money_columns"]]
    *parts, total = response.context["breakdown_money_rows"]
    for index, number in enumerate(numbers):
        assert sum(values[index] for _row, values in parts) == total[1][index], number
