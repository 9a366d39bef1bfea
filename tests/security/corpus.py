"""Hostile files and form values, generated in code: nothing binary is committed.

Each file comes with the Vietnamese words its refusal must show, or None when the file is
readable and only has to be handled safely (a clear row report, nothing written).
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass

SCRIPT = "<script>alert('xss')</script>"
FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0"]

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def _cell(reference: str, text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{reference}" t="inlineStr"><is><t>{escaped}</t></is></c>'


def xlsx(sheet_data: str | bytes) -> bytes:
    """Return a minimal workbook whose first sheet holds ``sheet_data`` (rows XML)."""
    if isinstance(sheet_data, str):
        sheet_data = sheet_data.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + sheet_data
            + b"</sheetData></worksheet>",
        )
    return buffer.getvalue()


def _header_row(headers: list[str]) -> str:
    letters = "ABCDEFGHIJKLMNOP"
    return (
        '<row r="1">'
        + "".join(_cell(f"{letters[i]}1", h) for i, h in enumerate(headers))
        + "</row>"
    )


HEADERS = ["Đơn vị", "Mã công chức", "Họ và tên", "Chức vụ", "Số quyết định THA", "Năm"]


def _csv(rows: list[list[str]]) -> str:
    return "\n".join(",".join(row) for row in rows) + "\n"


def _windows_1258(text: str) -> bytes:
    """Encode as Vietnamese Windows does: precomposed letters where it has them, else marks."""
    out = b""
    for character in text:
        try:
            out += character.encode("cp1258")
        except UnicodeEncodeError:
            out += unicodedata.normalize("NFD", character).encode("cp1258", errors="replace")
    return out


@dataclass(frozen=True)
class BadFile:
    """One hostile upload: its name, its bytes, and what the refusal must say (Vietnamese)."""

    key: str  # refusal: one of several "|"-separated phrasings (the first check that fails)
    name: str
    content: bytes
    refusal: str | None
    heavy: bool = False  # large: run through fewer targets to keep the suite fast


def bad_files() -> list[BadFile]:
    """Return the corpus of hostile import files."""
    hostile_row = ["STP-DN", "DN-X1", SCRIPT, "'; DROP TABLE organizations_person; --", "1", "2024"]
    formula_rows = [[formula, formula, formula, formula, formula, formula] for formula in FORMULAS]
    return [
        BadFile(
            "old-excel",
            "so-lieu.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
            "Chỉ nhập được tệp CSV và XLSX",
        ),
        BadFile(
            "exe-as-xlsx",
            "so-lieu.xlsx",
            b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 200,
            "không phải là tệp XLSX hợp lệ",
        ),
        BadFile(
            "exe-as-csv",
            "so-lieu.csv",
            b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 200,
            "không phải tệp văn bản CSV",
        ),
        BadFile(
            "exe-named-exe",
            "so-lieu.exe",
            b"MZ\x90\x00" + b"\0" * 60,
            "Chỉ nhập được tệp CSV và XLSX",
        ),
        BadFile(
            "pdf-as-xlsx",
            "so-lieu.xlsx",
            b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n",
            "không phải là tệp XLSX hợp lệ",
        ),
        BadFile(
            "encrypted-ooxml",
            "so-lieu.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\0" * 56
            + "EncryptedPackage".encode("utf-16-le")
            + b"\0" * 400,
            "không phải là tệp XLSX hợp lệ",
        ),
        BadFile(
            "zip-bomb",
            "so-lieu.xlsx",
            xlsx(b"<row/>" + b" " * (30 * 1024 * 1024)),
            "nén bất thường",
            heavy=True,
        ),
        BadFile(
            "million-empty-rows-xlsx",
            "so-lieu.xlsx",
            xlsx(_header_row(HEADERS) + "".join(f'<row r="{n}"/>' for n in range(2, 1_000_002))),
            "quá xa để đọc an toàn",
            heavy=True,
        ),
        BadFile(
            "far-cell-xlsx",
            "so-lieu.xlsx",
            xlsx(_header_row(HEADERS) + '<row r="1048576">' + _cell("XFD1048576", "x") + "</row>"),
            "quá xa để đọc an toàn",
        ),
        BadFile(
            "formulas-xlsx",
            "so-lieu.xlsx",
            xlsx(
                _header_row(HEADERS)
                + "".join(
                    f'<row r="{n}">' + "".join(_cell(f"{c}{n}", f) for c in "ABCDEF") + "</row>"
                    for n, f in enumerate(FORMULAS, start=2)
                )
            ),
            None,
        ),
        BadFile(
            "csv-utf16", "so-lieu.csv", _csv([HEADERS, hostile_row]).encode("utf-16"), "CSV UTF-8"
        ),
        BadFile(
            "csv-windows-1258",
            "so-lieu.csv",
            _windows_1258(_csv([HEADERS, ["STP-DN", "DN-1", "Lê Văn Đức"]])),
            "CSV UTF-8",
        ),
        BadFile(
            "csv-cp1252",
            "so-lieu.csv",
            _csv([["Unité", "Code", "Nom"], ["STP-DN", "DN-1", "Renée Ñoño – café"]]).encode(
                "cp1252"
            ),
            "CSV UTF-8",
        ),
        BadFile(
            "csv-nul-bytes",
            "so-lieu.csv",
            _csv([HEADERS, ["STP-DN", "DN-1", "Lê\0Văn"]]).encode(),
            "không phải tệp văn bản CSV",
        ),
        BadFile(
            "csv-huge-cell",
            "so-lieu.csv",
            _csv([HEADERS, ["STP-DN", "DN-1", "A" * 50_000]]).encode(),
            "dài hơn|thiếu cột",
        ),
        BadFile(
            "csv-million-blank-lines",
            "so-lieu.csv",
            _csv([HEADERS]).encode() + b"\n" * 1_000_000,
            None,
            heavy=True,
        ),
        BadFile(
            "csv-formulas-and-script",
            "so-lieu.csv",
            ("\ufeff" + _csv([HEADERS, hostile_row, *formula_rows])).encode(),
            None,
        ),
        BadFile("csv-empty", "so-lieu.csv", b"", "rỗng"),
        BadFile(
            "csv-header-only-garbage", "so-lieu.csv", b"\xef\xbb\xbf,,,\n1,2,3\n", "tên các cột"
        ),
    ]


# Values typed into forms by a careless or hostile user.
BAD_TEXT = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE organizations_unit; --",
    "' OR '1'='1",
    "A" * 10_000,
    "Lê\x00Văn",
    "=cmd|' /C calc'!A0",
]
BAD_NUMBERS = ["-1", "-99999999999999999999", "99999999999999999999999999", "1e309", "NaN", "abc"]
BAD_DATES = ["31/02/2024", "00/00/0000", "99999-01-01", "2024-13-45", "29/02/2023", "<script>"]
# Digits str.isdigit() accepts that int() refuses ("²") or reads from other scripts.
BAD_DIGITS = ["²", "٣", "１", "²⁰²⁴", "٢٠٢٤", "２０２４"]
BAD_QUERY = [
    "abc",
    "99999",
    "-1",
    "0",
    "2024abc",
    SCRIPT,
    "' OR 1=1 --",
    "9" * 400,
    "\x00",
    *BAD_DIGITS,
]
# Admin list parameters no list declares: a catastrophic and an invalid regular expression,
# lookups on local and related fields, an unknown name.
BAD_LOOKUPS = {
    "debtor__regex": "(.*)*x",
    "debtor__iregex": "(",
    "pk__regex": "(.*)*x",
    "debtor__icontains": "a",
    "unit__parent__code__startswith": "B",
    "status__gte": "a",
    "zzz": "1",
}
# Orderings outside the list's sortable columns.
BAD_ORDERINGS = ["999", "-999", "0", "x", "²", "1.x", "--1", "9" * 400]
