"""The demo data reproduce the sector's published 2024 figures, on the page and in the sheet."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from enforcement.demo import CITY_AGENCIES, load_enforcement
from enforcement.models import (
    OPEN_STATUSES,
    CaseParty,
    CaseSearchText,
    EnforcementCase,
    Judgment,
    PartyKind,
    PartyRole,
    StatisticalYear,
)
from enforcement.selectors import Period, enforcement_statistics
from organizations.models import Unit
from organizations.roles import Role
from tests.conftest import Demo
from tests.factories import make_persona

pytestmark = pytest.mark.django_db

URL = "/reports/enforcement/"
PUBLISHED = {
    # unit code: (ratio, target, difference)
    "THADS-CT": ("83,30", "83,25", "+0,05"),
    "THADS-DN": ("85,79", "83,25", "+2,54"),
    "THADS-HN": ("83,64", "83,45", "+0,19"),
}


@pytest.fixture
def demo(loaded_demo: Demo) -> dict[str, object]:
    """Return what loading the session's enforcement demo returned."""
    return loaded_demo.enforcement


def _client(role: Role, unit_code: str) -> Client:
    # The demo accounts themselves are refused with DEBUG off, as in these tests.
    user = make_persona(f"test.{role}.{unit_code}", Unit.objects.get(code=unit_code), role)
    client = Client()
    client.force_login(user)
    return client


def test_five_cities_total_as_published(demo):
    agencies = [Unit.objects.get(code=code) for code in CITY_AGENCIES]

    table = enforcement_statistics(units=agencies, period=Period(2024))

    total = table.total.cases
    assert (total.total, total.carried_over, total.newly_accepted) == (237_278, 86_895, 150_383)
    assert total.ratio == Decimal("83.59")
    assert (table.targets_met, table.targets_set) == (5, 5)
    assert table.from_snapshot
    assert 40 < table.total.money.ratio < 70


def test_report_page_shows_published_figures(demo):
    response = _client(Role.LEADER, "BTP").get(URL, {"year": 2024})

    content = response.content.decode()
    for figure in ("237.278", "86.895", "150.383", "83,59", "5/5"):
        assert figure in content
    rows = {row.unit.code: row for row in response.context["table"].rows}
    assert set(rows) == set(CITY_AGENCIES)
    for code, (ratio, target, difference) in PUBLISHED.items():
        row = rows[code]
        assert f"{row.cases.ratio:.2f}".replace(".", ",") == ratio
        assert f"{row.case_target:.2f}".replace(".", ",") == target
        assert ratio in content and target in content and difference in content
    for code in ("THADS-HCM", "THADS-HP"):
        assert rows[code].case_target_met is True


def test_spreadsheet_shows_published_figures(demo):
    response = _client(Role.LEADER, "BTP").get(URL, {"year": 2024, "format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=7, values_only=True) if row[0]}
    assert rows["Tổng số"][1:4] == (86_895, 150_383, 237_278)
    assert rows["Tổng số"][16] == 83.59
    # 2024: the agencies were still called "Cục" (renamed on 1 July 2025).
    assert rows["Cục THADS Cần Thơ"][16:20] == (83.30, 83.25, 0.05, "đạt")
    assert rows["Cục THADS Đà Nẵng"][16:20] == (85.79, 83.25, 2.54, "đạt")
    assert rows["Cục THADS Hà Nội"][16:20] == (83.64, 83.45, 0.19, "đạt")
    assert rows["Cục THADS TP. Hồ Chí Minh"][19] == rows["Cục THADS Hải Phòng"][19] == "đạt"


def test_hanoi_clerk_sees_only_hanoi(demo):
    response = _client(Role.ENFORCEMENT_CLERK, "THADS-HN").get(URL, {"year": 2024})

    content = response.content.decode()
    assert "Cục THADS Hà Nội" in content and "83,64" in content
    assert "THADS Đà Nẵng" not in content and "85,79" not in content


def test_2025_is_open_with_hue_and_2024_carried_over(demo):
    agencies = list(Unit.objects.filter(code__in=[*CITY_AGENCIES, "THADS-HUE"]).order_by("code"))

    year_2024 = enforcement_statistics(units=agencies, period=Period(2024))
    year_2025 = enforcement_statistics(units=agencies, period=Period(2025))

    assert not StatisticalYear.objects.get(year=2025).is_closed
    assert not year_2025.from_snapshot
    assert year_2025.total.cases.carried_over == year_2024.total.cases.carried_to_next
    hue = next(row for row in year_2025.rows if row.unit.code == "THADS-HUE")
    assert hue.cases.newly_accepted > 0 and hue.case_target is not None


def test_district_offices_handed_open_cases_to_successors(demo):
    assert not EnforcementCase.objects.filter(
        unit__code__endswith="-CC1", status__in=OPEN_STATUSES
    ).exists()
    assert EnforcementCase.objects.filter(unit__code__endswith="-CC1").exists()


def test_every_demo_case_has_its_search_text(demo):
    assert CaseSearchText.objects.count() == EnforcementCase.objects.count()


def test_every_demo_case_has_a_debtor_and_a_judgment(demo):
    cases = EnforcementCase.objects.count()

    assert (
        CaseParty.objects.filter(role=PartyRole.DEBTOR).values("case").distinct().count() == cases
    )
    assert Judgment.objects.count() == cases
    # Fines and court fees are owed to the State: the agency itself is their creditor.
    assert CaseParty.objects.filter(kind=PartyKind.AGENCY, role=PartyRole.CREDITOR).exists()
    assert Judgment.objects.filter(court__kind="regional").exists()


def test_loading_again_changes_nothing(demo):
    again = load_enforcement()

    assert again == demo
