"""Importing the staff list: checked first, written all at once, scoped, idempotent."""

from __future__ import annotations

import zipfile

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from organizations.imports.services import import_job_create, import_job_validate
from organizations.models import ImportJob, Person
from tests.imports.helpers import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

HEADER = ["Đơn vị", "Mã công chức", "Họ và tên", "Chức vụ", "Thư điện tử"]


def _rows(world, count: int = 3) -> list[list[object]]:
    return [HEADER] + [
        [world.danang_department.code, f"DN-NEW-{n:03d}", f"Lê Thị Mới {n}", "Chuyên viên", ""]
        for n in range(count)
    ]


def _upload(client, path):
    with path.open("rb") as handle:
        return client.post(
            reverse("admin:organizations_person_import_file", args=[0]), {"file": handle}
        )


@pytest.fixture
def officer_client(officer_danang):
    client = Client()
    client.force_login(officer_danang)
    return client


def _job() -> ImportJob:
    return ImportJob.objects.latest("pk")


def test_officer_imports_a_staff_list_after_checking_it(world, officer_client, tmp_path):
    path = write_csv(tmp_path / "staff.csv", _rows(world))

    response = _upload(officer_client, path)
    job = _job()
    page = officer_client.get(response["Location"]).content.decode()

    assert job.status == ImportJob.Status.VALID
    assert (job.new, job.updated, job.unchanged) == (3, 0, 0)
    assert not Person.objects.filter(staff_code__startswith="DN-NEW").exists()
    assert "Lê Thị Mới 0" in page  # the sample

    officer_client.post(reverse("admin:organizations_importjob_apply", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Person.objects.filter(staff_code__startswith="DN-NEW").count() == 3


def test_applying_twice_writes_once(world, officer_client, tmp_path):
    _upload(officer_client, write_csv(tmp_path / "staff.csv", _rows(world)))
    job = _job()
    url = reverse("admin:organizations_importjob_apply", args=[job.pk])

    officer_client.post(url)
    second = officer_client.post(url, follow=True)

    assert Person.objects.filter(staff_code__startswith="DN-NEW").count() == 3
    assert "đã được ghi" in second.content.decode() or "already" in second.content.decode()


def test_importing_the_same_file_again_changes_nothing(world, officer_danang, tmp_path):
    path = write_xlsx(tmp_path / "staff.xlsx", _rows(world))
    call_command("import_data", "person", str(path), user=officer_danang.username)
    before = list(Person.objects.order_by("pk").values_list("pk", "full_name", "unit_id"))
    history = sum(person.history.count() for person in Person.objects.all())

    call_command("import_data", "person", str(path), user=officer_danang.username)

    job = _job()
    assert (job.new, job.updated, job.unchanged) == (0, 0, 3)
    assert list(Person.objects.order_by("pk").values_list("pk", "full_name", "unit_id")) == before
    assert sum(person.history.count() for person in Person.objects.all()) == history


def test_one_bad_row_writes_nothing_and_every_error_is_listed(world, officer_client, tmp_path):
    rows = _rows(world, 4)
    rows[2][0] = world.hanoi_agency.code  # outside the officer's units
    rows[3][2] = ""  # name missing
    rows.append(rows[1][:])  # same staff code twice
    path = write_csv(tmp_path / "staff.csv", rows)

    response = _upload(officer_client, path)
    job = _job()
    page = officer_client.get(response["Location"]).content.decode()

    assert job.status == ImportJob.Status.INVALID
    problems = {(p["row"], p["column"]) for p in job.report["problems"]}
    assert problems == {(3, "Đơn vị"), (4, "Họ và tên"), (6, "Mã công chức")}
    assert Person.objects.filter(staff_code__startswith="DN-NEW").count() == 0
    assert "Không có đơn vị này trong các đơn vị của bạn." in page
    assert reverse("admin:organizations_importjob_apply", args=[job.pk]) not in page


def test_headers_match_ignoring_case_spacing_and_diacritics(world, officer_danang, tmp_path):
    rows = _rows(world)
    rows[0] = ["don vi", "MA CONG CHUC", "full_name", " chức  vụ ", "email", "STT"]
    path = write_csv(tmp_path / "staff.csv", rows, bom=False, delimiter=";")

    call_command("import_data", "person", str(path), user=officer_danang.username)

    job = _job()
    assert job.status == ImportJob.Status.DONE
    assert job.report["ignored_columns"] == ["STT"]


def test_updating_a_person_is_recorded_with_its_import(world, officer_danang, tmp_path):
    person = world.danang_department_person
    rows = [
        HEADER,
        [world.danang_department.code, person.staff_code, "Tên Mới", "Trưởng phòng", ""],
    ]
    path = write_csv(tmp_path / "staff.csv", rows)

    call_command("import_data", "person", str(path), user=officer_danang.username)

    latest = person.history.first()
    job = _job()
    assert latest.full_name == "Tên Mới"
    assert latest.history_user == officer_danang
    assert latest.history_change_reason == f"import #{job.pk}: staff.csv"


def test_leader_may_not_import(world, leader, tmp_path):
    client = Client()
    client.force_login(leader)

    response = client.get(reverse("admin:organizations_person_import_file", args=[0]))

    assert response.status_code == 403


def test_only_csv_and_xlsx_are_accepted(world, officer_client, tmp_path):
    path = tmp_path / "staff.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old excel")

    content = _upload(officer_client, path).content.decode()

    assert "Chỉ nhập được tệp CSV và XLSX." in content
    assert not ImportJob.objects.exists()


def test_a_zip_bomb_is_refused_before_parsing(world, officer_danang, tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (50 * 1024 * 1024))

    with path.open("rb") as handle:
        from django.core.files import File

        job = import_job_create(
            spec_key="organizations.person", upload=File(handle, "bomb.xlsx"), user=officer_danang
        )
    job = import_job_validate(job=job)

    assert job.status == ImportJob.Status.INVALID
    assert "nén bất thường" in job.report["problems"][0]["message"]


def test_a_renamed_file_is_not_taken_for_a_workbook(world, officer_client, tmp_path):
    path = tmp_path / "staff.xlsx"
    path.write_text("Đơn vị,Mã công chức\n", encoding="utf-8")

    _upload(officer_client, path)

    assert _job().report["problems"][0]["message"] == "Đây không phải là tệp XLSX hợp lệ."


def test_a_csv_that_is_not_utf8_is_refused_with_advice(world, officer_client, tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes("Đơn vị,Họ và tên\nSTP-DN,Nguyễn Văn Á\n".encode("utf-16"))

    _upload(officer_client, path)

    assert "CSV UTF-8" in _job().report["problems"][0]["message"]


def test_too_many_rows_are_refused(world, officer_client, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 2

    _upload(officer_client, write_csv(tmp_path / "staff.csv", _rows(world, 3)))

    job = _job()
    assert job.status == ImportJob.Status.INVALID
    assert Person.objects.filter(staff_code__startswith="DN-NEW").count() == 0


def test_large_files_are_checked_in_the_background(
    world, officer_client, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_MAX_BYTES = 10

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _upload(officer_client, write_csv(tmp_path / "staff.csv", _rows(world)))
    progress = officer_client.get(
        reverse("admin:organizations_importjob_progress", args=[_job().pk])
    ).json()

    assert len(callbacks) == 1  # the check was handed to a worker, after the upload committed
    assert response.status_code == 302
    assert progress["status"] == "valid"
    assert progress["percent"] == 100


def test_a_file_checked_in_the_background_tells_its_uploader(
    world, officer_danang, officer_client, tmp_path, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    from organizations.models import Notification

    settings.IMPORT_INLINE_MAX_BYTES = 10
    officer_danang.email = "officer@example.gov.vn"
    officer_danang.save()

    with django_capture_on_commit_callbacks(execute=True):
        _upload(officer_client, write_csv(tmp_path / "staff.csv", _rows(world)))

    notification = Notification.objects.get(recipient=officer_danang)
    assert notification.kind == Notification.Kind.IMPORT_FINISHED
    assert notification.url == reverse("admin:organizations_importjob_progress", args=[_job().pk])
    assert "staff.csv" in notification.subject
    assert "3 mới" in notification.message or "3 new" in notification.message
    assert [message.to for message in mail.outbox] == [["officer@example.gov.vn"]]
    # The dashboard offers the checked file to apply.
    home = officer_client.get("/").content.decode()
    assert 'id="block-imports_waiting"' in home
    assert "staff.csv" in home


def test_a_file_checked_in_the_request_leaves_no_notification(world, officer_client, tmp_path):
    from organizations.models import Notification

    _upload(officer_client, write_csv(tmp_path / "staff.csv", _rows(world)))

    assert _job().status == ImportJob.Status.VALID
    assert not Notification.objects.exists()


def test_a_job_whose_worker_died_is_marked_failed(world, officer_danang, officer_client):
    import datetime

    from django.utils import timezone

    job = ImportJob.objects.create(
        spec="organizations.person",
        original_name="x.csv",
        sha256="0" * 64,
        size=1,
        uploaded_by=officer_danang,
        status=ImportJob.Status.APPLYING,
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
    )

    call_command("fail_stale_jobs")
    page = officer_client.get(reverse("admin:organizations_importjob_change", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "không có gì được ghi" in page.content.decode()


def test_another_users_job_is_not_found(world, officer_danang, clerk_danang, tmp_path):
    path = write_csv(tmp_path / "staff.csv", _rows(world))
    call_command("import_data", "person", str(path), user=officer_danang.username, dry_run=True)
    client = Client()
    client.force_login(clerk_danang)

    response = client.get(reverse("admin:organizations_importjob_change", args=[_job().pk]))

    assert response.status_code == 404


def test_template_download_holds_headers_sample_and_rules(officer_client):
    import io

    from openpyxl import load_workbook

    response = officer_client.get(reverse("admin:organizations_person_import_template", args=[0]))
    workbook = load_workbook(io.BytesIO(response.content))

    assert [cell.value for cell in workbook.worksheets[0][1]] == HEADER
    assert workbook.worksheets[0]["B2"].value == "DN-STP-101"
    assert workbook.worksheets[1]["A1"].value == "Cột"


def test_export_escapes_cells_that_look_like_formulas(world, officer_client):
    person = world.danang_department_person
    person.full_name = '=HYPERLINK("http://x")'
    person.save()

    response = officer_client.post(
        reverse("admin:organizations_person_export"),
        {
            "format": "0",
            "resource": "0",
            **{
                f"personresource_{field}": "on"
                for field in ("unit", "staff_code", "full_name", "position", "email")
            },
        },
    )

    content = response.content.decode("utf-8-sig")
    assert "=HYPERLINK" not in content.replace("'=HYPERLINK", "")
