"""The case list on a 1366 px screen and the reviewer's pages on a 390 px phone, measured."""

from __future__ import annotations

import datetime
import itertools

import pytest

from commendations.models import Nomination
from organizations.demo import DEMO_PASSWORD, load_organizations
from organizations.models import Unit
from tests.commendations.factories import nomination_in
from tests.enforcement.factories import EnforcementCaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# The widest figures a case carries and a company's name as long as they come.
LONG_DEBTOR = "Công ty Trách nhiệm hữu hạn Thương mại Dịch vụ Xuất nhập khẩu Hoàng Thị Trung"
LARGEST_AMOUNT = 98_765_432_109_876


@pytest.fixture
def demo_world(settings) -> None:
    load_organizations()
    # Demo accounts log in only in development.
    settings.DEBUG = True


@pytest.fixture
def hanoi_cases(demo_world) -> None:
    """Cases of Hà Nội's agency and of a regional office: long debtor, big amounts."""
    for number, code in enumerate(["THADS-HN", "THADS-HN-KV1", "THADS-HN-KV2"] * 4):
        EnforcementCaseFactory(
            unit=Unit.objects.get(code=code),
            decision_number=f"{1200 + number}/QĐ-CCTHADS",
            accepted_on=datetime.date(2025, 9, 1),
            debtor=LONG_DEBTOR if number % 2 else "Nguyễn Văn An",
            amount_due=LARGEST_AMOUNT - number,
            amount_recovered=12_345_678_901 * number,
        )


@pytest.fixture
def queue_nominations(demo_world) -> None:
    """Nominations of Đà Nẵng in every state the reviewer works with."""
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username="officer.danang")
    reviewer = get_user_model().objects.get(username="reviewer.moj")
    department = Unit.objects.get(code="STP-DN")
    for status in (
        Nomination.Status.SUBMITTED,
        Nomination.Status.IN_REVIEW,
        Nomination.Status.RETURNED,
        Nomination.Status.RECOMMENDED,
    ):
        nomination_in(
            status,
            nominating_unit=department,
            unit=Unit.objects.get(code="THADS-DN"),
            created_by=officer,
            reviewer=reviewer if status != Nomination.Status.SUBMITTED else None,
        )


def _log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_load_state()


def _case_rows(page) -> list[dict]:
    """Each row's height and its cells' text heights against one line of the list's text."""
    return page.evaluate(
        """() => {
            const line = (cell) => parseFloat(getComputedStyle(cell).lineHeight)
                || parseFloat(getComputedStyle(cell).fontSize) * 1.4;
            return [...document.querySelectorAll('#result_list tbody tr')].map((row) => ({
                row: row.getBoundingClientRect().height,
                cells: [...row.children].map((cell) => {
                    const range = document.createRange();
                    range.selectNodeContents(cell);
                    // Boxes whose tops lie within half a line of each other share a line.
                    const tops = [...range.getClientRects()].filter((box) => box.height > 0)
                        .map((box) => box.top).sort((a, b) => a - b);
                    const lines = tops.filter(
                        (top, index) => index === 0 || top - tops[index - 1] > line(cell) / 2
                    ).length;
                    return {name: cell.className, lines, text: cell.innerText};
                }),
            }));
        }"""
    )


def _clipped_headers(page, table_selector: str) -> list[dict]:
    """Header cells that end past their scrolling box or past the window."""
    return page.evaluate(
        """(selector) => {
            const table = document.querySelector(selector);
            let box = table.parentElement;
            while (box && box !== document.body
                   && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
                box = box.parentElement;
            }
            const scrolls = box && box !== document.body && box.scrollWidth > box.clientWidth;
            const right = Math.min(
                window.innerWidth,
                box && box !== document.body ? box.getBoundingClientRect().right : Infinity,
            );
            return [...table.querySelectorAll('thead th')]
                .filter((cell) => cell.getBoundingClientRect().width > 0)
                .map((cell) => ({
                    text: cell.innerText.trim(),
                    right: cell.getBoundingClientRect().right,
                    limit: right,
                    scrolls,
                }))
                .filter((cell) => cell.scrolls || cell.right > cell.limit + 0.5);
        }""",
        table_selector,
    )


def test_case_list_at_1366_px_shows_each_case_on_one_line_with_no_clipped_column(
    page, live_server, hanoi_cases, screenshot_dir
):
    page.set_viewport_size(LAPTOP)
    _log_in(page, live_server, "clerk.hanoi")
    page.goto(f"{live_server.url}/admin/enforcement/enforcementcase/")
    page.screenshot(path=str(screenshot_dir / "case-list-1366.png"), full_page=True)

    rows = _case_rows(page)
    assert len(rows) == 12
    for row in rows:
        assert all(cell["lines"] <= 1 for cell in row["cells"]), row
    assert _clipped_headers(page, "#result_list") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    text = page.locator("#result_list").inner_text()
    assert "98.765.432.109.876" in text  # grouped as Vietnamese write it
    assert "Phòng THADS KV1 Hà Nội" in text  # the unit's short name
    # The enforcer and the judgment are on the case page, not in the list.
    assert page.locator("#result_list th.column-enforcer_name").count() == 0


def test_reviewer_queue_at_390_px_stacks_its_rows_without_sideways_scrolling(
    page, live_server, queue_nominations, screenshot_dir
):
    page.set_viewport_size(PHONE)
    _log_in(page, live_server, "reviewer.moj")
    page.goto(f"{live_server.url}/review/")
    page.screenshot(path=str(screenshot_dir / "queue-390.png"), full_page=True)

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The column headers give way to a label in each field.
    assert page.locator("table.commendations-queue thead").bounding_box()["height"] <= 1
    rows = page.locator("table.commendations-queue tbody tr")
    assert rows.count() == 4
    for index in range(rows.count()):
        row = rows.nth(index)
        box = row.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        # Every field of the row shows inside the screen, one under the other.
        cells = [cell.bounding_box() for cell in row.locator("th, td").all()]
        assert len(cells) == 8
        for above, below in itertools.pairwise(cells):
            assert below["y"] >= above["y"] + above["height"] - 1
        assert all(cell["height"] > 0 for cell in cells)
        assert all(cell["x"] + cell["width"] <= box["x"] + box["width"] + 0.5 for cell in cells)
        labels = row.evaluate(
            "(row) => [...row.querySelectorAll('[data-label]')].map("
            "(cell) => getComputedStyle(cell, '::before').content)"
        )
        assert '"Trạng thái"' in labels and '"Năm"' in labels, labels


def test_header_folds_behind_a_menu_button_on_a_phone(
    page, live_server, queue_nominations, screenshot_dir
):
    page.set_viewport_size(PHONE)
    _log_in(page, live_server, "reviewer.moj")
    page.goto(f"{live_server.url}/review/")
    menu = page.locator("#site-menu")
    toggler = page.locator("nav.navbar .navbar-toggler")

    assert toggler.is_visible()
    assert menu.is_visible() is False
    toggler.click()
    page.wait_for_selector("#site-menu.show")
    page.screenshot(path=str(screenshot_dir / "header-open-390.png"))

    assert page.locator("#site-menu form[action$='/logout/'] button").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
