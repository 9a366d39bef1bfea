"""An officer submits a nomination in a real browser: it asks first, and nothing happens before."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from commendations.models import Nomination
from organizations.demo import DEMO_PASSWORD, load_organizations
from organizations.models import Unit
from tests.commendations.factories import attach_documents, award_form, nomination_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def danang_draft(settings) -> Nomination:
    load_organizations()
    # Demo accounts log in only in development.
    settings.DEBUG = True
    department = Unit.objects.get(code="STP-DN")
    draft = nomination_in(
        Nomination.Status.DRAFT,
        nominating_unit=department,
        unit=department,
        proposal=award_form("minister_certificate"),
        created_by=get_user_model().objects.get(username="officer.danang"),
    )
    attach_documents(draft)
    return draft


def test_submitting_asks_for_confirmation_and_nothing_happens_until_confirmed(
    page, live_server, danang_draft, screenshot_dir
):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "officer.danang")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}{danang_draft.get_absolute_url()}")

    page.click("button[name=action][value=submit]")
    page.wait_for_selector("button[name=confirmed][value='1']")
    page.screenshot(path=str(screenshot_dir / "nomination-submit-confirm.png"), full_page=True)
    asked = page.locator("main").inner_text()
    danang_draft.refresh_from_db()
    status_while_asking = danang_draft.status

    page.click("main a.btn-outline-secondary")  # cancel: back to the nomination
    page.wait_for_load_state()
    danang_draft.refresh_from_db()
    status_after_cancel = danang_draft.status

    page.click("button[name=action][value=submit]")
    page.click("button[name=confirmed][value='1']")
    page.wait_for_load_state()

    assert "Sở Tư pháp" in asked  # the unit that can no longer change it is named
    assert status_while_asking == Nomination.Status.DRAFT
    assert status_after_cancel == Nomination.Status.DRAFT
    assert page.url.endswith(danang_draft.get_absolute_url())
    danang_draft.refresh_from_db()
    assert danang_draft.status == Nomination.Status.SUBMITTED
    assert danang_draft.submitted_by.username == "officer.danang"
