"""The review workflow: each step checks role, scope and duties, records an event, tells by mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from commendations import selectors, services
from commendations.models import Nomination
from organizations.roles import Role
from tests.commendations.factories import attach_documents, nomination_in
from tests.emulation.factories import award, title
from tests.factories import make_persona

pytestmark = pytest.mark.django_db
Status = Nomination.Status


def _steps(nomination):
    return [(e.from_status, e.to_status) for e in nomination.events.order_by("at", "pk")]


def test_officer_submits_own_units_draft_and_an_event_is_written(draft, officer_danang):
    attach_documents(draft)

    services.nomination_submit(user=officer_danang, nomination=draft)

    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.submitted_by == officer_danang
    assert _steps(draft)[-1] == (Status.DRAFT, Status.SUBMITTED)


def test_officer_cannot_submit_a_nomination_of_another_city(world, draft, officer_danang):
    other = make_persona("p.officer.hn", world.hanoi_agency, Role.EMULATION_OFFICER)

    with pytest.raises(PermissionDenied):
        services.nomination_submit(user=other, nomination=draft)

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_submitting_an_ineligible_nomination_lists_every_reason(world, officer_danang):
    person = world.danang_department_person
    award("grassroots_emulation_fighter", [2024], person=person)
    draft = nomination_in(
        Status.DRAFT,
        nominating_unit=world.danang_department,
        person=person,
        created_by=officer_danang,
    )

    with pytest.raises(ValidationError) as refused:
        services.nomination_submit(user=officer_danang, nomination=draft)

    text = " ".join(refused.value.messages)
    assert "Chiến sĩ thi đua cơ sở" in text
    assert "2023" in text  # the missing year of the two in a row
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_nominee_with_two_grassroots_fighter_titles_may_be_submitted(world, officer_danang):
    person = world.danang_department_person
    award("grassroots_emulation_fighter", [2023, 2024], person=person)
    draft = nomination_in(
        Status.DRAFT,
        nominating_unit=world.danang_department,
        person=person,
        created_by=officer_danang,
    )
    attach_documents(draft)

    services.nomination_submit(user=officer_danang, nomination=draft)

    assert Nomination.objects.get(pk=draft.pk).status == Status.SUBMITTED


def test_reviewer_takes_a_submitted_nomination(submitted, reviewer):
    services.nomination_take(user=reviewer, nomination=submitted)

    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW
    assert submitted.reviewer == reviewer


def test_each_step_mails_the_submitter_once_committed(
    submitted, reviewer, officer_danang, django_capture_on_commit_callbacks
):
    officer_danang.email = "officer@example.gov.vn"
    officer_danang.save()
    reviewer.first_name = "Phạm Quốc Hùng"
    reviewer.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_take(user=reviewer, nomination=submitted)
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_return(
            user=reviewer, nomination=submitted, comment="Bổ sung báo cáo thành tích."
        )

    assert [message.to for message in mail.outbox] == [["officer@example.gov.vn"]] * 2
    returned = mail.outbox[1]
    assert "Trả lại để bổ sung" in returned.subject or "trả lại" in returned.body.lower()
    assert "Phạm Quốc Hùng" in returned.body
    assert "Bổ sung báo cáo thành tích." in returned.body


def test_reviewer_cannot_review_nomination_they_submitted(world, reviewer):
    own = nomination_in(
        Status.SUBMITTED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=reviewer,
    )

    with pytest.raises(PermissionDenied, match="người khác phải xem xét"):
        services.nomination_take(user=reviewer, nomination=own)

    assert Nomination.objects.get(pk=own.pk).status == Status.SUBMITTED


def test_reviewer_cannot_review_a_nomination_that_names_them(world, reviewer, officer_danang):
    world.danang_department_person.user = reviewer
    world.danang_department_person.save()
    award("grassroots_emulation_fighter", [2023, 2024], person=world.danang_department_person)
    naming = nomination_in(
        Status.SUBMITTED,
        nominating_unit=world.danang_department,
        person=world.danang_department_person,
        created_by=officer_danang,
    )

    with pytest.raises(PermissionDenied, match="cho chính bạn"):
        services.nomination_take(user=reviewer, nomination=naming)


def test_officer_cannot_review(submitted, officer_danang):
    with pytest.raises(PermissionDenied):
        services.nomination_take(user=officer_danang, nomination=submitted)


def test_taking_a_nomination_already_taken_tells_who_took_it(submitted, reviewer, world):
    second = make_persona("p.reviewer2", world.ministry, Role.REVIEWER)
    reviewer.first_name = "Phạm Quốc Hùng"
    reviewer.save()
    services.nomination_take(user=reviewer, nomination=submitted)

    with pytest.raises(ValidationError) as refused:
        services.nomination_take(user=second, nomination=submitted)

    message = refused.value.messages[0]
    assert "Phạm Quốc Hùng" in message
    assert "đang thẩm định" in message
    assert Nomination.objects.get(pk=submitted.pk).reviewer == reviewer


def test_returning_needs_a_comment_and_changes_nothing_without_one(in_review, reviewer):
    with pytest.raises(ValidationError):
        services.nomination_return(user=reviewer, nomination=in_review, comment="  ")

    assert Nomination.objects.get(pk=in_review.pk).status == Status.IN_REVIEW


def test_returned_nomination_goes_back_to_submitted_after_changes(
    in_review, reviewer, officer_danang
):
    services.nomination_return(user=reviewer, nomination=in_review, comment="Thiếu tờ trình.")
    services.nomination_update(
        user=officer_danang,
        nomination=in_review,
        year=2024,
        unit=in_review.unit,
        award_form=in_review.award_form,
        achievements="Đã bổ sung tờ trình và báo cáo thành tích.",
    )
    services.nomination_submit(user=officer_danang, nomination=in_review)

    in_review.refresh_from_db()
    assert in_review.status == Status.SUBMITTED
    assert in_review.achievements == "Đã bổ sung tờ trình và báo cáo thành tích."
    assert _steps(in_review)[-2:] == [
        (Status.IN_REVIEW, Status.RETURNED),
        (Status.RETURNED, Status.SUBMITTED),
    ]
    assert in_review.events.get(to_status=Status.RETURNED).comment == "Thiếu tờ trình."


def test_only_the_reviewer_who_took_it_recommends(in_review, world):
    other = make_persona("p.reviewer2", world.ministry, Role.REVIEWER)

    with pytest.raises(PermissionDenied):
        services.nomination_recommend(user=other, nomination=in_review)


def test_reviewer_recommends_an_eligible_nomination(in_review, reviewer):
    services.nomination_recommend(user=reviewer, nomination=in_review, comment="Đủ điều kiện.")

    assert Nomination.objects.get(pk=in_review.pk).status == Status.RECOMMENDED


def test_rejecting_needs_a_reason(in_review, reviewer):
    with pytest.raises(ValidationError):
        services.nomination_reject(user=reviewer, nomination=in_review, reason="")

    services.nomination_reject(user=reviewer, nomination=in_review, reason="Không đủ thành tích.")
    in_review.refresh_from_db()
    assert in_review.status == Status.REJECTED
    assert in_review.events.last().comment == "Không đủ thành tích."


def test_a_submitted_nomination_can_no_longer_be_changed(submitted, officer_danang):
    with pytest.raises(ValidationError, match="Chỉ"):
        services.nomination_update(
            user=officer_danang,
            nomination=submitted,
            year=2024,
            unit=submitted.unit,
            award_form=submitted.award_form,
            achievements="Sửa sau khi gửi.",
        )


def test_quota_counts_nominations_on_their_way(world, officer_danang, reviewer):
    # 10 advanced workers allow one grassroots fighter (15 %); one is already recommended.
    from tests.emulation.factories import InitiativeFactory
    from tests.factories import staff

    people = staff(world.danang_department, 10)
    for person in people:
        award("advanced_worker", [2024], person=person)
    first, second = people[0], people[1]
    for person in (first, second):
        InitiativeFactory(person=person, year=2024)
    nomination_in(
        Status.RECOMMENDED,
        nominating_unit=world.danang_department,
        person=first,
        proposal=title("grassroots_emulation_fighter"),
        created_by=officer_danang,
    )
    draft = nomination_in(
        Status.DRAFT,
        nominating_unit=world.danang_department,
        person=second,
        proposal=title("grassroots_emulation_fighter"),
        created_by=officer_danang,
    )

    with pytest.raises(ValidationError) as refused:
        services.nomination_submit(user=officer_danang, nomination=draft)

    assert "tỷ lệ khống chế" in " ".join(refused.value.messages).lower()


def test_available_actions_follow_role_state_and_duties(
    submitted, in_review, reviewer, officer_danang, draft
):
    assert selectors.available_actions(user=reviewer, nomination=submitted) == ["take"]
    assert selectors.available_actions(user=reviewer, nomination=in_review) == [
        "recommend",
        "return",
        "reject",
    ]
    assert selectors.available_actions(user=officer_danang, nomination=draft) == ["submit"]
    # Until a reviewer takes it, the unit may call its submitted nomination back.
    assert selectors.available_actions(user=officer_danang, nomination=submitted) == ["withdraw"]
    assert selectors.available_actions(user=officer_danang, nomination=in_review) == []
