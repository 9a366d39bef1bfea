"""Read an uploaded CSV or XLSX into a header and rows, refusing what is unsafe or unreadable."""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from organizations.imports.headers import HeaderNotFoundError, HeaderSearch, find_header
from organizations.imports.slices import first_sheet_part, sheet_slices
from organizations.spreadsheets import TITLE_BLOCK_ROWS

CSV_DELIMITERS = ",;\t"
# Sheets bigger than this (their XML, unpacked) are read in slices of about this size. The
# reader's memory grows with the slice (a 16 MB slice of a city's year of cases held 180 MB
# more than the file's rows, a 4 MB slice 76 MB) and its speed does not.
XLSX_SLICE_BYTES = 4 * 1024 * 1024
_ROW_END = re.compile(rb"</(?:\w+:)?row>")
_DIMENSION_ROWS = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+[0-9]+:[A-Z]+([0-9]+)"')
ZIP_SIGNATURE = b"PK\x03\x04"
# A sheet's cell references are scanned this much at a time: each chunk is held three times
# over (read, joined to the last one's tail, cut) with a reference object per cell, so that
# 8 MB chunks made a city's year of cases take 77 MB more than the import itself.
SCAN_BYTES = 1024 * 1024
# More than the longest cell or row reference (` r="XFD1048576"`).
REFERENCE_BYTES = 32


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why in the user's language."""


@dataclass
class Table:
    """What a file holds: its header, then rows numbered as the spreadsheet numbers them."""

    headers: list[str]
    rows: Iterator[tuple[int, list[object]]]
    kind: str
    estimated_rows: int
    # The row the header is on, where problems with the columns are reported.
    header_row: int = 1


def file_kind(name: str) -> str:
    """Return "csv" or "xlsx" for an accepted file name, or refuse it."""
    suffix = Path(name).suffix.lower()
    if suffix in {".csv", ".xlsx"}:
        return suffix[1:]
    raise ImportFileError(_("Only CSV and XLSX files can be imported."))


def read_table(path: Path, *, name: str, header: HeaderSearch | None = None) -> Table:
    """Open the file at ``path`` (uploaded as ``name``) and return its table.

    With a ``header`` search the header is the row naming the import's columns, under a title
    block of any shape (``organizations.imports.headers``); without, it is on row 1 or under
    the title block of our own exports.
    """
    kind = file_kind(name)
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    if size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is too large: at most %(limit)s MB can be imported at once.")
            % {"limit": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    if kind == "xlsx":
        rows, estimated = _read_xlsx(path)
    else:
        rows, estimated = _read_csv(path, header), _count_lines(path)
    if header is not None:
        return _searched_table(rows, header, kind=kind, estimated=estimated)
    try:
        number, first = next(rows)
        if kind == "xlsx":
            number, first = _past_title_block(number, first, rows)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    headers = [("" if cell is None else str(cell)).strip() for cell in first]
    while headers and not headers[-1]:
        headers.pop()
    # Row 1, or the row after our exports' title block: a header of two columns at least.
    after_block = number <= TITLE_BLOCK_ROWS + 1 and sum(bool(header) for header in headers) > 1
    if not any(headers) or (number != 1 and not after_block):
        raise ImportFileError(_("The first row must hold the column names."))
    return Table(
        headers=headers,
        rows=_limited(_non_empty(rows)),
        kind=kind,
        estimated_rows=max(estimated - 1, 0),
    )


def _searched_table(
    rows: Iterator[tuple[int, list[object]]], search: HeaderSearch, *, kind: str, estimated: int
) -> Table:
    try:
        found = find_header(rows, search)
    except HeaderNotFoundError as error:
        raise ImportFileError(str(error)) from None
    if found is None:
        raise ImportFileError(_("The file is empty."))
    header, after = found
    return Table(
        headers=header.cells,
        rows=_limited(_non_empty(after)),
        kind=kind,
        estimated_rows=max(estimated - header.last, 0),
        header_row=header.number,
    )


def _past_title_block(
    number: int, row: list[object], rows: Iterator[tuple[int, list[object]]]
) -> tuple[int, list[object]]:
    """Return the header row, past the title block our own exports open with.

    The block (``organizations.spreadsheets``) is a few rows of one cell at most; a header
    names two columns at least, so a file that starts with its header is read as before.
    """
    first = number, row
    while number <= TITLE_BLOCK_ROWS and sum(cell not in (None, "") for cell in row) <= 1:
        try:
            number, row = next(rows)
        except StopIteration:
            # No header after the block: what there was is read as the header, and refused.
            return first
    return number, row


def _count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as raw:
        while chunk := raw.read(1024 * 1024):
            lines += chunk.count(b"\n")
    return lines


def _non_empty(rows: Iterator[tuple[int, list[object]]]) -> Iterator[tuple[int, list[object]]]:
    for number, row in rows:
        # CSV cells are text, empty when false; a sheet's 0 or FALSE is a value.
        if any(row) or any(cell not in (None, "") for cell in row):
            yield number, row


def _limited(rows: Iterator[tuple[int, list[object]]]) -> Iterator[tuple[int, list[object]]]:
    limit = settings.IMPORT_MAX_ROWS
    for count, item in enumerate(rows, start=1):
        if count > limit:
            raise ImportFileError(
                _("The file has more than %(limit)s rows; split it into smaller files.")
                % {"limit": f"{limit:,}".replace(",", ".")}
            )
        yield item


def _read_csv(path: Path, search: HeaderSearch | None) -> Iterator[tuple[int, list[object]]]:
    with path.open("rb") as raw:
        sample = raw.read(64 * 1024)
        if b"\x00" in sample:
            raise ImportFileError(
                _("This is not a CSV text file. Save the sheet as “CSV UTF-8” and try again.")
            )
        if sample.startswith(ZIP_SIGNATURE):
            raise ImportFileError(_("This file is an Excel workbook: name it .xlsx."))
        try:
            sample.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            # A multi-byte character cut by the sample's end is not an encoding problem.
            if error.start < len(sample) - 4:
                raise ImportFileError(
                    _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
                ) from None
        delimiter = _delimiter(sample.decode("utf-8-sig", errors="replace"), search)
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(text, delimiter=delimiter)
        limit = settings.IMPORT_MAX_CELL_CHARS
        try:
            for number, row in enumerate(reader, start=1):
                if row and max(map(len, row)) > limit:
                    raise ImportFileError(
                        _("Row %(row)s has a cell longer than %(limit)s characters.")
                        % {"row": number, "limit": limit}
                    )
                yield number, row
        except UnicodeDecodeError:
            raise ImportFileError(
                _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
            ) from None
        except csv.Error as error:
            raise ImportFileError(
                _("The CSV file cannot be read: %(error)s") % {"error": error}
            ) from None


def _delimiter(sample: str, search: HeaderSearch | None) -> str:
    """Return the delimiter of a CSV: the one most used on its header's line.

    With a header search, the title lines above the header may hold none: the delimiter is
    the one under which a row of the sample names the most columns.
    """
    if search is not None:
        named = {delimiter: _most_named(sample, delimiter, search) for delimiter in CSV_DELIMITERS}
        best = max(CSV_DELIMITERS, key=named.__getitem__)
        if named[best] > 0:
            return best
    first_line = sample.split("\n", 1)[0]
    return max(CSV_DELIMITERS, key=first_line.count)


def _most_named(sample: str, delimiter: str, search: HeaderSearch) -> int:
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    most = 0
    try:
        for row in itertools.islice(reader, search.rows):
            most = max(most, search.named(row))
    except csv.Error:
        # The sample's end may cut a quoted cell: the rows read so far tell.
        pass
    return most


def check_xlsx_archive(path: Path) -> None:
    """Refuse archives that are not workbooks or would inflate beyond the limits."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ImportFileError(_("This is not a valid XLSX workbook.")) from None
    with archive:
        members = archive.infolist()
        if len(members) > settings.IMPORT_XLSX_MAX_MEMBERS:
            raise ImportFileError(_("The workbook has too many parts to be safe to open."))
        names = {member.filename for member in members}
        if "xl/workbook.xml" not in names:
            raise ImportFileError(_("This is not a valid XLSX workbook."))
        total = 0
        for member in members:
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > 1024 * 1024 and ratio > settings.IMPORT_XLSX_MAX_RATIO:
                raise ImportFileError(
                    _("The workbook is compressed suspiciously well and was not opened.")
                )
        if total > settings.IMPORT_XLSX_MAX_UNCOMPRESSED:
            raise ImportFileError(_("The workbook is too large once unpacked."))
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                _check_sheet_area(archive, member)


# Cell and row references of a sheet's XML: r="AB12" on cells, r="12" on rows.
_ROW_REFERENCE = re.compile(rb' r="[A-Z]{0,3}([0-9]{1,7})"')
_WIDE_COLUMN = re.compile(rb' r="([A-Z]{2,3})[0-9]')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_sheet_area(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Refuse a sheet whose used area (A1 to its farthest cell) the reader could not hold."""
    # The reader allocates every cell of that rectangle, even empty ones, before reading a
    # row: one cell at XFD1048576 in a 2 KB file would make it abort the whole process.
    last_row, last_column, tail = 0, 26, b""
    with archive.open(member) as sheet:
        while chunk := sheet.read(SCAN_BYTES):
            text = tail + chunk
            # The next chunk reads again from the last element begun here; within an element
            # longer than a chunk (none begun after its start), from its last few bytes, so a
            # reference cut by the chunk's end is read whole.
            cut = text.rfind(b"<")
            text, tail = (text[:cut], text[cut:]) if cut > 0 else (text, text[-REFERENCE_BYTES:])
            rows = _ROW_REFERENCE.findall(text)
            if rows:
                last_row = max(last_row, max(map(int, rows)))
            for letters in set(_WIDE_COLUMN.findall(text)):
                last_column = max(last_column, _column_number(letters))
    if last_row * last_column > settings.IMPORT_XLSX_MAX_CELLS:
        raise ImportFileError(
            _(
                "The sheet's cells reach row %(row)s, too far to be read safely. Delete the "
                "empty rows and columns after the data and try again."
            )
            % {"row": last_row}
            if last_column <= 26
            else _(
                "The sheet's cells reach row %(row)s and column %(column)s, too far to be read "
                "safely. Delete the empty rows and columns after the data and try again."
            )
            % {"row": last_row, "column": last_column}
        )


def _read_xlsx(path: Path) -> tuple[Iterator[tuple[int, list[object]]], int]:
    check_xlsx_archive(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        with zipfile.ZipFile(path) as archive:
            part = first_sheet_part(archive)
            sizes = {member.filename: member.file_size for member in archive.infolist()}
        if part is None or sizes.get(part, 0) <= XLSX_SLICE_BYTES:
            sheet = workbook.get_sheet_by_index(0)
            return _xlsx_rows(workbook, sheet), sheet.height
    except (CalamineError, OSError, ValueError, IndexError, KeyError, zipfile.BadZipFile):
        raise ImportFileError(_("This is not a valid XLSX workbook.")) from None
    workbook.close()
    # A big sheet is read a slice of rows at a time: the reader holds only that slice.
    return _sliced_rows(path, part), _declared_rows(path, part)


def _xlsx_rows(workbook: CalamineWorkbook, sheet: object) -> Iterator[tuple[int, list[object]]]:
    try:
        # iter_rows() starts at the sheet's first row, used or not, and at its first used
        # column: the cells are put back in their columns.
        left = [""] * (sheet.start or (0, 0))[1]
        for offset, row in enumerate(sheet.iter_rows()):
            yield offset + 1, _checked(left + row if left else row, offset + 1)
    except CalamineError:
        raise ImportFileError(_("This is not a valid XLSX workbook.")) from None
    finally:
        workbook.close()


def _sliced_rows(path: Path, part: str) -> Iterator[tuple[int, list[object]]]:
    try:
        with zipfile.ZipFile(path) as archive:
            slices = sheet_slices(archive, part, slice_bytes=XLSX_SLICE_BYTES)
            if slices is None:
                # A layout the slicer does not know: read the sheet whole.
                workbook = CalamineWorkbook.from_path(str(path))
                yield from _xlsx_rows(workbook, workbook.get_sheet_by_index(0))
                return
            for piece in slices:
                workbook = CalamineWorkbook.from_filelike(io.BytesIO(piece))
                try:
                    sheet = workbook.get_sheet_by_index(0)
                    top, left = sheet.start or (0, 0)
                    padding = [""] * left
                    for offset, row in enumerate(sheet.to_python(skip_empty_area=True)):
                        number = top + offset + 1
                        yield number, _checked(padding + row if left else row, number)
                finally:
                    workbook.close()
    except (CalamineError, OSError, ValueError, zipfile.BadZipFile, zlib.error):
        raise ImportFileError(_("This is not a valid XLSX workbook.")) from None


def _checked(row: list[object], number: int) -> list[object]:
    limit = settings.IMPORT_MAX_CELL_CHARS
    for cell in row:
        if isinstance(cell, str) and len(cell) > limit:
            raise ImportFileError(
                _("Row %(row)s has a cell longer than %(limit)s characters.")
                % {"row": number, "limit": limit}
            )
    return row


def _declared_rows(path: Path, part: str) -> int:
    # Only the progress bar's total relies on this: the sheet's declared last row, or else
    # its size over the size of its first rows.
    with zipfile.ZipFile(path) as archive, archive.open(part) as sheet:
        size = archive.getinfo(part).file_size
        opening = sheet.read(1024 * 1024)
    declared = _DIMENSION_ROWS.search(opening)
    if declared:
        return int(declared.group(1))
    rows = len(_ROW_END.findall(opening))
    return size * rows // len(opening) if rows else 0
