"""Entrustment received: the receiver's new case, its checks and its link to the sender's."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from enforcement import services
from enforcement.models import EnforcementCase, Status
from organizations.roles import Role
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import UnitFactory, make_persona

ENTRUSTED_ON = datetime.date(2024, 4, 10)
RECEIVED_ON = datetime.date(2024, 4, 20)
NUMBER = "12/QĐ-THADS"


@pytest.fixture(autouse=True)
def _english():
    # The refusals are asserted by their English msgids (the catalogue translates them).
    with translation.override("en"):
        yield


def _sent(world, clerk_hanoi, *, to=None, number=NUMBER, judgment="Bản án số 7/2023/DS-ST"):
    """A Hà Nội case entrusted to Đà Nẵng with its entrustment decision."""
    case = EnforcementCaseFactory(unit=world.hanoi_office, judgment=judgment)
    return services.case_entrust(
        user=clerk_hanoi,
        case=case,
        on=ENTRUSTED_ON,
        to_unit=to or world.danang_agency,
        decision_number=number,
        decision_date=ENTRUSTED_ON if number else None,
    )


def _receive(world, clerk_danang, *, unit=None, number=NUMBER, on=ENTRUSTED_ON, **extra):
    """Đà Nẵng accepts the case Hà Nội entrusted."""
    fields = {
        "decision_number": extra.pop("decision_number", "55/QĐ-THADS"),
        "decision_date": RECEIVED_ON,
        "accepted_on": RECEIVED_ON,
        "judgment": extra.pop("judgment", "Bản án số 7/2023/DS-ST"),
        "initiation": "on_request",
        "debtor": "Nguyễn Văn Nợ",
        "eligibility": "eligible",
        "amount_due": 5_000_000,
    }
    return services.case_open(
        user=clerk_danang,
        unit=unit or world.danang_agency,
        received_from=extra.pop("received_from", world.hanoi_agency),
        received_decision_number=number,
        received_decision_date=on,
        **fields,
        **extra,
    )


def test_received_case_is_linked_to_the_senders_entrusted_case(world, clerk_hanoi, clerk_danang):
    sent = _sent(world, clerk_hanoi)

    received = _receive(world, clerk_danang)

    received.refresh_from_db()
    assert received.received_from == world.hanoi_agency
    assert (received.received_decision_number, received.received_decision_date) == (
        NUMBER,
        ENTRUSTED_ON,
    )
    assert received.received_from_case == sent
    assert sent.entrustment_decision_number == NUMBER


def test_case_entrusted_to_an_office_links_to_the_case_its_agency_received(
    world, clerk_hanoi, clerk_danang
):
    sent = _sent(world, clerk_hanoi, to=world.danang_office)

    received = _receive(world, clerk_danang)

    assert received.received_from_case == sent


def test_receiver_recorded_first_is_linked_when_the_sender_entrusts(
    world, clerk_hanoi, clerk_danang
):
    received = _receive(world, clerk_danang)
    assert received.received_from_case is None

    sent = _sent(world, clerk_hanoi)

    received.refresh_from_db()
    assert received.received_from_case == sent


def test_sender_case_already_linked_is_not_linked_twice(world, clerk_hanoi, clerk_danang):
    sent = _sent(world, clerk_hanoi)
    first = _receive(world, clerk_danang)

    second = _receive(world, clerk_danang, decision_number="56/QĐ-THADS")

    assert first.received_from_case == sent
    second.refresh_from_db()
    assert second.received_from_case is None


def test_two_fitting_sender_cases_leave_the_received_case_unlinked(
    world, clerk_hanoi, clerk_danang
):
    _sent(world, clerk_hanoi)
    _sent(world, clerk_hanoi)

    received = _receive(world, clerk_danang)

    received.refresh_from_db()
    assert received.received_from_case is None


def test_judgment_enforced_decides_between_two_cases_of_one_decision(
    world, clerk_hanoi, clerk_danang
):
    _sent(world, clerk_hanoi, judgment="Bản án số 8/2023/DS-ST")
    sent = _sent(world, clerk_hanoi, judgment="Bản án số 7/2023/DS-ST")

    received = _receive(world, clerk_danang, judgment="BẢN ÁN SỐ 7/2023/DS-ST")

    assert received.received_from_case == sent


def test_two_received_cases_claiming_one_sender_case_stay_unlinked(
    world, clerk_hanoi, clerk_danang
):
    first = _receive(world, clerk_danang)
    second = _receive(world, clerk_danang, decision_number="56/QĐ-THADS")

    sent = _sent(world, clerk_hanoi)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.received_from_case, second.received_from_case) == (None, None)
    assert not EnforcementCase.objects.filter(received_from_case=sent).exists()


def test_case_entrusted_to_another_agency_is_never_linked(world, clerk_hanoi, clerk_danang):
    elsewhere = UnitFactory(code="THADS-CT", name="Thi hành án dân sự thành phố Cần Thơ")
    _sent(world, clerk_hanoi, to=elsewhere)

    received = _receive(world, clerk_danang)

    received.refresh_from_db()
    assert received.received_from_case is None


def test_other_decision_number_is_not_linked(world, clerk_hanoi, clerk_danang):
    _sent(world, clerk_hanoi)

    received = _receive(world, clerk_danang, number="13/QĐ-THADS")

    received.refresh_from_db()
    assert received.received_from_case is None


def test_other_decision_date_is_not_linked(world, clerk_hanoi, clerk_danang):
    _sent(world, clerk_hanoi)

    received = _receive(world, clerk_danang, on=datetime.date(2024, 4, 11))

    received.refresh_from_db()
    assert received.received_from_case is None


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"number": ""}, "received_decision_number"),
        ({"on": None}, "received_decision_date"),
        ({"on": datetime.date(2024, 4, 21)}, "received_decision_date"),
        ({"on": datetime.date(2999, 1, 1)}, "received_decision_date"),
        ({"number": "x" * 51}, "received_decision_number"),
    ],
)
def test_bad_entrustment_decision_is_refused_and_nothing_written(world, clerk_danang, extra, field):
    with pytest.raises(ValidationError) as refused:
        _receive(world, clerk_danang, **extra)

    assert field in refused.value.message_dict
    assert not EnforcementCase.objects.exists()


def test_receiving_from_the_own_agency_is_refused(world, clerk_danang):
    with pytest.raises(ValidationError) as refused:
        _receive(world, clerk_danang, unit=world.danang_office, received_from=world.danang_agency)

    assert "reassigned" in refused.value.message_dict["received_from"][0]
    assert not EnforcementCase.objects.exists()


def test_receiving_from_an_office_of_the_own_agency_is_refused(world, clerk_danang):
    with pytest.raises(ValidationError):
        _receive(world, clerk_danang, received_from=world.danang_office)


def test_receiving_from_a_department_of_justice_is_refused(world, clerk_danang):
    with pytest.raises(ValidationError) as refused:
        _receive(world, clerk_danang, received_from=world.danang_department)

    assert "received_from" in refused.value.message_dict


def test_entrustment_decision_without_sending_agency_is_refused(world, clerk_danang):
    with pytest.raises(ValidationError) as refused:
        _receive(world, clerk_danang, received_from=None)

    assert "received_from" in refused.value.message_dict


def test_correcting_the_decision_drops_a_link_that_no_longer_fits(world, clerk_hanoi, clerk_danang):
    _sent(world, clerk_hanoi)
    received = _receive(world, clerk_danang)

    services.case_update(
        user=clerk_danang, case=received, changes={"received_decision_number": "99/QĐ-THADS"}
    )

    received.refresh_from_db()
    assert received.received_decision_number == "99/QĐ-THADS"
    assert received.received_from_case is None


def test_correcting_the_decision_to_the_senders_links_it(world, clerk_hanoi, clerk_danang):
    sent = _sent(world, clerk_hanoi)
    received = _receive(world, clerk_danang, number="99/QĐ-THADS")

    services.case_update(
        user=clerk_danang, case=received, changes={"received_decision_number": f" {NUMBER} "}
    )

    received.refresh_from_db()
    assert received.received_from_case == sent


def test_entrustment_decision_recorded_later_links_the_waiting_received_case(
    world, clerk_hanoi, clerk_danang
):
    sent = _sent(world, clerk_hanoi, number="")
    received = _receive(world, clerk_danang)
    assert received.received_from_case is None

    services.case_record_entrustment_decision(
        user=clerk_hanoi, case=sent, number=NUMBER, on=ENTRUSTED_ON
    )

    received.refresh_from_db()
    assert received.received_from_case == sent


def test_entrustment_decision_of_an_open_case_is_refused(world, clerk_hanoi, hanoi_case):
    with pytest.raises(ValidationError):
        services.case_record_entrustment_decision(
            user=clerk_hanoi, case=hanoi_case, number=NUMBER, on=ENTRUSTED_ON
        )


def test_entrustment_decision_dated_after_the_entrustment_is_refused(world, clerk_hanoi):
    case = EnforcementCaseFactory(unit=world.hanoi_office)

    with pytest.raises(ValidationError) as refused:
        services.case_entrust(
            user=clerk_hanoi,
            case=case,
            on=ENTRUSTED_ON,
            to_unit=world.danang_agency,
            decision_number=NUMBER,
            decision_date=ENTRUSTED_ON + datetime.timedelta(days=1),
        )

    assert "entrustment_decision_date" in refused.value.message_dict
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS


def test_clerk_cannot_link_by_hand_to_a_case_of_another_city(world, clerk_hanoi, clerk_danang):
    sent = _sent(world, clerk_hanoi, number="")
    received = _receive(world, clerk_danang)

    with pytest.raises(PermissionDenied) as refused:
        services.case_link_received(
            user=clerk_danang, case=received, sent_case=sent, reason="Cùng bản án"
        )

    # The same answer as for a case that does not exist: nothing learnt about it.
    assert str(refused.value) == "No case of your units has this number."
    received.refresh_from_db()
    assert received.received_from_case is None


def test_ministry_clerk_links_by_hand_a_case_entrusted_before_its_decision_was_recorded(
    world, clerk_hanoi, clerk_danang
):
    ministry_clerk = make_persona("p.clerk.moj", world.ministry, Role.ENFORCEMENT_CLERK)
    sent = _sent(world, clerk_hanoi, number="")
    received = _receive(world, clerk_danang)

    services.case_link_received(
        user=ministry_clerk, case=received, sent_case=sent, reason="Cùng bản án"
    )

    received.refresh_from_db()
    assert received.received_from_case == sent


def test_link_by_hand_to_a_case_entrusted_elsewhere_is_refused(world, clerk_hanoi, clerk_danang):
    ministry_clerk = make_persona("p.clerk.moj", world.ministry, Role.ENFORCEMENT_CLERK)
    elsewhere = UnitFactory(code="THADS-CT", name="Thi hành án dân sự thành phố Cần Thơ")
    sent = _sent(world, clerk_hanoi, to=elsewhere, number="")
    received = _receive(world, clerk_danang)

    with pytest.raises(ValidationError):
        services.case_link_received(
            user=ministry_clerk, case=received, sent_case=sent, reason="Cùng bản án"
        )


def test_link_by_hand_to_an_already_linked_case_is_refused(world, clerk_hanoi, clerk_danang):
    ministry_clerk = make_persona("p.clerk.moj", world.ministry, Role.ENFORCEMENT_CLERK)
    sent = _sent(world, clerk_hanoi)
    _receive(world, clerk_danang)
    other = _receive(world, clerk_danang, decision_number="56/QĐ-THADS")

    with pytest.raises(ValidationError):
        services.case_link_received(
            user=ministry_clerk, case=other, sent_case=sent, reason="Cùng bản án"
        )


# The database keeps the invariants whatever writes the rows (imports, demo, SQL).


def _row(world, **fields) -> None:
    with transaction.atomic():
        EnforcementCaseFactory(unit=world.danang_agency, **fields)


def test_database_refuses_a_sending_agency_without_its_decision(world):
    with pytest.raises(IntegrityError):
        _row(world, received_from=world.hanoi_agency)


def test_database_refuses_a_decision_without_a_sending_agency(world):
    with pytest.raises(IntegrityError):
        _row(world, received_decision_number=NUMBER, received_decision_date=ENTRUSTED_ON)


def test_database_refuses_a_case_received_from_itself(world):
    with pytest.raises(IntegrityError):
        _row(
            world,
            received_from=world.danang_agency,
            received_decision_number=NUMBER,
            received_decision_date=ENTRUSTED_ON,
        )


def test_database_refuses_a_decision_received_after_acceptance(world):
    with pytest.raises(IntegrityError):
        _row(
            world,
            received_from=world.hanoi_agency,
            received_decision_number=NUMBER,
            received_decision_date=datetime.date(2024, 3, 2),
        )


def test_database_refuses_a_link_of_a_case_not_received(world, hanoi_case):
    with pytest.raises(IntegrityError):
        _row(world, received_from_case=hanoi_case)


def test_database_refuses_an_entrustment_decision_on_an_open_case(world):
    with pytest.raises(IntegrityError):
        _row(world, entrustment_decision_number=NUMBER, entrustment_decision_date=ENTRUSTED_ON)


def test_database_refuses_two_cases_linked_to_one_sender_case(world, hanoi_case):
    received = {
        "received_from": world.hanoi_agency,
        "received_decision_number": NUMBER,
        "received_decision_date": datetime.date(2024, 3, 1),
        "received_from_case": hanoi_case,
    }
    _row(world, **received)
    with pytest.raises(IntegrityError):
        _row(world, **received)
