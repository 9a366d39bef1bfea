"""The judgment cell: which judgments or court decisions the case enforces, and their court.

``Bản án số: 07/2025/DS-ST ngày 15/08/2025 - TAND KV7 - NA``, ``QĐ công nhận số:
10/2025/QĐ-CNHG-DS ngày 04/06/2025 TAND KV7 - NA``, or a first-instance and an appeal
judgment joined by ``&``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from enforcement.imports.register_cells.values import RegisterCellError, read_date
from organizations.imports.values import clean_text, fold


class JudgmentDocument:
    """The kinds of document a register names (the codes the later import maps)."""

    JUDGMENT = "judgment"  # bản án
    RECOGNITION = "recognition"  # quyết định công nhận (sự thỏa thuận, hòa giải thành)
    DECISION = "decision"  # other court decisions


class Instance:
    """The level of a judgment, read from its number's last code (ST, PT, GĐT, TT)."""

    FIRST = "first"
    APPEAL = "appeal"
    REVIEW = "review"


# How the cell names the document, folded (no diacritics, lower case), longest first.
_DOCUMENTS = (
    ("quyet dinh cong nhan", JudgmentDocument.RECOGNITION),
    ("qd cong nhan", JudgmentDocument.RECOGNITION),
    ("ban an", JudgmentDocument.JUDGMENT),
    ("quyet dinh", JudgmentDocument.DECISION),
    ("qd", JudgmentDocument.DECISION),
)
_INSTANCES = {"st": Instance.FIRST, "pt": Instance.APPEAL, "gdt": Instance.REVIEW}
# The kinds of case in a judgment's number (07/2025/DS-ST) and the judgment kind each is.
_CASE_KINDS = {
    "ds": "civil",
    "hs": "criminal",
    "hc": "administrative",
    "hngd": "marriage_family",
    "hn": "marriage_family",
    "kdtm": "business_commercial",
    "ld": "labour",
    "ps": "bankruptcy",
    # Tuyên bố phá sản (QĐ-TBPS); phán quyết trọng tài (PQ-TT).
    "tbps": "bankruptcy",
    "tt": "arbitration",
}
_ONE = re.compile(
    r"^(?P<document>[^\d:]*?)\s*số\s*:?\s*(?P<number>\d+[a-z]?/(?P<year>\d{4})/[\wĐđ-]+)"
    r"\s*[,;]?\s*ngày\s*:?\s*(?P<date>\d{1,2}[/.-]\d{1,2}[/.-]\d{4})"
    r"\s*(?:của\s+)?[-–,;:]?\s*(?P<court>.*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class JudgmentRef:
    """One judgment or court decision as the register names it."""

    document: str
    number: str
    date: datetime.date
    court: str
    # ``Instance`` of a judgment numbered …-ST / …-PT / …-GĐT, else empty.
    instance: str = ""
    # The judgment kind of its number's case code (DS: civil …), else empty.
    judgment_kind: str = ""


def read_judgment_cell(
    value: object, *, today: datetime.date | None = None
) -> tuple[JudgmentRef, ...]:
    """Read a judgment cell: one judgment, or several joined by ``&``."""
    cell = clean_text(value)
    if not cell:
        raise RegisterCellError(cell, _("expected the judgment: its number, date and court"))
    parts = [part.strip() for part in cell.split("&")]
    if any(not part for part in parts):
        raise RegisterCellError(cell, _("nothing on one side of “&”: expected two judgments"))
    judgments = tuple(_read_one(part, cell=cell, today=today) for part in parts)
    numbers = [judgment.number for judgment in judgments]
    if len(set(numbers)) != len(numbers):
        raise RegisterCellError(cell, _("the same judgment is named twice"))
    return judgments


def _read_one(text: str, *, cell: str, today: datetime.date | None) -> JudgmentRef:
    match = _ONE.match(text)
    if match is None:
        raise RegisterCellError(
            cell,
            _("expected a judgment written as “%(example)s”")
            % {"example": "Bản án số: 07/2025/DS-ST ngày 15/08/2025 - TAND KV7 - NA"},
        )
    named = fold(match.group("document")).strip(" :-")
    document = next((kind for words, kind in _DOCUMENTS if named == words), None)
    if document is None:
        raise RegisterCellError(
            cell,
            _("“%(document)s” is not a judgment or a court decision")
            % {"document": match.group("document").strip() or "…"},
        )
    date = read_date(match.group("date"), today=today, cell=cell)
    number = match.group("number")
    if int(match.group("year")) != date.year:
        raise RegisterCellError(
            cell,
            _("the judgment %(number)s is numbered in %(year)s but dated %(date)s")
            % {"number": number, "year": match.group("year"), "date": f"{date:%d/%m/%Y}"},
        )
    court = match.group("court").strip(" -–,;:")
    if not court:
        raise RegisterCellError(cell, _("expected the court after the date"))
    codes = [fold(code) for code in number.split("/", 2)[2].split("-")]
    instance = next((_INSTANCES[code] for code in reversed(codes) if code in _INSTANCES), "")
    kind = next((_CASE_KINDS[code] for code in codes if code in _CASE_KINDS), "")
    return JudgmentRef(
        document=document,
        number=number,
        date=date,
        court=court,
        instance=instance,
        judgment_kind=kind,
    )
