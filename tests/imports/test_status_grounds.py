"""The status-update file names each postponement, suspension, termination and not yet
eligible decision's legal ground in its column "Căn cứ", by code."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.core.management import CommandError, call_command

from enforcement.models import CaseEvent, Eligibility, EnforcementCase, Status
from organizations.imports.specs import get_spec
from organizations.models import ImportJob
from tests.enforcement.factories import EnforcementCaseFactory, legal_ground
from tests.factories import ensure_reference_data
from tests.imports.helpers import write_csv

pytestmark = pytest.mark.django_db

HEADERS = ["Đơn vị", "Số quyết định THA", "Ngày", "Trạng thái", "Điều kiện thi hành", "Căn cứ"]


@pytest.fixture(autouse=True)
def catalogue() -> None:
    # A transactional test elsewhere may have emptied the seeded tables.
    ensure_reference_data()


@pytest.fixture
def cases(world) -> list[EnforcementCase]:
    return [
        EnforcementCaseFactory(
            unit=world.danang_agency,
            decision_number=f"{number}/QĐ",
            accepted_on=datetime.date(2025, 10, 12),
        )
        for number in range(1, 4)
    ]


def _import(path, user) -> ImportJob:
    # A refused file ends the command with an error; the job records why.
    with contextlib.suppress(CommandError):
        call_command("import_data", "casestatus", str(path), user=user.username)
    return ImportJob.objects.latest("pk")


def _problems(job: ImportJob) -> list[tuple[object, str, str]]:
    return [(p["row"], p["column"], p["message"]) for p in job.report["problems"]]


def test_rows_record_their_ground_by_code_diacritics_and_case_aside(cases, clerk_danang, tmp_path):
    rows = [
        HEADERS,
        ["THADS-DN", "1/QĐ", "15/11/2025", "Hoãn", "", "48.1.C"],
        ["THADS-DN", "2/QĐ", "15/11/2025", "", "Chưa có điều kiện", "44A.1.a"],
        ["THADS-DN", "3/QĐ", "15/11/2025", "Đình chỉ", "", "50.1.đ"],
    ]

    job = _import(write_csv(tmp_path / "s.csv", rows), clerk_danang)

    assert job.status == ImportJob.Status.DONE, _problems(job)
    first, second, third = (EnforcementCase.objects.get(pk=case.pk) for case in cases)
    assert (first.status, first.ground) == (Status.POSTPONED, legal_ground("48.1.c"))
    assert (second.eligibility, second.ground) == (
        Eligibility.NOT_ELIGIBLE,
        legal_ground("44a.1.a"),
    )
    assert (third.status, third.ground) == (Status.TERMINATED, legal_ground("50.1.đ"))
    assert first.events.get(kind=CaseEvent.Kind.POSTPONED).ground == legal_ground("48.1.c")


def test_unknown_unfitting_or_missing_grounds_are_row_errors_and_nothing_is_written(
    cases, clerk_danang, tmp_path
):
    rows = [
        HEADERS,
        ["THADS-DN", "1/QĐ", "15/11/2025", "Hoãn", "", "48.9.z"],
        ["THADS-DN", "2/QĐ", "15/11/2025", "Tạm đình chỉ", "", "50.1.a"],
        ["THADS-DN", "3/QĐ", "15/11/2025", "Đình chỉ", "", ""],
    ]

    job = _import(write_csv(tmp_path / "s.csv", rows), clerk_danang)

    problems = _problems(job)
    assert [(row, column) for row, column, _message in problems] == [
        (2, "Căn cứ"),
        (3, "Căn cứ"),
        (4, "Căn cứ"),
    ]
    assert "50.1.a" in problems[1][2]
    assert job.status != ImportJob.Status.DONE
    assert not EnforcementCase.objects.exclude(status=Status.IN_PROGRESS).exists()
    assert not CaseEvent.objects.exclude(kind=CaseEvent.Kind.OPENED).exists()


def test_a_row_cannot_give_one_ground_to_two_decisions(cases, clerk_danang, tmp_path):
    rows = [HEADERS, ["THADS-DN", "1/QĐ", "15/11/2025", "Hoãn", "Chưa có điều kiện", "48.1.c"]]

    job = _import(write_csv(tmp_path / "s.csv", rows), clerk_danang)

    assert [(row, column) for row, column, _message in _problems(job)] == [
        (2, "Điều kiện thi hành")
    ]


def test_the_template_explains_the_ground_column():
    column = next(
        column for column in get_spec("enforcement.casestatus").columns if column.name == "ground"
    )

    assert (column.header, column.example) == ("Căn cứ", "48.1.c")
    assert "48.1.c" in str(column.help)


def test_status_rows_record_reductions_up_to_their_total(cases, clerk_danang, tmp_path):
    headers = ["Đơn vị", "Số quyết định THA", "Ngày", "Số tiền được giảm, miễn"]
    first = _import(
        write_csv(tmp_path / "a.csv", [headers, ["THADS-DN", "1/QĐ", "15/11/2025", "2.000.000"]]),
        clerk_danang,
    )
    lower = _import(
        write_csv(tmp_path / "b.csv", [headers, ["THADS-DN", "1/QĐ", "16/11/2025", "1.000.000"]]),
        clerk_danang,
    )
    above = _import(
        write_csv(tmp_path / "c.csv", [headers, ["THADS-DN", "1/QĐ", "16/11/2025", "99.000.000"]]),
        clerk_danang,
    )

    case = EnforcementCase.objects.get(decision_number="1/QĐ")
    assert first.status == ImportJob.Status.DONE
    assert case.amount_reduced == 2_000_000
    reduction = case.events.get(kind=CaseEvent.Kind.REDUCED)
    assert (reduction.occurred_on, reduction.reduced) == (datetime.date(2025, 11, 15), 2_000_000)
    # Going down, or beyond what is due, is a row error and nothing changes.
    assert [column for _row, column, _message in _problems(lower)] == ["Số tiền được giảm, miễn"]
    assert [column for _row, column, _message in _problems(above)] == ["Số tiền được giảm, miễn"]
    assert case.events.filter(kind=CaseEvent.Kind.REDUCED).count() == 1
