"""The reviewer pages: queue with filters and counts, nomination page, council page, decisions."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from commendations import services
from commendations.models import Nomination
from organizations.roles import Role
from tests.commendations.factories import nomination_in, pdf_upload
from tests.factories import make_persona
from tests.sheets import downloaded_rows

pytestmark = pytest.mark.django_db
Status = Nomination.Status
QUEUE = "/review/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_reviewer_queue_lists_nominations_with_counts_per_state(submitted, in_review, reviewer):
    content = _client(reviewer).get(QUEUE).content.decode()

    assert "Sở Tư pháp thành phố Đà Nẵng" in content
    assert "Bằng khen của Bộ trưởng Bộ Tư pháp" in content
    assert "Đã gửi" in content and "Đang thẩm định" in content
    assert 'href="?status=submitted"' in content


def test_queue_filters_by_state(submitted, in_review, reviewer):
    response = _client(reviewer).get(QUEUE, {"status": "submitted"})

    page = list(response.context["page"])
    assert page == [submitted]


def test_officer_sees_only_own_units_nominations(world, submitted, officer_danang, administrator):
    hanoi = nomination_in(
        Status.SUBMITTED,
        nominating_unit=world.hanoi_agency,
        unit=world.hanoi_agency,
        created_by=administrator,
    )

    client = _client(officer_danang)
    content = client.get(QUEUE).content.decode()

    assert "Thi hành án dân sự thành phố Hà Nội" not in content
    assert client.get(hanoi.get_absolute_url()).status_code == 404


def test_nomination_page_shows_nominee_eligibility_history_and_actions(submitted, reviewer):
    content = _client(reviewer).get(submitted.get_absolute_url()).content.decode()

    assert "Sở Tư pháp thành phố Đà Nẵng" in content
    assert "Hoàn thành xuất sắc nhiệm vụ được giao năm 2024." in content
    assert "Đáp ứng mọi điều kiện đã quy định." in content
    assert "Hội đồng xem xét trên hồ sơ" in content
    assert 'value="take"' in content
    assert "Quá trình xử lý" in content


def test_reviewer_takes_a_nomination_from_its_page(submitted, reviewer):
    client = _client(reviewer)

    response = client.post(
        reverse("commendations:nomination_action", args=[submitted.pk]),
        {"action": "take"},
        follow=True,
    )

    assert "Bạn đã nhận thẩm định đề nghị này." in response.content.decode()
    assert Nomination.objects.get(pk=submitted.pk).status == Status.IN_REVIEW


def test_returning_without_a_comment_shows_why_and_changes_nothing(in_review, reviewer):
    response = _client(reviewer).post(
        reverse("commendations:nomination_action", args=[in_review.pk]),
        {"action": "return", "comment": ""},
        follow=True,
    )

    assert "Nêu nội dung đơn vị cần bổ sung" in response.content.decode()
    assert Nomination.objects.get(pk=in_review.pk).status == Status.IN_REVIEW


def test_the_loser_of_a_race_is_told_who_took_the_nomination(world, submitted, reviewer):
    reviewer.first_name = "Phạm Quốc Hùng"
    reviewer.save()
    second = make_persona("p.reviewer2", world.ministry, Role.REVIEWER)
    services.nomination_take(user=reviewer, nomination=submitted)

    response = _client(second).post(
        reverse("commendations:nomination_action", args=[submitted.pk]),
        {"action": "take"},
        follow=True,
    )

    content = response.content.decode()
    assert "Chưa thực hiện: Phạm Quốc Hùng đã chuyển đề nghị này" in content


def test_reviewer_who_submitted_gets_403_with_the_reason(world, reviewer):
    own = nomination_in(
        Status.SUBMITTED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=reviewer,
    )

    response = _client(reviewer).post(
        reverse("commendations:nomination_action", args=[own.pk]), {"action": "take"}
    )

    assert response.status_code == 403
    assert "người khác phải xem xét" in response.content.decode()


def test_clerk_without_commendation_role_gets_403(clerk_danang):
    assert _client(clerk_danang).get(QUEUE).status_code == 403


def test_officer_drafts_a_nomination_and_uploads_its_letter(world, officer_danang):
    client = _client(officer_danang)
    form = forms_data(world)

    response = client.post(reverse("commendations:nomination_create"), form, follow=True)

    nomination = Nomination.objects.get()
    assert nomination.status == Status.DRAFT
    assert "Đã lưu bản nháp" in response.content.decode()
    upload = client.post(
        reverse("commendations:dossier_upload", args=[nomination.pk]),
        {"kind": "proposal_letter", "file": pdf_upload()},
        follow=True,
    )
    assert "to-trinh.pdf" in upload.content.decode()


def forms_data(world, **overrides):
    from tests.commendations.factories import award_form

    return {
        "year": 2024,
        "nominating_unit": world.danang_department.pk,
        "unit": world.danang_department.pk,
        "award_form": award_form().pk,
        "achievements": "Dẫn đầu cụm thi đua năm 2024.",
        **overrides,
    }


def test_a_nomination_of_both_a_person_and_a_unit_is_refused_on_the_form(world, officer_danang):
    response = _client(officer_danang).post(
        reverse("commendations:nomination_create"),
        forms_data(world, person=world.danang_department_person.pk),
    )

    assert "không chọn cả hai" in response.content.decode()
    assert not Nomination.objects.exists()


def test_a_nomination_without_nominee_or_proposal_is_refused(world, officer_danang):
    response = _client(officer_danang).post(
        reverse("commendations:nomination_create"),
        forms_data(world, unit="", award_form=""),
    )

    content = response.content.decode()
    assert "Chọn đối tượng đề nghị" in content
    assert "Chọn nội dung đề nghị" in content
    assert not Nomination.objects.exists()


def test_council_member_votes_on_the_session_page(before_council, session, council_member):
    client = _client(council_member)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Biểu quyết của bạn:" in page

    response = client.post(
        reverse("commendations:session_vote", args=[session.pk]),
        {"nomination": before_council.pk, "choice": "yes", "confirmed": "1"},
        follow=True,
    )

    content = response.content.decode()
    assert "Bạn đã biểu quyết “đồng ý”." in content
    assert "Đồng ý: 1" in content


def test_decision_page_exports_its_list(world, officer_danang, leader):
    nomination = nomination_in(
        Status.APPROVED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
    )
    client = _client(leader)
    response = client.post(
        reverse("commendations:decision_create"),
        {
            "number": "1234/QĐ-BTP",
            "date": "15/01/2025",
            "issuing_unit": world.ministry.pk,
            "authority": "Bộ trưởng Bộ Tư pháp",
            "signer_title": "Bộ trưởng",
            "signer_name": "Phan Đức Nghĩa",
            "place": "Hà Nội",
            "nominations": [nomination.pk],
            "confirmed": "1",
        },
        follow=True,
    )
    assert "Đã ghi nhận Quyết định số 1234/QĐ-BTP" in response.content.decode()
    decision = Nomination.objects.get(pk=nomination.pk).decision

    sheet = client.get(reverse("commendations:decision_xlsx", args=[decision.pk]))

    rows = downloaded_rows(sheet.content)
    assert rows[0][:2] == ("Số vào sổ", "Cá nhân, tập thể")
    assert rows[1][:2] == ("00001/2025", "Sở Tư pháp thành phố Đà Nẵng")
    pdf = client.get(
        reverse("commendations:certificate_pdf", args=[decision.certificates.get().pk])
    )
    assert pdf["Content-Type"] == "application/pdf"


def test_home_page_sends_each_role_to_its_commendation_work(
    reviewer, council_member, officer_danang
):
    assert "Hồ sơ chờ thẩm định" in _client(reviewer).get("/").content.decode()
    assert "Phiên họp Hội đồng" in _client(council_member).get("/").content.decode()
    assert "Đề nghị khen thưởng" in _client(officer_danang).get("/").content.decode()


def test_admin_lists_nominations_of_the_users_scope(submitted, officer_danang):
    content = _client(officer_danang).get("/admin/commendations/nomination/").content.decode()

    assert "Sở Tư pháp thành phố Đà Nẵng" in content


def test_suggestions_name_units_that_beat_their_target(world, reviewer, monkeypatch):
    from decimal import Decimal

    from enforcement.selectors import UnitRatios

    def ratios(*, units, year):
        return {
            unit.pk: UnitRatios(unit.pk, Decimal("85.79"), None, Decimal("83.25"), None)
            for unit in units
        }

    monkeypatch.setattr("commendations.selectors.suggestions.unit_resolution_ratios", ratios)

    content = _client(reviewer).get("/review/suggestions/?year=2024").content.decode()

    assert "Thi hành án dân sự thành phố Đà Nẵng" in content
    assert "85,79%" in content and "83,25%" in content
