"""Status services: every change is dated, scoped, checked and refused when impossible."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from enforcement import services
from enforcement.models import CaseEvent, Eligibility, EnforcementCase, Initiation, Status
from tests.enforcement.factories import legal_ground

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 6, 1)


def _refusal(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


def test_clerk_opens_case_in_own_unit_with_opening_event(world, clerk_hanoi):
    case = services.case_open(
        user=clerk_hanoi,
        unit=world.hanoi_office,
        decision_number="7/QĐ-PTHADS",
        decision_date=DAY,
        accepted_on=DAY,
        judgment="Bản án số 1/2024/DS-ST",
        initiation=Initiation.ON_REQUEST,
        debtor="Lê Văn Nợ",
        eligibility=Eligibility.ELIGIBLE,
        amount_due=5_000_000,
    )

    assert case.status == Status.IN_PROGRESS
    event = case.events.get()
    assert (event.kind, event.occurred_on, event.recorded_by) == ("opened", DAY, clerk_hanoi)


def test_clerk_cannot_open_case_of_another_city(world, clerk_hanoi):
    with pytest.raises(PermissionDenied):
        services.case_open(
            user=clerk_hanoi,
            unit=world.danang_agency,
            decision_number="7/QĐ-CTHADS",
            decision_date=DAY,
            accepted_on=DAY,
            judgment="Bản án số 1/2024/DS-ST",
            initiation=Initiation.ON_REQUEST,
            debtor="Lê Văn Nợ",
            eligibility=Eligibility.ELIGIBLE,
        )

    assert not EnforcementCase.objects.exists()


def test_decision_number_is_unique_within_a_unit(world, clerk_hanoi, hanoi_case):
    with translation.override("vi"), pytest.raises(ValidationError):
        services.case_open(
            user=clerk_hanoi,
            unit=world.hanoi_agency,
            decision_number=hanoi_case.decision_number,
            decision_date=DAY,
            accepted_on=DAY,
            judgment="Bản án số 1/2024/DS-ST",
            initiation=Initiation.ON_REQUEST,
            debtor="Lê Văn Nợ",
            eligibility=Eligibility.ELIGIBLE,
        )

    assert EnforcementCase.objects.count() == 1


def test_clerk_completes_case_of_own_city(clerk_hanoi, hanoi_case):
    services.case_complete(user=clerk_hanoi, case=hanoi_case, on=DAY, note="Đã nộp đủ")

    hanoi_case.refresh_from_db()
    assert (hanoi_case.status, hanoi_case.closed_on) == (Status.COMPLETED, DAY)
    event = hanoi_case.events.order_by("-id").first()
    assert (event.kind, event.note, event.status_after) == ("completed", "Đã nộp đủ", "completed")


def test_clerk_cannot_complete_case_of_another_city(clerk_danang, hanoi_case):
    with pytest.raises(PermissionDenied):
        services.case_complete(user=clerk_danang, case=hanoi_case, on=DAY)

    hanoi_case.refresh_from_db()
    assert hanoi_case.status == Status.IN_PROGRESS
    assert hanoi_case.events.count() == 1


@pytest.mark.parametrize(
    "service",
    [
        services.case_postpone,
        services.case_suspend,
        services.case_complete,
        services.case_terminate,
        services.case_withdraw,
    ],
)
def test_leader_cannot_change_status(leader, hanoi_case, service):
    with pytest.raises(PermissionDenied):
        service(user=leader, case=hanoi_case, on=DAY)

    hanoi_case.refresh_from_db()
    assert hanoi_case.status == Status.IN_PROGRESS


def test_emulation_officer_cannot_record_a_payment(officer_danang, danang_case):
    with pytest.raises(PermissionDenied):
        services.case_record_payment(user=officer_danang, case=danang_case, on=DAY, amount=1)

    danang_case.refresh_from_db()
    assert danang_case.amount_recovered == 0


def test_completing_a_withdrawn_case_is_refused_in_vietnamese(clerk_hanoi, hanoi_case):
    services.case_withdraw(user=clerk_hanoi, case=hanoi_case, on=DAY)

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.case_complete(user=clerk_hanoi, case=hanoi_case, on=DAY)

    assert "thi hành xong" in _refusal(error)
    assert "thu hồi" in _refusal(error)
    hanoi_case.refresh_from_db()
    assert hanoi_case.status == Status.WITHDRAWN
    assert list(hanoi_case.events.values_list("kind", flat=True)) == ["opened", "withdrawn"]


def test_closing_date_before_acceptance_is_refused(clerk_hanoi, hanoi_case):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.case_complete(
            user=clerk_hanoi, case=hanoi_case, on=hanoi_case.accepted_on - datetime.timedelta(1)
        )

    assert "trước ngày thụ lý" in _refusal(error)
    assert "29/02/2024" in _refusal(error)
    hanoi_case.refresh_from_db()
    assert hanoi_case.status == Status.IN_PROGRESS
    assert hanoi_case.closed_on is None


def test_changes_out_of_date_order_are_refused(clerk_hanoi, hanoi_case):
    services.case_postpone(user=clerk_hanoi, case=hanoi_case, on=DAY, ground=legal_ground("48.1.c"))

    with pytest.raises(ValidationError):
        services.case_resume(user=clerk_hanoi, case=hanoi_case, on=DAY - datetime.timedelta(1))

    hanoi_case.refresh_from_db()
    assert hanoi_case.status == Status.POSTPONED


def test_future_date_is_refused(clerk_hanoi, hanoi_case):
    with pytest.raises(ValidationError):
        services.case_complete(
            user=clerk_hanoi, case=hanoi_case, on=datetime.date.today() + datetime.timedelta(2)
        )


def test_recovering_more_than_due_is_refused(clerk_hanoi, hanoi_case):
    services.case_record_payment(user=clerk_hanoi, case=hanoi_case, on=DAY, amount=4_000_000)

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.case_record_payment(user=clerk_hanoi, case=hanoi_case, on=DAY, amount=6_000_001)

    assert "6.000.001" in _refusal(error)
    assert "6.000.000" in _refusal(error)
    assert "10.000.000" in _refusal(error)
    hanoi_case.refresh_from_db()
    assert hanoi_case.amount_recovered == 4_000_000
    assert hanoi_case.events.filter(kind="payment").count() == 1


def test_payment_is_recorded_with_its_amount(clerk_hanoi, hanoi_case):
    services.case_record_payment(user=clerk_hanoi, case=hanoi_case, on=DAY, amount=2_500_000)

    hanoi_case.refresh_from_db()
    assert hanoi_case.amount_recovered == 2_500_000
    assert hanoi_case.events.get(kind="payment").amount == 2_500_000


def test_postpone_suspend_resume_cycle(clerk_hanoi, hanoi_case):
    services.case_postpone(user=clerk_hanoi, case=hanoi_case, on=DAY, ground=legal_ground("48.1.c"))
    services.case_suspend(
        user=clerk_hanoi,
        case=hanoi_case,
        on=DAY + datetime.timedelta(3),
        ground=legal_ground("49.2"),
    )
    services.case_resume(user=clerk_hanoi, case=hanoi_case, on=DAY + datetime.timedelta(9))

    hanoi_case.refresh_from_db()
    assert hanoi_case.status == Status.IN_PROGRESS
    assert hanoi_case.state_changed_on == DAY + datetime.timedelta(9)
    assert list(hanoi_case.events.values_list("kind", flat=True)) == [
        "opened",
        "postponed",
        "suspended",
        "resumed",
    ]


def test_resuming_a_case_in_progress_is_refused(clerk_hanoi, hanoi_case):
    with pytest.raises(ValidationError):
        services.case_resume(user=clerk_hanoi, case=hanoi_case, on=DAY)


def test_clerk_entrusts_case_to_agency_outside_own_scope(world, clerk_hanoi, hanoi_case):
    services.case_entrust(user=clerk_hanoi, case=hanoi_case, on=DAY, to_unit=world.danang_agency)

    hanoi_case.refresh_from_db()
    assert (hanoi_case.status, hanoi_case.entrusted_to) == (Status.ENTRUSTED, world.danang_agency)


def test_entrusting_to_a_department_of_justice_is_refused(world, clerk_hanoi, hanoi_case):
    with pytest.raises(ValidationError):
        services.case_entrust(
            user=clerk_hanoi, case=hanoi_case, on=DAY, to_unit=world.danang_department
        )

    hanoi_case.refresh_from_db()
    assert hanoi_case.entrusted_to is None


def test_eligibility_change_is_a_dated_event(clerk_hanoi, hanoi_case):
    services.case_set_eligibility(
        user=clerk_hanoi,
        case=hanoi_case,
        eligibility=Eligibility.NOT_ELIGIBLE,
        on=DAY,
        ground=legal_ground("44a.1.a"),
    )

    hanoi_case.refresh_from_db()
    assert hanoi_case.eligibility == Eligibility.NOT_ELIGIBLE
    event = hanoi_case.events.get(kind=CaseEvent.Kind.ELIGIBILITY_CHANGED)
    assert (event.occurred_on, event.eligibility_after) == (DAY, "not_eligible")


def test_eligibility_of_a_closed_case_cannot_change(clerk_hanoi, hanoi_case):
    services.case_complete(user=clerk_hanoi, case=hanoi_case, on=DAY)

    with pytest.raises(ValidationError):
        services.case_set_eligibility(
            user=clerk_hanoi,
            case=hanoi_case,
            eligibility=Eligibility.NOT_ELIGIBLE,
            on=DAY,
            ground=legal_ground("44a.1.a"),
        )


def test_correcting_amount_below_recovered_is_refused(clerk_hanoi, hanoi_case):
    services.case_record_payment(user=clerk_hanoi, case=hanoi_case, on=DAY, amount=4_000_000)

    with pytest.raises(ValidationError):
        services.case_update(user=clerk_hanoi, case=hanoi_case, changes={"amount_due": 3_000_000})

    hanoi_case.refresh_from_db()
    assert hanoi_case.amount_due == 10_000_000


def test_correction_cannot_move_case_to_another_city(world, clerk_hanoi, hanoi_case):
    with pytest.raises(PermissionDenied):
        services.case_update(
            user=clerk_hanoi, case=hanoi_case, changes={"unit": world.danang_agency}
        )

    hanoi_case.refresh_from_db()
    assert hanoi_case.unit == world.hanoi_agency


def test_correction_cannot_change_status(clerk_hanoi, hanoi_case):
    with pytest.raises(ValidationError):
        services.case_update(
            user=clerk_hanoi, case=hanoi_case, changes={"status": Status.COMPLETED}
        )
