"""The sector's case file and the status-update file (enforcement.imports), imported by clerks."""

from __future__ import annotations

import contextlib
import datetime
import functools

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from enforcement import services
from enforcement.models import (
    CaseEvent,
    CaseSearchBacklog,
    EnforcementCase,
    ImportedCases,
    StatisticalYear,
    Status,
)
from enforcement.search import index_backlog, search_cases
from enforcement.selectors import Period, direct_lines
from organizations.models import ImportJob
from tests.benchmarks.casefile import HEADERS
from tests.enforcement.factories import EnforcementCaseFactory, legal_ground
from tests.imports.helpers import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

STATUS_HEADERS = [
    "Đơn vị",
    "Số quyết định THA",
    "Ngày",
    "Trạng thái",
    "Điều kiện thi hành",
    "Số tiền đã thi hành",
    "Ủy thác cho",
    "Ghi chú",
]


def _case(unit: str, number: str, **overrides: object) -> list[object]:
    row = dict(
        zip(
            HEADERS,
            [
                unit,
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


def _import(path, user, key="enforcementcase"):
    # A refused file ends the command with an error; the job records why.
    with contextlib.suppress(CommandError):
        call_command("import_data", key, str(path), user=user.username)
    return ImportJob.objects.latest("pk")


def _problems(job: ImportJob) -> list[tuple[object, str, str]]:
    return [(p["row"], p["column"], p["message"]) for p in job.report["problems"]]


def test_clerk_imports_new_cases_named_by_their_import(world, clerk_danang, tmp_path):
    rows = [
        HEADERS,
        _case("THADS-DN", "1/QĐ-THADS"),
        _case(
            "THADS-DN",
            "2/QĐ-THADS",
            **{
                "Trạng thái": "Thi hành xong",
                "Ngày kết thúc": "20/11/2025",
                "Số tiền đã thi hành": "150.000.000",
            },
        ),
    ]

    job = _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)

    assert job.status == ImportJob.Status.DONE
    done = EnforcementCase.objects.get(decision_number="2/QĐ-THADS")
    assert (done.status, done.closed_on, done.amount_recovered) == (
        Status.COMPLETED,
        datetime.date(2025, 11, 20),
        150_000_000,
    )
    # Before the imported state began, the case was in progress from its acceptance.
    assert (done.previous_status, done.previous_state_changed_on) == (
        Status.IN_PROGRESS,
        datetime.date(2025, 10, 12),
    )
    # The import is named once per run of ids, not by an event per case; only the money
    # collected needs its event, dated the day the imported state began.
    assert {ImportedCases.job_of(case.pk) for case in EnforcementCase.objects.all()} == {job}
    assert list(
        CaseEvent.objects.values_list(
            "case__decision_number", "kind", "occurred_on", "collected", "import_job"
        )
    ) == [("2/QĐ-THADS", "imported", datetime.date(2025, 11, 20), 150_000_000, job.pk)]


def test_an_imported_case_first_change_records_the_state_its_file_gave(
    world, clerk_danang, tmp_path
):
    rows = [HEADERS, _case("THADS-DN", "1", **{"Số tiền đã thi hành": "50.000.000"})]
    job = _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)
    case = EnforcementCase.objects.get()

    services.case_postpone(
        user=clerk_danang,
        case=case,
        on=datetime.date(2025, 11, 3),
        ground=legal_ground("48.1.c"),
        note="",
        reason="",
    )

    imported, postponed = case.events.order_by("occurred_on", "id")
    assert (imported.kind, imported.occurred_on, imported.status_after, imported.amount) == (
        CaseEvent.Kind.IMPORTED,
        datetime.date(2025, 10, 12),
        Status.IN_PROGRESS,
        50_000_000,
    )
    assert (imported.import_job, imported.author) == (job, clerk_danang)
    assert job.created_at <= imported.recorded_at <= job.applied_at
    assert imported.collected == 50_000_000
    assert f"import #{job.pk}" in imported.note
    assert (postponed.kind, postponed.recorded_by) == (CaseEvent.Kind.POSTPONED, clerk_danang)


def test_imported_cases_count_in_the_state_they_stood_in_at_the_period_end(
    world, clerk_danang, tmp_path
):
    rows = [
        HEADERS,
        _case(
            "THADS-DN",
            "1",
            **{"Trạng thái": "Thi hành xong", "Ngày kết thúc": "20/11/2025"},
        ),
        _case("THADS-DN", "2", **{"Trạng thái": "Hoãn thi hành án"}),
    ]
    _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)
    unit = world.danang_agency
    postponed = EnforcementCase.objects.get(decision_number="2")
    # Two later changes: the statistics of October must read the imported state.
    services.case_resume(
        user=clerk_danang, case=postponed, on=datetime.date(2025, 11, 3), note="", reason=""
    )
    services.case_postpone(
        user=clerk_danang,
        case=EnforcementCase.objects.get(pk=postponed.pk),
        on=datetime.date(2025, 11, 10),
        ground=legal_ground("48.1.c"),
        note="",
        reason="",
    )

    october, _money = direct_lines(period=Period(2026, 1), unit_ids=[unit.pk])[unit.pk]
    two_months, _money = direct_lines(period=Period(2026, 2), unit_ids=[unit.pk])[unit.pk]

    assert (october.in_progress, october.postponed, october.completed) == (1, 1, 0)
    assert (two_months.in_progress, two_months.postponed, two_months.completed) == (0, 1, 1)


def test_importing_the_same_cases_again_changes_nothing(world, clerk_danang, tmp_path):
    rows = [HEADERS, _case("THADS-DN", "1/QĐ-THADS"), _case("THADS-DN", "2/QĐ-THADS")]
    _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)
    events = CaseEvent.objects.count()

    job = _import(write_xlsx(tmp_path / "cases.xlsx", rows), clerk_danang)

    assert (job.new, job.updated, job.unchanged) == (0, 0, 2)
    assert CaseEvent.objects.count() == events


def test_every_bad_row_is_listed_and_nothing_is_written(world, clerk_danang, tmp_path):
    rows = [
        HEADERS,
        _case("THADS-DN", "1/QĐ-THADS"),
        _case("THADS-DN", "2", **{"Số tiền đã thi hành": "200.000.000"}),
        _case("THADS-DN", "3", **{"Trạng thái": "Thi hành xong"}),
        _case("THADS-DN", "4", **{"Trạng thái": "Đình chỉ", "Ngày kết thúc": "01/10/2025"}),
        _case("THADS-DN", "5", **{"Trạng thái": "Ủy thác", "Ngày kết thúc": "20/10/2025"}),
        _case("THADS-HN", "6"),
        _case("THADS-DN", "7", **{"Ngày thụ lý": "31/02/2025"}),
        _case("THADS-DN", "1/QĐ-THADS"),
    ]

    job = _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)

    assert job.status == ImportJob.Status.INVALID
    assert [(row, column) for row, column, _message in _problems(job)] == [
        (3, "Số tiền đã thi hành"),
        (4, "Ngày kết thúc"),
        (5, "Ngày kết thúc"),
        (6, "Ủy thác cho"),
        (7, "Đơn vị"),
        (8, "Ngày thụ lý"),
        (9, "Cơ quan ra quyết định, Số quyết định THA"),
    ]
    assert _problems(job)[0][2] == "Số tiền đã thi hành lớn hơn số tiền phải thi hành."
    assert not EnforcementCase.objects.exists()


def test_a_decision_repeated_in_the_file_names_the_row_it_first_appears_on(
    world, clerk_danang, tmp_path
):
    # Numbers restart every year: the same number of another year is another decision.
    rows = [
        HEADERS,
        _case("THADS-DN", "1/QĐ-THADS"),
        _case("THADS-DN", "1/QĐ-THADS", **{"Ngày ra quyết định": "10/10/2024"}),
        _case("THADS-DN", "2/QĐ-THADS"),
        _case("THADS-DN", "1/QĐ-THADS", **{"Ngày thụ lý": "13/10/2025"}),
    ]

    job = _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)

    assert _problems(job) == [
        (
            5,
            "Cơ quan ra quyết định, Số quyết định THA",
            "Bản ghi này đã có ở dòng 2 của tệp.",
        )
    ]
    assert not EnforcementCase.objects.exists()


def test_a_stored_case_changes_status_only_through_the_status_file(world, clerk_danang, tmp_path):
    _import(write_csv(tmp_path / "a.csv", [HEADERS, _case("THADS-DN", "1")]), clerk_danang)
    rows = [HEADERS, _case("THADS-DN", "1", **{"Trạng thái": "Hoãn"})]

    job = _import(write_csv(tmp_path / "b.csv", rows), clerk_danang)

    assert job.status == ImportJob.Status.INVALID
    assert "tệp cập nhật trạng thái" in _problems(job)[0][2]
    assert EnforcementCase.objects.get().status == Status.IN_PROGRESS


def test_a_fact_correction_goes_through_the_case_service(world, clerk_danang, tmp_path):
    _import(write_csv(tmp_path / "a.csv", [HEADERS, _case("THADS-DN", "1")]), clerk_danang)
    rows = [HEADERS, _case("THADS-DN", "1", **{"Người phải thi hành": "Nguyễn Văn Nợ Mới"})]

    job = _import(write_csv(tmp_path / "b.csv", rows), clerk_danang)

    case = EnforcementCase.objects.get()
    assert (job.updated, case.debtor) == (1, "Nguyễn Văn Nợ Mới")
    assert case.events.last().kind == CaseEvent.Kind.CORRECTED


def test_status_updates_complete_and_pay_through_the_services(world, clerk_danang, tmp_path):
    _import(write_csv(tmp_path / "a.csv", [HEADERS, _case("THADS-DN", "1")]), clerk_danang)
    rows = [
        STATUS_HEADERS,
        ["THADS-DN", "1", "15/11/2025", "Thi hành xong", "", "150.000.000", "", "Đã thu đủ"],
    ]

    job = _import(write_csv(tmp_path / "s.csv", rows), clerk_danang, "casestatus")
    again = _import(write_csv(tmp_path / "s2.csv", rows), clerk_danang, "casestatus")

    case = EnforcementCase.objects.get()
    assert job.status == ImportJob.Status.DONE
    assert (case.status, case.amount_recovered) == (Status.COMPLETED, 150_000_000)
    assert list(case.events.values_list("kind", flat=True)) == ["imported", "payment", "completed"]
    assert (again.updated, again.unchanged) == (0, 1)


def test_impossible_status_updates_are_refused(world, clerk_danang, tmp_path):
    rows = [
        HEADERS,
        _case("THADS-DN", "1", **{"Trạng thái": "Thu hồi", "Ngày kết thúc": "20/10/2025"}),
        _case("THADS-DN", "2", **{"Số tiền đã thi hành": "50.000.000"}),
    ]
    _import(write_csv(tmp_path / "a.csv", rows), clerk_danang)
    updates = [
        STATUS_HEADERS,
        ["THADS-DN", "1", "15/11/2025", "Thi hành xong", "", "", "", ""],
        ["THADS-DN", "2", "15/11/2025", "", "", "10.000.000", "", ""],
        ["THADS-DN", "9", "15/11/2025", "Thi hành xong", "", "", "", ""],
    ]

    job = _import(write_csv(tmp_path / "s.csv", updates), clerk_danang, "casestatus")

    assert [(row, column) for row, column, _message in _problems(job)] == [
        (2, "Trạng thái"),
        (3, "Số tiền đã thi hành"),
        (4, "Đơn vị / Số quyết định THA"),
    ]
    assert EnforcementCase.objects.get(decision_number="1").status == Status.WITHDRAWN


def test_cases_of_a_closed_year_need_the_reopen_permission(world, clerk_danang, tmp_path):
    StatisticalYear.objects.create(
        year=2025, state=StatisticalYear.State.CLOSED, closed_at=timezone.now()
    )
    rows = [
        HEADERS,
        _case("THADS-DN", "1", **{"Ngày thụ lý": "12/10/2024", "Ngày ra quyết định": "10/10/2024"}),
    ]

    job = _import(write_csv(tmp_path / "a.csv", rows), clerk_danang)

    assert "2025" in _problems(job)[0][2]
    assert not EnforcementCase.objects.exists()


def test_exported_cases_import_back_unchanged(world, clerk_danang, tmp_path):
    rows = [
        HEADERS,
        _case("THADS-DN", "1", **{"Người phải thi hành": "=cmd|' /C calc'!A0"}),
        _case(
            "THADS-DN",
            "2",
            **{"Trạng thái": "Ủy thác", "Ngày kết thúc": "20/10/2025", "Ủy thác cho": "THADS-HN"},
        ),
    ]
    _import(write_csv(tmp_path / "a.csv", rows), clerk_danang)
    client = Client()
    client.force_login(clerk_danang)

    exported = client.post(
        reverse("admin:enforcement_enforcementcase_export"),
        {
            "format": "0",
            "resource": "0",
            **{
                f"caseresource_{name}": "on"
                for name in (
                    "unit",
                    "number",
                    "decision_date",
                    "accepted_on",
                    "judgment",
                    "judgment_kind",
                    "initiation",
                    "debtor",
                    "creditor",
                    "amount_due",
                    "amount_recovered",
                    "eligibility",
                    "status",
                    "closed_on",
                    "entrusted_to",
                    "notes",
                )
            },
        },
    )
    path = tmp_path / "export.csv"
    path.write_bytes(exported.content)
    job = _import(path, clerk_danang)

    assert "'=cmd" in exported.content.decode("utf-8-sig")
    assert (job.status, job.new, job.updated, job.unchanged) == (ImportJob.Status.VALID, 0, 0, 2)


def test_imported_cases_are_found_at_once_and_after_their_search_text_is_written(
    world, clerk_danang, tmp_path
):
    rows = [
        HEADERS,
        _case("THADS-DN", "1"),
        _case("THADS-DN", "2", **{"Người phải thi hành": "Lê Bá"}),
    ]
    _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)

    def found(term: str) -> set[str]:
        cases = search_cases(EnforcementCase.objects.for_user(clerk_danang), term)
        return set(cases.values_list("decision_number", flat=True))

    assert CaseSearchBacklog.objects.exists()
    assert found("lê bá") == {"2"}
    assert found("45/2025/DS-ST") == {"1", "2"}
    assert index_backlog() == 2
    assert not CaseSearchBacklog.objects.exists()
    assert found("lê bá") == {"2"}
    # SQLite folds the case of ASCII letters only; PostgreSQL of every letter.
    assert found("trần thị Được") == {"1", "2"}


def test_each_imported_case_first_event_names_the_import_that_created_it(
    world, clerk_danang, tmp_path
):
    first = _import(write_csv(tmp_path / "a.csv", [HEADERS, _case("THADS-DN", "1")]), clerk_danang)
    second = _import(write_csv(tmp_path / "b.csv", [HEADERS, _case("THADS-DN", "2")]), clerk_danang)
    hand_made = EnforcementCaseFactory(unit=world.danang_agency, status=Status.POSTPONED)

    for case in EnforcementCase.objects.all():
        if case.status == Status.POSTPONED:
            change = services.case_resume
        else:
            change = functools.partial(services.case_postpone, ground=legal_ground("48.1.c"))
        change(user=clerk_danang, case=case, on=datetime.date(2025, 11, 3), note="", reason="")

    imported = CaseEvent.objects.filter(kind=CaseEvent.Kind.IMPORTED)
    assert {(e.case.decision_number, e.import_job) for e in imported} == {
        ("1", first),
        ("2", second),
    }
    assert not hand_made.events.filter(kind=CaseEvent.Kind.IMPORTED).exists()


def test_history_of_an_imported_case_shows_its_first_payment_as_a_change(
    world, clerk_danang, tmp_path
):
    job = _import(write_csv(tmp_path / "a.csv", [HEADERS, _case("THADS-DN", "1")]), clerk_danang)
    case = EnforcementCase.objects.get(decision_number="1")

    services.case_record_payment(
        user=clerk_danang, case=case, on=datetime.date(2025, 11, 3), amount=1_000_000
    )

    first, paid = case.history.order_by("history_date", "history_id")
    assert (first.history_type, first.history_user, first.amount_recovered) == (
        "+",
        clerk_danang,
        0,
    )
    assert first.history_date == job.applied_at
    delta = paid.diff_against(first)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("amount_recovered", 0, 1_000_000)]
    page = Client()
    page.force_login(clerk_danang)
    content = page.get(
        reverse("admin:enforcement_enforcementcase_history", args=[case.pk])
    ).content.decode()
    assert "1.000.000" in content


def test_the_import_of_a_case_is_its_run_of_ids_and_a_case_between_runs_has_none(administrator):
    job = ImportJob.objects.create(
        spec="enforcement.enforcementcase",
        file="imports/cases.csv",
        original_name="cases.csv",
        size=1,
        uploaded_by=administrator,
    )
    ImportedCases.objects.create(import_job=job, first_id=10, last_id=20)
    ImportedCases.objects.create(import_job=job, first_id=40, last_id=40)

    assert [ImportedCases.job_of(pk) for pk in (9, 10, 15, 20, 21, 39, 40, 41)] == [
        None,
        job,
        job,
        job,
        None,  # entered by hand between two imports
        None,
        job,
        None,  # entered by hand after the last import
    ]
