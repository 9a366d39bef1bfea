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

from enforcement.imports.register_columns import COLUMN_BY_KEY, REGISTER_COLUMNS

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
