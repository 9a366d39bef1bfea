"""From 1 July 2025 a case passed between offices of one agency is reassigned, not entrusted."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F

from enforcement import services
from enforcement.models import EnforcementCase, Status
from enforcement.selectors import Period, enforcement_statistics
from organizations.models import Unit
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

AUGUST_2025 = datetime.date(2025, 8, 1)


@pytest.fixture
def second_office(world):
    return UnitFactory(
        code="THADS-HN-KV2",
        name="Phòng THADS khu vực 2 – Hà Nội",
        kind=Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE,
        parent=world.hanoi_agency,
    )


def test_transfer_between_offices_of_one_agency_is_a_reassignment(
    world, administrator, second_office
):
    case = EnforcementCaseFactory(unit=world.hanoi_office, accepted_on=datetime.date(2025, 2, 1))

    case = services.case_entrust(
        user=administrator, case=case, on=AUGUST_2025, to_unit=second_office
    )

    assert (case.status, case.unit, case.accepting_unit) == (
        Status.IN_PROGRESS,
        second_office,
        world.hanoi_office,
    )
    year = enforcement_statistics(
        units=[world.hanoi_agency, world.hanoi_office, second_office], period=Period(2025)
    )
    agency, first, second = year.rows
    assert (agency.cases.entrusted, agency.cases.in_progress) == (0, 1)
    assert (first.cases.total, second.cases.in_progress) == (0, 1)
    # The months before the reassignment still read under the first office.
    june = enforcement_statistics(units=[world.hanoi_office], period=Period(2025, 9))
    assert june.rows[0].cases.newly_accepted == 1


def test_transfer_before_july_2025_stays_an_entrustment(world, administrator, second_office):
    case = EnforcementCaseFactory(unit=world.hanoi_office, accepted_on=datetime.date(2025, 2, 1))

    case = services.case_entrust(
        user=administrator, case=case, on=datetime.date(2025, 6, 2), to_unit=second_office
    )

    assert case.status == Status.ENTRUSTED
    year = enforcement_statistics(units=[world.hanoi_agency], period=Period(2025))
    assert year.rows[0].cases.entrusted == 1


def test_entrustment_to_another_provinces_agency_is_unchanged(world, administrator):
    case = EnforcementCaseFactory(unit=world.hanoi_office, accepted_on=datetime.date(2025, 2, 1))

    case = services.case_entrust(
        user=administrator, case=case, on=AUGUST_2025, to_unit=world.danang_agency
    )

    assert (case.status, case.entrusted_to) == (Status.ENTRUSTED, world.danang_agency)


def test_reassignment_to_another_agency_is_refused(world, administrator):
    case = EnforcementCaseFactory(unit=world.hanoi_office, accepted_on=datetime.date(2025, 2, 1))

    with pytest.raises(ValidationError) as refused:
        services.case_reassign_office(
            user=administrator, case=case, on=AUGUST_2025, to_unit=world.danang_office
        )
    assert refused.value.code == "not_same_agency"


def test_writing_a_reassigned_case_recomputes_the_first_offices_past(
    world, administrator, second_office
):
    case = EnforcementCaseFactory(unit=world.hanoi_office, accepted_on=datetime.date(2025, 2, 1))
    services.case_entrust(user=administrator, case=case, on=AUGUST_2025, to_unit=second_office)
    june = Period(2025, 9)
    before = enforcement_statistics(units=[world.hanoi_office], period=june).rows[0]

    # Any write (the triggers count it for both offices), here a corrected amount due.
    EnforcementCase.objects.filter(pk=case.pk).update(amount_due=F("amount_due") + 1_000_000)

    after = enforcement_statistics(units=[world.hanoi_office], period=june).rows[0]
    assert after.money.newly_accepted == before.money.newly_accepted + 1_000_000
