"""The award decision (Quyết định khen thưởng) with its attached list, as the leader recorded it.

The wording follows the usual award decision: the legal bases, "QUYẾT ĐỊNH:", the articles
(what is awarded, the reward money, who carries it out), the recipients, the signer; the
attached list (danh sách kèm theo) names each recipient, their unit, what they receive and
the reward from the decision's lines (Decree 98/2023/NĐ-CP principles of reward money,
computed when the decision was recorded), numbered in the order the leader recorded them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from commendations.models import Certificate, Decision, DecisionLine
from commendations.selectors import decision_list
from commendations.selectors.decisions import DecisionList
from organizations.documents.content import Column, OfficialDocument, Paragraph, Signature, Table
from organizations.formatting import format_money, paper_date
from organizations.selectors import unit_as_on, unit_name_on, unit_names_on

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

COLUMNS = [
    Column("index", "STT", 12, "C"),
    Column("recipient", "Họ và tên / Tập thể", 45),
    Column("unit", "Đơn vị", 45),
    Column("award", "Danh hiệu, hình thức khen thưởng", 38),
    Column("amount", "Tiền thưởng (đồng)", 25, "R"),
]

# The Law on Emulation and Commendation, Law 06/2022/QH15 of 15 June 2022, and the decrees
# detailing it (98/2023/NĐ-CP, then 152/2025/NĐ-CP): named generically so that the text holds
# whichever decree is in force on the decision's date; the clerk adds the exact one in Word.
LEGAL_BASES = [
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ các văn bản quy định chi tiết thi hành Luật Thi đua, khen thưởng;",
]


def parent_agency(unit: object, day: object) -> str:
    """Return the name of the unit's parent on the day, as the heading prints it above."""
    dated = unit_as_on(unit, day)
    if not dated.parent_id:
        return ""
    return unit_name_on(dated.parent, day)


def split_title(title: str) -> Signature:
    """Return a signature block from a recorded title such as "KT. BỘ TRƯỞNG\\nTHỨ TRƯỞNG"."""
    lines = [line.strip() for line in title.splitlines() if line.strip()]
    if len(lines) >= 2:
        return Signature(authority=lines[0], title=" ".join(lines[1:]), name="")
    return Signature(title=lines[0] if lines else "", name="")


def _rows(decision: Decision, listing: DecisionList) -> list[dict[str, str]]:
    """Return the list's rows: the recorded lines, then certificates recorded without one.

    Decisions recorded before reward lines existed list their certificates, without an amount.
    """
    recipients = [
        (line.recipient_name, line.nomination.nominating_unit, line.award_name, line.amount)
        for line in listing.lines
    ] + [
        (
            certificate.recipient_name,
            certificate.nomination.nominating_unit,
            certificate.award_name,
            None,
        )
        for certificate in listing.unlisted
    ]
    units = unit_names_on([unit for _name, unit, _award, _amount in recipients], decision.date)
    return [
        {
            "index": str(index),
            "recipient": name,
            "unit": units[unit.pk],
            "award": award,
            "amount": "–" if amount is None else format_money(amount),
        }
        for index, (name, unit, award, amount) in enumerate(recipients, start=1)
    ]


def decision_document(
    *, decision: Decision, user: AbstractBaseUser | AnonymousUser
) -> OfficialDocument:
    """Return the decision with the list of the recipients the user may see.

    A user who sees only some recipients (their own units) gets an extract of the list,
    titled so, never the others' names.
    """
    listing = decision_list(user=user, decision=decision)
    rows = _rows(decision, listing)
    missing = []
    if not rows:
        missing.append(_("recipients with their rewards"))
    if not decision.signer_name.strip():
        missing.append(_("the signer"))
    if missing:
        raise ValidationError(
            _("The decision cannot be drafted yet: it lacks {missing}.").format(
                missing=", ".join(str(item) for item in missing)
            )
        )
    everyone = (
        DecisionLine.objects.filter(decision=decision).count()
        + Certificate.objects.filter(
            decision=decision, nomination__decision_line__isnull=True
        ).count()
    )
    extract = len(rows) < everyone
    awards: dict[str, int] = {}
    for row in rows:
        awards[row["award"]] = awards.get(row["award"], 0) + 1
    given = "; ".join(f"{award} cho {count} tập thể, cá nhân" for award, count in awards.items())
    body = [
        Paragraph.headed(
            "Điều 1.",
            f"Khen thưởng: {given} có tên trong danh sách kèm theo Quyết định này, "
            "đã có thành tích xuất sắc trong công tác.",
        ),
        Paragraph.headed(
            "Điều 2.",
            f"Tiền thưởng kèm theo theo quy định, tổng cộng {format_money(listing.total)} đồng, "
            "chi từ Quỹ thi đua, khen thưởng.",
        ),
        Paragraph.headed(
            "Điều 3.",
            "Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các đơn vị có liên quan và "
            "các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        ),
    ]
    signature = split_title(decision.signer_title)
    signature.name = decision.signer_name
    list_title = "TRÍCH DANH SÁCH" if extract else "DANH SÁCH"
    table = Table(
        columns=COLUMNS,
        rows=rows,
        total={
            "index": "",
            "recipient": "Tổng cộng",
            "unit": "",
            "award": f"{len(rows)}",
            "amount": format_money(listing.total),
        },
        title=f"{list_title} TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG",
        subtitle=(
            f"(Kèm theo Quyết định số {decision.number} ngày {paper_date(decision.date)} "
            f"của {decision.authority})"
        ),
    )
    return OfficialDocument(
        parent_agency=parent_agency(decision.issuing_unit, decision.date),
        agency=unit_name_on(decision.issuing_unit, decision.date),
        number=decision.number,
        place=decision.place,
        date=decision.date,
        kind="Quyết định",
        subject="Về việc khen thưởng",
        authority=decision.authority,
        preamble=[Paragraph.plain(text, italic=True) for text in LEGAL_BASES],
        decides="QUYẾT ĐỊNH:",
        body=body,
        recipients=["Như Điều 3;", "Lưu: VT, TĐKT."],
        signatures=[signature],
        table=table,
        extra={"decision_number": decision.number, "reward_total": format_money(listing.total)},
    )
