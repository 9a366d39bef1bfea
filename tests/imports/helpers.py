"""Build small CSV and XLSX files for import tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook


def write_csv(
    path: Path, rows: list[list[object]], *, bom: bool = True, delimiter: str = ","
) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8"))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path
