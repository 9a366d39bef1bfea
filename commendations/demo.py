"""Demo data of commendations: the ministry's council, nominations in every state, a decision.

What is published in the sector's news: the Ministry of Justice awarded its Certificate of
Merit to the Department of Justice of Đà Nẵng, the 2024 cluster head. Everything else is
invented for the demo: the council's members, the sessions and votes, the decision's number
(1234/QĐ-BTP, the example of the issue), its date and signer, and the other nominations.
Every step goes through the services, so the demo's history reads as real work would:
``reviewer.moj`` finds nominations to take and to put to the vote, ``council.moj`` a session
with votes still to cast, ``leader.moj`` an approved nomination to decide, and
``officer.danang`` a returned nomination to fix and a draft held back by its quota.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from commendations import services
from commendations.demo_dossier import dossier_complete, dossier_pdf
from commendations.models import (
    AwardForm,
    Certificate,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
    DossierFile,
    Nomination,
    NominationEvent,
    Vote,
)
from emulation.models import Level, Title
from organizations.models import Person, Unit
from organizations.roles import Role
from organizations.services import membership_grant

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

Status = Nomination.Status
YEAR = 2024
COUNCIL_NAME = "Hội đồng Thi đua – Khen thưởng Bộ Tư pháp"
FIRST_SESSION = "Phiên họp thứ nhất năm 2025: xét khen thưởng thành tích năm 2024"
SECOND_SESSION = "Phiên họp thứ hai năm 2025: xét danh hiệu và Bằng khen năm 2024"
DECISION_NUMBER = "1234/QĐ-BTP"
DECISION_DATE = datetime.date(2025, 1, 15)
SIGNER = ("Bộ trưởng", "Phan Đức Nghĩa")

# username, full name, staff code, position in the ministry, position in the council
COUNCIL = [
    ("hdtdkt.chutich", "Hồ Quang Huy", "BTP-101", "Thứ trưởng", CouncilMember.Position.CHAIR),
    (
        "hdtdkt.phochutich",
        "Ngô Thị Bích Ngọc",
        "BTP-102",
        "Vụ trưởng Vụ Thi đua – Khen thưởng",
        CouncilMember.Position.VICE_CHAIR,
    ),
    ("council.moj", "Võ Đức Thành", "BTP-103", "Vụ trưởng Vụ Tổ chức cán bộ", "member"),
    ("hdtdkt.uyvien1", "Đinh Công Sáu", "BTP-104", "Chánh Văn phòng Bộ", "member"),
    ("hdtdkt.uyvien2", "Tạ Thị Thu Hằng", "BTP-105", "Cục trưởng Cục Bổ trợ tư pháp", "member"),
    ("hdtdkt.uyvien3", "Lâm Văn Khoa", "BTP-106", "Chủ tịch Công đoàn Bộ", "member"),
    (
        "hdtdkt.thuky",
        "Kiều Minh Phương",
        "BTP-107",
        "Phó Vụ trưởng Vụ Thi đua – Khen thưởng",
        CouncilMember.Position.SECRETARY_MEMBER,
    ),
]
ABSENT = "hdtdkt.uyvien3"


@dataclass(frozen=True)
class DemoNomination:
    """A demo nomination: who proposes whom for what, and how far it goes."""

    nominating_unit: str
    proposal: str  # an award form's or a title's code
    achievements: str
    by: str  # the username that drafts and submits it
    staff_code: str = ""
    unit: str = ""
    return_comment: str = ""
    votes: dict[str, str] = field(default_factory=dict)


def _n(
    nominating: str, proposal: str, achievements: str, by: str, **kwargs: object
) -> DemoNomination:
    return DemoNomination(nominating, proposal, achievements, by, **kwargs)


ALL_YES = {username: "yes" for username, *_rest in COUNCIL}
DECIDED = _n(
    "STP-DN",
    "minister_certificate",
    "Đơn vị Trưởng Cụm thi đua các Sở Tư pháp, Cục Thi hành án dân sự các thành phố trực "
    "thuộc Trung ương năm 2024, dẫn đầu Cụm với 98,21 điểm; thẩm định 72 dự thảo văn bản quy "
    "phạm pháp luật, tham mưu ban hành 74 văn bản; 55/56 xã, phường đạt chuẩn tiếp cận pháp "
    "luật (98,2%).",
    "officer.danang",
    unit="STP-DN",
    votes=ALL_YES,
)
APPROVED = _n(
    "BTP",
    "minister_certificate",
    "Tỷ lệ thi hành xong về việc đạt 85,79%, vượt 2,54 điểm phần trăm so với chỉ tiêu được "
    "giao (83,25%); hoàn thành toàn bộ chỉ tiêu về tiền năm 2024.",
    "admin",
    unit="THADS-DN",
    votes={**ALL_YES, "hdtdkt.uyvien2": "abstain"},
)
REJECTED = _n(
    "BTP",
    "minister_certificate",
    "Hoàn thành các chỉ tiêu công tác tư pháp năm 2024.",
    "admin",
    unit="STP-HP",
    votes={
        "hdtdkt.chutich": "no",
        "hdtdkt.phochutich": "yes",
        "council.moj": "no",
        "hdtdkt.uyvien1": "yes",
        "hdtdkt.uyvien2": "abstain",
        "hdtdkt.uyvien3": "yes",
        "hdtdkt.thuky": "no",
    },
)
# Before the open session: council.moj and one more member still have to vote.
FIGHTER = _n(
    "STP-DN",
    "ministry_emulation_fighter",
    "Ba năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở (2022–2024); chủ trì sáng kiến "
    "“Số hóa quy trình thẩm định dự thảo văn bản quy phạm pháp luật” được công nhận cấp Bộ "
    "năm 2023.",
    "officer.danang",
    staff_code="DN-STP-003",
    votes={
        "hdtdkt.chutich": "yes",
        "hdtdkt.phochutich": "yes",
        "hdtdkt.uyvien1": "yes",
        "hdtdkt.uyvien3": "yes",
    },
)
CERTIFICATE_PERSON = _n(
    "STP-DN",
    "minister_certificate",
    "Hai năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở (2023, 2024); sáng kiến “Bản đồ "
    "số xã, phường đạt chuẩn tiếp cận pháp luật” được công nhận cấp Bộ năm 2024.",
    "officer.danang",
    staff_code="DN-STP-002",
    votes={"hdtdkt.chutich": "yes", "hdtdkt.phochutich": "yes", "hdtdkt.thuky": "yes"},
)
RECOMMENDED = _n(
    "BTP",
    "minister_certificate",
    "Tỷ lệ xã, phường đạt chuẩn tiếp cận pháp luật 98,4%; thẩm định 121 dự thảo văn bản quy "
    "phạm pháp luật năm 2024.",
    "admin",
    unit="STP-HCM",
)
IN_REVIEW = _n(
    "BTP",
    "minister_certificate",
    "Tỷ lệ thi hành xong về việc đạt 83,64%, vượt chỉ tiêu được giao (83,45%).",
    "admin",
    unit="THADS-HN",
)
SUBMITTED = [
    _n(
        "BTP",
        "minister_certificate",
        "Tỷ lệ thi hành xong về việc đạt 83,30%, vượt chỉ tiêu được giao (83,25%).",
        "admin",
        unit="THADS-CT",
    ),
    _n(
        "BTP",
        "unit_head_letter",
        "Đạt danh hiệu Chiến sĩ thi đua cơ sở năm 2024; sáng kiến “Quy trình phối hợp kiểm tra "
        "văn bản giữa các sở”.",
        "admin",
        staff_code="HN-STP-003",
    ),
]
RETURNED = _n(
    "STP-DN",
    "unit_head_letter",
    "Hoàn thành tốt nhiệm vụ được giao; Lao động tiên tiến ba năm liền.",
    "officer.danang",
    staff_code="DN-STP-001",
    return_comment="Đề nghị bổ sung báo cáo thành tích có xác nhận của Thủ trưởng đơn vị và "
    "biên bản họp Hội đồng Thi đua – Khen thưởng của Sở.",
)
DRAFT = _n(
    "STP-DN",
    "grassroots_emulation_fighter",
    "Lao động tiên tiến năm 2023, 2024; sáng kiến “Mẫu báo cáo thống kê hòa giải dùng chung”.",
    "officer.danang",
    staff_code="DN-STP-004",
)


def _user(username: str) -> AbstractUser:
    return get_user_model().objects.get(username=username)


def _proposal(code: str) -> dict[str, object]:
    form = AwardForm.objects.filter(code=code).first()
    if form is not None:
        return {"award_form": form}
    return {"proposed_title": Title.objects.get(code=code)}


def _find(spec: DemoNomination) -> Nomination | None:
    nominee = (
        {"person__staff_code": spec.staff_code} if spec.staff_code else {"unit__code": spec.unit}
    )
    return Nomination.objects.filter(
        year=YEAR, nominating_unit__code=spec.nominating_unit, **nominee, **_proposal(spec.proposal)
    ).first()


def _draft(spec: DemoNomination) -> Nomination:
    author = _user(spec.by)
    person = Person.objects.get(staff_code=spec.staff_code) if spec.staff_code else None
    unit = Unit.objects.get(code=spec.unit) if spec.unit else None
    initiatives = list(person.initiatives.filter(year__lte=YEAR)) if person is not None else []
    nomination = services.nomination_create(
        user=author,
        year=YEAR,
        nominating_unit=Unit.objects.get(code=spec.nominating_unit),
        person=person,
        unit=unit,
        achievements=spec.achievements,
        initiatives=initiatives,
        **_proposal(spec.proposal),
    )
    nominee = person.full_name if person else unit.name
    # The letter and the report always; then what else the proposal's checklist requires.
    dossier_complete(
        user=author,
        nomination=nomination,
        lines=[
            f"Đề nghị: {nomination.proposal.name} năm {YEAR}",
            f"Cho: {nominee}",
            "",
            spec.achievements,
        ],
        always=(DossierFile.Kind.PROPOSAL_LETTER, DossierFile.Kind.ACHIEVEMENT_REPORT),
    )
    return nomination


def _to_recommended(spec: DemoNomination, reviewer: AbstractUser) -> Nomination:
    nomination = _draft(spec)
    services.nomination_submit(user=_user(spec.by), nomination=nomination)
    services.nomination_take(user=reviewer, nomination=nomination)
    return services.nomination_recommend(
        user=reviewer,
        nomination=nomination,
        comment="Hồ sơ đầy đủ, đủ điều kiện theo quy định; đề nghị Hội đồng xét.",
    )


def _council() -> tuple[Council, dict[str, CouncilMember]]:
    ministry = Unit.objects.get(code="BTP")
    council, _created = Council.objects.get_or_create(
        name=COUNCIL_NAME,
        # The ministry's council advises the Minister and proposes national forms upwards.
        defaults={
            "unit": ministry,
            "established_by": "Quyết định số 100/QĐ-BTP (mẫu)",
            "level": Level.NATIONAL,
        },
    )
    members = {}
    user_model = get_user_model()
    for order, (username, full_name, staff_code, position, seat) in enumerate(COUNCIL, start=1):
        user, created = user_model.objects.get_or_create(username=username)
        if created:
            # Members without a demo login: their votes are recorded by the secretary.
            user.set_unusable_password()
        user.first_name, user.last_name, user.is_staff = full_name, "", True
        user.save()
        membership_grant(user=user, unit=ministry, role=Role.COUNCIL_MEMBER)
        person, _created = Person.objects.update_or_create(
            staff_code=staff_code,
            defaults={"full_name": full_name, "unit": ministry, "position": position},
        )
        if person.user_id != user.pk:
            Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
            person.user = user
            person.save()
        members[username], _created = CouncilMember.objects.update_or_create(
            council=council,
            user=user,
            defaults={"person": person, "position": seat, "order": order},
        )
    return council, members


def _session(
    council: Council, title: str, held_on: datetime.date, secretary: AbstractUser
) -> CouncilSession:
    session = CouncilSession.objects.filter(council=council, title=title).first()
    if session is None:
        session = services.council_session_create(
            user=secretary, council=council, title=title, held_on=held_on, place="Hà Nội"
        )
    return session


def _ballot(
    session: CouncilSession, nomination: Nomination, member: CouncilMember, choice: str
) -> SimpleUploadedFile:
    content = dossier_pdf(
        "PHIẾU BIỂU QUYẾT",
        [
            session.title,
            f"Thành viên Hội đồng: {member.name}",
            f"Đối tượng đề nghị: {nomination.nominee} — {nomination.proposal}",
            f"Ý kiến: {Vote.Choice(choice).label}",
            "(Đã ký)",
        ],
    )
    name = f"phieu-bieu-quyet-{member.user.get_username()}.pdf"
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _vote(
    session: CouncilSession,
    nomination: Nomination,
    members: dict[str, CouncilMember],
    votes: dict[str, str],
    secretary: AbstractUser,
) -> None:
    for username, choice in votes.items():
        member = members[username]
        if Vote.objects.filter(session=session, nomination=nomination, member=member).exists():
            continue
        if username == ABSENT:
            services.vote_cast(
                user=secretary,
                session=session,
                nomination=nomination,
                choice=choice,
                member=member,
                ballot=_ballot(session, nomination, member, choice),
            )
        else:
            services.vote_cast(
                user=member.user, session=session, nomination=nomination, choice=choice
            )


def _first_session(
    council: Council, members: dict[str, CouncilMember], reviewer: AbstractUser
) -> CouncilSession:
    session = _session(council, FIRST_SESSION, datetime.date(2025, 1, 8), reviewer)
    if not session.is_open:
        return session
    present = [member for username, member in members.items() if username != ABSENT]
    services.council_session_set_presence(user=reviewer, session=session, present=present)
    for spec in (DECIDED, APPROVED, REJECTED):
        nomination = _find(spec) or _to_recommended(spec, reviewer)
        if nomination.status == Status.RECOMMENDED:
            services.nomination_put_to_vote(user=reviewer, nomination=nomination, session=session)
            nomination.refresh_from_db()
        if nomination.council_session_id == session.pk:
            _vote(session, nomination, members, spec.votes, reviewer)
    return services.council_session_close(user=reviewer, session=session)


def _decision(leader: AbstractUser) -> Decision:
    decision = Decision.objects.filter(number=DECISION_NUMBER).first()
    if decision is not None:
        return decision
    nomination = _find(DECIDED)
    return services.decision_record(
        user=leader,
        number=DECISION_NUMBER,
        date=DECISION_DATE,
        issuing_unit=Unit.objects.get(code="BTP"),
        authority="Bộ trưởng Bộ Tư pháp",
        signer_title=SIGNER[0],
        signer_name=SIGNER[1],
        nominations=[nomination],
    )


def _second_session(
    council: Council, members: dict[str, CouncilMember], reviewer: AbstractUser
) -> CouncilSession:
    session = _session(council, SECOND_SESSION, datetime.date(2025, 3, 12), reviewer)
    if not session.is_open:
        return session
    present = [member for username, member in members.items() if username != ABSENT]
    if set(session.present.values_list("pk", flat=True)) != {m.pk for m in present}:
        services.council_session_set_presence(user=reviewer, session=session, present=present)
    for spec in (FIGHTER, CERTIFICATE_PERSON):
        nomination = _find(spec) or _to_recommended(spec, reviewer)
        if nomination.status == Status.RECOMMENDED:
            services.nomination_put_to_vote(user=reviewer, nomination=nomination, session=session)
            nomination.refresh_from_db()
        if nomination.council_session_id == session.pk and nomination.status == Status.COUNCIL_VOTE:
            _vote(session, nomination, members, spec.votes, reviewer)
    return session


def _waiting(reviewer: AbstractUser) -> None:
    if _find(RECOMMENDED) is None:
        _to_recommended(RECOMMENDED, reviewer)
    if _find(IN_REVIEW) is None:
        nomination = _draft(IN_REVIEW)
        services.nomination_submit(user=_user(IN_REVIEW.by), nomination=nomination)
        services.nomination_take(user=reviewer, nomination=nomination)
    for spec in SUBMITTED:
        if _find(spec) is None:
            services.nomination_submit(user=_user(spec.by), nomination=_draft(spec))
    if _find(RETURNED) is None:
        nomination = _draft(RETURNED)
        services.nomination_submit(user=_user(RETURNED.by), nomination=nomination)
        services.nomination_take(user=reviewer, nomination=nomination)
        services.nomination_return(
            user=reviewer, nomination=nomination, comment=RETURNED.return_comment
        )
    if _find(DRAFT) is None:
        _draft(DRAFT)


def _backdate(since: datetime.datetime) -> None:
    # Events are stamped when the demo runs; spread this run's over the real calendar instead.
    dates = {
        Status.DRAFT: datetime.datetime(2024, 12, 10, 9, 0, tzinfo=datetime.UTC),
        Status.SUBMITTED: datetime.datetime(2024, 12, 18, 8, 30, tzinfo=datetime.UTC),
        Status.IN_REVIEW: datetime.datetime(2024, 12, 23, 2, 15, tzinfo=datetime.UTC),
        Status.RETURNED: datetime.datetime(2024, 12, 26, 7, 40, tzinfo=datetime.UTC),
        Status.RECOMMENDED: datetime.datetime(2024, 12, 30, 3, 5, tzinfo=datetime.UTC),
    }
    for status, at in dates.items():
        NominationEvent.objects.filter(to_status=status, at__gte=since).update(at=at)
    Nomination.objects.filter(submitted_at__gte=since).update(submitted_at=dates[Status.SUBMITTED])


def load_commendations() -> dict[str, object]:
    """Create the council, the nominations in every state and the decided certificate, once."""
    # The demo's steps would e-mail their submitters: keep the console quiet instead.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return _load()


@transaction.atomic
def _load() -> dict[str, object]:
    since = timezone.now()
    reviewer = _user("reviewer.moj")
    council, members = _council()
    _first_session(council, members, reviewer)
    decision = _decision(_user("leader.moj"))
    _second_session(council, members, reviewer)
    _waiting(reviewer)
    _backdate(since)
    counts = dict.fromkeys(Status.values, 0)
    for status in Nomination.objects.filter(year=YEAR).values_list("status", flat=True):
        counts[status] += 1
    certificate = Certificate.objects.filter(decision=decision).first()
    return {
        "nominations": sum(counts.values()),
        "states": ", ".join(f"{Status(s).label} {n}" for s, n in counts.items() if n),
        "decision": decision.number,
        "certificate": certificate.serial if certificate else "–",
        "council": council.members.count(),
    }
