"""Importing the title history: only an administrator, for a person or a unit of their units."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from emulation.models import TitleAward
from organizations.models import ImportJob
from organizations.roles import Role
from tests.emulation.factories import TitleAwardFactory, title
from tests.emulation.importing import (
    CSV,
    XLSX,
    client_of,
    export,
    import_file,
    problems,
    template_headers,
)
from tests.factories import make_persona
from tests.imports.helpers import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

KEY = "emulation.titleaward"


@pytest.fixture
def keeper(world):
    """An administrator of Đà Nẵng's Department of Justice: the title history of its units."""
    return make_persona("p.admin.danang", world.danang_department, Role.ADMINISTRATOR)


HEADER = [
    "Năm",
    "Danh hiệu",
    "Mã công chức",
    "Họ và tên",
    "Tập thể",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Ghi chú",
]
FIELDS = [
    "year",
    "title",
    "person",
    "full_name",
    "unit",
    "decision_number",
    "decision_date",
    "decided_by",
    "notes",
]


def _rows(world) -> list[list[object]]:
    person = world.danang_department_person
    return [
        list(HEADER),
        [2024, "Lao động tiên tiến", person.staff_code, person.full_name, "", "25/QĐ-STP",
         "20/12/2024", "Giám đốc Sở Tư pháp", ""],
        [2024, "chien si thi dua co so", person.staff_code, "", "", "26/QĐ-STP", "", "", ""],
        [2023, "Tập thể lao động xuất sắc", "", "", "STP-DN", "12/QĐ-BTP", "15/01/2024",
         "Bộ trưởng Bộ Tư pháp", "Dữ liệu cũ"],
    ]  # fmt: skip


def test_administrator_imports_the_title_history_of_own_people_and_unit(world, keeper, tmp_path):
    job = import_file(KEY, write_csv(tmp_path / "danh-hieu.csv", _rows(world)), keeper)

    assert job.status == ImportJob.Status.DONE
    assert (job.new, job.updated, job.unchanged) == (3, 0, 0)
    person = world.danang_department_person
    assert set(
        TitleAward.objects.values_list("title__code", "year", "person", "unit", "decision_date")
    ) == {
        ("advanced_worker", 2024, person.pk, None, datetime.date(2024, 12, 20)),
        ("grassroots_emulation_fighter", 2024, person.pk, None, None),
        ("excellent_labour_collective", 2023, None, world.danang_department.pk,
         datetime.date(2024, 1, 15)),
    }  # fmt: skip
    history = TitleAward.objects.get(year=2023).history.get()
    assert history.history_user == keeper
    assert history.history_change_reason == f"import #{job.pk}: danh-hieu.csv"


def test_one_bad_row_writes_nothing_and_every_error_is_listed(world, keeper, tmp_path):
    rows = _rows(world)
    rows[1][4] = "STP-DN"  # a person and a unit on the same row
    rows[2][1] = "Tập thể lao động tiên tiến"  # a collective's title for a person
    rows[3][1] = "Huân chương Lao động"  # not in the catalogue

    job = import_file(KEY, write_csv(tmp_path / "danh-hieu.csv", rows), keeper)

    assert job.status == ImportJob.Status.INVALID
    found = problems(job)
    # The unknown title's message names the catalogue's titles a file may use.
    unknown = found[2][3]
    assert "Lao động tiên tiến" in unknown and "Tập thể lao động xuất sắc" in unknown
    assert [*found[:2], (*found[2][:3], unknown.split(" Accepted")[0].split(" Giá trị")[0])] == [
        (
            2,
            "Mã công chức",
            world.danang_department_person.staff_code,
            "Ghi đúng một trong hai cột “Mã công chức” (danh hiệu tặng cá nhân) và “Tập thể” "
            "(danh hiệu tặng tập thể).",
        ),
        (
            3,
            "Danh hiệu",
            "Tập thể lao động tiên tiến",
            "“Tập thể lao động tiên tiến” là danh hiệu tặng tập thể, không tặng cá nhân.",
        ),
        (
            4,
            "Danh hiệu",
            "Huân chương Lao động",
            "Không có danh hiệu này: hãy ghi tên hoặc mã của một danh hiệu trong danh mục.",
        ),
    ]
    assert not TitleAward.objects.exists()


def test_importing_the_same_file_again_changes_nothing(world, keeper, tmp_path):
    path = write_xlsx(tmp_path / "danh-hieu.xlsx", _rows(world))
    import_file(KEY, path, keeper)
    before = list(TitleAward.objects.order_by("pk").values())
    history = TitleAward.history.count()

    job = import_file(KEY, path, keeper)

    assert (job.status, job.new, job.updated, job.unchanged) == (ImportJob.Status.VALID, 0, 0, 3)
    assert list(TitleAward.objects.order_by("pk").values()) == before
    assert TitleAward.history.count() == history


def test_a_corrected_decision_updates_the_award_and_keeps_what_the_file_leaves_out(
    world, keeper, tmp_path
):
    import_file(KEY, write_csv(tmp_path / "danh-hieu.csv", _rows(world)), keeper)
    rows = [row[:6] + row[7:8] for row in _rows(world)]  # no date and no notes columns
    rows[3][5] = "13/QĐ-BTP"

    job = import_file(KEY, write_csv(tmp_path / "sua.csv", rows), keeper)

    award = TitleAward.objects.get(year=2023)
    assert (job.new, job.updated, job.unchanged) == (0, 1, 2)
    assert (award.decision_number, award.decision_date, award.notes) == (
        "13/QĐ-BTP",
        datetime.date(2024, 1, 15),
        "Dữ liệu cũ",
    )
    assert award.history.first().history_change_reason == f"import #{job.pk}: sua.csv"


def test_a_blank_cell_of_a_given_column_clears_the_stored_value(world, keeper, tmp_path):
    import_file(KEY, write_csv(tmp_path / "danh-hieu.csv", _rows(world)), keeper)
    rows = _rows(world)
    rows[3][6] = ""
    rows[3][8] = ""

    import_file(KEY, write_csv(tmp_path / "sua.csv", rows), keeper)

    award = TitleAward.objects.get(year=2023)
    assert (award.decision_date, award.notes) == (None, "")


def test_a_person_outside_the_keepers_units_is_refused(world, keeper, tmp_path):
    rows = _rows(world)[:2]
    rows[1][2] = world.hanoi_person.staff_code
    rows[1][3] = ""

    job = import_file(KEY, write_csv(tmp_path / "danh-hieu.csv", rows), keeper)

    assert problems(job) == [
        (
            2,
            "Mã công chức",
            world.hanoi_person.staff_code,
            "Mã công chức này thuộc đơn vị khác ngoài đơn vị của bạn.",
        )
    ]
    assert not TitleAward.objects.exists()


def test_a_unit_outside_the_keepers_units_is_refused(world, keeper, tmp_path):
    rows = [_rows(world)[0], _rows(world)[3]]
    rows[1][4] = world.hanoi_agency.code

    job = import_file(KEY, write_csv(tmp_path / "danh-hieu.csv", rows), keeper)

    assert problems(job) == [(2, "Tập thể", "THADS-HN", "Đơn vị này nằm ngoài các đơn vị của bạn.")]


def test_a_name_that_is_not_the_staff_codes_person_is_refused(world, keeper, tmp_path):
    rows = _rows(world)[:2]
    rows[1][3] = "Trần Văn Khác"

    job = import_file(KEY, write_csv(tmp_path / "danh-hieu.csv", rows), keeper)

    person = world.danang_department_person
    assert problems(job) == [
        (
            2,
            "Họ và tên",
            "Trần Văn Khác",
            f"Mã công chức {person.staff_code} là của {person.full_name}; hãy kiểm tra lại mã "
            "hoặc họ tên.",
        )
    ]


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_export_then_reimport_changes_nothing(world, keeper, tmp_path, file_format):
    import_file(KEY, write_csv(tmp_path / "danh-hieu.csv", _rows(world)), keeper)
    TitleAwardFactory(  # entered by hand: no date, no issuer
        title=title("advanced_worker"),
        year=2022,
        person=world.danang_department_person,
        decision_number="9/QĐ-STP",
    )
    content = export(client_of(keeper), "titleaward", "titleawardresource", FIELDS, file_format)
    path = tmp_path / ("xuat.csv" if file_format == CSV else "xuat.xlsx")
    path.write_bytes(content)
    before = list(TitleAward.objects.order_by("pk").values())

    job = import_file(KEY, path, keeper)

    assert job.status == ImportJob.Status.VALID, problems(job)
    assert (job.rows_total, job.new, job.updated, job.unchanged) == (4, 0, 0, 4)
    assert job.report["ignored_columns"] == []
    assert list(TitleAward.objects.order_by("pk").values()) == before


def test_export_headers_are_the_import_headers(world, keeper):
    content = export(client_of(keeper), "titleaward", "titleawardresource", FIELDS, CSV)

    assert content.decode("utf-8-sig").splitlines()[0].split(",") == HEADER


def test_template_download_has_the_headers_and_the_catalogue(keeper):
    import io

    from openpyxl import load_workbook

    client = client_of(keeper)
    response = client.get(reverse("admin:emulation_titleaward_import_template", args=[0]))
    allowed = load_workbook(io.BytesIO(response.content)).worksheets[2]

    assert template_headers(client, "titleaward") == HEADER
    assert "Chiến sĩ thi đua cơ sở" in [cell.value for cell in allowed["B"]]


def test_keeper_sees_import_on_the_title_history(keeper):
    page = client_of(keeper).get(reverse("admin:emulation_titleaward_changelist"))

    assert reverse("admin:emulation_titleaward_import_file", args=[0]) in page.content.decode()


def test_officer_may_not_import_title_history(officer_danang):
    response = client_of(officer_danang).get(
        reverse("admin:emulation_titleaward_import_file", args=[0])
    )

    assert response.status_code == 403
    assert not TitleAward.objects.exists()


def test_leader_may_not_import_title_history(leader):
    response = client_of(leader).get(reverse("admin:emulation_titleaward_import_file", args=[0]))

    assert response.status_code == 403
