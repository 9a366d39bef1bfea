"""A realistic intake register (sổ thụ lý) of a Hà Nội office, as XLSX or CSV, for the tests.

Every cell shape of issue 20 appears: acceptance dates as dd-mm-yyyy, dd/mm/yyyy, ISO with a
time and Excel date cells; judgments (first instance & appeal); several debtors with an
address; the agency itself as creditor of court fees; money, money by month, land; each
status column; entrustments sent and received; the on-request note.
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from enforcement.imports.register_columns import COLUMN_BY_KEY, REGISTER_COLUMNS, STATUS_KEYS

# The register's printed columns, in its order (the unit column is the system's own).
PRINTED = [column.key for column in REGISTER_COLUMNS if column.key != "unit"]
HEADERS = {column.key: column.header for column in REGISTER_COLUMNS}

JUDGMENT = "Bản án số: {n:02d}/2025/DS-ST ngày 15/08/2025 - TAND KV1 - HN"
APPEAL = (
    "Bản án số: {n:02d}/2025/DS-ST ngày 01/08/2025 - TAND KV1 - HN & "
    "Bản án số: {n:02d}/2025/DS-PT ngày 20/09/2025 - TAND Hà Nội"
)
RECOGNITION = "QĐ công nhận số: {n:02d}/2025/QĐ-CNHG-DS ngày 04/08/2025 TAND KV1 - HN"
DEBTORS = "Ông Hoàng Đình Lâm - Bà Nguyễn Thị Thuý; Đ/c: Phường Hoàn Kiếm, thành phố Hà Nội"
CREDITOR = "Bà Trần Thị Hoa; Đ/c: Phường Ba Đình, thành phố Hà Nội"


def _row(n: int, **cells: object) -> dict[str, object]:
    row = {
        "order": str(n),
        "accepted_on": "14-10-2025",
        "judgments": JUDGMENT.format(n=n),
        "debtors": DEBTORS.format(n=n),
        "creditors": CREDITOR.format(n=n),
        "decision": f"Số: {n}/QĐ-THADS ngày 11/10/2025 trả số tiền: 5.000.000đ",
        "notes": "QĐ thi hành án theo yêu cầu",
    }
    row.update(cells)
    return row


def good_rows(count: int = 36) -> list[dict[str, object]]:
    """Return ``count`` valid register rows, cycling through every shape of cell."""
    shapes = [
        # Court fee taken from an advance; the agency itself collects it; proactive.
        lambda n: _row(
            n,
            decision=f"Số: {n}/QĐ-THADS ngày 05/10/2025 APDSST: 150.000đ khấu trừ 300.000đ tạm ứng",
            creditors="",
            notes="",
            accepted_on="2025-10-09 00:00:00",
        ),
        # Land to hand back.
        lambda n: _row(n, decision=f"Số: {n}/QĐ-THADS ngày 11/10/2025 trả lại: 590m2 đất"),
        # Child support each month for a year, from the appeal judgment.
        lambda n: _row(
            n,
            judgments=APPEAL.format(n=n),
            decision=(
                f"Số: {n}/QĐ-THADS ngày 11/10/2025 trả số tiền cấp dưỡng nuôi con: "
                "1.000.000đ/01 tháng (10/2025-09/2026)"
            ),
            accepted_on="14/10/2025",
        ),
        # Postponed, then resumed, then completed.
        lambda n: _row(
            n,
            judgments=RECOGNITION.format(n=n),
            postponed=f"Số: {n}1/QĐ-THADS ngày 01/11/2025 theo điểm c khoản 1 Điều 48",
            resumed_after_postponement=f"Số: {n}2/QĐ-THADS ngày 01/12/2025",
            completed="15/12/2025",
        ),
        # Suspended (code of the ground written as such).
        lambda n: _row(n, suspended=f"Số: {n}3/QĐ-THADS ngày 03/11/2025 (49.1)"),
        # Not yet eligible.
        lambda n: _row(
            n,
            not_eligible=f"Số: {n}4/QĐ-THADS ngày 10/01/2026 điểm a khoản 1 Điều 44a",
            accepted_on=datetime.datetime(2025, 10, 20),
        ),
        # Terminated.
        lambda n: _row(n, terminated=f"Số: {n}5/QĐ-THADS ngày 05/02/2026 điểm c khoản 1 Điều 50"),
        # Withdrawn.
        lambda n: _row(n, withdrawn=f"Số: {n}6/QĐ-THADS ngày 20/10/2025"),
        # Entrusted to Đà Nẵng.
        lambda n: _row(
            n,
            entrusted_out=(
                f"Số: {n}7/QĐ-THADS ngày 20/11/2025 ủy thác cho Thi hành án dân sự thành phố "
                "Đà Nẵng"
            ),
        ),
        # Received from Đà Nẵng.
        lambda n: _row(
            n,
            entrusted_in=(
                f"Số: {n}8/QĐ-THADS ngày 01/10/2025 của Thi hành án dân sự thành phố Đà Nẵng"
            ),
        ),
        # Several creditors, an organisation among them, and an act to do.
        lambda n: _row(
            n,
            creditors="Công ty TNHH Minh Anh; Đ/c: Phường Cầu Giấy, thành phố Hà Nội",
            decision=f"Số: {n}/QĐ-THADS ngày 11/10/2025 buộc tháo dỡ tường rào lấn chiếm",
        ),
        # A quantity of items together with money.
        lambda n: _row(
            n,
            decision=(
                f"Số: {n}/QĐ-THADS ngày 11/10/2025 trả số tiền: 25.000.000đ và giao trả 02 chiếc "
                "xe máy"
            ),
        ),
    ]
    return [shapes[(n - 1) % len(shapes)](n) for n in range(1, count + 1)]


def write_register_xlsx(
    path: Path, rows: list[dict[str, object]], *, keys: list[str] | None = None, title: bool = True
) -> Path:
    """Write the rows under the register's headers, with a title block like the offices'."""
    keys = keys or PRINTED
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append(["THI HÀNH ÁN DÂN SỰ THÀNH PHỐ HÀ NỘI"])
        sheet.append(["SỔ THỤ LÝ THI HÀNH ÁN NĂM 2026"])
        sheet.append([])
    sheet.append([COLUMN_BY_KEY[key].header for key in keys])
    for row in rows:
        sheet.append([row.get(key, "") for key in keys])
    workbook.save(path)
    return path


# The state's title block (Nghị định 30/2020/NĐ-CP): the agency at the left, the national
# motto at the right, each over several merged cells; then the register's name.
AGENCY_LINES = ("THI HÀNH ÁN DÂN SỰ THÀNH PHỐ HÀ NỘI", "PHÒNG THI HÀNH ÁN DÂN SỰ KHU VỰC 1")
MOTTO_LINES = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
REGISTER_TITLE = "SỔ THỤ LÝ THI HÀNH ÁN NĂM 2025"
# The header as offices type it: the note of what the cell holds on its own line.
TYPED_HEADERS = {key: header.replace(" (", "\n(") for key, header in HEADERS.items()}
STATUS_GROUP = "Các quyết định về thi hành án"


def write_state_register_xlsx(
    path: Path, rows: list[dict[str, object]], *, two_levels: bool = False
) -> Path:
    """Write the rows as an office keeps its register: the state's title block, merged cells.

    Rows 1-2: the agency (A:E) beside the motto (J:P); row 4: the register's name (A:Q);
    row 6: the header, its notes on a second line; row 7: the columns numbered (1), (2), …;
    the rows from 8. With ``two_levels`` the status columns are grouped under one title
    merged over them (row 6), named in row 7, the other headers merged down over both rows,
    and the numbering row (8) holds numbers; the rows start at 9.
    """
    keys = PRINTED
    last = get_column_letter(len(keys))
    workbook = Workbook()
    sheet = workbook.active
    for number, (agency, motto) in enumerate(zip(AGENCY_LINES, MOTTO_LINES, strict=True), 1):
        sheet.cell(row=number, column=1, value=agency)
        sheet.cell(row=number, column=10, value=motto)
        sheet.merge_cells(f"A{number}:E{number}")
        sheet.merge_cells(f"J{number}:{last}{number}")
    sheet.cell(row=4, column=1, value=REGISTER_TITLE)
    sheet.merge_cells(f"A4:{last}4")
    status = [index for index, key in enumerate(keys, 1) if key in STATUS_KEYS]
    for index, key in enumerate(keys, start=1):
        if two_levels and index in status:
            sheet.cell(row=7, column=index, value=TYPED_HEADERS[key])
            continue
        sheet.cell(row=6, column=index, value=TYPED_HEADERS[key])
        if two_levels:
            sheet.merge_cells(start_row=6, start_column=index, end_row=7, end_column=index)
    if two_levels:
        sheet.cell(row=6, column=status[0], value=STATUS_GROUP)
        sheet.merge_cells(start_row=6, start_column=status[0], end_row=6, end_column=status[-1])
    numbering = 8 if two_levels else 7
    for index in range(1, len(keys) + 1):
        sheet.cell(row=numbering, column=index, value=index if two_levels else f"({index})")
    for number, row in enumerate(rows, start=numbering + 1):
        for index, key in enumerate(keys, start=1):
            sheet.cell(row=number, column=index, value=row.get(key) or None)
    workbook.save(path)
    return path


def write_state_register_csv(
    path: Path, rows: list[dict[str, object]], *, delimiter: str = ",", agency_line: bool = True
) -> Path:
    """Write the rows as a CSV saved from such a register: title lines, header, numbering.

    Line 1: the agency and the motto in their cells; line 2: the register's name; line 3
    blank; line 4 the header; line 5 the columns numbered 1, 2, …; the rows from line 6.
    Without ``agency_line`` the register's name opens the file, alone on its line.
    """
    keys = PRINTED
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    blank = [""] * len(keys)
    if agency_line:
        writer.writerow([AGENCY_LINES[0], *blank[1:9], MOTTO_LINES[0], *blank[10:]])
    writer.writerow([REGISTER_TITLE])
    writer.writerow([])
    writer.writerow([TYPED_HEADERS[key] for key in keys])
    writer.writerow([str(index) for index in range(1, len(keys) + 1)])
    for row in rows:
        writer.writerow([_text(row.get(key, "")) for key in keys])
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode())
    return path


def write_register_csv(
    path: Path, rows: list[dict[str, object]], *, keys: list[str] | None = None
) -> Path:
    """Write the rows as a CSV (UTF-8 with its mark), header on row 1."""
    keys = keys or PRINTED
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([COLUMN_BY_KEY[key].header for key in keys])
    for row in rows:
        writer.writerow([_text(row.get(key, "")) for key in keys])
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode())
    return path


def _text(value: object) -> str:
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value)
