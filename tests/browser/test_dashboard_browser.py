"""The home page as an officer and a council member see it, in a real browser."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from commendations import services
from commendations.models import Nomination
from organizations.demo import DEMO_PASSWORD, load_organizations
from organizations.models import Unit
from tests.commendations.factories import make_council, nomination_in, open_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Status = Nomination.Status
REASON = "Đề nghị bổ sung biên bản họp Hội đồng Thi đua – Khen thưởng của Sở."


@pytest.fixture
def demo_sector(settings):
    load_organizations()
    # Demo accounts log in only in development.
    settings.DEBUG = True


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_load_state()


def test_a_returned_nomination_shows_its_reason_on_the_officers_home_page(
    page, live_server, demo_sector, screenshot_dir
):
    department = Unit.objects.get(code="STP-DN")
    nomination = nomination_in(
        Status.IN_REVIEW,
        nominating_unit=department,
        unit=department,
        created_by=_user("officer.danang"),
        reviewer=_user("reviewer.moj"),
    )
    services.nomination_return(user=_user("reviewer.moj"), nomination=nomination, comment=REASON)

    _log_in(page, live_server, "officer.danang")
    page.screenshot(path=str(screenshot_dir / "home-officer-returned.png"), full_page=True)

    block = page.locator("#block-nominations_returned")
    assert block.get_attribute("data-count") == "1"
    assert REASON in block.inner_text()
    # The block stands first among the blocks, and the header counts the notification.
    assert page.locator(".dashboard-block").first.get_attribute("id") == (
        "block-nominations_returned"
    )
    assert page.locator("nav .notifications-count").inner_text() == "1"
    block.locator("a", has_text="Sở Tư pháp").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(nomination.get_absolute_url())


def test_a_council_members_open_vote_appears_on_their_home_page(
    page, live_server, demo_sector, screenshot_dir
):
    ministry = Unit.objects.get(code="BTP")
    department = Unit.objects.get(code="STP-DN")
    council = make_council(ministry, [_user("council.moj")])
    session = open_session(council)
    nomination_in(
        Status.COUNCIL_VOTE,
        nominating_unit=department,
        unit=department,
        created_by=_user("officer.danang"),
        session=session,
    )

    _log_in(page, live_server, "council.moj")
    page.screenshot(path=str(screenshot_dir / "home-council-open-vote.png"), full_page=True)

    block = page.locator("#block-votes_open")
    assert block.get_attribute("data-count") == "1"
    assert "Sở Tư pháp thành phố Đà Nẵng" in block.inner_text()
    block.locator(".dashboard-items a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(session.get_absolute_url())
