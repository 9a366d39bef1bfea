"""Notifications: who hears of each nomination step, in the app and by e-mail."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from commendations import services
from commendations.models import Nomination
from organizations.models import Notification
from organizations.roles import Role
from tests.commendations.factories import attach_documents, award_form
from tests.factories import make_persona

pytestmark = pytest.mark.django_db
Status = Nomination.Status
Kind = Notification.Kind


def _with_email(user, address):
    user.email = address
    user.save()
    return user


def _kinds(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_submitting_tells_the_reviewers_of_the_unit_and_not_the_submitter(
    world, draft, officer_danang, reviewer, clerk_danang
):
    attach_documents(draft)
    services.nomination_submit(user=officer_danang, nomination=draft)

    assert _kinds(reviewer) == [Kind.SUBMITTED]
    assert _kinds(officer_danang) == []
    assert _kinds(clerk_danang) == []
    notification = Notification.objects.get(recipient=reviewer)
    assert notification.url == draft.get_absolute_url()
    assert f"số {draft.pk}: đã gửi" in notification.subject


def test_a_city_reviewer_does_not_hear_of_another_citys_nomination(world, draft, officer_danang):
    hanoi_reviewer = make_persona("p.reviewer.hn", world.hanoi_agency, Role.REVIEWER)
    attach_documents(draft)

    services.nomination_submit(user=officer_danang, nomination=draft)

    assert _kinds(hanoi_reviewer) == []


def test_returning_tells_the_units_officers_the_reason(world, in_review, reviewer, officer_danang):
    second = make_persona("p.officer2.danang", world.danang_department, Role.EMULATION_OFFICER)
    hanoi_officer = make_persona("p.officer.hn", world.hanoi_agency, Role.EMULATION_OFFICER)

    services.nomination_return(
        user=reviewer, nomination=in_review, comment="Bổ sung biên bản họp Hội đồng."
    )

    for officer in (officer_danang, second):
        notification = Notification.objects.get(recipient=officer)
        assert notification.kind == Kind.RETURNED
        assert "Bổ sung biên bản họp Hội đồng." in notification.message
    assert _kinds(hanoi_officer) == []
    assert _kinds(reviewer) == []


def test_putting_to_the_vote_tells_every_council_member(
    world, officer_danang, reviewer, council, session
):
    recommended = Nomination.objects.create(
        year=2024,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        award_form=award_form(),
        achievements="Thành tích",
        status=Status.RECOMMENDED,
        created_by=officer_danang,
        submitted_by=officer_danang,
    )
    with mock.patch("commendations.services.nominations.require_eligible"):
        services.nomination_put_to_vote(user=reviewer, nomination=recommended, session=session)

    members = [member.user for member in council.members.all()]
    assert members
    for member in members:
        assert _kinds(member) == [Kind.PUT_TO_VOTE]
    assert _kinds(officer_danang) == [Kind.PUT_TO_VOTE]  # the submitter hears of every step


def test_each_notification_is_mailed_once_the_step_commits(
    in_review, reviewer, officer_danang, django_capture_on_commit_callbacks
):
    _with_email(officer_danang, "officer@example.gov.vn")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.nomination_return(user=reviewer, nomination=in_review, comment="Thiếu tờ trình.")
        assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    assert [message.to for message in mail.outbox] == [["officer@example.gov.vn"]]
    assert "Thiếu tờ trình." in mail.outbox[0].body
    assert in_review.get_absolute_url() in mail.outbox[0].body


def test_inactive_users_and_users_without_address_get_no_mail(
    world, in_review, reviewer, officer_danang, django_capture_on_commit_callbacks
):
    gone = make_persona("p.officer.gone", world.danang_department, Role.EMULATION_OFFICER)
    _with_email(gone, "gone@example.gov.vn")
    gone.is_active = False
    gone.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_return(user=reviewer, nomination=in_review, comment="Thiếu tờ trình.")

    assert mail.outbox == []
    assert _kinds(gone) == []
    assert _kinds(officer_danang) == [Kind.RETURNED]


def test_a_mail_server_that_fails_does_not_undo_the_step(
    in_review, reviewer, officer_danang, django_capture_on_commit_callbacks
):
    _with_email(officer_danang, "officer@example.gov.vn")

    with (
        mock.patch(
            "organizations.services.notifications.send_mail",
            side_effect=ConnectionRefusedError("no SMTP"),
        ) as sent,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.nomination_return(user=reviewer, nomination=in_review, comment="Thiếu tờ trình.")

    assert sent.called
    in_review.refresh_from_db()
    assert in_review.status == Status.RETURNED
    assert _kinds(officer_danang) == [Kind.RETURNED]


def test_a_refused_step_leaves_no_notification(in_review, officer_danang):
    with pytest.raises(PermissionDenied):  # an officer does not review
        services.nomination_return(user=officer_danang, nomination=in_review, comment="x")

    assert Notification.objects.count() == 0
