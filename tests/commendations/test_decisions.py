"""Decisions: approved nominations only, unique numbers, title awards, certificates, printing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from commendations import pdf, services
from commendations.documents.minutes import minutes_pdf
from commendations.models import Certificate, Decision, Nomination, PrintJob
from emulation.models import TitleAward
from tests.commendations.factories import nomination_in
from tests.emulation.factories import InitiativeFactory, award, title

pytestmark = pytest.mark.django_db
Status = Nomination.Status


def _approved(world, officer_danang, **nominee):
    nominee = nominee or {"unit": world.danang_department}
    return nomination_in(
        Status.APPROVED,
        nominating_unit=world.danang_department,
        created_by=officer_danang,
        **nominee,
    )


def _record(leader, world, nominations, number="1234/QĐ-BTP"):
    return services.decision_record(
        user=leader,
        number=number,
        date=datetime.date(2025, 1, 15),
        issuing_unit=world.ministry,
        authority="Bộ trưởng Bộ Tư pháp",
        signer_title="Bộ trưởng",
        signer_name="Phan Đức Nghĩa",
        nominations=nominations,
    )


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_leader_records_a_decision_and_a_certificate_is_issued(world, officer_danang, leader):
    nomination = _approved(world, officer_danang)

    decision = _record(leader, world, [nomination])

    nomination.refresh_from_db()
    assert nomination.status == Status.DECIDED
    assert nomination.decision == decision
    certificate = decision.certificates.get()
    assert certificate.serial == "00001/2025"
    assert certificate.recipient_name == "Sở Tư pháp thành phố Đà Nẵng"
    assert certificate.award_name == "Bằng khen của Bộ trưởng Bộ Tư pháp"


def test_serial_numbers_run_on_within_a_year(world, officer_danang, leader):
    first = _approved(world, officer_danang)
    second = _approved(world, officer_danang, unit=world.danang_agency)
    _record(leader, world, [first], number="1/QĐ-BTP")
    _record(leader, world, [second], number="2/QĐ-BTP")

    assert list(Certificate.objects.order_by("number").values_list("year", "number")) == [
        (2025, 1),
        (2025, 2),
    ]


def test_a_decided_title_is_recorded_in_the_title_history(world, officer_danang, leader):
    person = world.danang_department_person
    award("grassroots_emulation_fighter", [2022, 2023, 2024], person=person)
    InitiativeFactory(person=person, year=2023, level="ministry")
    nomination = nomination_in(
        Status.APPROVED,
        nominating_unit=world.danang_department,
        person=person,
        proposal=title("ministry_emulation_fighter"),
        created_by=officer_danang,
    )

    _record(leader, world, [nomination])

    held = TitleAward.objects.get(person=person, title__code="ministry_emulation_fighter")
    assert (held.year, held.decision_number) == (2024, "1234/QĐ-BTP")


def test_deciding_a_nomination_not_approved_is_refused(world, officer_danang, leader):
    recommended = nomination_in(
        Status.RECOMMENDED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
    )

    with pytest.raises(ValidationError) as refused:
        _record(leader, world, [recommended])

    assert "chỉ đề nghị đã được Hội đồng thông qua" in " ".join(refused.value.messages)
    assert not Decision.objects.exists()
    assert Nomination.objects.get(pk=recommended.pk).status == Status.RECOMMENDED


def test_a_duplicate_decision_number_is_refused_and_changes_nothing(world, officer_danang, leader):
    _record(leader, world, [_approved(world, officer_danang)])
    other = _approved(world, officer_danang, unit=world.danang_agency)

    with pytest.raises(ValidationError) as refused:
        _record(leader, world, [other], number="1234/qđ-btp")

    assert "đã được ghi nhận" in refused.value.message_dict["number"][0]
    assert Nomination.objects.get(pk=other.pk).status == Status.APPROVED
    assert Certificate.objects.count() == 1


def test_reviewer_cannot_record_a_decision(world, officer_danang, reviewer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _record(reviewer, world, [_approved(world, officer_danang)])


def test_the_certificate_prints_with_its_vietnamese_text(world, officer_danang, leader):
    decision = _record(leader, world, [_approved(world, officer_danang)])

    text = _text(pdf.certificate_pdf(decision.certificates.get()))

    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BỘ TRƯỞNG BỘ TƯ PHÁP",
        "TẶNG BẰNG KHEN",
        "Sở Tư pháp thành phố Đà Nẵng",
        "Quyết định số 1234/QĐ-BTP",
        "Số vào sổ: 00001/2025",
        "Hà Nội, ngày 15 tháng 01 năm 2025",
        "Phan Đức Nghĩa",
    ):
        assert expected in text, expected


def test_a_persons_certificate_keeps_every_diacritic(world, officer_danang, leader):
    person = world.danang_department_person
    person.full_name = "Trần Thị Hằng Nguyễn Đức Lượng Vũ Ngọc Dũng"
    person.save()
    award("grassroots_emulation_fighter", [2023, 2024], person=person)
    decision = _record(leader, world, [_approved(world, officer_danang, person=person)])

    text = _text(pdf.certificate_pdf(decision.certificates.get()))

    assert "Trần Thị Hằng Nguyễn Đức Lượng Vũ Ngọc Dũng" in text
    assert "Đã có thành tích xuất sắc" in text


def test_many_certificates_print_in_the_background_with_progress(
    world, officer_danang, leader, settings, django_capture_on_commit_callbacks
):
    settings.COMMENDATIONS_PRINT_INLINE_MAX = 1
    nominations = [
        _approved(world, officer_danang),
        _approved(world, officer_danang, unit=world.danang_agency),
    ]
    decision = _record(leader, world, nominations)

    with django_capture_on_commit_callbacks(execute=True):
        job = services.print_job_start(user=leader, decision=decision)

    job.refresh_from_db()
    assert job.status == PrintJob.Status.DONE
    assert (job.done, job.total, job.percent) == (2, 2, 100)
    text = _text(job.file.read())
    assert "Thi hành án dân sự thành phố Đà Nẵng" in text
    assert "Sở Tư pháp thành phố Đà Nẵng" in text


def test_the_minutes_list_who_voted_how(before_council, session, council_member, reviewer):
    council_member.first_name = "Võ Đức Thành"
    council_member.save()
    services.vote_cast(
        user=council_member, session=session, nomination=before_council, choice="yes"
    )

    text = _text(minutes_pdf(session))

    assert "BIÊN BẢN" in text
    assert "Võ Đức Thành" in text
    assert "đồng ý" in text.lower()
    assert "chưa biểu quyết" in text
