"""The obligations on the case page, and as the case import leaves them."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from enforcement import services
from enforcement.models import EnforcementCase, Obligation, ObligationKind
from tests.benchmarks.casefile import HEADERS
from tests.imports.helpers import write_csv

pytestmark = pytest.mark.django_db


def _inline_post(case: EnforcementCase, **rows: str) -> dict[str, str]:
    # The case form as the page holds it, with one new obligation row.
    prefix = "obligations"
    post = {
        "issuing_agency": str(case.issuing_agency_id),
        "unit": str(case.unit_id),
        "decision_number": case.decision_number,
        "decision_date": case.decision_date.strftime("%d/%m/%Y"),
        "accepted_on": case.accepted_on.strftime("%d/%m/%Y"),
        "judgment": case.judgment,
        "judgment_kind": case.judgment_kind,
        "initiation": case.initiation,
        "debtor": case.debtor,
        "creditor": case.creditor,
        "amount_due": str(case.amount_due),
        "notes": case.notes,
        "reason": "",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "0",
        # The parties and judgments inlines, left unchanged.
        "parties-TOTAL_FORMS": "0",
        "parties-INITIAL_FORMS": "0",
        "judgments-TOTAL_FORMS": "0",
        "judgments-INITIAL_FORMS": "0",
    }
    post.update({f"{prefix}-0-{name}": value for name, value in rows.items()})
    return post


def test_support_typed_with_dots_in_the_case_page_is_read_whole(world, clerk_hanoi, hanoi_case):
    client = Client()
    client.force_login(clerk_hanoi)
    url = reverse("admin:enforcement_enforcementcase_change", args=[hanoi_case.pk])
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        _inline_post(
            hanoi_case,
            kind="periodic_money",
            description="cấp dưỡng nuôi con",
            amount="1.000.000",
            period_unit="month",
            first_period="10/2025",
            last_period="09/2026",
        ),
    )

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    support = hanoi_case.obligations.get(kind=ObligationKind.PERIODIC_MONEY)
    assert support.amount == 1_000_000
    assert (support.first_period, support.last_period) == (
        datetime.date(2025, 10, 1),
        datetime.date(2026, 9, 1),
    )
    hanoi_case.refresh_from_db()
    assert hanoi_case.amount_due == 10_000_000 + 12 * 1_000_000


def _case_row(unit: str, number: str, amount: str) -> list[str]:
    # A row of the case file (DESIGN §8), in the order of its headers.
    return [
        unit,
        number,
        "10/10/2025",
        "12/10/2025",
        "Bản án số 45/2025/DS-ST của TAND quận Hải Châu",
        "Dân sự",
        "Theo yêu cầu",
        "Nguyễn Văn Nợ",
        "Trần Thị Được",
        amount,
        "0",
        "Có điều kiện",
        "Đang thi hành",
        "",
        "",
        "",
    ]


def test_cases_imported_from_a_case_file_list_their_amount(world, clerk_danang, tmp_path):
    rows = [
        HEADERS,
        _case_row("THADS-DN", "1/QĐ-THADS", "150.000.000"),
        _case_row("THADS-DN", "2/QĐ-THADS", "0"),
    ]

    call_command(
        "import_data",
        "enforcementcase",
        str(write_csv(tmp_path / "c.csv", rows)),
        user=clerk_danang.username,
    )

    listed = Obligation.objects.values_list("case__decision_number", "kind", "amount")
    assert list(listed) == [("1/QĐ-THADS", ObligationKind.MONEY, 150_000_000)]


def test_a_refused_obligation_shows_on_the_case_page(world, administrator, clerk_hanoi, hanoi_case):
    services.statistical_year_close(user=administrator, year=2024)
    client = Client()
    client.force_login(clerk_hanoi)
    url = reverse("admin:enforcement_enforcementcase_change", args=[hanoi_case.pk])

    response = client.post(
        url,
        _inline_post(
            hanoi_case,
            kind="periodic_money",
            amount="1.000.000",
            period_unit="month",
            first_period="03/2024",
            last_period="08/2024",
        ),
    )

    assert response.status_code == 200
    (obligations,) = (
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "obligations"
    )
    assert obligations.non_form_errors()
    assert not hanoi_case.obligations.exists()


def test_a_case_form_posted_without_the_obligations_leaves_them_as_they_are(
    world, clerk_hanoi, hanoi_case
):
    services.case_obligations_save(
        user=clerk_hanoi,
        case=hanoi_case,
        saved=[Obligation(kind=ObligationKind.ACT, description="tháo dỡ")],
    )
    client = Client()
    client.force_login(clerk_hanoi)
    post = {
        name: value
        for name, value in _inline_post(hanoi_case).items()
        if not name.startswith("obligations-")
    }
    post["notes"] = "đã xác minh"

    response = client.post(
        reverse("admin:enforcement_enforcementcase_change", args=[hanoi_case.pk]), post
    )

    assert response.status_code == 302
    hanoi_case.refresh_from_db()
    assert hanoi_case.notes == "đã xác minh"
    assert hanoi_case.obligations.count() == 2  # the act, and the amount it already had
