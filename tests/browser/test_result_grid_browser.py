"""An officer types a unit's results down the grid's columns with Tab and Enter, in a browser."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from emulation.models import IndicatorResult
from tests.emulation.conftest import cluster_world  # noqa: F401 (the emulation tests' fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mật-khẩu-thử-2024"


def test_enter_moves_down_the_column_and_saves_every_figure(
    page,
    live_server,
    cluster_world,  # noqa: F811 (imported above as the fixture)
    officer_danang,
    screenshot_dir,
):
    officer_danang.set_password(PASSWORD)
    officer_danang.save()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", officer_danang.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_load_state()
    url = reverse(
        "admin:emulation_indicatorresult_grid",
        args=[cluster_world.danang.pk, cluster_world.pact.pk],
    )
    page.goto(f"{live_server.url}{url}")

    page.click("input[name=grid-1-numerator]")
    page.keyboard.type("96")
    page.keyboard.press("Enter")
    after_numerator = page.evaluate("document.activeElement.name")
    page.keyboard.type("1000")
    page.keyboard.press("Tab")
    after_denominator = page.evaluate("document.activeElement.name")
    page.keyboard.type("1234")
    shown = page.locator("input[name=grid-0-value]").input_value()
    page.keyboard.press("Enter")
    on_save = page.evaluate("document.activeElement.type")
    page.screenshot(path=str(screenshot_dir / "result-grid.png"), full_page=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    saved = page.locator(".messagelist").inner_text()

    assert (after_numerator, after_denominator, shown, on_save) == (
        "grid-1-denominator",
        "grid-0-value",
        "1.234",
        "submit",
    )
    assert "2" in saved
    assert dict(IndicatorResult.objects.values_list("criterion__number", "value")) == {
        1: Decimal(1234),
        2: Decimal("9.60"),
    }
