"""The demo's enforcers: every case assigned to an enforcer of its unit, figures unchanged."""

from __future__ import annotations

import pytest
from django.db.models import F

from enforcement.demo import CITY_AGENCIES
from enforcement.models import CaseEvent, EnforcementCase
from enforcement.selectors import Period, enforcement_statistics, enforcer_statistics
from organizations.models import Unit
from tests.conftest import Demo

pytestmark = pytest.mark.django_db


def test_every_demo_case_is_assigned_to_an_enforcer_of_its_unit(loaded_demo: Demo):
    cases = EnforcementCase.objects.all()

    assert cases.exists()
    assert not cases.filter(enforcer__isnull=True).exists()
    assert not cases.exclude(enforcer__unit=F("unit")).exists()
    assert not cases.exclude(enforcer_since=F("accepted_on")).exists()
    # Their events carry the enforcer too, the opening one included.
    assert not CaseEvent.objects.filter(enforcer__isnull=True).exists()


def test_each_agency_has_a_few_enforcers_each_with_cases(loaded_demo: Demo):
    for code in CITY_AGENCIES:
        agency = Unit.objects.get(code=code)
        table = enforcer_statistics(units=[agency], period=Period(year=2024))

        assert 3 <= len(table.rows) <= 30
        assert all(row.enforcer is not None and row.cases.total for row in table.rows)
        assert {row.enforcer.position for row in table.rows} <= {
            "Chấp hành viên",
            "Chấp hành viên sơ cấp",
            "Chấp hành viên trung cấp",
            "Chấp hành viên cao cấp",
        }


def test_the_demo_lines_per_enforcer_add_up_to_the_published_2024_figures(loaded_demo: Demo):
    agencies = list(Unit.objects.filter(code__in=CITY_AGENCIES))
    for months in (6, 12):
        period = Period(year=2024, months=months)

        per_enforcer = enforcer_statistics(units=agencies, period=period)
        per_unit = enforcement_statistics(units=agencies, period=period)

        assert per_enforcer.total.cases == per_unit.total.cases
