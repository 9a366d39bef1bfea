"""Entrustment in the statistics: the receiver's case is new, the national totals count it once."""

from __future__ import annotations

import datetime
import random

import pytest

from enforcement import services
from enforcement.models import CaseOrigin, EnforcementCase, Status
from enforcement.selectors import Period, enforcement_statistics, statistics_breakdown
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import UnitFactory

PERIOD = Period(2024)
OUTSIDE = {"code": "THADS-CT", "name": "Thi hành án dân sự thành phố Cần Thơ"}


def _generate(world, clerks, seed: int) -> dict[str, list[EnforcementCase]]:
    """Cases of Hà Nội and Đà Nẵng, some entrusted to the other city and received there.

    Besides the linked pairs: cases entrusted to Cần Thơ (not kept here), cases Cần Thơ
    entrusted to either city (no sender's case here), withdrawn and completed cases, and
    received cases that were completed or entrusted on again.
    """
    rng = random.Random(seed)
    outside = UnitFactory(**OUTSIDE)
    cities = [
        (world.hanoi_office, world.hanoi_agency, clerks["hanoi"]),
        (world.danang_office, world.danang_agency, clerks["danang"]),
    ]
    made: dict[str, list[EnforcementCase]] = {"pairs": [], "all": []}
    for index in range(rng.randint(12, 20)):
        sender = rng.randrange(2)
        office, agency, clerk = cities[sender]
        other_office, other_agency, other_clerk = cities[1 - sender]
        accepted = datetime.date(2023, 10, 1) + datetime.timedelta(days=rng.randrange(150))
        case = EnforcementCaseFactory(
            unit=office,
            accepted_on=accepted,
            decision_date=accepted,
            amount_due=rng.randrange(1, 50) * 1_000_000,
        )
        made["all"].append(case)
        fate = rng.choice(["pair", "pair", "pair", "outside", "withdrawn", "completed", "open"])
        on = accepted + datetime.timedelta(days=rng.randrange(1, 60))
        if fate == "withdrawn":
            services.case_withdraw(user=clerk, case=case, on=on)
        elif fate == "completed":
            services.case_complete(user=clerk, case=case, on=on)
        elif fate == "outside":
            services.case_entrust(
                user=clerk,
                case=case,
                on=on,
                to_unit=outside,
                decision_number=f"9{index}/QĐ",
                decision_date=on,
            )
        elif fate == "pair":
            if rng.random() < 0.5:
                services.case_record_payment(
                    user=clerk, case=case, on=on, amount=case.amount_due // 4
                )
            number = f"{index}/QĐ-THADS"
            sent = services.case_entrust(
                user=clerk,
                case=case,
                on=on,
                to_unit=rng.choice([other_office, other_agency]),
                decision_number=number,
                decision_date=on,
            )
            received_on = on + datetime.timedelta(days=rng.randrange(0, 20))
            received = services.case_open(
                user=other_clerk,
                unit=rng.choice([other_office, other_agency]),
                decision_number=f"R{index}/QĐ-THADS",
                decision_date=received_on,
                accepted_on=received_on,
                judgment=case.judgment,
                initiation=case.initiation,
                debtor=case.debtor,
                eligibility="eligible",
                amount_due=sent.amount_outstanding,
                received_from=agency,
                received_decision_number=number,
                received_decision_date=on,
            )
            assert received.received_from_case_id == sent.pk
            made["all"].append(received)
            made["pairs"].append((sent, received))
            later = received_on + datetime.timedelta(days=rng.randrange(1, 30))
            if rng.random() < 0.3:
                services.case_complete(user=other_clerk, case=received, on=later)
        if rng.random() < 0.3:
            # A case Cần Thơ entrusted: received, with no sender's case here.
            received_on = datetime.date(2024, 2, 1) + datetime.timedelta(days=rng.randrange(90))
            made["all"].append(
                services.case_open(
                    user=other_clerk,
                    unit=other_agency,
                    decision_number=f"C{index}/QĐ-THADS",
                    decision_date=received_on,
                    accepted_on=received_on,
                    judgment="Bản án số 3/2023/DS-ST",
                    initiation="on_request",
                    debtor="Lê Văn Xa",
                    eligibility="eligible",
                    amount_due=2_000_000,
                    received_from=outside,
                    received_decision_number=f"{index}/QĐ-CTHADS",
                    received_decision_date=received_on,
                )
            )
    return made


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_national_totals_count_each_linked_pair_once_from_line_6(
    world, clerk_hanoi, clerk_danang, seed
):
    made = _generate(world, {"hanoi": clerk_hanoi, "danang": clerk_danang}, seed)
    cases = {case.pk: case for case in EnforcementCase.objects.all()}
    pairs = [(cases[sent.pk], cases[received.pk]) for sent, received in made["pairs"]]
    assert pairs, "the generated data holds linked pairs"

    national = enforcement_statistics(units=[world.ministry], period=PERIOD).total

    # One piece of work per case, except that a linked pair is one piece of work moved from
    # one agency to the other: what the country still has to enforce is each piece once.
    work_of = {pk: pk for pk in cases}
    for sent, received in pairs:
        work_of[received.pk] = work_of[sent.pk]
    gone = {Status.ENTRUSTED, Status.WITHDRAWN}
    still_here = {work_of[case.pk] for case in cases.values() if case.status not in gone}
    assert national.cases.to_enforce == len(still_here)
    # Each pair: the sender's case leaves at line 4, the receiver's comes in at line 2.
    assert national.cases.entrusted == sum(
        1 for case in cases.values() if case.status == Status.ENTRUSTED
    )
    assert national.cases.newly_accepted == len(cases)
    # Line 3 counts both halves of a pair, as the official totals do (DESIGN §10: the
    # entrusted cases are part of the total and leave it at line 4).
    assert national.cases.total == national.cases.to_enforce + (
        national.cases.entrusted + national.cases.withdrawn
    )
    # The lines after line 6 sum to it: every piece of work has one outcome.
    assert national.cases.eligible + national.cases.not_eligible == national.cases.to_enforce
    assert national.cases.resolved + national.cases.pending == national.cases.eligible, (
        "lines 11 and 12 make up line 8"
    )
    # In money, each piece of work once as well: the receiver's amount is the balance the
    # sender left, and what the sender collected before entrusting stays the sender's
    # (resolved at line 11, within line 6); the sender's balance leaves at line 4.
    open_money = sum(case.amount_due for case in cases.values() if case.status not in gone)
    collected_by_senders = sum(
        case.amount_recovered for case in cases.values() if case.status == Status.ENTRUSTED
    )
    assert national.money.entrusted == sum(
        case.amount_outstanding for case in cases.values() if case.status == Status.ENTRUSTED
    )
    assert national.money.to_enforce == open_money + collected_by_senders


def test_receiver_counts_the_received_case_as_newly_accepted(world, clerk_hanoi, clerk_danang):
    made = _generate(world, {"hanoi": clerk_hanoi, "danang": clerk_danang}, 7)
    received = [
        case
        for case in EnforcementCase.objects.filter(received_from__isnull=False)
        if case.accepted_on >= PERIOD.start
    ]

    table = statistics_breakdown(units=[world.ministry], period=PERIOD, by="origin")

    of_which = table.rows[CaseOrigin.values.index(CaseOrigin.RECEIVED)]
    assert of_which.cases.newly_accepted == len(received)
    assert of_which.money.newly_accepted == sum(case.amount_due for case in received)
    assert of_which.cases.carried_over == 0
    assert table.total.cases.newly_accepted == len(made["all"])


def test_received_case_is_new_in_the_receivers_row(world, clerk_hanoi, clerk_danang):
    case = EnforcementCaseFactory(unit=world.hanoi_office, accepted_on=datetime.date(2023, 11, 1))
    services.case_entrust(
        user=clerk_hanoi,
        case=case,
        on=datetime.date(2024, 1, 10),
        to_unit=world.danang_agency,
        decision_number="5/QĐ-THADS",
        decision_date=datetime.date(2024, 1, 10),
    )
    services.case_open(
        user=clerk_danang,
        unit=world.danang_office,
        decision_number="40/QĐ-THADS",
        decision_date=datetime.date(2024, 1, 20),
        accepted_on=datetime.date(2024, 1, 20),
        judgment=case.judgment,
        initiation="on_request",
        debtor=case.debtor,
        eligibility="eligible",
        amount_due=case.amount_due,
        received_from=world.hanoi_agency,
        received_decision_number="5/QĐ-THADS",
        received_decision_date=datetime.date(2024, 1, 10),
    )

    table = enforcement_statistics(units=[world.hanoi_agency, world.danang_agency], period=PERIOD)

    hanoi, danang = table.rows
    assert (hanoi.cases.newly_accepted, hanoi.cases.entrusted, hanoi.cases.to_enforce) == (1, 1, 0)
    assert (danang.cases.newly_accepted, danang.cases.to_enforce) == (1, 1)
    assert danang.money.newly_accepted == case.amount_due
    assert table.total.cases.to_enforce == 1
