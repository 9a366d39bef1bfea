"""A unit's proposal for commendation (Tờ trình đề nghị khen thưởng) with its list.

It lists the nominations the unit has put forward for a year (submitted and onward, not
drafts, returned or rejected ones), addressed to the unit above it, which decides or
forwards (Law on Emulation and Commendation 2022: the unit proposes, the deciding authority
decides). The number is left for the clerk to give when the letter is registered.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from commendations.documents.decision import LEGAL_BASES, parent_agency
from commendations.models import Nomination
from organizations.documents.content import Column, OfficialDocument, Paragraph, Signature, Table
from organizations.models import Unit
from organizations.selectors import unit_name_on

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

COLUMNS = [
    Column("index", "STT", 12, "C"),
    Column("nominee", "Tập thể, cá nhân được đề nghị", 55),
    Column("proposal", "Danh hiệu, hình thức đề nghị", 50),
    Column("kind", "Loại khen thưởng", 48),
]
PUT_FORWARD = [
    Nomination.Status.SUBMITTED,
    Nomination.Status.IN_REVIEW,
    Nomination.Status.RECOMMENDED,
    Nomination.Status.COUNCIL_VOTE,
    Nomination.Status.APPROVED,
    Nomination.Status.DECIDED,
]
UNSIGNED = "…………………………"


def proposal_document(
    *,
    unit: Unit,
    year: int,
    user: AbstractBaseUser | AnonymousUser,
    day: datetime.date | None = None,
) -> OfficialDocument:
    """Return the unit's proposal for the year, listing the nominations the user may see."""
    day = day or timezone.localdate()
    nominations = list(
        Nomination.objects.for_user(user)
        .filter(nominating_unit=unit, year=year, status__in=PUT_FORWARD)
        .select_related("person", "unit", "proposed_title", "award_form")
        .order_by("submitted_at", "pk")
    )
    if not nominations:
        raise ValidationError(
            _(
                "The proposal cannot be drafted: the unit has put forward no nomination for {year}."
            ).format(year=year)
        )
    agency = unit_name_on(unit, day)
    addressee = parent_agency(unit, day) or "Hội đồng Thi đua - Khen thưởng"
    rows = [
        {
            "index": str(index),
            "nominee": str(nomination.nominee),
            "proposal": nomination.proposal.name,
            "kind": str(nomination.get_commendation_type_display()),
        }
        for index, nomination in enumerate(nominations, start=1)
    ]
    return OfficialDocument(
        parent_agency=parent_agency(unit, day),
        agency=agency,
        number="      /TTr-",
        place="Hà Nội",
        date=day,
        kind="Tờ trình",
        subject=f"Về việc đề nghị khen thưởng năm {year}",
        preamble=[
            Paragraph.plain(f"Kính gửi: {addressee}.", bold=True),
            *(Paragraph.plain(text, italic=True) for text in LEGAL_BASES),
        ],
        body=[
            Paragraph.plain(
                f"{agency} kính trình {addressee} xem xét, khen thưởng cho {len(rows)} tập thể, "
                f"cá nhân đã có thành tích xuất sắc năm {year} (có danh sách và hồ sơ kèm theo)."
            ),
            Paragraph.plain(f"{agency} kính trình {addressee} xem xét, quyết định./."),
        ],
        recipients=["Như trên;", "Lưu: VT."],
        signatures=[Signature(title="Thủ trưởng đơn vị", name=UNSIGNED)],
        table=Table(
            columns=COLUMNS,
            rows=rows,
            title="DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
            subtitle=f"(Kèm theo Tờ trình của {agency})",
        ),
        extra={"year": str(year)},
    )
