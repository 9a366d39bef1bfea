"""A unit that ends hands its open cases to its successor; its history stays with it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enforcement import services
from enforcement.models import CaseEvent, EnforcementCase, ImportedCases
from enforcement.selectors import Period, enforcement_statistics
from organizations.models import ImportJob, Unit
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(world):
    return UnitFactory(
        code="THADS-HN-CC1",
        name="Chi cục THADS quận 1 – Hà Nội",
        kind=Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE,
        parent=world.hanoi_agency,
        valid_to=datetime.date(2025, 6, 30),
        successor=world.hanoi_office,
    )


def test_merger_moves_open_cases_and_keeps_closed_ones(world, district, administrator):
    open_case = EnforcementCaseFactory(unit=district, accepted_on=datetime.date(2024, 1, 5))
    closed = EnforcementCaseFactory(unit=district, accepted_on=datetime.date(2024, 1, 6))
    services.case_complete(user=administrator, case=closed, on=datetime.date(2024, 5, 1))
    services.statistical_year_close(user=administrator, year=2024)

    moved = services.unit_merge_into_successor(user=administrator, unit=district)

    assert moved == 1
    open_case.refresh_from_db()
    closed.refresh_from_db()
    assert (open_case.unit, closed.unit) == (world.hanoi_office, district)
    event = open_case.events.get(kind="moved")
    assert event.occurred_on == datetime.date(2025, 7, 1)
    assert "Chi cục THADS quận 1" in event.note
    assert open_case.history.first().unit_id == world.hanoi_office.pk
    # The old unit's closed year still reads as it was.
    frozen = enforcement_statistics(units=[district], period=Period(2024)).rows[0]
    assert (frozen.cases.newly_accepted, frozen.cases.completed) == (2, 1)


def test_a_moved_case_keeps_its_enforcer_and_its_move_says_so(district, administrator):
    enforcer = PersonFactory(unit=district, position="Chấp hành viên")
    case = EnforcementCaseFactory(unit=district, accepted_on=datetime.date(2024, 1, 5))
    services.case_assign_enforcer(
        user=administrator, case=case, enforcer=enforcer, on=datetime.date(2024, 2, 1)
    )

    services.unit_merge_into_successor(user=administrator, unit=district)

    case.refresh_from_db()
    assert case.enforcer == enforcer
    # Each event carries the case's enforcer after it: a move does not change them.
    assert case.events.get(kind="moved").enforcer == enforcer


def test_merger_runs_again_without_moving_anything(district, administrator):
    EnforcementCaseFactory(unit=district)
    services.unit_merge_into_successor(user=administrator, unit=district)

    assert services.unit_merge_into_successor(user=administrator, unit=district) == 0


def test_unit_without_successor_cannot_merge(world, administrator):
    EnforcementCaseFactory(unit=world.hanoi_office)

    with pytest.raises(ValidationError):
        services.unit_merge_into_successor(user=administrator, unit=world.hanoi_office)


def test_clerk_cannot_merge_units(district, clerk_hanoi):
    case = EnforcementCaseFactory(unit=district)

    with pytest.raises(PermissionDenied):
        services.unit_merge_into_successor(user=clerk_hanoi, unit=district)

    assert EnforcementCase.objects.get(pk=case.pk).unit == district


def test_a_moved_case_keeps_the_agency_that_issued_its_decision(world, district, administrator):
    case = EnforcementCaseFactory(unit=district, decision_number="9/QĐ")
    agency = case.issuing_agency

    services.unit_merge_into_successor(user=administrator, unit=district)

    case.refresh_from_db()
    assert case.unit != district
    assert case.issuing_agency == agency


def test_an_imported_case_moves_with_the_state_its_file_gave_recorded_first(
    world, district, administrator
):
    case = EnforcementCaseFactory(
        unit=district,
        accepted_on=datetime.date(2024, 1, 5),
        state_changed_on=datetime.date(2024, 1, 5),
        status="postponed",
    )
    job = ImportJob.objects.create(
        spec="enforcement.enforcementcase",
        file="imports/cases.csv",
        original_name="cases.csv",
        size=1,
        uploaded_by=administrator,
    )
    ImportedCases.objects.create(import_job=job, first_id=case.pk, last_id=case.pk)
    CaseEvent.objects.filter(case=case).delete()  # as a bulk import leaves it

    services.unit_merge_into_successor(user=administrator, unit=district)

    imported, moved = case.events.order_by("occurred_on", "id")
    assert (imported.kind, imported.occurred_on, imported.status_after) == (
        CaseEvent.Kind.IMPORTED,
        datetime.date(2024, 1, 5),
        "postponed",
    )
    assert imported.import_job == job
    assert moved.kind == CaseEvent.Kind.MOVED
