"""The register's header is found where real registers place it: under the state's title block."""

from __future__ import annotations

import pytest
from django.utils import translation
from openpyxl import Workbook

from enforcement.models import EnforcementCase
from organizations.models import ImportJob
from tests.enforcement.register_file import (
    PRINTED,
    TYPED_HEADERS,
    good_rows,
    write_state_register_csv,
    write_state_register_xlsx,
)
from tests.enforcement.test_register_import import case, import_register, problems

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_register_under_the_states_title_block_with_numbered_columns_imports(
    world, clerk_hanoi, tmp_path
):
    path = write_state_register_xlsx(tmp_path / "so-thu-ly.xlsx", good_rows(12))
    job = import_register(path, clerk_hanoi)
    assert problems(job) == []
    assert (job.status, job.new) == (ImportJob.Status.DONE, 12)
    # The numbering row is not a row of the register.
    assert job.rows_total == 12
    assert case("3/QĐ-THADS").amount_due == 12_000_000


def test_a_header_of_two_levels_in_merged_cells_imports(world, clerk_hanoi, tmp_path):
    # The status columns grouped under one title merged over them, the other headers merged
    # down over the two rows: a merged cell's other parts are read empty.
    path = write_state_register_xlsx(tmp_path / "so.xlsx", good_rows(12), two_levels=True)
    job = import_register(path, clerk_hanoi)
    assert problems(job) == []
    assert job.new == 12
    assert case("4/QĐ-THADS").status == "completed"
    assert case("5/QĐ-THADS").ground.code == "49.1"


@pytest.mark.parametrize(("delimiter", "agency_line"), [(",", True), (";", True), (";", False)])
def test_a_csv_register_under_a_title_line_imports(
    world, clerk_hanoi, tmp_path, delimiter, agency_line
):
    # A title line alone in its cell has no delimiter to tell: the header's line tells.
    path = write_state_register_csv(
        tmp_path / "so.csv", good_rows(12), delimiter=delimiter, agency_line=agency_line
    )
    job = import_register(path, clerk_hanoi)
    assert problems(job) == []
    assert job.new == 12


def test_problems_are_reported_on_the_sheets_own_rows(world, clerk_hanoi, tmp_path):
    rows = good_rows(6)
    rows[2]["accepted_on"] = "14/10/2027"
    rows[4]["postponed"] = "Số: 12/QĐ-THADS ngày 01/11/2025"
    job = import_register(write_state_register_xlsx(tmp_path / "a.xlsx", rows), clerk_hanoi)
    # The header on row 6, the numbering on row 7: the register's third row is row 10.
    assert [(row, column) for row, column, _message in problems(job)] == [
        (10, "Ngày thụ lý"),
        (12, "QĐ hoãn"),
    ]
    csv_job = import_register(write_state_register_csv(tmp_path / "a.csv", rows), clerk_hanoi)
    # Title, name, blank line, header, numbering: the third row is line 8.
    assert [row for row, _column, _message in problems(csv_job)] == [8, 10]
    assert EnforcementCase.objects.count() == 0


def test_a_column_named_twice_is_reported_on_the_header_row(world, clerk_hanoi, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["THI HÀNH ÁN DÂN SỰ THÀNH PHỐ HÀ NỘI", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA"])
    sheet.append(["SỔ THỤ LÝ THI HÀNH ÁN NĂM 2025"])
    sheet.append([*(TYPED_HEADERS[key] for key in PRINTED), "Ngày thụ lý"])
    path = tmp_path / "twice.xlsx"
    workbook.save(path)
    job = import_register(path, clerk_hanoi)
    assert [(row, column) for row, column, _message in problems(job)] == [(3, "Ngày thụ lý")]


def test_without_the_registers_columns_the_file_is_refused_naming_them(
    world, clerk_hanoi, tmp_path
):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["THI HÀNH ÁN DÂN SỰ THÀNH PHỐ HÀ NỘI", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA"])
    sheet.append(["SỔ THEO DÕI TÀI SẢN"])
    sheet.append(["Tên tài sản", "Số lượng", "Nơi gửi"])
    sheet.append(["Xe máy", 2, "Kho"])
    path = tmp_path / "khac.xlsx"
    workbook.save(path)
    job = import_register(path, clerk_hanoi)
    assert job.status == ImportJob.Status.INVALID
    ((row, _column, message),) = problems(job)
    assert row is None
    assert "No row among the first 15 names the columns of this file" in message
    assert "“Ngày thụ lý”" in message
    assert "“QĐ thi hành án (số; ngày; số tiền)”" in message
    assert EnforcementCase.objects.count() == 0


def test_a_header_below_the_searched_rows_is_not_found(world, clerk_hanoi, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    for _blank in range(15):
        sheet.append(["Ghi chép"])
    sheet.append([TYPED_HEADERS[key] for key in PRINTED])
    sheet.append([good_rows(1)[0].get(key, "") for key in PRINTED])
    path = tmp_path / "thap.xlsx"
    workbook.save(path)
    job = import_register(path, clerk_hanoi)
    assert "No row among the first 15" in problems(job)[0][2]
    assert EnforcementCase.objects.count() == 0
