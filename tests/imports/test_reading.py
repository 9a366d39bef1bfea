"""Workbooks are read row by row as the spreadsheet shows them, big ones a slice at a time."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from organizations.imports import reading, slices
from organizations.imports.headers import HeaderSearch
from organizations.imports.reading import ImportFileError, read_table
from tests.security.corpus import xlsx


def _workbook(path: Path, *, rows: int) -> Path:
    # The header from column B, a blank row inside, text, numbers and dates.
    workbook = Workbook()
    sheet = workbook.active
    for column, header in enumerate(["Đơn vị", "Số", "Ngày", "Số tiền"], start=2):
        sheet.cell(row=1, column=column, value=header)
    for number in range(2, rows + 2):
        if number == 10:
            continue
        sheet.cell(row=number, column=2, value=f"THADS-{number % 7}")
        sheet.cell(row=number, column=3, value=f"{number}/QĐ-THADS")
        sheet.cell(row=number, column=4, value=datetime.date(2024, 1, 1 + number % 28))
        sheet.cell(row=number, column=5, value=number * 1000)
    workbook.save(path)
    return path


def _read(path: Path) -> tuple[list[str], list[tuple[int, list[object]]]]:
    table = read_table(path, name=path.name)
    return table.headers, list(table.rows)


def test_rows_are_numbered_as_the_spreadsheet_numbers_them(tmp_path):
    headers, rows = _read(_workbook(tmp_path / "cases.xlsx", rows=20))

    assert headers == ["", "Đơn vị", "Số", "Ngày", "Số tiền"]
    assert rows[0][0] == 2
    assert rows[0][1][1:3] == ["THADS-2", "2/QĐ-THADS"]
    assert [number for number, _row in rows] == [*range(2, 10), *range(11, 22)]


@pytest.mark.parametrize("slice_bytes", [None, 4096])
def test_the_header_must_be_on_the_first_row(tmp_path, monkeypatch, slice_bytes):
    workbook = Workbook()
    workbook.active["B3"] = "Đơn vị"
    workbook.active["B4"] = "THADS-DN"
    path = tmp_path / "title.xlsx"
    workbook.save(path)
    if slice_bytes:
        monkeypatch.setattr(reading, "XLSX_SLICE_BYTES", 0)

    with pytest.raises(ImportFileError, match="tên các cột"):
        _read(path)


def test_a_big_sheet_read_in_slices_gives_the_same_rows_as_read_whole(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "cases.xlsx", rows=2000)
    whole = _read(path)
    pieces = []
    cut = slices._workbook

    def counted(*args: object) -> bytes:
        pieces.append(1)
        return cut(*args)

    monkeypatch.setattr(reading, "XLSX_SLICE_BYTES", 4096)
    monkeypatch.setattr(slices, "_workbook", counted)

    assert _read(path) == whole
    assert len(pieces) > 10


def test_a_big_sheet_cut_short_is_refused(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "cases.xlsx", rows=500)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                content = content[: content.index(b"</sheetData>")]
            target.writestr(member, content)
    monkeypatch.setattr(reading, "XLSX_SLICE_BYTES", 4096)

    with pytest.raises(ImportFileError, match="XLSX"):
        _read(broken)


_NAMES = {"đơn vị", "số", "ngày"}
_SEARCH = HeaderSearch(
    rows=6, names_column=lambda cell: str(cell or "").lower() in _NAMES, expected=("Số",)
)


def _titled(path: Path, *rows: list[object]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["CƠ QUAN", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    sheet.append(["SỔ THEO DÕI"])
    sheet.append([])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_a_header_searched_by_its_names_skips_the_title_block_and_the_numbering(tmp_path):
    path = _titled(tmp_path / "so.xlsx", ["Đơn vị", "Số", "Ngày"], [1, 2, 3], ["KV1", 7, "x"])
    table = read_table(path, name=path.name, header=_SEARCH)
    assert (table.headers, table.header_row) == (["Đơn vị", "Số", "Ngày"], 4)
    assert list(table.rows) == [(6, ["KV1", 7.0, "x", ""])]


def test_a_first_row_of_numbers_is_a_row_not_the_numbering(tmp_path):
    # Numbers that do not count the columns left to right are the register's first row.
    path = _titled(tmp_path / "so.xlsx", ["Đơn vị", "Số", "Ngày"], [7, 2, 3])
    table = read_table(path, name=path.name, header=_SEARCH)
    assert list(table.rows) == [(5, [7.0, 2.0, 3.0, ""])]


def test_a_header_search_that_finds_no_names_refuses_the_file(tmp_path):
    path = _titled(tmp_path / "so.xlsx", ["Tên", "Tuổi"], ["A", 3])
    with pytest.raises(ImportFileError, match="“Số”"):
        read_table(path, name=path.name, header=_SEARCH)


@pytest.mark.parametrize("cut", range(0, 64, 4))
def test_a_far_cell_is_refused_wherever_the_scan_cuts_the_sheet(tmp_path, monkeypatch, cut):
    # The sheet's area is scanned a chunk at a time: a reference cut in two by a chunk's end
    # is read whole from the next one.
    monkeypatch.setattr(reading, "SCAN_BYTES", 64)
    filler = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 40))
    path = tmp_path / "far.xlsx"
    path.write_bytes(
        xlsx("<!--" + "x" * cut + "-->" + filler + '<row><c r="A1048576"><v>1</v></c></row>')
    )

    with pytest.raises(ImportFileError, match="1048576"):
        read_table(path, name=path.name)


@pytest.mark.parametrize("padding", range(128, 200, 3))
def test_a_far_cell_in_an_element_longer_than_the_scans_chunk_is_refused(
    tmp_path, monkeypatch, padding
):
    # An element with no "<" for more than a chunk: the reference at its end, cut by a
    # chunk's end, is still read whole.
    monkeypatch.setattr(reading, "SCAN_BYTES", 64)
    path = tmp_path / "far.xlsx"
    path.write_bytes(xlsx("<row><c" + " " * padding + ' r="A1048576"><v>1</v></c></row>'))

    with pytest.raises(ImportFileError, match="1048576"):
        read_table(path, name=path.name)
