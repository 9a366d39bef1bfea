"""Files follow the service: from 1/7/2025 a case passed inside one agency is reassigned."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.core.management import CommandError, call_command

from enforcement.models import CaseEvent, EnforcementCase, Status
from enforcement.selectors import Period, enforcement_statistics
from organizations.models import ImportJob, Unit
from organizations.roles import Role
from tests.benchmarks.casefile import HEADERS
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import UnitFactory, make_persona
from tests.imports.helpers import write_csv

pytestmark = pytest.mark.django_db

STATUS_HEADERS = ["Đơn vị", "Số quyết định THA", "Ngày", "Trạng thái", "Ủy thác cho"]


@pytest.fixture
def danang_office_2(world) -> Unit:
    return UnitFactory(
        code="THADS-DN-KV2",
        name="Phòng THADS khu vực 2 – Đà Nẵng",
        parent=world.danang_agency,
        kind=Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE,
    )


def _case_row(number: str, *, closed: str, to: str, accepted: str = "12/03/2025") -> list[str]:
    return [
        "THADS-DN-KV1",
        number,
        accepted,
        accepted,
        "Bản án số 45/2025/DS-ST của TAND khu vực 1 - Đà Nẵng",
        "Dân sự",
        "Theo yêu cầu",
        "Nguyễn Văn Nợ",
        "",
        "150.000.000",
        "0",
        "Có điều kiện",
        "Ủy thác",
        closed,
        to,
        "",
    ]


def _import(kind: str, path, user) -> ImportJob:
    with contextlib.suppress(CommandError):
        call_command("import_data", kind, str(path), user=user.username)
    return ImportJob.objects.latest("pk")


def test_a_case_file_passing_a_case_to_an_office_of_its_agency_reassigns_it(
    world, clerk_danang, danang_office_2, tmp_path
):
    rows = [HEADERS, _case_row("1/QĐ-THADS", closed="15/08/2025", to="THADS-DN-KV2")]

    job = _import("enforcementcase", write_csv(tmp_path / "cases.csv", rows), clerk_danang)

    assert job.status == ImportJob.Status.DONE, job.report
    case = EnforcementCase.objects.get()
    assert (case.status, case.closed_on, case.entrusted_to) == (Status.IN_PROGRESS, None, None)
    assert (case.unit, case.accepting_unit, case.handled_since) == (
        danang_office_2,
        world.danang_office,
        datetime.date(2025, 8, 15),
    )
    assert case.events.filter(kind=CaseEvent.Kind.MOVED).count() == 1
    year = enforcement_statistics(
        units=[world.danang_agency, world.danang_office, danang_office_2], period=Period(2025)
    )
    agency, first, second = year.rows
    assert (agency.cases.entrusted, agency.cases.in_progress) == (0, 1)
    assert (first.cases.total, second.cases.carried_over + second.cases.newly_accepted) == (0, 1)


def test_a_case_file_keeps_earlier_and_other_province_transfers_as_entrustments(
    world, clerk_danang, danang_office_2, tmp_path
):
    rows = [
        HEADERS,
        _case_row("2/QĐ-THADS", closed="30/06/2025", to="THADS-DN-KV2"),
        _case_row("3/QĐ-THADS", closed="15/08/2025", to="THADS-HN"),
    ]

    job = _import("enforcementcase", write_csv(tmp_path / "cases.csv", rows), clerk_danang)

    assert job.status == ImportJob.Status.DONE, job.report
    assert sorted(
        EnforcementCase.objects.values_list("decision_number", "status", "entrusted_to__code")
    ) == [
        ("2/QĐ-THADS", Status.ENTRUSTED, "THADS-DN-KV2"),
        ("3/QĐ-THADS", Status.ENTRUSTED, "THADS-HN"),
    ]


def test_a_case_file_cannot_reassign_to_an_office_outside_the_clerks_units(
    world, danang_office_2, tmp_path
):
    office_clerk = make_persona("p.clerk.dn.kv1", world.danang_office, Role.ENFORCEMENT_CLERK)
    rows = [HEADERS, _case_row("4/QĐ-THADS", closed="15/08/2025", to="THADS-DN-KV2")]

    job = _import("enforcementcase", write_csv(tmp_path / "cases.csv", rows), office_clerk)

    assert job.status == ImportJob.Status.INVALID
    assert [(p["row"], p["column"]) for p in job.report["problems"]] == [(2, "Ủy thác cho")]
    assert not EnforcementCase.objects.exists()


def test_importing_a_reassigned_case_again_changes_nothing(
    world, clerk_danang, danang_office_2, tmp_path
):
    rows = [HEADERS, _case_row("5/QĐ-THADS", closed="15/08/2025", to="THADS-DN-KV2")]
    path = write_csv(tmp_path / "cases.csv", rows)
    _import("enforcementcase", path, clerk_danang)

    again = _import("enforcementcase", path, clerk_danang)

    assert (again.report["new"], again.report["updated"], again.report["unchanged"]) == (0, 0, 1)


def test_a_status_file_passing_a_case_to_an_office_of_its_agency_reassigns_it(
    world, clerk_danang, danang_office_2, tmp_path
):
    case = EnforcementCaseFactory(
        unit=world.danang_office,
        decision_number="6/QĐ-THADS",
        accepted_on=datetime.date(2025, 3, 12),
    )
    rows = [
        STATUS_HEADERS,
        ["THADS-DN-KV1", "6/QĐ-THADS", "15/08/2025", "Ủy thác", "THADS-DN-KV2"],
    ]

    job = _import("casestatus", write_csv(tmp_path / "status.csv", rows), clerk_danang)

    assert job.status == ImportJob.Status.DONE, job.report
    case.refresh_from_db()
    assert (case.status, case.unit, case.accepting_unit) == (
        Status.IN_PROGRESS,
        danang_office_2,
        world.danang_office,
    )
