"""The demo's former agencies of the provinces merged into the cities on 1 July 2025."""

from __future__ import annotations

import datetime

import pytest

from enforcement.models import OPEN_STATUSES, CaseEvent, EnforcementCase
from enforcement.selectors import Period, enforcement_statistics
from organizations.demo import PREDECESSORS
from organizations.models import Unit
from tests.conftest import Demo

pytestmark = pytest.mark.django_db

MERGED_ON = datetime.date(2025, 7, 1)


def test_each_merged_province_has_its_former_agency_succeeded_by_the_city(loaded_demo: Demo):
    for code, _province, city in PREDECESSORS:
        former = Unit.objects.get(code=f"THADS-{code}")

        assert former.kind == Unit.Kind.ENFORCEMENT_AGENCY
        assert former.valid_to == datetime.date(2025, 6, 30)
        assert former.successor.code == f"THADS-{city}"
    assert not Unit.objects.filter(successor__code__in=["THADS-HN", "THADS-HUE"]).exists()


def test_former_agencies_issued_a_few_hundred_cases_before_the_merger(loaded_demo: Demo):
    for code, _province, _city in PREDECESSORS:
        issued = EnforcementCase.objects.filter(issuing_agency__code=f"THADS-{code}")

        assert 200 <= issued.count() <= 500
        assert not issued.filter(accepted_on__gte=MERGED_ON).exists()
        # Some resolved before the merger; the ones still open moved to the successor.
        assert issued.filter(unit__code=f"THADS-{code}", closed_on__lt=MERGED_ON).exists()
        assert issued.filter(status__in=OPEN_STATUSES).exists()
        assert not issued.filter(unit__code=f"THADS-{code}", status__in=OPEN_STATUSES).exists()


def test_moved_cases_keep_their_issuing_agency_and_say_where_they_came_from(loaded_demo: Demo):
    moved = EnforcementCase.objects.filter(
        issuing_agency__code="THADS-QNA", status__in=OPEN_STATUSES
    )

    assert set(moved.values_list("unit__code", flat=True)) == {"THADS-DN"}
    assert CaseEvent.objects.filter(case__in=moved, kind=CaseEvent.Kind.MOVED).count() == (
        moved.count()
    )


def test_the_2025_report_shows_the_former_agency_and_the_moved_cases(loaded_demo: Demo):
    former = Unit.objects.get(code="THADS-QNA")

    # The nine months up to its last day (1/10/2024–30/06/2025) stay its own figures.
    before = enforcement_statistics(units=[former], period=Period(2025, months=9))
    assert before.rows[0].cases.newly_accepted > 0
    assert before.rows[0].cases.completed > 0

    # The whole year spans the merger: its successor's row counts those cases, once.
    city = former.successor
    year = enforcement_statistics(units=[city], period=Period(2025))
    assert year.rows[0].cases.newly_accepted >= before.rows[0].cases.newly_accepted
