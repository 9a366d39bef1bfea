"""Factories of commendations' tests: nominations in any state, councils with members, files."""

from __future__ import annotations

import datetime
import io
import zipfile

import factory
from django.contrib.auth.models import AbstractUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from commendations.models import (
    AwardForm,
    Council,
    CouncilMember,
    CouncilSession,
    DossierFile,
    Nomination,
    NominationEvent,
)
from commendations.selectors import dossier_checklist
from emulation.models import Level, Title
from organizations.models import Person, Unit
from organizations.roles import Role
from tests.factories import PersonFactory, ensure_reference_data, make_persona


def award_form(code: str = "minister_certificate") -> AwardForm:
    """Return an award form of the catalogue the data migration loaded."""
    ensure_reference_data()
    return AwardForm.objects.get(code=code)


class NominationFactory(factory.django.DjangoModelFactory):
    """A nomination written straight to the table, in any state; steps under test use services."""

    class Meta:
        model = Nomination
        skip_postgeneration_save = True

    year = 2024
    achievements = "Hoàn thành xuất sắc nhiệm vụ được giao năm 2024."
    status = Nomination.Status.DRAFT


def nomination_in(
    status: str,
    *,
    nominating_unit: Unit,
    created_by: AbstractUser,
    person: Person | None = None,
    unit: Unit | None = None,
    proposal: AwardForm | Title | None = None,
    reviewer: AbstractUser | None = None,
    session: CouncilSession | None = None,
    year: int = 2024,
    documents: bool | None = None,
) -> Nomination:
    """Return a nomination already in a state, with the event that brought it there.

    A nomination past its draft carries the documents its proposal requires, as one that
    was submitted must; ``documents`` says otherwise.
    """
    proposal = proposal or award_form()
    submitted = status != Nomination.Status.DRAFT
    nomination = NominationFactory(
        year=year,
        nominating_unit=nominating_unit,
        person=person,
        unit=unit if person is None else None,
        award_form=proposal if isinstance(proposal, AwardForm) else None,
        proposed_title=proposal if isinstance(proposal, Title) else None,
        status=status,
        created_by=created_by,
        submitted_by=created_by if submitted else None,
        submitted_at=datetime.datetime(2025, 1, 5, 9, 0, tzinfo=datetime.UTC)
        if submitted
        else None,
        reviewer=reviewer,
        council_session=session,
    )
    NominationEvent.objects.create(
        nomination=nomination, from_status="", to_status=status, actor=created_by
    )
    if submitted if documents is None else documents:
        attach_documents(nomination)
    return nomination


def attach_documents(nomination: Nomination, *, skip: tuple[str, ...] = ()) -> list[DossierFile]:
    """Write a file for each document the nomination's proposal requires, but those skipped."""
    added = []
    for item in dossier_checklist(nomination=nomination).missing:
        kind = item.requirement.kind
        if kind in skip:
            continue
        dossier = DossierFile(
            nomination=nomination,
            kind=kind,
            original_name=f"{kind}.pdf",
            size=len(PDF_BYTES),
            uploaded_by=nomination.created_by,
        )
        dossier.file.save(f"{kind}.pdf", ContentFile(PDF_BYTES), save=False)
        dossier.save()
        added.append(dossier)
    return added


def make_council(
    unit: Unit,
    users: list[AbstractUser],
    *,
    name: str = "Hội đồng Thi đua – Khen thưởng",
    level: str | None = None,
) -> Council:
    """Return a council of the unit with the users as members, in order.

    The ministry's council decides up to national forms (it records the Prime Minister's
    decisions), a lower unit's the grassroots ones, unless ``level`` says otherwise.
    """
    if level is None:
        level = Level.NATIONAL if unit.kind == Unit.Kind.MINISTRY else Level.GRASSROOTS
    council = Council.objects.create(name=name, unit=unit, level=level)
    for order, user in enumerate(users, start=1):
        CouncilMember.objects.create(council=council, user=user, order=order)
    return council


def council_members(unit: Unit, count: int, *, prefix: str = "p.member") -> list[AbstractUser]:
    """Return ``count`` new council members of the unit, each with a staff record."""
    users = []
    for number in range(1, count + 1):
        user = make_persona(f"{prefix}{number}", unit, Role.COUNCIL_MEMBER)
        user.first_name = f"Thành viên Hội đồng {number}"
        user.save()
        PersonFactory(unit=unit, full_name=user.first_name, user=user)
        users.append(user)
    return users


def open_session(council: Council, *, present: list[CouncilMember] | None = None) -> CouncilSession:
    """Return an open session of the council with the members present (all by default)."""
    session = CouncilSession.objects.create(
        council=council, title="Phiên họp thứ nhất năm 2025", held_on=datetime.date(2025, 1, 10)
    )
    session.present.set(council.members.all() if present is None else present)
    return session


PDF_BYTES = b"%PDF-1.4\n% test\n"


def pdf_upload(name: str = "to-trinh.pdf", size: int = 0) -> SimpleUploadedFile:
    """Return a small PDF upload, padded to ``size`` bytes when asked."""
    content = b"%PDF-1.4\n% test\n" + b"0" * max(0, size - 16)
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_upload(name: str = "bao-cao.docx") -> SimpleUploadedFile:
    """Return a minimal DOCX upload: a zip holding word/document.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue())
