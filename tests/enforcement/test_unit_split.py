"""A split shares the predecessor's open cases among its successors, each case to exactly one."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from enforcement import services
from enforcement.models import CaseEvent, CaseHandover, EnforcementCase, Status
from enforcement.selectors import Period, enforcement_statistics
from enforcement.selectors.lineage import (
    HANDED_OVER,
    NO_HANDOVER,
    RELAYED,
    handed_over_after,
)
from organizations.models import Unit, UnitLineage
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

JULY_2025 = datetime.date(2025, 7, 1)
JANUARY_2026 = datetime.date(2026, 1, 1)


def _agency(world, code: str, name: str) -> Unit:
    return UnitFactory(
        code=code, name=name, kind=Unit.Kind.ENFORCEMENT_AGENCY, parent=world.ministry
    )


@pytest.fixture
def quangnam(world) -> Unit:
    return _agency(world, "THADS-QNA", "THADS Quảng Nam")


@pytest.fixture
def tamky(world) -> Unit:
    return _agency(world, "THADS-TK", "THADS Tam Kỳ")


@pytest.fixture
def open_cases(quangnam) -> list[EnforcementCase]:
    return [
        EnforcementCaseFactory(unit=quangnam, accepted_on=datetime.date(2025, 3, day))
        for day in (1, 2, 3)
    ]


def _unchanged(quangnam: Unit, cases: list[EnforcementCase]) -> None:
    assert not UnitLineage.objects.exists()
    assert not CaseHandover.objects.exists()
    assert set(EnforcementCase.objects.values_list("unit_id", flat=True)) == {quangnam.pk}
    quangnam.refresh_from_db()
    assert quangnam.valid_to is None


def test_a_split_missing_an_open_case_is_refused_and_changes_nothing(
    world, administrator, quangnam, tamky, open_cases
):
    first, second, third = open_cases

    with pytest.raises(ValidationError) as refused:
        services.unit_split(
            user=administrator,
            predecessor=quangnam,
            taken_over_on=JULY_2025,
            shares={world.danang_agency: [first.pk], tamky: [second.pk]},
        )

    assert [error.code for error in refused.value.error_list] == ["case_missing"]
    assert third.decision_number in refused.value.messages[0]
    _unchanged(quangnam, open_cases)


def test_a_split_giving_a_case_twice_or_a_foreign_case_is_refused(
    world, administrator, quangnam, tamky, open_cases
):
    first, second, third = open_cases
    foreign = EnforcementCaseFactory(unit=world.danang_agency)

    with pytest.raises(ValidationError) as refused:
        services.unit_split(
            user=administrator,
            predecessor=quangnam,
            taken_over_on=JULY_2025,
            shares={
                world.danang_agency: [first.pk, second.pk],
                tamky: [second.pk, third.pk, foreign.pk],
            },
        )

    assert [error.code for error in refused.value.error_list] == ["case_twice", "not_open_case"]
    assert set(
        EnforcementCase.objects.filter(pk__in=[c.pk for c in open_cases]).values_list(
            "unit_id", flat=True
        )
    ) == {quangnam.pk}
    assert not UnitLineage.objects.exists()


def test_a_split_to_one_successor_is_refused(world, administrator, quangnam, open_cases):
    with pytest.raises(ValidationError) as refused:
        services.unit_split(
            user=administrator,
            predecessor=quangnam,
            taken_over_on=JULY_2025,
            shares={world.danang_agency: [case.pk for case in open_cases]},
        )

    assert refused.value.error_list[0].code == "too_few_successors"
    _unchanged(quangnam, open_cases)


def test_a_split_to_a_successor_of_another_kind_is_refused(
    world, administrator, quangnam, open_cases
):
    first, second, third = open_cases

    with pytest.raises(ValidationError) as refused:
        services.unit_split(
            user=administrator,
            predecessor=quangnam,
            taken_over_on=JULY_2025,
            shares={world.danang_agency: [first.pk, second.pk], world.hanoi_office: [third.pk]},
        )

    assert refused.value.error_dict["successor"][0].code == "other_kind"
    _unchanged(quangnam, open_cases)


def test_a_split_hands_each_case_to_its_successor_and_keeps_every_total(
    world, administrator, quangnam, tamky, open_cases
):
    first, second, third = open_cases
    closed = EnforcementCaseFactory(unit=quangnam, accepted_on=datetime.date(2025, 2, 1))
    services.case_complete(user=administrator, case=closed, on=datetime.date(2025, 4, 1))
    units = [world.danang_agency, quangnam, tamky]
    before = {
        months: enforcement_statistics(units=units, period=Period(2025, months)).total.cases
        for months in (9, 10, 12)
    }

    moved = services.unit_split(
        user=administrator,
        predecessor=quangnam,
        taken_over_on=JULY_2025,
        shares={world.danang_agency: [first.pk], tamky: [second.pk, third.pk]},
        decision_number="1/NQ-QH",
    )

    assert moved == {world.danang_agency: 1, tamky: 2}
    assert sorted(
        UnitLineage.objects.values_list("successor__code", "kind", "decision_number")
    ) == [("THADS-DN", "split", "1/NQ-QH"), ("THADS-TK", "split", "1/NQ-QH")]
    first.refresh_from_db()
    assert (first.unit, first.accepting_unit, first.handled_since) == (
        world.danang_agency,
        quangnam,
        JULY_2025,
    )
    assert first.events.filter(kind=CaseEvent.Kind.MOVED).count() == 1
    quangnam.refresh_from_db()
    assert (quangnam.valid_to, quangnam.successor) == (datetime.date(2025, 6, 30), None)
    for months, total in before.items():
        table = enforcement_statistics(units=units, period=Period(2025, months))
        assert table.total.cases == total, months
    year = enforcement_statistics(units=units, period=Period(2025))
    danang, old, new = year.rows
    assert (danang.cases.total, old.cases.total, new.cases.total) == (1, 1, 2)
    assert old.cases.completed == 1
    assert new.includes == (("THADS Quảng Nam", datetime.date(2025, 6, 30)),)


def test_a_case_split_to_an_agency_merged_later_counts_under_each_in_turn(
    world, administrator, quangnam, tamky, open_cases
):
    first, second, third = open_cases
    services.unit_split(
        user=administrator,
        predecessor=quangnam,
        taken_over_on=JULY_2025,
        shares={world.danang_agency: [first.pk, second.pk], tamky: [third.pk]},
    )
    services.unit_lineage_record(
        user=administrator,
        predecessor=tamky,
        successor=world.hanoi_agency,
        taken_over_on=JANUARY_2026,
    )
    services.unit_merge_into_successor(user=administrator, unit=tamky)
    units = [world.hanoi_agency, quangnam, tamky]

    def holder(period: Period) -> list[str]:
        table = enforcement_statistics(units=units, period=period)
        return [row.unit.code for row in table.rows if row.cases.total]

    third.refresh_from_db()
    assert (third.accepting_unit, third.unit, third.handled_since) == (
        quangnam,
        world.hanoi_agency,
        JANUARY_2026,
    )
    assert list(third.handovers.values_list("from_unit__code", "to_unit__code", "on")) == [
        ("THADS-QNA", "THADS-TK", JULY_2025),
        ("THADS-TK", "THADS-HN", JANUARY_2026),
    ]
    assert holder(Period(2025, 8)) == ["THADS-QNA"]  # to 31/05/2025
    assert holder(Period(2025)) == ["THADS-TK"]  # to 30/09/2025
    assert holder(Period(2026, 2)) == ["THADS-TK"]  # to 30/11/2025
    year = enforcement_statistics(units=units, period=Period(2026))
    assert [row.unit.code for row in year.rows if row.cases.total] == ["THADS-HN"]
    assert year.rows[0].includes == (("THADS Tam Kỳ", datetime.date(2025, 12, 31)),)
    assert year.total.cases.total == 1


def test_a_case_reassigned_twice_counts_under_the_office_holding_it_then(world, administrator):
    second, third = (
        UnitFactory(
            code=f"THADS-HN-KV{number}",
            name=f"Phòng THADS khu vực {number} – Hà Nội",
            kind=Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE,
            parent=world.hanoi_agency,
        )
        for number in (2, 3)
    )
    case = EnforcementCaseFactory(unit=world.hanoi_office, accepted_on=datetime.date(2025, 2, 1))
    case = services.case_reassign_office(
        user=administrator, case=case, on=datetime.date(2025, 8, 1), to_unit=second
    )
    services.case_reassign_office(
        user=administrator, case=case, on=datetime.date(2025, 11, 1), to_unit=third
    )
    offices = [world.hanoi_office, second, third]

    def holder(period: Period) -> list[str]:
        table = enforcement_statistics(units=offices, period=period)
        return [row.unit.code for row in table.rows if row.cases.total]

    assert holder(Period(2025, 9)) == ["THADS-HN-KV1"]
    assert holder(Period(2025)) == ["THADS-HN-KV2"]
    assert holder(Period(2026)) == ["THADS-HN-KV3"]
    case.refresh_from_db()
    assert (case.status, case.accepting_unit) == (Status.IN_PROGRESS, world.hanoi_office)
    # The second handover was by an office that had not accepted the case: marked, so that
    # the periods before it look at the history.
    assert list(CaseHandover.objects.values_list("from_unit__code", "relayed")) == [
        ("THADS-HN-KV1", False),
        ("THADS-HN-KV2", True),
    ]
    assert handed_over_after(datetime.date(2025, 9, 30)) == RELAYED
    assert handed_over_after(datetime.date(2025, 10, 31)) == RELAYED
    assert handed_over_after(datetime.date(2025, 11, 1)) == NO_HANDOVER


def test_what_was_handed_over_after_a_day_is_read_from_the_indexes_last_days(
    world, administrator, django_assert_num_queries
):
    # Each question reads the last day of a partial index (MAX), never "is there a row
    # after the day": with the table's statistics outdated (after an import or a merger)
    # PostgreSQL answers the latter by reading the case table in order.
    second = UnitFactory(
        code="THADS-HN-KV2",
        kind=Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE,
        parent=world.hanoi_agency,
    )
    case = EnforcementCaseFactory(unit=world.hanoi_office, accepted_on=datetime.date(2025, 2, 1))
    with django_assert_num_queries(1) as captured:
        assert handed_over_after(datetime.date(2025, 7, 31)) == NO_HANDOVER
    services.case_reassign_office(
        user=administrator, case=case, on=datetime.date(2025, 8, 1), to_unit=second
    )
    with django_assert_num_queries(2) as captured:
        assert handed_over_after(datetime.date(2025, 7, 31)) == HANDED_OVER
    assert handed_over_after(datetime.date(2025, 8, 1)) == NO_HANDOVER
    sql = [query["sql"].upper() for query in captured.captured_queries]
    assert all("MAX(" in text and "LIMIT" not in text for text in sql), sql


def test_a_successor_names_every_predecessor_of_a_chain_merged_within_the_period(
    world, administrator, quangnam, tamky, open_cases
):
    for predecessor, successor, day in (
        (quangnam, tamky, JULY_2025),
        (tamky, world.danang_agency, datetime.date(2025, 8, 1)),
    ):
        services.unit_lineage_record(
            user=administrator, predecessor=predecessor, successor=successor, taken_over_on=day
        )
        services.unit_merge_into_successor(user=administrator, unit=predecessor)

    year = enforcement_statistics(units=[world.danang_agency, quangnam, tamky], period=Period(2025))

    danang = year.rows[0]
    assert danang.includes == (
        ("THADS Quảng Nam", datetime.date(2025, 6, 30)),
        ("THADS Tam Kỳ", datetime.date(2025, 7, 31)),
    )
    assert (danang.cases.total, year.total.cases.total) == (3, 3)
    first = open_cases[0]
    assert list(first.handovers.values_list("from_unit__code", "to_unit__code")) == [
        ("THADS-QNA", "THADS-TK"),
        ("THADS-TK", "THADS-DN"),
    ]
