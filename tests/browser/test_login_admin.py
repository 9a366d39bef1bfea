"""A clerk logs in with a real browser and works in a Vietnamese admin."""

from __future__ import annotations

import pytest

from organizations.demo import DEMO_PASSWORD, load_organizations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_sector(settings):
    load_organizations()
    # Demo accounts log in only in development.
    settings.DEBUG = True


def _log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_load_state()


def test_danang_clerk_logs_in_and_sees_the_admin_in_vietnamese(
    page, live_server, demo_sector, screenshot_dir
):
    _log_in(page, live_server, "clerk.danang")
    page.screenshot(path=str(screenshot_dir / "home-clerk-danang.png"), full_page=True)

    page.goto(f"{live_server.url}/admin/")
    page.screenshot(path=str(screenshot_dir / "admin-clerk-danang.png"), full_page=True)

    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Ngành Tư pháp: Thi hành án và Thi đua – Khen thưởng" in page.inner_text("#header")
    assert "Đăng xuất" in page.text_content("#user-tools")
    page.goto(f"{live_server.url}/admin/organizations/person/")
    listing = page.inner_text("#result_list")
    assert "DN-THA-001" in listing
    assert "HN-THA-001" not in listing
    page.screenshot(path=str(screenshot_dir / "admin-people-clerk-danang.png"), full_page=True)


def test_switching_to_english_in_the_admin_header(page, live_server, demo_sector):
    _log_in(page, live_server, "clerk.danang")
    page.goto(f"{live_server.url}/admin/")

    page.click("#user-tools button[name=language][value=en]")
    page.wait_for_load_state()

    assert "Justice sector: enforcement and commendation" in page.inner_text("#header")
    assert page.locator("html").get_attribute("lang") == "en"


def test_wrong_password_is_refused_with_a_message(page, live_server, demo_sector):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "clerk.danang")
    page.fill("input[name=password]", "wrong-password")
    page.click("form button[type=submit].btn-primary")
    page.wait_for_load_state()

    assert "/login/" in page.url
    assert "mật khẩu chính xác" in page.inner_text("main")
