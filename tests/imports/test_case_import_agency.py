"""The case file names the issuing agency and the handling office; the old "Đơn vị" still works."""

from __future__ import annotations

import contextlib

import pytest
from django.core.management import CommandError, call_command

from enforcement.models import EnforcementCase
from organizations.models import ImportJob, Unit
from organizations.roles import Role
from tests.benchmarks.casefile import HEADERS
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import UnitFactory, make_persona
from tests.imports.helpers import write_csv

pytestmark = pytest.mark.django_db

AGENCY = "Cơ quan ra quyết định"
WITH_AGENCY = [AGENCY, *HEADERS]


def _row(
    number: str,
    *,
    unit: str = "",
    agency: str | None = None,
    day: str = "10/10/2025",
    accepted: str = "12/10/2025",
    status: str = "Đang thi hành",
    closed: str = "",
    recovered: str = "0",
) -> list[str]:
    cells = [
        unit,
        number,
        day,
        accepted,
        "Bản án số 45/2025/DS-ST của TAND khu vực 1 - Đà Nẵng",
        "Dân sự",
        "Theo yêu cầu",
        "Nguyễn Văn Nợ",
        "",
        "150.000.000",
        recovered,
        "Có điều kiện",
        status,
        closed,
        "",
        "",
    ]
    return cells if agency is None else [agency, *cells]


def _import(path, user) -> ImportJob:
    with contextlib.suppress(CommandError):
        call_command("import_data", "enforcementcase", str(path), user=user.username)
    return ImportJob.objects.latest("pk")


def _problems(job: ImportJob) -> list[tuple[object, str]]:
    return [(p["row"], p["column"]) for p in job.report["problems"]]


@pytest.fixture
def danang_office_2(world) -> Unit:
    return UnitFactory(
        code="THADS-DN-KV2",
        name="Phòng THADS khu vực 2 – Đà Nẵng",
        parent=world.danang_agency,
        kind=Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE,
    )


def test_the_old_single_unit_column_names_the_office_and_its_agency(world, clerk_danang, tmp_path):
    rows = [HEADERS, _row("1/QĐ-THADS", unit="THADS-DN-KV1"), _row("2/QĐ-THADS", unit="THADS-DN")]

    job = _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)

    assert job.status == ImportJob.Status.DONE, job.report
    office_case = EnforcementCase.objects.get(decision_number="1/QĐ-THADS")
    agency_case = EnforcementCase.objects.get(decision_number="2/QĐ-THADS")
    assert (office_case.unit, office_case.issuing_agency) == (
        world.danang_office,
        world.danang_agency,
    )
    assert (agency_case.unit, agency_case.issuing_agency) == (
        world.danang_agency,
        world.danang_agency,
    )


def test_the_agency_column_alone_makes_the_agency_handle_the_case(world, clerk_danang, tmp_path):
    rows = [WITH_AGENCY, _row("3/QĐ-THADS", agency="THADS-DN")]

    job = _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)

    assert job.status == ImportJob.Status.DONE, job.report
    case = EnforcementCase.objects.get()
    assert (case.unit, case.issuing_agency) == (world.danang_agency, world.danang_agency)


def test_an_office_clerk_names_the_agency_above_the_office(world, tmp_path):
    office_clerk = make_persona("p.clerk.dn.kv1", world.danang_office, Role.ENFORCEMENT_CLERK)
    rows = [WITH_AGENCY, _row("4/QĐ-THADS", agency="THADS-DN", unit="THADS-DN-KV1")]

    job = _import(write_csv(tmp_path / "cases.csv", rows), office_clerk)

    assert job.status == ImportJob.Status.DONE, job.report
    case = EnforcementCase.objects.get()
    assert (case.unit, case.issuing_agency) == (world.danang_office, world.danang_agency)


def test_an_office_of_another_agency_is_refused_and_nothing_is_written(
    world, clerk_danang, tmp_path
):
    rows = [
        WITH_AGENCY,
        _row("5/QĐ-THADS", agency="THADS-DN", unit="THADS-DN-KV1"),
        _row("6/QĐ-THADS", agency="THADS-HN", unit="THADS-DN-KV1"),
        _row("7/QĐ-THADS", agency="THADS-XX", unit="THADS-DN-KV1"),
    ]

    job = _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)

    assert job.status == ImportJob.Status.INVALID
    assert _problems(job) == [(3, "Đơn vị"), (4, AGENCY)]
    assert not EnforcementCase.objects.exists()


def test_a_number_the_agency_gave_that_year_is_refused_for_another_office(
    world, clerk_danang, danang_office_2, tmp_path
):
    EnforcementCaseFactory(unit=world.danang_office, decision_number="8/QĐ-THADS")
    rows = [
        HEADERS,
        _row("9/QĐ-THADS", unit="THADS-DN-KV2", day="01/03/2024"),
        _row("8/QĐ-THADS", unit="THADS-DN-KV2", day="01/03/2024"),
    ]

    job = _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)

    assert job.status == ImportJob.Status.INVALID
    assert _problems(job) == [(3, "Đơn vị")]
    assert "THADS-DN-KV1" in job.report["problems"][0]["message"]
    assert EnforcementCase.objects.count() == 1


def test_the_same_number_in_another_year_is_a_new_decision(world, clerk_danang, tmp_path):
    EnforcementCaseFactory(unit=world.danang_office, decision_number="10/QĐ-THADS")
    rows = [HEADERS, _row("10/QĐ-THADS", unit="THADS-DN-KV1", day="10/10/2025")]

    job = _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)

    assert job.status == ImportJob.Status.DONE, job.report
    assert sorted(
        EnforcementCase.objects.filter(decision_number="10/QĐ-THADS").values_list(
            "decision_year", flat=True
        )
    ) == [2024, 2025]


def test_importing_the_same_file_again_changes_nothing(world, clerk_danang, tmp_path):
    rows = [WITH_AGENCY, _row("11/QĐ-THADS", agency="THADS-DN", unit="THADS-DN-KV1")]
    path = write_csv(tmp_path / "cases.csv", rows)
    _import(path, clerk_danang)

    again = _import(path, clerk_danang)

    assert (again.report["new"], again.report["updated"], again.report["unchanged"]) == (0, 0, 1)
    assert EnforcementCase.objects.count() == 1


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


def _status_import(path, user) -> ImportJob:
    with contextlib.suppress(CommandError):
        call_command("import_data", "casestatus", str(path), user=user.username)
    return ImportJob.objects.latest("pk")


def test_a_status_update_goes_to_the_open_case_of_a_number_used_in_two_years(
    world, clerk_danang, tmp_path
):
    rows = [
        HEADERS,
        _row(
            "1/QĐ-THADS",
            unit="THADS-DN",
            day="10/10/2024",
            accepted="12/10/2024",
            status="Thi hành xong",
            closed="20/12/2024",
            recovered="150.000.000",
        ),
        _row("1/QĐ-THADS", unit="THADS-DN", day="10/10/2025"),
    ]
    _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)
    update = [
        STATUS_HEADERS,
        ["THADS-DN", "1/QĐ-THADS", "15/11/2025", "", "", "10.000.000", "", ""],
    ]

    job = _status_import(write_csv(tmp_path / "s.csv", update), clerk_danang)

    assert job.status == ImportJob.Status.DONE, job.report
    assert dict(EnforcementCase.objects.values_list("decision_year", "amount_recovered")) == {
        2024: 150_000_000,
        2025: 10_000_000,
    }


def test_a_status_update_of_two_open_cases_with_one_number_is_refused(
    world, clerk_danang, tmp_path
):
    rows = [
        HEADERS,
        _row("2/QĐ-THADS", unit="THADS-DN", day="10/10/2024", accepted="12/10/2024"),
        _row("2/QĐ-THADS", unit="THADS-DN", day="10/10/2025"),
    ]
    _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)
    update = [
        STATUS_HEADERS,
        ["THADS-DN", "2/QĐ-THADS", "15/11/2025", "", "", "10.000.000", "", ""],
    ]

    job = _status_import(write_csv(tmp_path / "s.csv", update), clerk_danang)

    assert job.status == ImportJob.Status.INVALID
    assert _problems(job) == [(2, "Số quyết định THA")]
    assert set(EnforcementCase.objects.values_list("amount_recovered", flat=True)) == {0}
