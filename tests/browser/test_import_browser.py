"""A clerk imports a case file in the admin with a real browser, small files and large."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError
from playwright.sync_api import Page, expect

from enforcement.models import CaseEvent, EnforcementCase, Status
from organizations.demo import DEMO_PASSWORD, load_organizations
from organizations.imports import engine, services
from organizations.models import ImportJob
from tests.benchmarks.casefile import HEADERS
from tests.browser.conftest import ARTIFACTS
from tests.imports.helpers import write_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLERK = "clerk.danang"
# Watch the progress bar from inside the page: every value the page's own script gives it,
# with the document it was given in, so that a reload between two values would show.
WATCH_BAR = """
document.addEventListener("DOMContentLoaded", () => {
  const bar = document.getElementById("job-bar");
  if (!bar) { return; }
  const seen = () => window.recordBar(bar.getAttribute("value"), performance.timeOrigin);
  seen();
  new MutationObserver(seen).observe(bar, { attributes: true, attributeFilter: ["value"] });
});
"""


@pytest.fixture
def demo_sector(settings: object) -> None:
    load_organizations()
    # Demo accounts log in only in development.
    settings.DEBUG = True


def _case(number: str, **overrides: object) -> list[object]:
    row = dict(
        zip(
            HEADERS,
            [
                "THADS-DN",
                number,
                "10/10/2025",
                "12/10/2025",
                "Bản án số 45/2025/DS-ST của TAND quận Hải Châu",
                "Dân sự",
                "Theo yêu cầu",
                "Nguyễn Văn Nợ",
                "Trần Thị Được",
                "150.000.000",
                "0",
                "Có điều kiện",
                "Đang thi hành",
                "",
                "",
                "",
            ],
            strict=True,
        )
    )
    row.update(overrides)
    return [row[header] for header in HEADERS]


def _log_in(page: Page, url: str) -> None:
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", CLERK)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_load_state()


def _upload(page: Page, url: str, path: Path) -> None:
    """Open the case list, follow its import link and send the file to be checked."""
    page.goto(f"{url}/admin/enforcement/enforcementcase/")
    page.get_by_role("link", name="Nhập từ tệp", exact=True).click()
    page.set_input_files("input[type=file][name=file]", str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_load_state()


def _problems(page: Page) -> list[tuple[str, str, str]]:
    return [
        tuple(cell.strip() for cell in row.locator("td").all_inner_texts()[:3])
        for row in page.locator("table.import-problems tbody tr").all()
    ]


def _counts(page: Page) -> list[str]:
    return [" ".join(item.split()) for item in page.locator(".import-counts li").all_inner_texts()]


def _sample(page: Page) -> list[dict[str, str]]:
    headers = page.locator("table.import-sample thead th").all_text_contents()
    return [
        dict(zip(headers, row.locator("td").all_text_contents(), strict=True))
        for row in page.locator("table.import-sample tbody tr").all()
    ]


def test_clerk_corrects_a_refused_case_file_and_applies_it(
    page: Page, live_server: object, demo_sector: None, tmp_path: Path, screenshot_dir: Path
) -> None:
    # Two cases the agency already holds: the file repeats one and corrects the other.
    held = write_xlsx(tmp_path / "held.xlsx", [HEADERS, _case("1/QĐ-THADS"), _case("2/QĐ-THADS")])
    call_command("import_data", "enforcementcase", str(held), user=CLERK)
    stored_events = CaseEvent.objects.count()
    good = [
        _case("1/QĐ-THADS"),
        _case("2/QĐ-THADS", **{"Người phải thi hành": "Nguyễn Văn Nợ Sửa"}),
        _case("3/QĐ-THADS"),
    ]
    refused = write_xlsx(
        tmp_path / "thads-dn.xlsx",
        [
            HEADERS,
            *good,
            _case("4/QĐ-THADS", **{"Trạng thái": "Đã xong"}),
            _case("5/QĐ-THADS", **{"Ngày thụ lý": "31/02/2025"}),
            _case("6/QĐ-THADS", **{"Đơn vị": "THADS-HN"}),
        ],
    )
    _log_in(page, live_server.url)

    _upload(page, live_server.url, refused)
    page.screenshot(path=str(screenshot_dir / "import-refused.png"), full_page=True)

    expect(page.locator("#job-status")).to_have_text("có lỗi")
    problems = _problems(page)
    assert [(row, column) for row, column, _value in problems] == [
        ("5", "Trạng thái"),
        ("6", "Ngày thụ lý"),
        ("7", "Đơn vị"),
    ]
    assert [value for _row, _column, value in problems] == ["Đã xong", "31/02/2025", "THADS-HN"]
    assert "chưa có gì được ghi" in page.inner_text(".errornote")
    # Rows are not sorted into new and updated while some are wrong.
    assert _counts(page) == ["6 dòng", "3 lỗi"]
    assert not page.locator(".import-apply").count()
    # Nothing was written after the refused file.
    assert EnforcementCase.objects.count() == 2
    assert CaseEvent.objects.count() == stored_events
    assert EnforcementCase.objects.get(decision_number="2/QĐ-THADS").debtor == "Nguyễn Văn Nợ"

    corrected = write_xlsx(
        tmp_path / "thads-dn-sua.xlsx",
        [
            HEADERS,
            *good,
            _case("4/QĐ-THADS", **{"Trạng thái": "Hoãn"}),
            _case("5/QĐ-THADS", **{"Ngày thụ lý": "28/02/2025"}),
            _case("6/QĐ-THADS", **{"Đơn vị": "THADS-DN-KV1"}),
        ],
    )
    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    page.set_input_files("input[type=file][name=file]", str(corrected))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_load_state()
    page.screenshot(path=str(screenshot_dir / "import-confirm.png"), full_page=True)

    expect(page.locator("#job-status")).to_have_text("sẵn sàng ghi")
    assert _counts(page) == ["6 dòng", "4 mới", "1 cập nhật", "1 không đổi"]
    sample = _sample(page)
    assert [row["Số quyết định THA"] for row in sample] == [
        "3/QĐ-THADS",
        "4/QĐ-THADS",
        "5/QĐ-THADS",
        "6/QĐ-THADS",
        "2/QĐ-THADS",
    ]
    # Shown as the file writes them, not as stored.
    assert (sample[1]["Trạng thái"], sample[1]["Điều kiện thi hành"]) == ("Hoãn", "Có điều kiện")
    assert sample[4]["Người phải thi hành"] == "Nguyễn Văn Nợ Sửa"
    assert sample[4]["Số tiền phải thi hành"] == "150.000.000"
    assert EnforcementCase.objects.count() == 2

    page.get_by_role("button", name="Ghi dữ liệu").click()
    page.wait_for_load_state()
    page.screenshot(path=str(screenshot_dir / "import-applied.png"), full_page=True)

    expect(page.locator("#job-status")).to_have_text("đã ghi")
    assert "4 mới, 1 cập nhật, 1 không đổi" in page.inner_text(".messagelist")
    assert not page.locator(".import-apply").count()
    assert page.get_by_role("heading", name="Mẫu các dòng đã được ghi").count() == 1
    page.get_by_role("link", name="Quay lại danh sách việc thi hành án").click()
    expect(page.locator("#result_list")).to_contain_text("6/QĐ-THADS")
    assert set(EnforcementCase.objects.values_list("unit__code", "decision_number", "status")) == {
        ("THADS-DN", "1/QĐ-THADS", Status.IN_PROGRESS),
        ("THADS-DN", "2/QĐ-THADS", Status.IN_PROGRESS),
        ("THADS-DN", "3/QĐ-THADS", Status.IN_PROGRESS),
        ("THADS-DN", "4/QĐ-THADS", Status.POSTPONED),
        ("THADS-DN", "5/QĐ-THADS", Status.IN_PROGRESS),
        ("THADS-DN-KV1", "6/QĐ-THADS", Status.IN_PROGRESS),
    }
    assert EnforcementCase.objects.get(decision_number="2/QĐ-THADS").debtor == ("Nguyễn Văn Nợ Sửa")
    assert list(
        ImportJob.objects.filter(uploaded_by__username=CLERK)
        .order_by("pk")
        .values_list("status", flat=True)
    ) == [ImportJob.Status.DONE, ImportJob.Status.INVALID, ImportJob.Status.DONE]


@pytest.fixture
def database_worker(settings: object) -> Callable[[], None]:
    """Queue background tasks in the database, as in production, and run them on demand."""
    from django_tasks_db.management.commands.db_worker import Worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def run() -> None:
        # The worker of `manage.py db_worker --batch`, without the command's signal handlers,
        # which would outlive the test in this process.
        worker = Worker(
            queue_names=["default"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="browser-test",
        )
        for attempt in range(50):
            try:
                worker.run()
                return
            except OperationalError as error:
                # The test database of SQLite is one in-memory database shared with the live
                # server's thread: while a page reads it, the worker's exclusive transaction is
                # refused at once ("table is locked") instead of waiting as it would on a file
                # or on PostgreSQL. Try again; a task already done is not taken twice.
                if "locked" not in str(error) or attempt == 49:
                    raise
                time.sleep(0.1)

    return run


@pytest.fixture
def bar_values(page: Page) -> list[tuple[int, float]]:
    """Record each value the page's progress bar takes, and in which document."""
    seen: list[tuple[int, float]] = []
    page.expose_function("recordBar", lambda value, origin: seen.append((int(value), origin)))
    page.add_init_script(WATCH_BAR)
    return seen


@pytest.fixture
def shown_progress(page: Page, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[int, str]]]:
    """After each progress the worker records, wait until the page's bar shows it."""
    shown: list[tuple[int, str]] = []
    monkeypatch.setattr(engine, "PROGRESS_EVERY", 10)
    run_import = services.run_import

    def followed(*args: object, progress: Callable[[int, int], None], **kwargs: object) -> object:
        def step(rows: int, estimated: int) -> None:
            progress(rows, estimated)
            # What the job now records; read from the figures, not the database: on
            # PostgreSQL the worker's connection is busy sending rows (COPY) at this point.
            recorded = ImportJob(rows_done=rows, rows_total=max(estimated, rows))
            percent, rows_shown = recorded.percent, f"{recorded.rows_done} / {recorded.rows_total}"
            try:
                expect(page.locator("#job-bar")).to_have_attribute("value", str(percent))
                expect(page.locator("#job-rows")).to_have_text(rows_shown)
            except AssertionError:
                # Raised here, the failure would only fail the job: let the test report it.
                shown.append((percent, "never shown"))
                return
            shown.append((percent, rows_shown))
            if percent == 50:
                page.screenshot(path=str(ARTIFACTS / "import-background-half.png"), full_page=True)

        return run_import(*args, progress=step, **kwargs)

    monkeypatch.setattr(services, "run_import", followed)
    yield shown


def test_a_large_case_file_runs_in_the_background_with_a_moving_progress_bar(
    page: Page,
    live_server: object,
    demo_sector: None,
    settings: object,
    database_worker: Callable[[], None],
    bar_values: list[tuple[int, float]],
    shown_progress: list[tuple[int, str]],
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    # Any real workbook is "large" here: the worker, not the request, must do the work.
    settings.IMPORT_INLINE_MAX_BYTES = 1024
    path = write_xlsx(
        tmp_path / "ca-nam.xlsx",
        [HEADERS, *(_case(f"{number}/QĐ-THADS") for number in range(1, 41))],
    )
    _log_in(page, live_server.url)

    _upload(page, live_server.url, path)
    page.screenshot(path=str(screenshot_dir / "import-background-waiting.png"), full_page=True)

    # The request only queued the check: the job waits for a worker, the bar stands at 0.
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PENDING
    expect(page.locator("#job-status")).to_have_text("đang chờ")
    expect(page.locator("#job-bar")).to_have_attribute("value", "0")
    first_page = page.evaluate("performance.timeOrigin")

    database_worker()

    # The bar followed every step of the worker, stayed in the same document up to 100 % and
    # only then did the page reload to show the result of the check.
    assert shown_progress == [
        (0, "0 / 40"),
        (25, "10 / 40"),
        (50, "20 / 40"),
        (75, "30 / 40"),
        (99, "40 / 40"),
    ]
    page.locator(".import-apply").wait_for()
    page.screenshot(path=str(screenshot_dir / "import-background-checked.png"), full_page=True)
    checking = [value for value, origin in bar_values if origin == first_page]
    assert checking[0] == 0
    assert checking[-1] == 100
    assert {25, 50, 75} <= set(checking)
    assert checking == sorted(checking)
    expect(page.locator("#job-status")).to_have_text("sẵn sàng ghi")
    assert EnforcementCase.objects.count() == 0

    page.get_by_role("button", name="Ghi dữ liệu").click()
    page.wait_for_load_state()
    expect(page.locator("#job-status")).to_have_text("đang ghi")
    applying_page = page.evaluate("performance.timeOrigin")
    shown_progress.clear()

    database_worker()

    # Applying checks the rows again before writing them; the bar follows that too.
    assert [percent for percent, _rows in shown_progress] == [0, 25, 50, 75, 99]
    expect(page.locator("#job-status")).to_have_text("đã ghi")
    page.screenshot(path=str(screenshot_dir / "import-background-applied.png"), full_page=True)
    applying = [value for value, origin in bar_values if origin == applying_page]
    assert applying[-1] == 100
    assert {25, 50, 75} <= set(applying)
    assert _counts(page) == ["40 dòng", "40 mới", "0 cập nhật", "0 không đổi"]
    assert EnforcementCase.objects.filter(unit__code="THADS-DN").count() == 40
    assert ImportJob.objects.get().status == ImportJob.Status.DONE
