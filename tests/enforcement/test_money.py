"""Money as the regime counts it: payments, reductions and corrections are dated events."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from enforcement import services
from enforcement.models import (
    AnnualSnapshot,
    CaseEvent,
    MoneyBasis,
    StatisticalYear,
    Status,
    YearLogEntry,
)
from enforcement.selectors import Period, enforcement_statistics
from tests.enforcement.factories import EnforcementCaseFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:enforcement_enforcementcase_changelist")
MILLION = 1_000_000


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _refusal(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


def _case(world, **values):
    values.setdefault("unit", world.hanoi_agency)
    values.setdefault("amount_due", 100 * MILLION)
    return EnforcementCaseFactory(**values)


def _money(world, year: int, months: int = 12):
    return (
        enforcement_statistics(units=[world.hanoi_agency], period=Period(year, months))
        .rows[0]
        .money
    )


def test_lines_count_money_collected_reduced_and_left(world, clerk_hanoi):
    carried = _case(world, accepted_on=datetime.date(2023, 2, 1))
    pay = services.case_record_payment
    pay(user=clerk_hanoi, case=carried, on=datetime.date(2023, 5, 1), amount=30 * MILLION)
    pay(user=clerk_hanoi, case=carried, on=datetime.date(2024, 1, 10), amount=20 * MILLION)
    services.case_entrust(
        user=clerk_hanoi, case=carried, on=datetime.date(2024, 2, 1), to_unit=world.danang_agency
    )
    new = _case(world, accepted_on=datetime.date(2023, 11, 1))
    pay(user=clerk_hanoi, case=new, on=datetime.date(2023, 12, 1), amount=40 * MILLION)
    services.case_record_reduction(
        user=clerk_hanoi, case=new, on=datetime.date(2024, 3, 1), amount=10 * MILLION
    )
    # Paid after the year: part of the balance carried to the next year.
    pay(user=clerk_hanoi, case=new, on=datetime.date(2024, 11, 5), amount=5 * MILLION)

    money = _money(world, 2024)

    # Carried over at its balance on 1/10/2023 (100 − 30); entrusted at its balance then.
    assert (money.carried_over, money.newly_accepted) == (70 * MILLION, 100 * MILLION)
    assert money.entrusted == 50 * MILLION
    # Completed is the money collected within the year, on both cases.
    assert (money.completed, money.reduced) == (60 * MILLION, 10 * MILLION)
    assert money.in_progress == 50 * MILLION  # the balance on 30/09/2024
    assert money.resolved == 70 * MILLION
    assert money.carried_to_next == money.to_enforce - money.resolved == 50 * MILLION
    assert _money(world, 2025).carried_over == 50 * MILLION


def test_completion_collects_the_balance_on_its_day(world, clerk_hanoi):
    case = _case(world, accepted_on=datetime.date(2024, 1, 5))
    services.case_record_payment(
        user=clerk_hanoi, case=case, on=datetime.date(2024, 2, 1), amount=60 * MILLION
    )

    services.case_complete(user=clerk_hanoi, case=case, on=datetime.date(2024, 4, 1))

    case.refresh_from_db()
    completed = case.events.get(kind=CaseEvent.Kind.COMPLETED)
    assert (completed.collected, case.amount_recovered, case.amount_outstanding) == (
        40 * MILLION,
        100 * MILLION,
        0,
    )
    assert _money(world, 2024).completed == 100 * MILLION


@pytest.mark.parametrize(
    ("service", "field"),
    [("case_record_payment", "amount_recovered"), ("case_record_reduction", "amount_reduced")],
)
def test_more_than_the_balance_is_refused(world, clerk_hanoi, service, field):
    case = _case(world, accepted_on=datetime.date(2024, 1, 5))
    services.case_record_reduction(
        user=clerk_hanoi, case=case, on=datetime.date(2024, 2, 1), amount=30 * MILLION
    )

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        getattr(services, service)(
            user=clerk_hanoi, case=case, on=datetime.date(2024, 3, 1), amount=70 * MILLION + 1
        )

    assert "70.000.001" in _refusal(error) and "70.000.000" in _refusal(error)
    assert "nhiều hơn số còn phải thi hành" in _refusal(error)
    case.refresh_from_db()
    assert getattr(case, field) == (30 * MILLION if field == "amount_reduced" else 0)
    assert case.events.exclude(kind=CaseEvent.Kind.OPENED).count() == 1


def test_a_mistyped_payment_is_corrected_keeping_its_history(world, clerk_hanoi):
    case = _case(world, accepted_on=datetime.date(2024, 1, 5))
    services.case_record_payment(
        user=clerk_hanoi, case=case, on=datetime.date(2024, 2, 1), amount=1
    )
    payment = case.events.get(kind=CaseEvent.Kind.PAYMENT)

    services.case_correct_payment(
        user=clerk_hanoi, case=case, payment=payment, amount=MILLION, reason="Gõ thiếu số 0"
    )

    case.refresh_from_db()
    assert case.amount_recovered == MILLION
    correction = case.events.get(kind=CaseEvent.Kind.PAYMENT_CORRECTED)
    # Dated on the payment's day, by its author, with its reason; the payment stays as typed.
    assert (correction.occurred_on, correction.collected, correction.corrects) == (
        datetime.date(2024, 2, 1),
        MILLION - 1,
        payment,
    )
    assert (correction.recorded_by, correction.note) == (clerk_hanoi, "Gõ thiếu số 0")
    payment.refresh_from_db()
    assert (payment.collected, payment.paid_amount) == (1, MILLION)
    assert _money(world, 2024, months=5).completed == MILLION

    services.case_correct_payment(
        user=clerk_hanoi, case=case, payment=payment, amount=0, reason="Khoản thu bị trùng"
    )
    case.refresh_from_db()
    assert (case.amount_recovered, payment.paid_amount) == (0, 0)
    assert _money(world, 2024).completed == 0
    assert case.events.count() == 4  # opened, the payment and its two corrections
    assert case.history.count() >= 3


def test_corrections_refused_with_a_reason_and_nothing_written(
    world, clerk_hanoi, clerk_danang, danang_case
):
    case = _case(world, accepted_on=datetime.date(2024, 1, 5))
    services.case_record_payment(
        user=clerk_hanoi, case=case, on=datetime.date(2024, 2, 1), amount=10 * MILLION
    )
    payment = case.events.get(kind=CaseEvent.Kind.PAYMENT)
    services.case_record_payment(
        user=clerk_danang, case=danang_case, on=datetime.date(2024, 3, 2), amount=MILLION
    )
    other = danang_case.events.get(kind=CaseEvent.Kind.PAYMENT)

    attempts = [
        ({"payment": payment, "amount": MILLION, "reason": " "}, "lý do"),
        ({"payment": payment, "amount": -1, "reason": "Sửa"}, "số âm"),
        ({"payment": payment, "amount": 10 * MILLION, "reason": "Sửa"}, "không có gì để sửa"),
        ({"payment": payment, "amount": 100 * MILLION + 1, "reason": "Sửa"}, "vượt"),
        ({"payment": other, "amount": 0, "reason": "Sửa"}, "khoản thu của việc này"),
    ]
    for kwargs, expected in attempts:
        with translation.override("vi"), pytest.raises(ValidationError) as error:
            services.case_correct_payment(user=clerk_hanoi, case=case, **kwargs)
        assert expected in _refusal(error)
    services.case_correct_payment(
        user=clerk_hanoi, case=case, payment=payment, amount=MILLION, reason="Sửa"
    )
    correction = case.events.get(kind=CaseEvent.Kind.PAYMENT_CORRECTED)
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.case_correct_payment(
            user=clerk_hanoi, case=case, payment=correction, amount=0, reason="Sửa"
        )
    assert "khoản thu của việc này" in _refusal(error)
    case.refresh_from_db()
    assert (case.amount_recovered, case.events.count()) == (MILLION, 3)


def test_a_case_cannot_close_before_its_last_payment(world, clerk_hanoi):
    case = _case(world, accepted_on=datetime.date(2024, 1, 5))
    services.case_record_payment(
        user=clerk_hanoi, case=case, on=datetime.date(2024, 5, 1), amount=MILLION
    )

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.case_withdraw(user=clerk_hanoi, case=case, on=datetime.date(2024, 4, 1))

    assert "01/05/2024" in _refusal(error)
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS


def _action(client: Client, action: str, case, **fields):
    return client.post(
        CHANGELIST,
        {
            "action": action,
            "_selected_action": [case.pk],
            "apply": "1",
            "on": "01/06/2024",
            "note": "",
            "reason": "",
            **fields,
        },
    )


def test_admin_records_a_reduction_and_corrects_a_payment(world, clerk_hanoi):
    case = _case(world, accepted_on=datetime.date(2024, 1, 5))
    client = _client(clerk_hanoi)
    _action(client, "record_payment", case, amount="1")
    payment = case.events.get(kind=CaseEvent.Kind.PAYMENT)

    form = client.post(CHANGELIST, {"action": "correct_payment", "_selected_action": [case.pk]})
    assert f'value="{payment.pk}"' in form.content.decode()
    assert 'name="on"' not in form.content.decode()

    refused = _action(client, "correct_payment", case, payment=payment.pk, amount="1.000.000")
    assert refused.status_code == 200  # the reason is required: the form comes back
    case.refresh_from_db()
    assert case.amount_recovered == 1

    done = _action(
        client,
        "correct_payment",
        case,
        payment=payment.pk,
        amount="1.000.000",
        reason="Gõ thiếu",
    )
    assert done.status_code == 302
    reduced = _action(client, "record_reduction", case, amount="2.500.000")
    assert reduced.status_code == 302
    case.refresh_from_db()
    assert (case.amount_recovered, case.amount_reduced) == (MILLION, 2_500_000)
    messages = [str(message) for message in client.get(CHANGELIST).context["messages"]]
    assert any("1.000.000" in message and "99.000.000" in message for message in messages)
    assert any("2.500.000" in message and "96.500.000" in message for message in messages)

    page = client.get(reverse("admin:enforcement_enforcementcase_change", args=[case.pk]))
    content = page.content.decode()
    assert "96.500.000" in content  # still to enforce
    assert "sửa khoản thu ngày 01/06/2024 thành 1.000.000 ₫" in content


def test_admin_correction_offers_only_the_chosen_case_payments(
    world, clerk_hanoi, clerk_danang, danang_case
):
    services.case_record_payment(
        user=clerk_danang, case=danang_case, on=datetime.date(2024, 3, 2), amount=MILLION
    )
    case = _case(world, accepted_on=datetime.date(2024, 1, 5))
    client = _client(clerk_hanoi)

    response = _action(
        client,
        "correct_payment",
        case,
        payment=danang_case.events.get(kind=CaseEvent.Kind.PAYMENT).pk,
        amount="0",
        reason="Thử",
    )

    assert response.status_code == 200
    danang_case.refresh_from_db()
    assert danang_case.amount_recovered == MILLION
    # Another unit's case is not even selectable.
    other = _action(client, "correct_payment", danang_case, amount="0", reason="Thử")
    assert other.status_code in (200, 302)
    danang_case.refresh_from_db()
    assert danang_case.amount_recovered == MILLION


def test_a_year_frozen_by_amount_due_is_flagged_and_recomputed_with_a_reason(
    world, clerk_hanoi, administrator, leader
):
    case = _case(world, accepted_on=datetime.date(2023, 11, 1))
    services.case_record_payment(
        user=clerk_hanoi, case=case, on=datetime.date(2024, 1, 5), amount=30 * MILLION
    )
    services.statistical_year_close(user=administrator, year=2024)
    snapshot = AnnualSnapshot.objects.get(unit=world.hanoi_agency)
    assert (snapshot.completed_money, snapshot.money_basis) == (30 * MILLION, MoneyBasis.COLLECTED)
    # As a year closed before this change stands: money by amount due.
    AnnualSnapshot.objects.update(completed_money=0, in_progress_money=100 * MILLION)
    AnnualSnapshot.objects.update(money_basis=MoneyBasis.AMOUNT_DUE)
    report = _client(leader).get(reverse("enforcement:report"), {"year": 2024})
    assert "được chốt trước khi tính theo số tiền thực thu" in report.content.decode()

    with pytest.raises(ValidationError):
        services.statistical_year_recompute_money(user=administrator, year=2024, reason="")
    client = _client(administrator)
    year = StatisticalYear.objects.get(year=2024)
    response = client.post(
        reverse("admin:enforcement_statisticalyear_changelist"),
        {
            "action": "recompute_money",
            "_selected_action": [year.pk],
            "apply": "1",
            "reason": "Tính theo số thực thu",
        },
    )

    assert response.status_code == 302
    snapshot.refresh_from_db()
    assert (snapshot.completed_money, snapshot.in_progress_money, snapshot.money_basis) == (
        30 * MILLION,
        70 * MILLION,
        MoneyBasis.COLLECTED,
    )
    entry = YearLogEntry.objects.get(action=YearLogEntry.Action.RECOMPUTED)
    assert (entry.user, entry.reason) == (administrator, "Tính theo số thực thu")
    report = _client(leader).get(reverse("enforcement:report"), {"year": 2024})
    assert "được chốt trước khi tính theo số tiền thực thu" not in report.content.decode()
    with pytest.raises(ValidationError):
        services.statistical_year_recompute_money(user=administrator, year=2024, reason="Lại")
