"""Official documents of commendations, as DOCX from a template and PDF from the same content.

Each kind has a shipped template in ``templates/`` (built by ``build_document_templates``)
that an administrator may replace with a DOCX of their own (``DocumentTemplate``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from commendations.documents import decision as decision_module
from commendations.documents import minutes as minutes_module
from commendations.documents import proposal as proposal_module
from commendations.documents import report as report_module
from commendations.models import DocumentTemplate, TemplateKind
from enforcement.report_columns import annex_layouts
from organizations.documents import printing, word
from organizations.documents.content import (
    Annex,
    AnnexLayout,
    Column,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
)

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

# Every template may use these; a kind's list adds its own.
COMMON_PLACEHOLDERS: dict[str, Promise] = {
    "national_name": _("the national name, in capitals"),
    "motto": _("the national motto"),
    "parent_agency": _("the parent of the issuing unit, in capitals (may be empty)"),
    "agency": _("the issuing unit, in capitals, as named on the document's date"),
    "number": _("the number and sign of the document"),
    "place_date": _("the place and date line of the document"),
    "kind": _("the kind of document, in capitals"),
    "subject": _("the subject line"),
    "authority": _("the authority in whose name the body speaks (may be empty)"),
    "preamble": _("list of paragraphs of legal bases: {%p for p in preamble %}{{r p.rich }}"),
    "decides": _("the line opening the body after the legal bases (may be empty)"),
    "body": _("list of paragraphs of the body: {%p for p in body %}{{r p.rich }}; p.text"),
    "recipients": _("list of the recipients of copies"),
    "signer": _("the signer: signer.lines (authority and title), signer.name"),
    "signatures": _("every signature block, each with .lines and .name"),
    "table_title": _("the title of the attached list"),
    "table_subtitle": _("the line under it"),
    "rows": _("the rows of the list: {%tr for row in rows %}, each row with the columns below"),
    "total": _("the total row, with the same columns (empty when there is none)"),
}


@dataclass(frozen=True)
class KindSpec:
    columns: list[Column]
    extra: dict[str, Promise]
    table_attached: bool = True
    two_signatures: bool = False
    # The official forms printed after the document, read when needed: their column titles
    # are translated, and the language is known only then.
    annexes: Callable[[], Sequence[AnnexLayout]] | None = None

    @property
    def placeholders(self) -> dict[str, Promise]:
        return {**COMMON_PLACEHOLDERS, **self.extra}

    def annex_layouts(self) -> Sequence[AnnexLayout]:
        return self.annexes() if self.annexes is not None else ()


ANNEX_HELP = _(
    "an official form: .form_code, .legal_basis, .title, .subtitle, .unit_of_measure, "
    ".place_date, .rows ({%tr for row in KEY.rows %}), .total, .signatures (each with "
    ".lines and .name)"
)


KINDS: dict[str, KindSpec] = {
    TemplateKind.DECISION: KindSpec(
        columns=decision_module.COLUMNS,
        extra={
            "decision_number": _("the decision's number"),
            "reward_total": _("the total reward, in VND with grouping"),
        },
    ),
    TemplateKind.MINUTES: KindSpec(
        columns=minutes_module.COLUMNS,
        extra={"session_title": _("the session's title")},
        table_attached=False,
        two_signatures=True,
    ),
    TemplateKind.PROPOSAL: KindSpec(
        columns=proposal_module.COLUMNS,
        extra={"year": _("the year of the nominations")},
    ),
    TemplateKind.REPORT: KindSpec(
        columns=report_module.COLUMNS,
        extra={"nominee": _("the nominee's name")},
        table_attached=False,
    ),
    TemplateKind.STATISTICS: KindSpec(
        columns=[],
        extra={
            "period": _("the period of the report, in words"),
            "cases": ANNEX_HELP,
            "money": ANNEX_HELP,
            "breakdown_cases": _("the breakdown in cases, when asked for (may be empty)"),
            "breakdown_money": _("the breakdown in money, when asked for (may be empty)"),
        },
        annexes=annex_layouts,
    ),
}


def default_template_path(kind: str) -> Path:
    return TEMPLATE_DIR / f"{kind}.docx"


def template_bytes(kind: str) -> bytes:
    """Return the kind's template: the administrator's upload, else the shipped default."""
    uploaded = DocumentTemplate.objects.filter(kind=kind).first()
    if uploaded is not None and uploaded.file:
        with uploaded.file.open("rb") as stored:
            return stored.read()
    return default_template_path(kind).read_bytes()


def sample_document(kind: str) -> OfficialDocument:
    """Return made-up content of the kind, to try an uploaded template on."""
    spec = KINDS[kind]
    row = {column.key: f"{column.header} 1" for column in spec.columns}
    annex_keys = {layout.key for layout in spec.annex_layouts()}
    return OfficialDocument(
        parent_agency="Bộ Tư pháp",
        agency="Cục Quản lý thi hành án dân sự",
        number="12/QĐ-BTP",
        place="Hà Nội",
        date=datetime.date(2025, 1, 5),
        kind="Quyết định",
        subject="Về việc khen thưởng",
        authority="Bộ trưởng Bộ Tư pháp",
        preamble=[Paragraph.plain("Căn cứ Luật Thi đua, khen thưởng;", italic=True)],
        decides="QUYẾT ĐỊNH:",
        body=[Paragraph.headed("Điều 1.", "Nội dung mẫu.")],
        recipients=["Như Điều 3;", "Lưu: VT."],
        signatures=[Signature(authority="KT. Bộ trưởng", title="Thứ trưởng", name="Nguyễn Văn A")],
        table=Table(columns=spec.columns, rows=[row], total=row, title="DANH SÁCH", subtitle=""),
        annexes={layout.key: _sample_annex(layout) for layout in spec.annex_layouts()},
        extra={key: f"({key})" for key in spec.extra if key not in annex_keys},
    )


def _sample_annex(layout: AnnexLayout) -> Annex:
    row = {column.key: f"{column.header} 1" for column in layout.columns}
    return Annex(
        table=Table(columns=layout.columns, rows=[row], total=row, title="BIỂU", subtitle=""),
        form_code="Biểu số 01",
        unit_of_measure="Đơn vị tính: việc",
        place_date="Hà Nội, ngày 05 tháng 01 năm 2025",
        signatures=[
            Signature(title="Người lập biểu", name="Trần Thị B"),
            Signature(title="Thủ trưởng đơn vị", name="Nguyễn Văn A"),
        ],
    )


def render_docx(kind: str, document: OfficialDocument) -> bytes:
    """Return the document as a DOCX filled in from the kind's template."""
    return word.render(word.load_template(template_bytes(kind)), document.context())


def render_pdf(document: OfficialDocument) -> bytes:
    """Return the document as a PDF with the same content."""
    return printing.document_pdf(document)


def validate_upload(kind: str, data: bytes) -> None:
    """Refuse an uploaded template that is broken, unsafe or uses unknown placeholders."""
    spec = KINDS[kind]
    word.validate_template(data, allowed=spec.placeholders, sample=sample_document(kind).context())


def context_of(document: OfficialDocument) -> dict[str, Any]:
    return document.context()
