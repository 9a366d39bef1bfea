"""The statistics report as an official document: a cover report and the forms' tables.

The cover follows Decree 30/2020/NĐ-CP (the agency as it was named at the period's end, the
number line left for the registry, place and date, "BÁO CÁO" with its subject, "Nơi nhận",
the head of the agency signing); the forms after it are the report page's tables, from the
same selectors and the same printed (rounded) figures, on landscape pages. It is drafted
from the shared documents layer: DOCX from the replaceable template, PDF from the same
content. Its words are Vietnamese whatever the interface language: it is an official paper.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commendations import documents
from commendations.documents.decision import parent_agency
from commendations.models import TemplateKind
from enforcement.report import ReportHeading, printed_rows
from enforcement.report_columns import (
    BREAKDOWN_CASES,
    BREAKDOWN_MONEY,
    CASES,
    MONEY,
    annex_columns,
    annex_numbers,
    annex_rows,
)
from enforcement.selectors import Period, StatisticsTable
from organizations.documents.content import Annex, OfficialDocument, Paragraph, Signature, Table
from organizations.documents.word import DOCX_CONTENT_TYPE
from organizations.formatting import DASH, format_decimal, format_money, paper_date
from organizations.models import Unit
from organizations.selectors import unit_as_on, unit_name_on

# The number is given by the registry when the report is signed (văn thư): the line keeps
# its place and the sign of the issuer's reports, the ministry's or an enforcement agency's.
NUMBER = "……/BC-THADS"
MINISTRY_NUMBER = "……/BC-BTP"
FORMATS = ("docx", "pdf")
# The positions that make a person the signing head (``enforcement.report.HEAD_POSITIONS``).
HEAD_TITLES = "Cục trưởng, Trưởng Thi hành án dân sự, Chi cục trưởng, Trưởng phòng"


def period_words(period: Period) -> str:
    """Say the period as a report's subject does: "năm 2024", "06 tháng năm 2025"."""
    if period.is_full_year:
        return f"năm {period.year}"
    return f"{period.months:02d} tháng năm {period.year}"


def period_span(period: Period) -> str:
    """Say the days the period runs: "từ ngày 01/10/2023 đến ngày 30/09/2024"."""
    return f"từ ngày {paper_date(period.start)} đến ngày {paper_date(period.end)}"


def _ratio(value: object) -> str:
    return DASH if value is None else f"{format_decimal(value)}%"


def _summary(table: StatisticsTable, *, money: bool) -> Paragraph:
    """Say the total's main lines, as printed in the form (money in thousand đồng)."""
    lines = printed_rows(table, money=money)[-1][1]
    raw = table.total.money if money else table.total.cases
    target = table.total.money_target if money else table.total.case_target
    measure = "nghìn đồng" if money else "việc"
    aim = f" (chỉ tiêu {_ratio(target)})" if target is not None else ""
    return Paragraph.headed(
        "2. Về tiền:" if money else "1. Về việc:",
        f"tổng số phải thi hành {format_money(lines.to_enforce)} {measure}; có điều kiện thi "
        f"hành {format_money(lines.eligible)} {measure}; đã giải quyết xong "
        f"{format_money(lines.resolved)} {measure}, đạt tỷ lệ {_ratio(raw.ratio)}{aim}; "
        f"chuyển kỳ sau {format_money(lines.carried_to_next)} {measure}.",
    )


def _annex(
    table: StatisticsTable,
    heading: ReportHeading,
    *,
    money: bool,
    closing: bool,
    by: str = "",
    chosen: Unit | None = None,
) -> Annex:
    form = heading.of(money=money)
    rows, total = annex_rows(table, money=money, chosen=chosen)
    signatures = []
    if closing:
        preparer, head = heading.signatories
        signatures = [
            Signature(title=preparer.caption, name=preparer.name),
            Signature(authority=head.caption, title=head.title, name=head.name),
        ]
    return Annex(
        table=Table(
            columns=annex_columns(money=money),
            rows=rows,
            total=total,
            title=f"{form.title} – {by.upper()}" if by else form.title,
            subtitle=heading.period,
            numbers=annex_numbers(money=money),
        ),
        form_code=_("Form %(code)s") % {"code": form.form.code} if form.form else "",
        legal_basis=form.form.legal_basis if form.form else "",
        unit_of_measure=form.unit_of_measure,
        place_date=heading.place_and_date if closing else "",
        signatures=signatures,
    )


def _missing(agency: Unit | None, heading: ReportHeading, period: Period) -> None:
    """Refuse to draft a report that has no agency to issue it or no head to sign it."""
    missing = []
    if agency is None:
        missing.append(_("the issuing agency: choose a unit"))
    elif not heading.head.name:
        missing.append(
            _(
                "the head of the agency who signs it: record a person of {unit} whose "
                "position heads it ({titles})"
            ).format(unit=unit_name_on(agency, period.end), titles=HEAD_TITLES)
        )
    if missing:
        raise ValidationError(
            _("The report cannot be drafted: it lacks {missing}.").format(
                missing="; ".join(str(item) for item in missing)
            ),
            code="missing",
        )


def statistics_document(
    *,
    period: Period,
    table: StatisticsTable,
    heading: ReportHeading,
    agency: Unit | None,
    breakdown: StatisticsTable | None = None,
    breakdown_title: str = "",
    chosen: Unit | None = None,
    today: datetime.date | None = None,
) -> OfficialDocument:
    """Return the report of the agency for the period, its forms attached.

    ``heading`` is the page's (``report_heading``) made with Vietnamese active; the agency
    is named as it was called at the period's end, the date is the day it is drafted.
    """
    _missing(agency, heading, period)
    with translation.override(settings.LANGUAGE_CODE):
        dated = unit_as_on(agency, period.end)
        name = dated.name
        place = dated.locality.name if dated.locality is not None else ""
        words = period_words(period)
        body = [
            Paragraph.plain(
                f"Thực hiện chế độ báo cáo thống kê thi hành án dân sự, {name} báo cáo kết "
                f"quả thi hành án dân sự {words} ({period_span(period)}) như sau:"
            ),
            _summary(table, money=False),
            _summary(table, money=True),
            Paragraph.plain("(Chi tiết tại các biểu thống kê kèm theo.)", italic=True),
        ]
        annexes = {
            CASES: _annex(table, heading, money=False, closing=True, chosen=chosen),
            MONEY: _annex(table, heading, money=True, closing=True, chosen=chosen),
        }
        if breakdown is not None:
            for key, money in ((BREAKDOWN_CASES, False), (BREAKDOWN_MONEY, True)):
                annexes[key] = _annex(
                    breakdown, heading, money=money, closing=False, by=breakdown_title
                )
    parent = parent_agency(agency, period.end)
    recipients = [f"{parent} (để báo cáo);"] if parent else []
    return OfficialDocument(
        parent_agency=parent,
        agency=name,
        number=MINISTRY_NUMBER if dated.kind == Unit.Kind.MINISTRY else NUMBER,
        place=place,
        date=today or timezone.localdate(),
        kind="Báo cáo",
        subject=f"Kết quả thi hành án dân sự {words}",
        body=body,
        recipients=[*recipients, "Lưu: VT."],
        signatures=[Signature(title=heading.head.title, name=heading.head.name)],
        annexes=annexes,
        extra={
            "period": words,
            # An optional form left out answers empty to the template's {%p if %}.
            **{key: {} for key in (BREAKDOWN_CASES, BREAKDOWN_MONEY) if key not in annexes},
        },
    )


def render(document: OfficialDocument, file_format: str) -> tuple[bytes, str]:
    """Return the document's bytes and content type: DOCX from the template, or PDF."""
    if file_format == "docx":
        return documents.render_docx(TemplateKind.STATISTICS, document), DOCX_CONTENT_TYPE
    return documents.render_pdf(document), "application/pdf"
