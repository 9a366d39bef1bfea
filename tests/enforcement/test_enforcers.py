"""Enforcers (chấp hành viên): who may be one, dated (re)assignments, statistics per enforcer."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from enforcement import services
from enforcement.models import CaseEvent, EnforcementCase, Status
from enforcement.selectors import (
    EMPTY,
    Period,
    direct_lines,
    enforcement_statistics,
    enforcer_statistics,
    enforcers_in,
    is_enforcer_position,
)
from tests.enforcement.factories import EnforcementCaseFactory, legal_ground
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def enforcers(world):
    """Two enforcers of Hà Nội's agency, one of its office, one of Đà Nẵng's agency."""
    return {
        "a": PersonFactory(
            full_name="Phạm Minh An", unit=world.hanoi_agency, position="Chấp hành viên"
        ),
        "b": PersonFactory(
            full_name="Lê Thu Bình",
            unit=world.hanoi_agency,
            position="chấp hành viên trung cấp",
        ),
        "c": PersonFactory(
            full_name="Vũ Đức Cường", unit=world.hanoi_office, position="CHAP HANH VIEN"
        ),
        "dn": PersonFactory(
            full_name="Trần Văn Đà", unit=world.danang_agency, position="Chấp hành viên"
        ),
    }


def _open(user, unit, number: str, accepted_on: datetime.date, enforcer=None, **extra):
    return services.case_open(
        user=user,
        unit=unit,
        decision_number=number,
        decision_date=accepted_on,
        accepted_on=accepted_on,
        judgment="Bản án số 1/2023/DS-ST",
        initiation="on_request",
        debtor="Nguyễn Văn Nợ",
        eligibility="eligible",
        amount_due=extra.pop("amount_due", 10_000_000),
        enforcer=enforcer,
        **extra,
    )


# --- who is an enforcer ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        ("Chấp hành viên", True),
        ("chấp hành viên cao cấp", True),
        ("CHẤP HÀNH VIÊN", True),
        ("Chap hanh vien so cap", True),
        ("Phó Chi cục trưởng, Chấp hành viên", True),
        ("Thư ký thi hành án", False),
        ("Chuyên viên", False),
        ("", False),
        (None, False),
    ],
)
def test_an_enforcer_is_recognised_by_position_whatever_case_and_accents(position, expected):
    assert is_enforcer_position(position) is expected


def test_enforcers_of_a_unit_leave_out_other_positions_and_units(world, enforcers):
    found = set(enforcers_in({world.hanoi_agency.pk}))

    assert found == {enforcers["a"], enforcers["b"]}
    assert world.hanoi_person not in found  # a "Chuyên viên"


# --- assigning ------------------------------------------------------------------------------


def test_clerk_assigns_an_enforcer_of_the_case_unit_as_a_dated_event(
    clerk_hanoi, enforcers, hanoi_case
):
    case = services.case_assign_enforcer(
        user=clerk_hanoi, case=hanoi_case, enforcer=enforcers["a"], on=D(2024, 4, 2), note="Phân"
    )

    case.refresh_from_db()
    assert (case.enforcer, case.enforcer_since) == (enforcers["a"], D(2024, 4, 2))
    event = case.events.get(kind=CaseEvent.Kind.REASSIGNED)
    assert (event.enforcer, event.occurred_on, event.recorded_by, event.note) == (
        enforcers["a"],
        D(2024, 4, 2),
        clerk_hanoi,
        "Phân",
    )
    assert event.status_after == case.status


def test_reassignments_keep_their_history(clerk_hanoi, enforcers, hanoi_case):
    services.case_assign_enforcer(
        user=clerk_hanoi, case=hanoi_case, enforcer=enforcers["a"], on=D(2024, 4, 2)
    )
    services.case_assign_enforcer(
        user=clerk_hanoi, case=hanoi_case, enforcer=enforcers["b"], on=D(2024, 7, 1)
    )

    history = list(
        hanoi_case.events.filter(kind=CaseEvent.Kind.REASSIGNED)
        .order_by("occurred_on")
        .values_list("occurred_on", "enforcer")
    )
    assert history == [(D(2024, 4, 2), enforcers["a"].pk), (D(2024, 7, 1), enforcers["b"].pk)]
    hanoi_case.refresh_from_db()
    assert (hanoi_case.enforcer, hanoi_case.enforcer_since) == (enforcers["b"], D(2024, 7, 1))
    # The case's change history names the enforcer too.
    assert hanoi_case.history.first().enforcer_id == enforcers["b"].pk


def _refused(user, case, enforcer, on, code):
    events = CaseEvent.objects.count()
    before = EnforcementCase.objects.values().get(pk=case.pk)
    with pytest.raises(ValidationError) as refusal:
        services.case_assign_enforcer(user=user, case=case, enforcer=enforcer, on=on)
    assert refusal.value.error_list[0].code == code
    assert CaseEvent.objects.count() == events
    assert EnforcementCase.objects.values().get(pk=case.pk) == before
    return refusal.value


def test_a_person_of_another_unit_is_refused_and_nothing_written(
    clerk_hanoi, enforcers, hanoi_case
):
    with translation.override("en"):
        refusal = _refused(
            clerk_hanoi, hanoi_case, enforcers["c"], D(2024, 4, 2), "enforcer_other_unit"
        )
    assert "not of the case's unit" in refusal.messages[0]
    assert enforcers["c"].full_name in refusal.messages[0]


def test_an_enforcer_of_another_city_is_refused(administrator, enforcers, hanoi_case):
    _refused(administrator, hanoi_case, enforcers["dn"], D(2024, 4, 2), "enforcer_other_unit")


def test_a_person_whose_position_is_not_enforcer_is_refused(world, clerk_hanoi, hanoi_case):
    with translation.override("en"):
        refusal = _refused(
            clerk_hanoi, hanoi_case, world.hanoi_person, D(2024, 4, 2), "not_enforcer"
        )
    assert "Chuyên viên" in refusal.messages[0]


def test_a_closed_case_is_not_reassigned(clerk_hanoi, enforcers, hanoi_case):
    services.case_complete(user=clerk_hanoi, case=hanoi_case, on=D(2024, 4, 1))

    _refused(clerk_hanoi, hanoi_case, enforcers["a"], D(2024, 4, 2), "closed")


@pytest.mark.parametrize(
    ("on", "code"),
    [
        (D(2024, 2, 1), "before_accepted"),  # accepted on 1 March 2024
        (D(2099, 1, 1), "future"),
    ],
)
def test_a_date_before_acceptance_or_in_the_future_is_refused(
    clerk_hanoi, enforcers, hanoi_case, on, code
):
    _refused(clerk_hanoi, hanoi_case, enforcers["a"], on, code)


def test_a_reassignment_before_the_last_one_is_refused(clerk_hanoi, enforcers, hanoi_case):
    services.case_assign_enforcer(
        user=clerk_hanoi, case=hanoi_case, enforcer=enforcers["a"], on=D(2024, 6, 1)
    )

    _refused(clerk_hanoi, hanoi_case, enforcers["b"], D(2024, 5, 1), "before_last_assignment")


def test_the_same_enforcer_again_is_refused(clerk_hanoi, enforcers, hanoi_case):
    services.case_assign_enforcer(
        user=clerk_hanoi, case=hanoi_case, enforcer=enforcers["a"], on=D(2024, 6, 1)
    )

    _refused(clerk_hanoi, hanoi_case, enforcers["a"], D(2024, 7, 1), "same_enforcer")


def test_clerk_cannot_assign_an_enforcer_to_a_case_of_another_city(
    clerk_danang, enforcers, hanoi_case
):
    with pytest.raises(PermissionDenied):
        services.case_assign_enforcer(
            user=clerk_danang, case=hanoi_case, enforcer=enforcers["a"], on=D(2024, 4, 2)
        )
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REASSIGNED).exists()


def test_a_case_opened_with_an_enforcer_holds_it_from_acceptance(world, clerk_hanoi, enforcers):
    case = _open(clerk_hanoi, world.hanoi_agency, "1/QĐ", D(2024, 2, 1), enforcers["a"])

    assert (case.enforcer, case.enforcer_since) == (enforcers["a"], D(2024, 2, 1))
    assert case.events.get().enforcer == enforcers["a"]


def test_opening_a_case_with_another_unit_enforcer_is_refused(world, clerk_hanoi, enforcers):
    with pytest.raises(ValidationError) as refusal:
        _open(clerk_hanoi, world.hanoi_agency, "1/QĐ", D(2024, 2, 1), enforcers["dn"])

    assert "enforcer" in refusal.value.message_dict
    assert not EnforcementCase.objects.exists()


# --- statistics per enforcer ----------------------------------------------------------------


@pytest.fixture
def assigned_cases(world, administrator, enforcers):
    """Hà Nội's cases of 2024 with their enforcers over time (see each case's comment)."""
    a, b, c = enforcers["a"], enforcers["b"], enforcers["c"]
    agency, office = world.hanoi_agency, world.hanoi_office
    user = administrator
    # 1: A from acceptance, reassigned to B on 10 May 2024.
    case1 = _open(user, agency, "1", D(2023, 11, 1), a)
    services.case_assign_enforcer(user=user, case=case1, enforcer=b, on=D(2024, 5, 10))
    # 2: A, completed on 1 February 2024.
    case2 = _open(user, agency, "2", D(2023, 10, 15), a)
    services.case_complete(user=user, case=case2, on=D(2024, 2, 1))
    # 3: nobody at first; B from 15 January; postponed, resumed; A from 1 August 2024.
    case3 = _open(user, agency, "3", D(2023, 12, 1), amount_due=7_000_000)
    services.case_assign_enforcer(user=user, case=case3, enforcer=b, on=D(2024, 1, 15))
    services.case_postpone(user=user, case=case3, on=D(2024, 3, 1), ground=legal_ground("48.1.c"))
    services.case_resume(user=user, case=case3, on=D(2024, 4, 1))
    services.case_assign_enforcer(user=user, case=case3, enforcer=a, on=D(2024, 8, 1))
    # 4: the office's C, not yet eligible, then paid in part.
    case4 = _open(user, office, "4", D(2023, 10, 5), c, amount_due=3_000_000)
    services.case_set_eligibility(
        user=user,
        case=case4,
        eligibility="not_eligible",
        on=D(2023, 11, 1),
        ground=legal_ground("44a.1.a"),
    )
    # 5: carried over: A, B from 1 September 2023, terminated on 15 June 2024.
    case5 = _open(user, agency, "5", D(2022, 5, 1), a, amount_due=5_000_000)
    services.case_assign_enforcer(user=user, case=case5, enforcer=b, on=D(2023, 9, 1))
    services.case_terminate(user=user, case=case5, on=D(2024, 6, 15), ground=legal_ground("50.1.c"))
    # 7: A; reassigned to B on 1 June 2024, completed on 20 June.
    case7 = _open(user, agency, "7", D(2023, 10, 10), a, amount_due=2_000_000)
    services.case_assign_enforcer(user=user, case=case7, enforcer=b, on=D(2024, 6, 1))
    services.case_complete(user=user, case=case7, on=D(2024, 6, 20))
    return enforcers


def _totals(lines: dict) -> dict:
    return {key: cases.total for key, (cases, _money) in lines.items()}


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (3, {"a": 3, "b": 1, "c": 1, None: 1}),
        (6, {"a": 3, "b": 2, "c": 1}),
        (9, {"a": 1, "b": 4, "c": 1}),
        (12, {"a": 2, "b": 3, "c": 1}),
    ],
)
def test_each_case_counts_for_its_enforcer_at_the_period_end_or_at_closing(
    assigned_cases, months, expected
):
    lines = direct_lines(period=Period(year=2024, months=months), by="enforcer")

    wanted = {
        (assigned_cases[name].pk if name is not None else None): count
        for name, count in expected.items()
    }
    assert _totals(lines) == wanted


@pytest.mark.parametrize("months", [1, 3, 5, 6, 8, 9, 10, 12])
@pytest.mark.parametrize("year", [2024, 2025])
def test_lines_per_enforcer_add_up_to_the_lines_per_unit(assigned_cases, year, months):
    period = Period(year=year, months=months)

    by_unit = direct_lines(period=period)
    by_enforcer = direct_lines(period=period, by="enforcer")

    def summed(lines: dict) -> tuple:
        cases, money = EMPTY, EMPTY
        for case_lines, money_lines in lines.values():
            cases += case_lines
            money += money_lines
        return cases, money

    assert summed(by_enforcer) == summed(by_unit)


def test_the_outcome_per_enforcer_reads_the_state_at_the_period_end(assigned_cases):
    # At the end of March 2024 case 3 was postponed and B's; case 4 not yet eligible, C's.
    lines = direct_lines(period=Period(year=2024, months=6), by="enforcer")

    b_cases = lines[assigned_cases["b"].pk][0]
    assert (b_cases.postponed, b_cases.in_progress) == (1, 1)
    assert lines[assigned_cases["c"].pk][0].not_eligible == 1
    a_cases = lines[assigned_cases["a"].pk][0]
    assert (a_cases.completed, a_cases.in_progress) == (1, 2)


def test_enforcer_table_reconciles_with_the_unit_table(world, assigned_cases):
    period = Period(year=2024, months=9)

    table = enforcer_statistics(units=[world.hanoi_agency], period=period)
    units = enforcement_statistics(units=[world.hanoi_agency], period=period)

    assert table.total.cases == units.total.cases
    assert table.total.money == units.total.money
    assert [row.enforcer for row in table.rows] == [
        assigned_cases["b"],  # Lê Thu Bình
        assigned_cases["a"],  # Phạm Minh An
        assigned_cases["c"],  # Vũ Đức Cường
    ]
    b_row = table.rows[0]
    assert b_row.cases.ratio is not None


def test_enforcer_table_of_an_office_leaves_out_the_agency(world, assigned_cases):
    table = enforcer_statistics(units=[world.hanoi_office], period=Period(year=2024))

    assert [row.enforcer for row in table.rows] == [assigned_cases["c"]]


def test_a_case_without_events_reassigned_later_counts_for_the_enforcer_it_came_with(
    world, administrator, enforcers
):
    # A case written without the services (as the demo's bulk assignment leaves them): its
    # enforcer is on its opening event.
    case = EnforcementCaseFactory(
        unit=world.hanoi_agency,
        accepted_on=D(2023, 11, 1),
        enforcer=enforcers["a"],
        enforcer_since=D(2023, 11, 1),
    )
    CaseEvent.objects.filter(case=case).update(enforcer=enforcers["a"])
    services.case_assign_enforcer(
        user=administrator, case=case, enforcer=enforcers["b"], on=D(2024, 7, 1)
    )

    lines = direct_lines(period=Period(year=2024, months=6), by="enforcer")

    assert _totals(lines) == {enforcers["a"].pk: 1}
    assert _totals(direct_lines(period=Period(year=2024), by="enforcer")) == {enforcers["b"].pk: 1}


def test_a_case_is_not_closed_before_its_last_assignment(world, administrator, enforcers):
    case = _open(administrator, world.hanoi_agency, "8", D(2023, 11, 1), enforcers["a"])
    services.case_assign_enforcer(
        user=administrator, case=case, enforcer=enforcers["b"], on=D(2024, 6, 1)
    )

    with pytest.raises(ValidationError), translation.override("en"):
        services.case_complete(user=administrator, case=case, on=D(2024, 5, 20))

    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert not case.events.filter(kind=CaseEvent.Kind.COMPLETED).exists()


def test_a_closed_case_keeps_its_enforcer_whatever_its_status(world, administrator, enforcers):
    case = _open(administrator, world.hanoi_agency, "9", D(2023, 11, 1), enforcers["a"])
    services.case_withdraw(user=administrator, case=case, on=D(2024, 1, 5))

    lines = direct_lines(period=Period(year=2024), by="enforcer")

    assert lines[enforcers["a"].pk][0].withdrawn == 1
    assert case.events.latest("id").status_after == Status.WITHDRAWN


def test_grouping_by_anything_else_is_refused():
    with pytest.raises(ValueError, match="unit or enforcer"):
        direct_lines(period=Period(year=2024), by="judge")
