"""A clerk types a payment of a million the way everybody here writes it, in a real browser."""

from __future__ import annotations

import datetime

import pytest

from enforcement.models import EnforcementCase
from organizations.demo import DEMO_PASSWORD, load_organizations
from organizations.models import Unit
from tests.enforcement.factories import EnforcementCaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def danang_case(settings) -> EnforcementCase:
    load_organizations()
    # Demo accounts log in only in development.
    settings.DEBUG = True
    return EnforcementCaseFactory(
        unit=Unit.objects.get(code="THADS-DN"),
        decision_number="88/QĐ-THADS",
        accepted_on=datetime.date(2024, 1, 5),
        amount_due=5_000_000,
    )


def test_typing_one_million_with_dots_records_one_million(
    page, live_server, danang_case, screenshot_dir
):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "clerk.danang")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/admin/enforcement/enforcementcase/")
    page.check(f"input[name=_selected_action][value='{danang_case.pk}']")
    page.select_option("select[name=action]", "record_payment")
    page.click("button[name=index]")
    page.wait_for_selector("input[name=amount]")
    # The admin loads numbers.js deferred: it listens only once the document is parsed.
    page.wait_for_load_state("domcontentloaded")

    amount = page.locator("input[name=amount]")
    amount.press_sequentially("1000000")
    shown_while_typing = amount.input_value()
    input_type = amount.get_attribute("type")
    amount.fill("")
    amount.press_sequentially("1.000.000")
    page.fill("input[name=on]", "01/06/2024")
    page.screenshot(path=str(screenshot_dir / "payment-one-million.png"), full_page=True)
    page.click("input[name=apply], button[name=apply]")
    page.wait_for_load_state()

    assert shown_while_typing == "1.000.000"
    assert input_type == "text"
    danang_case.refresh_from_db()
    assert danang_case.amount_recovered == 1_000_000
