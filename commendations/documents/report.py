"""The achievement report (Báo cáo thành tích) of a nominee, prefilled from the records.

The report's outline follows the usual model of an achievement report attached to a
nomination (Decree 98/2023/NĐ-CP, then Decree 152/2025/NĐ-CP, annexed forms): who the
nominee is, the achievements, the titles and awards already received, the initiatives, the
yearly ratings and, for an enforcement agency or an enforcer, the enforcement results. The
system fills in what it knows; the nominee finishes the text in Word and signs it.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation

from commendations.documents.decision import parent_agency
from commendations.models import Nomination
from emulation.models import Initiative, TitleAward
from enforcement.selectors import Period, enforcer_statistics, unit_resolution_ratios
from organizations.documents.content import Column, OfficialDocument, Paragraph, Signature, Table
from organizations.formatting import format_percent
from organizations.models import QualityRating
from organizations.selectors import unit_name_on

COLUMNS = [
    Column("year", "Năm", 16, "C"),
    Column("what", "Danh hiệu, hình thức khen thưởng, sáng kiến, xếp loại", 100),
    Column("decision", "Số, ngày quyết định", 49),
]
YEARS_BACK = 5


def _enforcement(nomination: Nomination) -> list[Paragraph]:
    """Return the enforcement results of the nominee's years, where the records hold any."""
    years = range(nomination.year - YEARS_BACK + 1, nomination.year + 1)
    found: list[Paragraph] = []
    for year in years:
        if nomination.unit_id:
            ratio = unit_resolution_ratios(units=[nomination.unit], year=year).get(
                nomination.unit_id
            )
            case_ratio = ratio.case_ratio if ratio else None
        else:
            person = nomination.person
            if not person.unit_id:
                return []
            table = enforcer_statistics(
                units=[person.unit], period=Period(year=year), enforcer_ids=[person.pk]
            )
            case_ratio = table.rows[0].cases.ratio if table.rows else None
        if case_ratio is not None:
            found.append(
                Paragraph.plain(
                    f"- Năm {year}: tỷ lệ giải quyết xong về việc đạt {format_percent(case_ratio)}."
                )
            )
    return found


def _history(nomination: Nomination) -> list[dict[str, str]]:
    who = {"person": nomination.person} if nomination.person_id else {"unit": nomination.unit}
    since = nomination.year - YEARS_BACK + 1
    rows: list[tuple[int, str, str]] = []
    for award in TitleAward.objects.filter(year__gte=since, **who).select_related("title"):
        rows.append((award.year, award.title.name, award.decision_number))
    for rating in QualityRating.objects.filter(year__gte=since, **who):
        rows.append(
            (rating.year, f"Xếp loại: {rating.get_grade_display()}", rating.decision_number)
        )
    if nomination.person_id:
        for initiative in Initiative.objects.filter(person=nomination.person, year__gte=since):
            rows.append(
                (
                    initiative.year,
                    f"Sáng kiến: {initiative.name} (cấp {initiative.get_level_display()})",
                    initiative.decision_number,
                )
            )
    rows.sort(key=lambda row: (row[0], row[1]))
    return [{"year": str(year), "what": what, "decision": number} for year, what, number in rows]


def report_document(nomination: Nomination) -> OfficialDocument:
    """Return the achievement report of the nominee, to finish and sign."""
    day = timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        history = _history(nomination)
        enforcement = _enforcement(nomination)
    nominee = nomination.nominee
    if nomination.person_id:
        person = nomination.person
        about = [
            Paragraph.plain(f"- Họ và tên: {person.full_name}"),
            Paragraph.plain(f"- Chức vụ: {person.position or '…'}"),
            Paragraph.plain(
                "- Đơn vị công tác: " + (unit_name_on(person.unit, day) if person.unit_id else "…")
            ),
        ]
        signer = Signature(title="Người báo cáo thành tích", name=person.full_name)
        home = person.unit if person.unit_id else nomination.nominating_unit
    else:
        about = [Paragraph.plain(f"- Tên tập thể: {unit_name_on(nomination.unit, day)}")]
        signer = Signature(title="Thủ trưởng đơn vị", name="…………………………")
        home = nomination.unit
    body = [
        Paragraph.headed("I.", "SƠ LƯỢC"),
        *about,
        Paragraph.headed("II.", "THÀNH TÍCH ĐẠT ĐƯỢC"),
        Paragraph.plain(nomination.achievements or "…"),
    ]
    if enforcement:
        body += [Paragraph.plain("Kết quả thi hành án:", bold=True), *enforcement]
    body += [
        Paragraph.headed(
            "III.", "CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG, SÁNG KIẾN VÀ XẾP LOẠI (bảng dưới đây)"
        ),
    ]
    return OfficialDocument(
        parent_agency=parent_agency(home, day),
        agency=unit_name_on(home, day),
        number="",
        place="Hà Nội",
        date=day,
        kind="Báo cáo thành tích",
        subject=f"Đề nghị {nomination.proposal.name} năm {nomination.year} cho {nominee}",
        body=body,
        signatures=[signer],
        table=Table(columns=COLUMNS, rows=history, title="QUÁ TRÌNH KHEN THƯỞNG"),
        table_attached=False,
        extra={"nominee": str(nominee)},
    )
