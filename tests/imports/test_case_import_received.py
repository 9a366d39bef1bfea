"""The case file accepts cases received by entrustment, links them, and exports them back."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from enforcement import services
from enforcement.imports import CaseResource
from enforcement.models import EnforcementCase
from organizations.models import ImportJob
from tests.benchmarks.casefile import HEADERS
from tests.enforcement.factories import EnforcementCaseFactory
from tests.imports.helpers import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

RECEIVED_HEADERS = [*HEADERS, "Nhận ủy thác từ", "Số QĐ ủy thác", "Ngày QĐ ủy thác"]


def _row(
    number: str,
    *,
    sender: str = "THADS-HN",
    decision: str = "12/QĐ-THADS",
    day: str = "05/10/2025",
    accepted: str = "12/10/2025",
) -> list[str]:
    return [
        "THADS-DN-KV1",
        number,
        "10/10/2025",
        accepted,
        "Bản án số 7/2025/DS-ST của TAND khu vực 1 - Hà Nội",
        "Dân sự",
        "Theo yêu cầu",
        "Nguyễn Văn Nợ",
        "",
        "150.000.000",
        "0",
        "Có điều kiện",
        "Đang thi hành",
        "",
        "",
        "",
        sender,
        decision,
        day,
    ]


def _import(path, user) -> ImportJob:
    with contextlib.suppress(CommandError):
        call_command("import_data", "enforcementcase", str(path), user=user.username)
    return ImportJob.objects.latest("pk")


def _problems(job: ImportJob) -> list[tuple[object, str]]:
    return [(p["row"], p["column"]) for p in job.report["problems"]]


def _sent(world, clerk_hanoi) -> EnforcementCase:
    case = EnforcementCaseFactory(
        unit=world.hanoi_agency,
        accepted_on=datetime.date(2025, 8, 1),
        decision_date=datetime.date(2025, 8, 1),
        judgment="Bản án số 7/2025/DS-ST của TAND khu vực 1 - Hà Nội",
    )
    return services.case_entrust(
        user=clerk_hanoi,
        case=case,
        on=datetime.date(2025, 10, 5),
        to_unit=world.danang_agency,
        decision_number="12/QĐ-THADS",
        decision_date=datetime.date(2025, 10, 5),
    )


def test_received_case_is_imported_and_linked_to_the_senders_case(
    world, clerk_hanoi, clerk_danang, tmp_path
):
    sent = _sent(world, clerk_hanoi)
    rows = [RECEIVED_HEADERS, _row("50/QĐ-THADS"), [*_row("51/QĐ-THADS")[:16], "", "", ""]]

    job = _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)

    assert job.status == ImportJob.Status.DONE, job.report
    received = EnforcementCase.objects.get(decision_number="50/QĐ-THADS")
    assert received.received_from == world.hanoi_agency
    assert (received.received_decision_number, received.received_decision_date) == (
        "12/QĐ-THADS",
        datetime.date(2025, 10, 5),
    )
    assert received.received_from_case == sent
    own = EnforcementCase.objects.get(decision_number="51/QĐ-THADS")
    assert (own.received_from, own.received_decision_number, own.origin) == (None, "", "accepted")
    assert received.origin == "received"


def test_reimporting_the_same_file_changes_nothing(world, clerk_hanoi, clerk_danang, tmp_path):
    _sent(world, clerk_hanoi)
    path = write_xlsx(tmp_path / "cases.xlsx", [RECEIVED_HEADERS, _row("50/QĐ-THADS")])
    _import(path, clerk_danang)

    again = _import(path, clerk_danang)

    assert (again.status, again.new, again.updated, again.unchanged) == (
        ImportJob.Status.VALID,
        0,
        0,
        1,
    )
    assert EnforcementCase.objects.filter(received_from__isnull=False).count() == 1


def test_corrected_decision_in_a_later_file_relinks_the_case(
    world, clerk_hanoi, clerk_danang, tmp_path
):
    sent = _sent(world, clerk_hanoi)
    _import(
        write_csv(tmp_path / "a.csv", [RECEIVED_HEADERS, _row("50/QĐ-THADS", decision="1/QĐ")]),
        clerk_danang,
    )
    assert EnforcementCase.objects.get(decision_number="50/QĐ-THADS").received_from_case is None

    job = _import(
        write_csv(tmp_path / "b.csv", [RECEIVED_HEADERS, _row("50/QĐ-THADS")]), clerk_danang
    )

    assert job.status == ImportJob.Status.DONE, job.report
    assert EnforcementCase.objects.get(decision_number="50/QĐ-THADS").received_from_case == sent


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"sender": "THADS-XX"}, "Nhận ủy thác từ"),
        ({"sender": "STP-DN"}, "Nhận ủy thác từ"),
        ({"sender": "THADS-DN"}, "Nhận ủy thác từ"),
        ({"decision": ""}, "Số QĐ ủy thác"),
        ({"day": ""}, "Ngày QĐ ủy thác"),
        ({"day": "13/10/2025"}, "Ngày QĐ ủy thác"),
        ({"day": "31/12/2999"}, "Ngày QĐ ủy thác"),
        ({"day": "ngày mai"}, "Ngày QĐ ủy thác"),
        ({"sender": ""}, "Nhận ủy thác từ"),
    ],
)
def test_bad_entrustment_cells_are_row_errors_and_nothing_is_written(
    world, clerk_danang, tmp_path, cells, column
):
    rows = [RECEIVED_HEADERS, _row("49/QĐ-THADS", sender="THADS-HN"), _row("50/QĐ-THADS", **cells)]

    job = _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)

    assert job.status == ImportJob.Status.INVALID
    assert _problems(job) == [(3, column)]
    assert not EnforcementCase.objects.exists()


def test_exported_received_cases_import_back_unchanged(world, clerk_hanoi, clerk_danang, tmp_path):
    _sent(world, clerk_hanoi)
    _import(
        write_csv(tmp_path / "cases.csv", [RECEIVED_HEADERS, _row("50/QĐ-THADS")]), clerk_danang
    )
    client = Client()
    client.force_login(clerk_danang)
    names = [name for name in CaseResource._meta.fields if name not in ("agency", "enforcer")]

    exported = client.post(
        reverse("admin:enforcement_enforcementcase_export"),
        {"format": "0", "resource": "0", **{f"caseresource_{name}": "on" for name in names}},
    )
    path = tmp_path / "export.csv"
    path.write_bytes(exported.content)
    job = _import(path, clerk_danang)

    text = exported.content.decode("utf-8-sig")
    assert "Nhận ủy thác từ,Số QĐ ủy thác,Ngày QĐ ủy thác" in text
    assert "THADS-HN,12/QĐ-THADS," in text
    assert (job.status, job.new, job.updated, job.unchanged) == (ImportJob.Status.VALID, 0, 0, 1)
