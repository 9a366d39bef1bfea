"""The clerk's cases to see to and the leader's key figures, on the home page."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from enforcement import services
from enforcement.models import CaseEvent, Eligibility, EnforcementCase, statistical_year_of
from enforcement.selectors import (
    IDLE,
    REVERIFY,
    cases_to_do,
    clerk_blocks,
    key_figures_block,
    months_before,
)
from tests.enforcement.factories import EnforcementCaseFactory, TargetFactory, make_cases

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 9, 15)
LONG_AGO = datetime.date(2024, 11, 1)


def _case(unit, number, **fields):
    fields.setdefault("accepted_on", LONG_AGO)
    fields.setdefault("decision_date", LONG_AGO)
    return EnforcementCaseFactory(unit=unit, decision_number=number, **fields)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_six_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(datetime.date(2025, 9, 15), 6) == datetime.date(2025, 3, 15)
    assert months_before(datetime.date(2025, 8, 31), 6) == datetime.date(2025, 2, 28)
    assert months_before(datetime.date(2025, 3, 31), 6) == datetime.date(2024, 9, 30)


def test_a_case_not_yet_eligible_and_untouched_for_six_months_is_due_for_reverification(world):
    due = _case(world.danang_agency, "1/QĐ", eligibility=Eligibility.NOT_ELIGIBLE)
    touched = _case(world.danang_agency, "2/QĐ", eligibility=Eligibility.NOT_ELIGIBLE)
    CaseEvent.objects.create(
        case=touched,
        kind=CaseEvent.Kind.PAYMENT,
        occurred_on=datetime.date(2025, 8, 1),
        status_after=touched.status,
        eligibility_after=touched.eligibility,
    )
    idle = _case(world.danang_agency, "3/QĐ")
    _case(world.danang_agency, "4/QĐ", accepted_on=datetime.date(2025, 6, 1))  # recent
    cases = EnforcementCase.objects.all()

    assert list(cases_to_do(cases, REVERIFY, today=TODAY)) == [due]
    assert list(cases_to_do(cases, IDLE, today=TODAY)) == [idle]


def test_clerk_sees_only_their_own_units_cases_to_see_to(world, clerk_danang):
    _case(world.danang_office, "DN-1/QĐ", eligibility=Eligibility.NOT_ELIGIBLE, debtor="Lê Văn Nợ")
    _case(world.hanoi_agency, "HN-1/QĐ", eligibility=Eligibility.NOT_ELIGIBLE, debtor="Hà Văn Xa")
    _case(world.hanoi_agency, "HN-2/QĐ", debtor="Hà Văn Xa Hai")

    blocks = {block.key: block for block in clerk_blocks(clerk_danang)}

    assert blocks["cases_reverify"].count == 1
    assert blocks["cases_idle"].count == 0
    content = _client(clerk_danang).get("/").content.decode()
    assert 'id="block-cases_reverify" data-count="1"' in content
    assert 'id="block-cases_idle" data-count="0"' in content


def test_the_blocks_link_to_the_case_list_filtered_the_same_way(world, clerk_danang):
    _case(world.danang_agency, "DN-1/QĐ", eligibility=Eligibility.NOT_ELIGIBLE)
    _case(world.danang_agency, "DN-2/QĐ")
    _case(world.hanoi_agency, "HN-1/QĐ", eligibility=Eligibility.NOT_ELIGIBLE)
    block = clerk_blocks(clerk_danang)[0]

    listing = _client(clerk_danang).get(block.url)

    assert block.url == reverse("admin:enforcement_enforcementcase_changelist") + "?todo=reverify"
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "DN-1/QĐ" in content
    assert "DN-2/QĐ" not in content
    assert "HN-1/QĐ" not in content


def test_clerks_home_page_takes_a_few_queries_however_many_cases(
    world, clerk_danang, django_assert_max_num_queries
):
    for number in range(12):
        _case(world.danang_agency, f"{number}/QĐ", eligibility=Eligibility.NOT_ELIGIBLE)
    client = _client(clerk_danang)

    with django_assert_max_num_queries(14):
        response = client.get("/")

    assert response.status_code == 200
    assert 'id="block-cases_reverify" data-count="12"' in response.content.decode()


def test_leader_sees_the_latest_closed_years_figures_from_its_snapshot(
    world, leader, administrator
):
    make_cases(world.danang_agency, completed=9, in_progress=1, year=2024)
    TargetFactory(unit=world.danang_agency, year=2024)
    services.statistical_year_close(user=administrator, year=2024)
    make_cases(world.danang_agency, completed=1, in_progress=9, year=2025)

    [block] = key_figures_block(leader)

    assert str(block.title).endswith("2024")
    assert block.url.endswith("?year=2024")
    assert block.items[0].note.startswith("90%")


def test_leader_sees_the_years_key_figures_against_targets(world, leader):
    # With no year recorded yet, the figures (like the report) are of the current year.
    year = statistical_year_of(timezone.localdate())
    make_cases(world.danang_agency, completed=9, in_progress=1, year=year)
    make_cases(world.hanoi_agency, completed=5, in_progress=5, year=year)
    TargetFactory(unit=world.danang_agency, year=year)
    TargetFactory(unit=world.hanoi_agency, year=year)

    content = _client(leader).get("/").content.decode()

    assert 'id="block-key_figures"' in content
    assert "1/2" in content  # agencies meeting their target
    assert "90%" in content  # Đà Nẵng's ratio
    assert 'id="block-cases_reverify"' not in content  # a leader keeps no cases


def test_clerk_gets_no_key_figures_block(world, clerk_danang):
    content = _client(clerk_danang).get("/").content.decode()

    assert 'id="block-key_figures"' not in content
    assert 'id="block-cases_reverify"' in content
