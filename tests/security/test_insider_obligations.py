"""Insider review of the obligations, the split page and the replica router (2026-12-05).

A clerk's money by period was unbounded: 10^15 đồng a month until 2400 pushed a case's amount
past 4 × 10^18 and the sums of every report above the city overflowed; larger schedules gave
a server error on the case page. A "digit" that int() does not read ("²") gave a server error
on the split page. The replica router retried a report's own error on the primary and blamed
the replica for it.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import DataError, OperationalError
from django.test import Client
from django.urls import reverse

from enforcement.models import EnforcementCase
from organizations import replica
from organizations.models import Unit, UnitLineage
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
SPLIT = "admin:organizations_unitlineage_split"
GIANT = "1.000.000.000.000.000"


@pytest.fixture
def hanoi_case(world) -> EnforcementCase:
    return EnforcementCaseFactory(
        unit=world.hanoi_agency,
        decision_number="101/QĐ-CTHADS",
        accepted_on=datetime.date(2024, 3, 1),
    )


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _url(case: EnforcementCase) -> str:
    return reverse("admin:enforcement_enforcementcase_change", args=[case.pk])


def _post(case: EnforcementCase, rows: list[dict[str, str]]) -> dict[str, str]:
    post = {
        "issuing_agency": str(case.issuing_agency_id),
        "unit": str(case.unit_id),
        "decision_number": case.decision_number,
        "decision_date": case.decision_date.strftime("%d/%m/%Y"),
        "accepted_on": case.accepted_on.strftime("%d/%m/%Y"),
        "judgment": case.judgment,
        "judgment_kind": case.judgment_kind,
        "initiation": case.initiation,
        "amount_due": str(case.amount_due),
        "notes": case.notes,
        "reason": "",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "parties-TOTAL_FORMS": "0",
        "parties-INITIAL_FORMS": "0",
        "judgments-TOTAL_FORMS": "0",
        "judgments-INITIAL_FORMS": "0",
        "obligations-TOTAL_FORMS": str(len(rows)),
        "obligations-INITIAL_FORMS": "0",
    }
    for index, row in enumerate(rows):
        post.update({f"obligations-{index}-{name}": value for name, value in row.items()})
    return post


def _support(first: str, last: str, amount: str = GIANT) -> dict[str, str]:
    return {
        "kind": "periodic_money",
        "description": "cấp dưỡng",
        "amount": amount,
        "period_unit": "month",
        "first_period": first,
        "last_period": last,
    }


def _obligations_errors(response) -> str:
    formsets = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "obligations"
    ]
    return " ".join(
        [str(error) for error in formsets[0].non_form_errors()]
        + [str(form.errors) for form in formsets[0].forms]
    )


@pytest.mark.parametrize(
    "rows",
    [
        # 10^15 a month for 376 years: 4.5 × 10^18, the overflow of the reports above.
        [_support("01/2024", "12/2400")],
        # Past any 64-bit integer: was a server error on the case page.
        [_support("01/0001", "12/9999")],
        # Each within fifty years, together far above what one case orders.
        [_support("01/2000", "12/2040") for _index in range(10)],
    ],
)
def test_money_by_period_beyond_what_a_case_orders_is_refused_on_the_page(
    world, clerk_hanoi, hanoi_case, rows
):
    before = hanoi_case.amount_due

    response = _client(clerk_hanoi).post(_url(hanoi_case), _post(hanoi_case, rows))

    assert response.status_code == 200
    assert _obligations_errors(response)
    hanoi_case.refresh_from_db()
    assert hanoi_case.amount_due == before
    assert not hanoi_case.obligations.filter(kind="periodic_money").exists()


def test_the_reports_above_a_city_stay_up_after_a_clerks_largest_obligations(
    world, clerk_hanoi, leader
):
    client = _client(clerk_hanoi)
    for number in ("901/QĐ", "902/QĐ", "903/QĐ"):
        case = EnforcementCaseFactory(
            unit=world.hanoi_agency, decision_number=number, accepted_on=datetime.date(2024, 3, 1)
        )
        client.post(_url(case), _post(case, [_support("01/2024", "12/2400")]))
        case.refresh_from_db()
        assert case.amount_due <= 10**15

    response = _client(leader).get("/reports/enforcement/", {"year": 2024})

    assert response.status_code == 200


@pytest.fixture
def quangnam(world) -> Unit:
    unit = UnitFactory(
        code="THADS-QNA",
        name="THADS Quảng Nam",
        kind=Unit.Kind.ENFORCEMENT_AGENCY,
        parent=world.hanoi_agency,
    )
    for number in (7, 8):
        EnforcementCaseFactory(
            unit=unit,
            decision_number=f"{number}/QĐ-THADS",
            decision_date=datetime.date(2025, 3, 1),
            accepted_on=datetime.date(2025, 3, 1),
        )
    return unit


def test_a_digit_int_does_not_read_is_no_unit_on_the_split_page(world, administrator):
    response = _client(administrator).get(reverse(SPLIT), {"predecessor": "²"})

    assert response.status_code == 200


def test_a_pasted_year_int_does_not_read_is_a_line_error(world, administrator, quangnam):
    response = _client(administrator).post(
        reverse(SPLIT),
        {
            "predecessor": quangnam.pk,
            "taken_over_on": "01/07/2025",
            "decision_number": "202/2025/QH15",
            "distribution": "7/QĐ-THADS;²;THADS-HN\n8/QĐ-THADS;THADS-HN-KV1",
        },
    )

    assert response.status_code == 200
    assert not UnitLineage.objects.exists()


def test_a_reports_own_error_is_not_retried_on_the_primary(monkeypatch, caplog):
    monkeypatch.setattr(replica, "usable_replica", lambda: replica.REPLICA)
    monkeypatch.setattr(replica, "_close_replica", lambda: None)
    calls = []

    def report() -> None:
        calls.append(replica.reading_alias())
        raise DataError("bigint out of range")

    with pytest.raises(DataError):
        replica.from_replica(report)

    assert calls == [replica.REPLICA]
    assert "read replica failed" not in caplog.text


def test_a_replica_that_drops_the_connection_is_read_again_from_the_primary(monkeypatch, caplog):
    monkeypatch.setattr(replica, "usable_replica", lambda: replica.REPLICA)
    monkeypatch.setattr(replica, "_close_replica", lambda: None)
    calls = []

    def report() -> str:
        calls.append(replica.reading_alias())
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return "figures"

    assert replica.from_replica(report) == "figures"
    assert calls == [replica.REPLICA, "default"]
    assert "read replica failed" in caplog.text
