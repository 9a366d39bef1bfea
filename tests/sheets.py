"""Read a downloaded spreadsheet as a clerk reads it: from its header row on."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet


def table_rows(sheet: Worksheet) -> list[tuple[object, ...]]:
    """Return the header row and the rows below it, past the title block above the header."""
    rows = list(sheet.values)
    start = next(
        index for index, row in enumerate(rows) if sum(cell not in (None, "") for cell in row) > 1
    )
    return rows[start:]


def downloaded_rows(content: bytes) -> list[tuple[object, ...]]:
    """Return the first sheet of a downloaded workbook from its header row on."""
    return table_rows(load_workbook(io.BytesIO(content)).worksheets[0])
