"""Council minutes: number, the meeting's own day and hours, names under the signature lines."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from commendations.documents.minutes import minutes_pdf
from commendations.models import CouncilMember, Vote
from organizations.roles import Role
from tests.factories import make_persona

pytestmark = pytest.mark.django_db
Position = CouncilMember.Position


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def held(session):
    """A session of 10/01/2025 from 08:30 to 11:15, closed in the system two days later."""
    members = list(session.council.members.order_by("order"))
    members[1].position = Position.CHAIR
    members[1].save()
    members[2].position = Position.SECRETARY_MEMBER
    members[2].save()
    session.number = "05/BB-HĐTĐKT"
    session.starts_at = datetime.time(8, 30)
    session.ends_at = datetime.time(11, 15)
    session.status = session.Status.CLOSED
    session.closed_at = timezone.make_aware(datetime.datetime(2025, 1, 12, 16, 40))
    session.save()
    return session


def test_the_minutes_print_the_chair_and_secretary_under_their_signature_lines(held):
    text = _text(minutes_pdf(held))

    chair, secretary = (
        held.council.members.get(position=position).name
        for position in (Position.CHAIR, Position.SECRETARY_MEMBER)
    )
    tail = text[text.rindex("THƯ KÝ") :]
    assert chair in tail
    assert secretary in tail


def test_the_minutes_give_the_number_and_the_meetings_own_hours(held):
    text = _text(minutes_pdf(held))

    assert "05/BB-HĐTĐKT" in text
    assert "08:30" in text
    assert "11:15" in text
    assert "10/01/2025" in text
    # The day the session was closed in the system is not the meeting's: it is not printed.
    assert "12/01/2025" not in text
    assert "16:40" not in text


def test_a_session_cannot_end_before_it_starts(held):
    held.ends_at = datetime.time(8, 0)

    with pytest.raises(ValidationError):
        held.full_clean()


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_the_minutes_download_as_docx_with_heading_times_and_signers(client, held, reviewer):
    client.force_login(reviewer)

    response = client.get(reverse("commendations:session_minutes_docx", args=[held.pk]))

    assert response.status_code == 200
    text = _docx_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "BIÊN BẢN" in text
    assert "Số: 05/BB-HĐTĐKT" in text
    assert "Hà Nội, ngày 10 tháng 01 năm 2025" in text
    assert "08:30" in text and "11:15" in text
    assert "12/01/2025" not in text
    for position in (Position.CHAIR, Position.SECRETARY_MEMBER):
        assert held.council.members.get(position=position).name in text


def test_the_minutes_docx_of_a_secret_ballot_names_no_vote(client, held, reviewer, before_council):
    before_council.secret_ballot = True
    before_council.council_session = held
    before_council.save()
    members = list(held.council.members.order_by("order"))
    for member, choice in zip(members, ["yes", "no", "yes"], strict=True):
        Vote.objects.create(
            session=held,
            nomination=before_council,
            member=member,
            choice=choice,
            recorded_by=reviewer,
        )
    # The motion is closed: its secret tally is recorded.
    before_council.status = before_council.Status.APPROVED
    before_council.save()
    client.force_login(reviewer)

    text = _docx_text(
        client.get(reverse("commendations:session_minutes_docx", args=[held.pk])).content
    )

    assert "2 / 1 / 0" in text
    for member in members:
        assert f"{member.name}:" not in text


def test_minutes_of_another_unit_are_not_found(client, world, held):
    stranger = make_persona("p.council.hanoi", world.hanoi_agency, Role.COUNCIL_MEMBER)
    client.force_login(stranger)

    response = client.get(reverse("commendations:session_minutes_docx", args=[held.pk]))

    assert response.status_code == 404
