"""The signed copy of a decision or of minutes: a checked PDF, served in scope, then final."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from fpdf import FPDF

from commendations import services
from commendations.models import CouncilSession, Decision, Nomination
from organizations.roles import Role
from tests.commendations.factories import nomination_in
from tests.factories import make_persona

pytestmark = pytest.mark.django_db


def _scan(name: str = "qd-5-ky.pdf") -> SimpleUploadedFile:
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="Signed and stamped")
    return SimpleUploadedFile(name, bytes(document.output()), content_type="application/pdf")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def decision(world, officer_danang, leader) -> Decision:
    nomination = nomination_in(
        Nomination.Status.APPROVED,
        nominating_unit=world.danang_department,
        created_by=officer_danang,
        unit=world.danang_department,
    )
    return services.decision_record(
        user=leader,
        number="5/QĐ-BTP",
        date=datetime.date(2025, 1, 15),
        issuing_unit=world.ministry,
        authority="Bộ trưởng Bộ Tư pháp",
        signer_title="Bộ trưởng",
        signer_name="Phan Đức Nghĩa",
        nominations=[nomination],
    )


def _attach(client: Client, record, upload: SimpleUploadedFile):
    return client.post(record.get_signed_copy_url(), {"signed_copy": upload}, follow=True)


def test_the_signed_decision_is_attached_and_served_as_a_pdf_to_users_in_scope(
    decision, leader, officer_danang
):
    page = _attach(_client(leader), decision, _scan())

    decision.refresh_from_db()
    assert decision.is_signed and decision.signed_copy_name == "qd-5-ky.pdf"
    assert decision.signed_copy_by == leader
    assert "bản đã ký" in page.content.decode().lower()
    response = _client(officer_danang).get(decision.get_signed_copy_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # The decision's page links to the scan.
    detail = _client(officer_danang).get(decision.get_absolute_url()).content.decode()
    assert decision.get_signed_copy_url() in detail


def test_a_user_outside_the_decisions_units_cannot_open_its_signed_copy(world, decision, leader):
    _attach(_client(leader), decision, _scan())
    hanoi_officer = make_persona("p.officer.hn", world.hanoi_agency, Role.EMULATION_OFFICER)

    response = _client(hanoi_officer).get(decision.get_signed_copy_url())

    assert response.status_code == 404


def test_the_scan_lies_under_no_served_address(decision, leader):
    _attach(_client(leader), decision, _scan())
    decision.refresh_from_db()

    response = _client(leader).get(f"/media/{decision.signed_copy.name}")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.png", b"\x89PNG\r\n\x1a\n0000", "phải là tệp PDF"),
        ("scan.pdf", b"\x89PNG\r\n\x1a\n0000", "không phải là tệp PDF"),
        ("scan.pdf", b"%PDF-1.4\n% broken, no pages\n", "không đọc được"),
        ("scan.pdf", b"", "trống"),
    ],
)
def test_a_scan_that_is_not_a_readable_pdf_is_refused(decision, leader, name, content, message):
    page = _attach(_client(leader), decision, SimpleUploadedFile(name, content))

    decision.refresh_from_db()
    assert not decision.is_signed
    assert message in page.content.decode()


def test_a_scan_over_the_size_limit_is_refused(decision, leader, settings):
    settings.COMMENDATIONS_SIGNED_COPY_MAX_BYTES = 100

    with pytest.raises(ValidationError, match="quá lớn"):
        services.signed_copy_attach(user=leader, record=decision, upload=_scan())

    decision.refresh_from_db()
    assert not decision.is_signed


def test_replacing_the_scan_needs_the_permission_and_is_kept_in_the_history(
    decision, leader, administrator
):
    services.signed_copy_attach(user=leader, record=decision, upload=_scan())

    with pytest.raises(PermissionDenied):
        services.signed_copy_attach(user=leader, record=decision, upload=_scan("other.pdf"))
    services.signed_copy_attach(user=administrator, record=decision, upload=_scan("ban-2.pdf"))

    decision.refresh_from_db()
    assert decision.signed_copy_name == "ban-2.pdf"
    reasons = list(decision.history.values_list("history_change_reason", flat=True))
    assert any("qd-5-ky.pdf" in (reason or "") for reason in reasons)
    first, second = decision.history.order_by("history_id").values_list("signed_copy", flat=True)[
        1:3
    ]
    assert first and second and first != second  # the replaced scan is kept for the history


def test_removing_the_scan_is_confirmed_first_and_needs_the_permission(
    decision, leader, administrator
):
    services.signed_copy_attach(user=leader, record=decision, upload=_scan())
    remove = reverse("commendations:decision_signed_copy_remove", args=[decision.pk])

    assert _client(leader).post(remove).status_code == 403
    asked = _client(administrator).post(remove)
    decision.refresh_from_db()
    assert asked.status_code == 200 and decision.is_signed
    _client(administrator).post(remove, {"confirmed": "1"})

    decision.refresh_from_db()
    assert not decision.is_signed
    assert decision.history.first().history_user == administrator


@pytest.fixture
def closed_session(session, reviewer) -> CouncilSession:
    CouncilSession.objects.filter(pk=session.pk).update(
        status=CouncilSession.Status.CLOSED, closed_at=timezone.now(), closed_by=reviewer
    )
    session.refresh_from_db()
    return session


def test_an_open_session_has_no_minutes_to_sign_yet(session, reviewer):
    with pytest.raises(ValidationError, match="Đóng phiên họp"):
        services.signed_copy_attach(user=reviewer, record=session, upload=_scan())


def test_signed_minutes_lock_the_session_with_a_clear_message(closed_session, reviewer):
    _attach(_client(reviewer), closed_session, _scan("bien-ban.pdf"))
    closed_session.refresh_from_db()
    assert closed_session.is_signed

    with pytest.raises(ValidationError, match="không thể thay đổi"):
        services.council_session_set_presence(user=reviewer, session=closed_session, present=[])
    page = _client(reviewer).get(closed_session.get_absolute_url()).content.decode()
    listed = _client(reviewer).get(reverse("commendations:sessions")).content.decode()
    assert closed_session.get_signed_copy_url() in page
    assert closed_session.get_signed_copy_url() in listed
    assert reverse("commendations:session_minutes", args=[closed_session.pk]) not in page


def test_the_admin_refuses_to_save_a_signed_session_and_says_why(
    closed_session, reviewer, administrator
):
    services.signed_copy_attach(user=reviewer, record=closed_session, upload=_scan())
    url = reverse("admin:commendations_councilsession_change", args=[closed_session.pk])

    response = _client(administrator).post(url, {"title": "Đổi tên"}, follow=True)

    closed_session.refresh_from_db()
    assert closed_session.title != "Đổi tên"
    assert "không thể thay đổi" in response.content.decode()
    assert closed_session.get_signed_copy_url() in response.content.decode()


def test_a_council_member_without_the_secretariat_role_cannot_attach_minutes(
    closed_session, council_member
):
    response = _attach(_client(council_member), closed_session, _scan())

    closed_session.refresh_from_db()
    assert response.status_code == 403 and not closed_session.is_signed
