"""A unit's list of nominations through the import machinery: drafts, checked, idempotent."""

from __future__ import annotations

import pytest
from django.core.files import File

from commendations.imports import NominationImport
from commendations.models import Nomination
from organizations.imports.services import (
    import_job_create,
    import_job_start_apply,
    import_job_validate,
)
from organizations.models import ImportJob
from tests.imports.helpers import write_csv

pytestmark = pytest.mark.django_db
HEADER = [
    "Năm",
    "Đơn vị đề nghị",
    "Mã công chức",
    "Tập thể được đề nghị",
    "Hình thức đề nghị",
    "Thành tích",
]


def _rows(world):
    return [
        HEADER,
        [
            "2024",
            "STP-DN",
            world.danang_department_person.staff_code,
            "",
            "Giấy khen của Thủ trưởng đơn vị",
            "Hoàn thành tốt nhiệm vụ.",
        ],
        [
            "2024",
            "STP-DN",
            "",
            "STP-DN",
            "bang khen cua bo truong bo tu phap",
            "Dẫn đầu cụm thi đua.",
        ],
    ]


def _import(user, path):
    with path.open("rb") as handle:
        job = import_job_create(
            spec_key=NominationImport.key, upload=File(handle, name=path.name), user=user
        )
    job = import_job_validate(job=job)
    if job.status == ImportJob.Status.VALID:
        job = import_job_start_apply(job=job, user=user)
    job.refresh_from_db()
    return job


def test_officer_imports_a_list_of_nominations_as_drafts(world, officer_danang, tmp_path):
    job = _import(officer_danang, write_csv(tmp_path / "de-nghi.csv", _rows(world)))

    assert job.status == ImportJob.Status.DONE, job.report
    assert (job.new, job.updated) == (2, 0)
    drafts = Nomination.objects.order_by("pk")
    assert [n.status for n in drafts] == [Nomination.Status.DRAFT] * 2
    assert drafts[1].award_form.code == "minister_certificate"
    assert drafts[0].events.get().actor == officer_danang


def test_importing_the_same_list_again_changes_nothing(world, officer_danang, tmp_path):
    path = write_csv(tmp_path / "de-nghi.csv", _rows(world))
    _import(officer_danang, path)

    job = _import(officer_danang, path)

    assert (job.new, job.updated, job.unchanged) == (0, 0, 2)
    assert Nomination.objects.count() == 2


def test_a_row_naming_both_a_person_and_a_unit_writes_nothing(world, officer_danang, tmp_path):
    rows = _rows(world)
    rows[1][3] = "STP-DN"

    job = _import(officer_danang, write_csv(tmp_path / "de-nghi.csv", rows))

    assert job.status == ImportJob.Status.INVALID
    assert job.report["problems"][0]["row"] == 2
    assert "không ghi cả hai" in job.report["problems"][0]["message"]
    assert not Nomination.objects.exists()


def test_a_unit_outside_the_officers_scope_is_an_error(world, officer_danang, tmp_path):
    rows = _rows(world)
    rows[2][1] = world.hanoi_agency.code

    job = _import(officer_danang, write_csv(tmp_path / "de-nghi.csv", rows))

    assert job.status == ImportJob.Status.INVALID
    message = job.report["problems"][0]["message"]
    assert message.startswith("Không có đơn vị này trong các đơn vị của bạn.")
    # The units it quotes are the officer's own, never those of another city.
    assert world.danang_department.code in message
    assert world.hanoi_agency.code not in message
    assert not Nomination.objects.exists()


def test_a_submitted_nomination_cannot_be_changed_by_import(world, officer_danang, tmp_path):
    path = write_csv(tmp_path / "de-nghi.csv", _rows(world))
    _import(officer_danang, path)
    Nomination.objects.update(status=Nomination.Status.SUBMITTED)
    rows = _rows(world)
    rows[2][5] = "Thành tích đã sửa."

    job = _import(officer_danang, write_csv(tmp_path / "de-nghi-2.csv", rows))

    assert job.status == ImportJob.Status.INVALID
    assert "không thể sửa" in job.report["problems"][0]["message"]
