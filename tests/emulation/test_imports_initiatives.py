"""Importing initiatives: an author of the officer's units, a level, idempotent."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from emulation.models import Initiative, Level
from organizations.models import ImportJob
from tests.emulation.importing import (
    CSV,
    XLSX,
    client_of,
    export,
    import_file,
    problems,
    template_headers,
)
from tests.imports.helpers import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

KEY = "emulation.initiative"
HEADER = [
    "Mã công chức",
    "Họ và tên",
    "Năm",
    "Tên sáng kiến",
    "Cấp công nhận",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan công nhận",
    "Mô tả",
]
FIELDS = [
    "person",
    "full_name",
    "year",
    "name",
    "level",
    "decision_number",
    "decision_date",
    "recognised_by",
    "description",
]
DIGITISED = "Số hóa quy trình thẩm định dự thảo văn bản"


def _rows(world) -> list[list[object]]:
    code = world.danang_department_person.staff_code
    return [
        list(HEADER),
        [code, "", 2023, DIGITISED, "cấp Bộ", "23/QĐ-HĐSK", "30/11/2023", "Bộ Tư pháp", ""],
        [code, "", 2024, "Sổ tay hòa giải viên", "Cơ sở", "24/QĐ-HĐSK", "", "Sở Tư pháp", ""],
    ]


def test_officer_imports_initiatives_of_own_people(world, officer_danang, tmp_path):
    job = import_file(KEY, write_csv(tmp_path / "sang-kien.csv", _rows(world)), officer_danang)

    assert job.status == ImportJob.Status.DONE
    assert set(Initiative.objects.values_list("person", "year", "level", "decision_date")) == {
        (world.danang_department_person.pk, 2023, Level.MINISTRY, datetime.date(2023, 11, 30)),
        (world.danang_department_person.pk, 2024, Level.GRASSROOTS, None),
    }
    history = Initiative.objects.get(year=2023).history.get()
    assert (history.history_user, history.history_change_reason) == (
        officer_danang,
        f"import #{job.pk}: sang-kien.csv",
    )


def test_one_bad_row_writes_nothing_and_every_error_is_listed(world, officer_danang, tmp_path):
    rows = _rows(world)
    rows[1][4] = "cấp tỉnh"  # not a level of the catalogue
    rows[2][2] = "2O24"  # a letter O for a zero

    job = import_file(KEY, write_csv(tmp_path / "sang-kien.csv", rows), officer_danang)

    assert job.status == ImportJob.Status.INVALID
    level, year = problems(job)
    assert level[:3] == (2, "Cấp công nhận", "cấp tỉnh")
    # The message names the value typed and the levels a file may use.
    assert level[3].startswith("Cấp công nhận “cấp tỉnh”")
    assert level[3].endswith("cấp cơ sở, cấp Bộ, cấp toàn quốc.")
    assert year == (3, "Năm", "2O24", "Hãy ghi năm trong khoảng từ 2000 đến 2100, ví dụ 2024.")
    assert not Initiative.objects.exists()


def test_importing_the_same_file_again_changes_nothing(world, officer_danang, tmp_path):
    path = write_xlsx(tmp_path / "sang-kien.xlsx", _rows(world))
    import_file(KEY, path, officer_danang)
    before = list(Initiative.objects.order_by("pk").values())
    history = Initiative.history.count()

    job = import_file(KEY, path, officer_danang)

    assert (job.status, job.new, job.updated, job.unchanged) == (ImportJob.Status.VALID, 0, 0, 2)
    assert list(Initiative.objects.order_by("pk").values()) == before
    assert Initiative.history.count() == history


def test_a_changed_level_updates_the_initiative(world, officer_danang, tmp_path):
    import_file(KEY, write_csv(tmp_path / "sang-kien.csv", _rows(world)), officer_danang)
    rows = _rows(world)
    rows[2][4] = "cấp toàn quốc"

    job = import_file(KEY, write_csv(tmp_path / "sua.csv", rows), officer_danang)

    assert (job.new, job.updated, job.unchanged) == (0, 1, 1)
    assert Initiative.objects.get(year=2024).level == Level.NATIONAL


def test_an_author_outside_the_officers_units_is_refused(world, officer_danang, tmp_path):
    rows = _rows(world)[:2]
    rows[1][0] = world.hanoi_person.staff_code

    job = import_file(KEY, write_csv(tmp_path / "sang-kien.csv", rows), officer_danang)

    assert problems(job) == [
        (
            2,
            "Mã công chức",
            world.hanoi_person.staff_code,
            "Mã công chức này thuộc đơn vị khác ngoài đơn vị của bạn.",
        )
    ]
    assert not Initiative.objects.exists()


def test_an_unknown_staff_code_is_refused(world, officer_danang, tmp_path):
    rows = _rows(world)[:2]
    rows[1][0] = "KHONG-CO"

    job = import_file(KEY, write_csv(tmp_path / "sang-kien.csv", rows), officer_danang)

    assert problems(job) == [
        (2, "Mã công chức", "KHONG-CO", "Không có công chức nào của đơn vị bạn mang mã này.")
    ]


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_export_then_reimport_changes_nothing(world, officer_danang, tmp_path, file_format):
    import_file(KEY, write_csv(tmp_path / "sang-kien.csv", _rows(world)), officer_danang)
    content = export(
        client_of(officer_danang), "initiative", "initiativeresource", FIELDS, file_format
    )
    path = tmp_path / ("xuat.csv" if file_format == CSV else "xuat.xlsx")
    path.write_bytes(content)
    before = list(Initiative.objects.order_by("pk").values())

    job = import_file(KEY, path, officer_danang)

    assert job.status == ImportJob.Status.VALID, problems(job)
    assert (job.rows_total, job.new, job.updated, job.unchanged) == (2, 0, 0, 2)
    assert job.report["ignored_columns"] == []
    assert list(Initiative.objects.order_by("pk").values()) == before


def test_export_headers_are_the_import_headers(world, officer_danang):
    content = export(client_of(officer_danang), "initiative", "initiativeresource", FIELDS, CSV)

    assert content.decode("utf-8-sig").splitlines()[0].split(",") == HEADER


def test_template_download_has_the_headers(officer_danang):
    assert template_headers(client_of(officer_danang), "initiative") == HEADER


def test_officer_sees_import_on_the_initiatives(officer_danang):
    page = client_of(officer_danang).get(reverse("admin:emulation_initiative_changelist"))

    assert reverse("admin:emulation_initiative_import_file", args=[0]) in page.content.decode()


def test_leader_may_not_import_initiatives(leader):
    response = client_of(leader).get(reverse("admin:emulation_initiative_import_file", args=[0]))

    assert response.status_code == 403
