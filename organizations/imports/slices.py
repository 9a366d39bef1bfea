"""Cut a big worksheet into small workbooks of consecutive rows, to read one at a time.

The XLSX reader (calamine) holds a whole sheet in memory before giving its first row: a
city's year of cases takes about 350 MB that way. Each slice written here is a complete
workbook (the original's parts, stored uncompressed) whose sheet holds only some of the rows,
with their own cell references, so the reader numbers rows and columns as in the original.
Workbooks that cannot be cut safely (an unusual layout) are read whole, as before.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator

from defusedxml import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Element names may carry a namespace prefix (<x:row>) in files other tools write.
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData(?:\s[^>]*)?>")
_ROW_END = re.compile(rb"</(?:\w+:)?row>")
_SHEET_DATA_END = re.compile(rb"</(?:\w+:)?sheetData>")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*/>")
READ_SIZE = 4 * 1024 * 1024


def first_sheet_part(archive: zipfile.ZipFile) -> str | None:
    """Return the archive path of the workbook's first sheet, or None if it cannot tell."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    sheet = workbook.find(f"{MAIN}sheets/{MAIN}sheet")
    if sheet is None:
        return None
    wanted = sheet.get(RELATIONSHIP_ID)
    for relation in relations.iter(f"{PACKAGE_RELATIONSHIP}Relationship"):
        if relation.get("Id") == wanted:
            target = relation.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return posixpath.normpath(path)
    return None


def sheet_slices(
    archive: zipfile.ZipFile, part: str, *, slice_bytes: int
) -> Iterator[bytes] | None:
    """Return the slices of the sheet at ``part`` as workbooks, or None if it cannot be cut."""
    with archive.open(part) as sheet:
        opening = sheet.read(READ_SIZE)
    match = _SHEET_DATA.search(opening)
    if match is None:
        return None
    prefix = (match.group(1) or b"").decode("ascii")
    # Without the declared size the reader sizes each slice by the cells it holds.
    head = _DIMENSION.sub(b"", opening[: match.end()])
    tail = f"</{prefix}sheetData></{prefix}worksheet>".encode("ascii")
    return _slices(archive, part, head, match.end(), tail, slice_bytes)


def _slices(
    archive: zipfile.ZipFile,
    part: str,
    head: bytes,
    rows_start: int,
    tail: bytes,
    slice_bytes: int,
) -> Iterator[bytes]:
    # The other parts (workbook, styles, shared strings) go into every slice unchanged.
    others = [
        (member.filename, archive.read(member))
        for member in archive.infolist()
        if not _is_sheet(member.filename)
    ]
    pending = bytearray()
    with archive.open(part) as sheet:
        sheet.read(rows_start)
        while chunk := sheet.read(READ_SIZE):
            pending += chunk
            while len(pending) >= slice_bytes:
                # Cut after the first row that ends past the slice's size.
                end = _ROW_END.search(pending, slice_bytes)
                if end is None:
                    break
                yield _workbook(others, part, head + pending[: end.end()] + tail)
                del pending[: end.end()]
    rows_end = _SHEET_DATA_END.search(pending)
    if rows_end is None:
        raise ValueError("The sheet's rows do not end: the file is cut short.")
    yield _workbook(others, part, head + pending[: rows_end.start()] + tail)


def _is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def _workbook(others: list[tuple[str, bytes]], part: str, sheet: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as workbook:
        for name, content in others:
            workbook.writestr(name, content)
        workbook.writestr(part, sheet)
    return buffer.getvalue()
