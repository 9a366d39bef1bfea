"""The demo's entrustments received: a few cases per pair of cities, linked, figures unchanged."""

from __future__ import annotations

import itertools

import pytest

from enforcement.demo import CITY_AGENCIES
from enforcement.models import CaseOrigin, EnforcementCase, Status
from enforcement.selectors import Period, enforcement_statistics, statistics_breakdown
from organizations.models import Unit
from tests.conftest import Demo

pytestmark = pytest.mark.django_db


def test_each_city_receives_linked_cases_from_the_others(loaded_demo: Demo):
    agencies = {code: Unit.objects.get(code=code) for code in CITY_AGENCIES}
    received = EnforcementCase.objects.filter(received_from__isnull=False).select_related(
        "received_from_case"
    )

    pairs = {(case.received_from_id, case.issuing_agency_id) for case in received}
    assert len(pairs) == len(list(itertools.permutations(agencies, 2)))
    for case in received:
        sent = case.received_from_case
        assert sent is not None
        assert sent.status == Status.ENTRUSTED
        assert sent.issuing_agency_id == case.received_from_id
        assert sent.entrustment_decision_number == case.received_decision_number
        assert sent.closed_on <= case.accepted_on


def test_the_received_cases_are_part_of_the_newly_accepted_of_2025(loaded_demo: Demo):
    agencies = [Unit.objects.get(code=code) for code in CITY_AGENCIES]
    period = Period(year=2025)

    table = statistics_breakdown(units=agencies, period=period, by="origin")
    plain = enforcement_statistics(units=agencies, period=period)

    received = table.rows[CaseOrigin.values.index(CaseOrigin.RECEIVED)]
    assert (
        received.cases.newly_accepted
        == EnforcementCase.objects.filter(received_from__isnull=False).count()
    )
    assert table.total.cases == plain.total.cases
