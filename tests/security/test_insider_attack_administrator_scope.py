"""An administrator's own powers hold only in the units of the administrator's membership.

Reopening closed figures, unlocking a reviewed result and closing or reopening a statistical
year are administrators' acts. An administrator membership in one city (a "unit
administrator") gives them in that city only: combined with another membership (a clerk of
another city, a leader at the ministry) they must not act in the other membership's units,
and closing or reopening the sector's statistical year needs a ministry-wide membership.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError

from emulation import services as emulation_services
from emulation.models import IndicatorResult
from enforcement import services
from enforcement.models import EnforcementCase, StatisticalYear
from organizations.roles import Role
from organizations.services import membership_grant
from tests.conftest import World
from tests.emulation import conftest as emulation_fixtures
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import make_persona

pytestmark = pytest.mark.django_db

# The emulation tests' cluster of two departments (Đà Nẵng heads it) and their officers.
cluster_world = emulation_fixtures.cluster_world
officer_hanoi = emulation_fixtures.officer_hanoi

IN_2024 = datetime.date(2024, 3, 1)


@pytest.fixture
def closed_2024(administrator: AbstractUser) -> None:
    services.statistical_year_close(user=administrator, year=2024)


@pytest.fixture
def hanoi_case_of_2024(world: World) -> EnforcementCase:
    return EnforcementCaseFactory(
        unit=world.hanoi_agency, accepted_on=datetime.date(2024, 2, 1), amount_due=5_000_000
    )


@pytest.fixture
def hanoi_clerk_and_danang_administrator(world: World) -> AbstractUser:
    user = make_persona("p.clerk.hn.admin.dn", world.hanoi_agency, Role.ENFORCEMENT_CLERK)
    membership_grant(user=user, unit=world.danang_agency, role=Role.ADMINISTRATOR)
    return user


@pytest.fixture
def danang_administrator(world: World) -> AbstractUser:
    return make_persona("p.admin.dn", world.danang_agency, Role.ADMINISTRATOR)


def test_clerk_who_administers_another_city_cannot_change_a_closed_year_of_own_city(
    closed_2024, hanoi_case_of_2024, hanoi_clerk_and_danang_administrator
):
    with pytest.raises(ValidationError) as refused:
        services.case_record_payment(
            user=hanoi_clerk_and_danang_administrator,
            case=hanoi_case_of_2024,
            on=IN_2024,
            amount=1_000,
            reason="Sửa số liệu",
        )

    assert refused.value.code == "closed_year"
    hanoi_case_of_2024.refresh_from_db()
    assert hanoi_case_of_2024.amount_recovered == 0


def test_administrator_of_a_city_still_corrects_a_closed_year_of_that_city(
    world, closed_2024, danang_administrator
):
    case = EnforcementCaseFactory(unit=world.danang_agency, accepted_on=datetime.date(2024, 2, 1))

    services.case_record_payment(
        user=danang_administrator, case=case, on=IN_2024, amount=1_000, reason="Sửa số liệu"
    )

    case.refresh_from_db()
    assert case.amount_recovered == 1_000


def test_administrator_of_one_city_cannot_close_the_sectors_statistical_year(
    danang_administrator,
):
    with pytest.raises(PermissionDenied):
        services.statistical_year_close(user=danang_administrator, year=2024)

    assert not StatisticalYear.objects.filter(year=2024, state="closed").exists()


def test_administrator_of_one_city_cannot_reopen_the_sectors_statistical_year(
    closed_2024, danang_administrator
):
    with pytest.raises(PermissionDenied):
        services.statistical_year_reopen(user=danang_administrator, year=2024, reason="Thử")

    assert StatisticalYear.objects.get(year=2024).is_closed


def test_administrator_of_one_city_who_leads_at_the_ministry_cannot_unlock_another_citys_result(
    world, cluster_world, officer_danang, officer_hanoi
):
    result = emulation_services.indicator_result_create(
        user=officer_hanoi,
        unit=cluster_world.hanoi,
        criterion=cluster_world.documents,
        value=Decimal(70),
    )
    emulation_services.indicator_result_submit(user=officer_hanoi, result=result)
    emulation_services.indicator_result_lock(user=officer_danang, result=result)
    intruder = make_persona("p.admin.dn.leader", world.danang_department, Role.ADMINISTRATOR)
    membership_grant(user=intruder, unit=world.ministry, role=Role.LEADER)

    with pytest.raises(PermissionDenied):
        emulation_services.indicator_result_unlock(user=intruder, result=result, reason="Mở lại")

    result.refresh_from_db()
    assert result.status == IndicatorResult.Status.LOCKED
