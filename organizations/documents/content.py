"""What an official document says, once, for both its DOCX and its PDF.

The layout follows Decree 30/2020/NĐ-CP on clerical work, Appendix I, Part I (thể thức và kỹ
thuật trình bày văn bản hành chính):

- I.1–4: A4 portrait; margins top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm; the
  Vietnamese Times New Roman font in Unicode (TCVN 6909:2001), black.
- II.1: the national name "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in capitals, 12–13 pt, upright,
  bold, top right of the first page; the motto "Độc lập - Tự do - Hạnh phúc" 13–14 pt bold,
  centred below it, with a solid line under it as long as the motto.
- II.2: the issuing agency top left, its parent agency above it in capitals 12–13 pt upright,
  its own name in capitals 12–13 pt bold, a line below it a third to a half as long.
- II.3: "Số:" with the number and sign, 13 pt, centred under the agency.
- II.4: "<place>, ngày … tháng … năm …" 13–14 pt italic under the motto; a day below 10 and
  the months January and February are written with a leading 0.
- II.5: the kind of document in capitals 13–14 pt bold, centred; its subject 14 pt bold
  below it.
- II.6: the body 13–14 pt, justified, first lines indented 1–1.27 cm.
- II.7: the signer's authority (TM., KT., Q.) and title in capitals 13–14 pt bold, the name
  13–14 pt bold below the room left for the signature.
- II.9: "Nơi nhận:" 12 pt bold italic, the list of recipients 11 pt upright.

A document's words are Vietnamese whatever the interface language: it is an official paper.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from docxtpl import RichText

# Decree 30/2020/NĐ-CP, Appendix I, Part I, II.1: the national name and motto, word for word.
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_LABEL = "Nơi nhận:"
FONT_NAME = "Times New Roman"
BODY_SIZE = 13


def nfc(text: object) -> str:
    """Return text in composed (NFC) form: one code point per Vietnamese letter."""
    return unicodedata.normalize("NFC", str(text))


def place_and_date(place: str, day: datetime.date) -> str:
    """Return the place and date line: "Hà Nội, ngày 05 tháng 01 năm 2025" (II.4).

    A unit with no recorded locality gets the date alone, for the clerk to add the place.
    """
    if not place:
        return nfc(f"Ngày {day.day:02d} tháng {day.month:02d} năm {day.year}")
    return nfc(f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}")


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph in one style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Paragraph:
    """A paragraph of the body, justified, made of runs (a bold "Điều 1." then plain text)."""

    runs: list[Run]

    @classmethod
    def plain(cls, text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
        return cls([Run(nfc(text), bold=bold, italic=italic)])

    @classmethod
    def headed(cls, head: str, text: str) -> Paragraph:
        """Return a paragraph led by a bold head: "Điều 1." or "1."."""
        return cls([Run(nfc(head), bold=True), Run(nfc(" " + text))])

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def rich(self) -> RichText:
        """Return the paragraph for a DOCX template (``{{r p.rich }}``)."""
        rich = RichText()
        for run in self.runs:
            rich.add(run.text, bold=run.bold, italic=run.italic, font=FONT_NAME, size=26)
        return rich


@dataclass
class Signature:
    """A signature block: authority and title in capitals, the name below (II.7)."""

    title: str
    name: str
    authority: str = ""

    @property
    def lines(self) -> list[str]:
        return [nfc(line.upper()) for line in (self.authority, self.title) if line]


@dataclass
class Column:
    key: str
    header: str
    width: float  # millimetres on the PDF page
    align: str = "L"


@dataclass
class Table:
    """A list attached to a document (danh sách kèm theo) or a table in its body."""

    columns: list[Column]
    rows: list[dict[str, str]]
    total: dict[str, str] | None = None
    title: str = ""
    subtitle: str = ""
    # The row under the headers that numbers the columns of an official form: "(1)", "(2)"…
    numbers: dict[str, str] | None = None


@dataclass(frozen=True)
class AnnexLayout:
    """How a template lays out an annex: its placeholder, its columns, whether it may be absent.

    The shipped template prints the annex under ``key`` with these columns; an optional annex
    is left out when the document has none (``{%p if key %}``); ``closing`` adds the form's
    two signatures (``key.signatures[0]`` and ``[1]``) with the date over the second.
    """

    key: str
    columns: list[Column]
    numbers: dict[str, str] = field(default_factory=dict)
    optional: bool = False
    closing: bool = False


@dataclass
class Annex:
    """A table in an official form (biểu) attached after the signature, on landscape pages.

    A report's statistics forms carry their own heading (the form's code and legal basis,
    the unit of measure) and, when given, their own closing block (preparer and head).
    """

    table: Table
    form_code: str = ""
    legal_basis: str = ""
    unit_of_measure: str = ""
    place_date: str = ""
    signatures: list[Signature] = field(default_factory=list)

    def context(self) -> dict[str, Any]:
        """Return the annex's placeholders: one dict the DOCX template reads by key."""
        return {
            "title": nfc(self.table.title),
            "subtitle": nfc(self.table.subtitle),
            "form_code": nfc(self.form_code),
            "legal_basis": nfc(self.legal_basis),
            "unit_of_measure": nfc(self.unit_of_measure),
            "place_date": nfc(self.place_date),
            "rows": self.table.rows,
            "total": self.table.total or {},
            "signatures": [
                {"lines": signature.lines, "name": nfc(signature.name)}
                for signature in self.signatures
            ],
        }


@dataclass
class OfficialDocument:
    """The parts of an administrative document, as Decree 30/2020 lays them out."""

    parent_agency: str
    agency: str
    number: str
    place: str
    date: datetime.date
    kind: str
    subject: str
    body: list[Paragraph]
    signatures: list[Signature]
    recipients: list[str] = field(default_factory=list)
    preamble: list[Paragraph] = field(default_factory=list)
    # The authority in whose name the body speaks: "BỘ TRƯỞNG BỘ TƯ PHÁP", before "QUYẾT ĐỊNH:".
    authority: str = ""
    # The line that opens the body after the preamble: "QUYẾT ĐỊNH:".
    decides: str = ""
    table: Table | None = None
    # An attached list prints on pages of its own after the signature; else in the body.
    table_attached: bool = True
    # Official forms printed after the document on landscape pages, each under its key.
    annexes: dict[str, Annex] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def place_date(self) -> str:
        return place_and_date(self.place, self.date)

    def context(self) -> dict[str, Any]:
        """Return the placeholders of the DOCX template, the same content the PDF prints."""
        table = self.table
        signatures = [
            {"lines": signature.lines, "name": nfc(signature.name)} for signature in self.signatures
        ]
        return {
            "national_name": NATIONAL_NAME,
            "motto": MOTTO,
            "parent_agency": nfc(self.parent_agency.upper()),
            "agency": nfc(self.agency.upper()),
            "number": nfc(self.number),
            "place_date": self.place_date,
            "kind": nfc(self.kind.upper()),
            "subject": nfc(self.subject),
            "authority": nfc(self.authority.upper()),
            "preamble": self.preamble,
            "decides": nfc(self.decides),
            "body": self.body,
            "recipients": [nfc(line) for line in self.recipients],
            "signer": signatures[-1] if signatures else {"lines": [], "name": ""},
            "signatures": signatures,
            "table_title": nfc(table.title) if table else "",
            "table_subtitle": nfc(table.subtitle) if table else "",
            "rows": table.rows if table else [],
            "total": table.total if table and table.total else {},
            **{key: annex.context() for key, annex in self.annexes.items()},
            **self.extra,
        }
