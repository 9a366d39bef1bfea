"""A report of a year spanning a merger, in a browser: the successor names its predecessor."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from enforcement import services
from organizations.models import Unit
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_successor_row_says_whose_figures_it_includes(
    page: Page, live_server: object, world, administrator, leader, screenshot_dir: Path
):
    quangnam = UnitFactory(
        code="THADS-QNA",
        name="Thi hành án dân sự tỉnh Quảng Nam",
        short_name="THADS Quảng Nam",
        kind=Unit.Kind.ENFORCEMENT_AGENCY,
        parent=world.ministry,
    )
    for day in (datetime.date(2024, 11, 4), datetime.date(2025, 3, 2)):
        EnforcementCaseFactory(unit=quangnam, accepted_on=day)
    EnforcementCaseFactory(unit=world.danang_agency, accepted_on=datetime.date(2025, 8, 1))
    services.unit_lineage_record(
        user=administrator,
        predecessor=quangnam,
        successor=world.danang_agency,
        taken_over_on=datetime.date(2025, 7, 1),
        decision_number="759/QĐ-TTg",
    )
    services.unit_merge_into_successor(user=administrator, unit=quangnam)
    page.context.add_cookies(
        [{"name": "sessionid", "value": _session(leader), "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/reports/enforcement/?year=2025")

    note = page.locator(".included-predecessor").first
    expect(note).to_contain_text("Quảng Nam")
    expect(note).to_contain_text("30/06/2025")
    page.screenshot(path=str(screenshot_dir / "lineage-report-2025.png"), full_page=True)


def _session(user: object) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value
