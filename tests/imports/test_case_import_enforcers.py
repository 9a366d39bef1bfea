"""The case file's optional column "Chấp hành viên": an enforcer of the row's unit."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from enforcement import services
from enforcement.models import CaseEvent, EnforcementCase
from enforcement.selectors import Period, direct_lines
from organizations.models import ImportJob
from tests.benchmarks.casefile import HEADERS
from tests.factories import PersonFactory
from tests.imports.helpers import write_csv

pytestmark = pytest.mark.django_db

ENFORCER = "Chấp hành viên"


@pytest.fixture
def danang_enforcers(world):
    return [
        PersonFactory(
            staff_code="CHV-DN-01",
            full_name="Trần Văn Đà",
            unit=world.danang_agency,
            position="Chấp hành viên",
        ),
        PersonFactory(
            staff_code="CHV-DN-02",
            full_name="Ngô Thị Hạnh",
            unit=world.danang_agency,
            position="Chấp hành viên sơ cấp",
        ),
    ]


def _row(number: str, enforcer: str = "", unit: str = "THADS-DN") -> list[object]:
    values = [
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
    ]
    assert len(values) == len(HEADERS)
    return [*values, enforcer]


def _import(tmp_path, user, rows, name="cases.csv") -> ImportJob:
    path = write_csv(tmp_path / name, [[*HEADERS, ENFORCER], *rows])
    with contextlib.suppress(CommandError), translation.override("en"):
        call_command("import_data", "enforcementcase", str(path), user=user.username)
    return ImportJob.objects.latest("pk")


def _problems(job: ImportJob) -> list[tuple[object, str]]:
    return [(p["row"], p["column"]) for p in job.report["problems"]]


def test_the_enforcer_is_named_by_staff_code_or_exact_name(
    clerk_danang, danang_enforcers, tmp_path
):
    job = _import(
        tmp_path,
        clerk_danang,
        [_row("1", "chv-dn-01"), _row("2", "Ngô Thị Hạnh"), _row("3", "")],
    )

    assert job.status == ImportJob.Status.DONE
    assigned = dict(EnforcementCase.objects.values_list("decision_number", "enforcer__staff_code"))
    assert assigned == {"1": "CHV-DN-01", "2": "CHV-DN-02", "3": None}
    first = EnforcementCase.objects.get(decision_number="1")
    assert first.enforcer_since == datetime.date(2025, 10, 12)  # its accepted day
    assert EnforcementCase.objects.get(decision_number="3").enforcer_since is None


def test_an_unknown_ambiguous_or_other_unit_enforcer_is_a_row_error_and_nothing_is_written(
    world, clerk_danang, danang_enforcers, tmp_path
):
    PersonFactory(full_name="Trần Văn Đà", unit=world.danang_agency, position="Chấp hành viên")
    PersonFactory(staff_code="CHV-DN-KV1", unit=world.danang_office, position="Chấp hành viên")
    PersonFactory(staff_code="CV-DN-09", unit=world.danang_agency, position="Chuyên viên")

    job = _import(
        tmp_path,
        clerk_danang,
        [
            _row("1", "CHV-DN-01"),
            _row("2", "Không Có Ai"),
            _row("3", "Trần Văn Đà"),  # two enforcers bear this name
            _row("4", "CHV-DN-KV1"),  # an enforcer of the office, not of the agency
            _row("5", "CV-DN-09"),  # not an enforcer
        ],
    )

    assert job.status == ImportJob.Status.INVALID
    assert _problems(job) == [(3, ENFORCER), (4, ENFORCER), (5, ENFORCER), (6, ENFORCER)]
    assert "staff code" in job.report["problems"][1]["message"]
    assert not EnforcementCase.objects.exists()


def test_a_stored_case_enforcer_changes_only_through_its_action(
    clerk_danang, danang_enforcers, tmp_path
):
    _import(tmp_path, clerk_danang, [_row("1", "CHV-DN-01")], name="a.csv")
    changed = _row("1", "CHV-DN-02")
    changed[HEADERS.index("Người được thi hành")] = "Người khác"

    job = _import(tmp_path, clerk_danang, [changed], name="b.csv")

    assert job.status == ImportJob.Status.INVALID
    assert _problems(job) == [(2, ENFORCER)]
    assert EnforcementCase.objects.get().enforcer == danang_enforcers[0]


def test_the_same_file_again_changes_nothing(clerk_danang, danang_enforcers, tmp_path):
    rows = [_row("1", "CHV-DN-01"), _row("2")]
    _import(tmp_path, clerk_danang, rows, name="a.csv")

    job = _import(tmp_path, clerk_danang, rows, name="b.csv")

    assert (job.new, job.updated, job.unchanged) == (0, 0, 2)


def test_an_imported_enforcer_counts_before_a_later_reassignment(
    clerk_danang, danang_enforcers, tmp_path
):
    _import(tmp_path, clerk_danang, [_row("1", "CHV-DN-01")])
    case = EnforcementCase.objects.get()
    first, second = danang_enforcers

    services.case_assign_enforcer(
        user=clerk_danang, case=case, enforcer=second, on=datetime.date(2026, 1, 20)
    )

    imported, reassigned = case.events.order_by("id")
    assert (imported.kind, imported.enforcer) == (CaseEvent.Kind.IMPORTED, first)
    assert (reassigned.kind, reassigned.enforcer) == (CaseEvent.Kind.REASSIGNED, second)
    before = direct_lines(period=Period(year=2026, months=3), by="enforcer")
    after = direct_lines(period=Period(year=2026, months=4), by="enforcer")
    assert {key: lines.total for key, (lines, _money) in before.items()} == {first.pk: 1}
    assert {key: lines.total for key, (lines, _money) in after.items()} == {second.pk: 1}
