"""Generate a realistic case file (the case spec's columns) as CSV or XLSX, deterministically."""

from __future__ import annotations

import csv
import datetime
import random
from collections.abc import Iterator
from pathlib import Path

HEADERS = [
    "Đơn vị",
    "Số quyết định THA",
    "Ngày ra quyết định",
    "Ngày thụ lý",
    "Bản án, quyết định",
    "Loại việc",
    "Hình thức thi hành",
    "Người phải thi hành",
    "Người được thi hành",
    "Số tiền phải thi hành",
    "Số tiền đã thi hành",
    "Điều kiện thi hành",
    "Trạng thái",
    "Ngày kết thúc",
    "Ủy thác cho",
    "Ghi chú",
]
UNITS = ["THADS-HN", "THADS-HCM", "THADS-HP", "THADS-DN", "THADS-CT"]
COURTS = [
    "TAND quận Hải Châu",
    "TAND quận Ba Đình",
    "TAND thành phố Thủ Đức",
    "TAND huyện Phong Điền",
    "TAND quận Lê Chân",
    "TAND thành phố Hà Nội",
    "TAND cấp cao tại Đà Nẵng",
]
KINDS = [
    ("Dân sự", "DS"),
    ("Hình sự", "HS"),
    ("Hôn nhân và gia đình", "HNGĐ"),
    ("Kinh doanh thương mại", "KDTM"),
    ("Lao động", "LĐ"),
    ("Hành chính", "HC"),
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu", "Thanh", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Khánh",
    "Linh",
    "Nam",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trung",
    "Vân",
    "Yến",
    "Hải",
    "Tú",
    "Việt",
    "Hưng",
    "Lộc",
]
COMPANIES = [
    "Công ty TNHH Thương mại Sông Hàn",
    "Công ty Cổ phần Xây dựng Miền Trung",
    "Ngân hàng TMCP Đầu tư và Phát triển",
    "Công ty TNHH Vận tải Hải Âu",
]
STATUSES = [
    ("Đang thi hành", 30),
    ("Hoãn", 3),
    ("Tạm đình chỉ", 1),
    ("Thi hành xong", 52),
    ("Đình chỉ", 8),
    ("Ủy thác", 4),
    ("Thu hồi", 2),
]
CLOSING = {"Thi hành xong", "Đình chỉ", "Ủy thác", "Thu hồi"}
START = datetime.date(2023, 10, 1)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def case_rows(count: int, *, seed: int = 2024) -> Iterator[list[object]]:
    """Yield ``count`` case rows as a clerk would type them."""
    rng = random.Random(seed)
    statuses = [status for status, weight in STATUSES for _ in range(weight)]
    for index in range(count):
        unit = UNITS[index % len(UNITS)]
        accepted = START + datetime.timedelta(days=rng.randrange(366))
        decided = accepted - datetime.timedelta(days=rng.randrange(0, 5))
        kind, short = rng.choice(KINDS)
        status = rng.choice(statuses)
        due = rng.choice([0, rng.randrange(1, 2000) * 100_000, rng.randrange(1, 500) * 1_000_000])
        closed = ""
        if status in CLOSING:
            closed = (accepted + datetime.timedelta(days=rng.randrange(0, 120))).strftime(
                "%d/%m/%Y"
            )
        recovered = due if status == "Thi hành xong" else (due * rng.randrange(0, 60) // 100)
        debtor = rng.choice(COMPANIES) if rng.random() < 0.1 else _name(rng)
        yield [
            unit,
            f"{index // len(UNITS) + 1}/QĐ-THADS",
            decided.strftime("%d/%m/%Y"),
            accepted.strftime("%d/%m/%Y"),
            f"Bản án số {rng.randrange(1, 400)}/{accepted.year}/{short}-ST "
            f"của {rng.choice(COURTS)}",
            kind,
            "Chủ động" if rng.random() < 0.3 else "Theo yêu cầu",
            debtor,
            _name(rng),
            f"{due:,}".replace(",", "."),
            f"{recovered:,}".replace(",", "."),
            "Có điều kiện"
            if rng.random() < 0.8 or status == "Thi hành xong"
            else "Chưa có điều kiện",
            status,
            closed,
            UNITS[(index + 1) % len(UNITS)] if status == "Ủy thác" else "",
            "",
        ]


def write_case_csv(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(case_rows(count))
    return path


def write_case_xlsx(path: Path, count: int) -> Path:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dữ liệu")
    sheet.append(HEADERS)
    for row in case_rows(count):
        sheet.append(row)
    workbook.save(path)
    return path
