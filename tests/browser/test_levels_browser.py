"""Levels in a real browser: a clerk comments on a published list, an officer submits upwards."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from commendations.models import Nomination
from emulation.models import Level
from organizations.demo import DEMO_PASSWORD, load_organizations
from organizations.models import Unit
from tests.commendations.factories import make_council, nomination_in, open_session
from tests.commendations.levels_setup import level_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Status = Nomination.Status


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_load_state()


@pytest.fixture
def demo_units(settings) -> dict[str, Unit]:
    load_organizations()
    settings.DEBUG = True
    ministry = Unit.objects.get(code="BTP")
    department = Unit.objects.get(code="STP-DN")
    make_council(ministry, [_user("council.moj")], name="Hội đồng Thi đua – Khen thưởng Bộ")
    make_council(department, [_user("officer.danang")], name="Hội đồng TĐKT Sở Tư pháp Đà Nẵng")
    return {"ministry": ministry, "department": department}


def test_an_officer_submits_an_approved_nomination_to_the_ministry(
    page, live_server, demo_units, screenshot_dir
):
    department = demo_units["department"]
    council = department.councils.get()
    nomination = nomination_in(
        Status.APPROVED,
        nominating_unit=department,
        unit=department,
        created_by=_user("officer.danang"),
        proposal=level_form(Level.MINISTRY),
        session=open_session(council),
    )

    _login(page, live_server, "officer.danang")
    page.goto(f"{live_server.url}{nomination.get_absolute_url()}")
    page.screenshot(path=str(screenshot_dir / "forward-form-officer.png"), full_page=True)
    page.select_option("#forward-target", str(demo_units["ministry"].pk))
    page.fill("#forward-note", "Kèm Tờ trình số 12/TTr-STP ngày 20/01/2025.")
    page.click("#forward button[type=submit]")
    page.wait_for_load_state()
    page.screenshot(path=str(screenshot_dir / "forwarded-officer.png"), full_page=True)
    banner = page.locator(".commendations-higher-level").inner_text()

    page.context.clear_cookies()
    _login(page, live_server, "reviewer.moj")
    page.goto(f"{live_server.url}{nomination.get_absolute_url()}")
    page.screenshot(path=str(screenshot_dir / "forwarded-reviewer.png"), full_page=True)
    offered = page.locator("button[name=action][value=take]").count()

    nomination.refresh_from_db()
    assert nomination.status == Status.FORWARDED
    assert "Bộ Tư pháp" in banner
    assert offered == 1
