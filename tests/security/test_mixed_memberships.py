"""Several memberships do not add up: a permission holds only where its membership is.

A user who is the clerk of one city and a leader at the ministry reads every city (the
leader's view permissions) but changes only their own city's cases (the clerk's). The same
holds on every path: the services, the admin's forms and actions, imports and pages.
"""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from commendations import services as commendation_services
from emulation.models import IndicatorResult, Title
from enforcement import services
from enforcement.models import EnforcementCase
from organizations.models import ImportJob
from organizations.roles import Role
from organizations.services import membership_grant
from tests.benchmarks.casefile import HEADERS
from tests.conftest import World
from tests.emulation.factories import CriterionFactory, PactFactory, make_cluster
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import ensure_reference_data, make_persona
from tests.imports.helpers import write_csv
from tests.imports.test_case_import import _case

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:enforcement_enforcementcase_changelist")
DAY = datetime.date(2024, 6, 1)


@pytest.fixture
def clerk_and_leader(world: World) -> AbstractUser:
    """The issue's persona: clerk of Hà Nội, leader at the ministry."""
    user = make_persona("p.clerk.leader", world.hanoi_agency, Role.ENFORCEMENT_CLERK)
    membership_grant(user=user, unit=world.ministry, role=Role.LEADER)
    return user


@pytest.fixture
def hanoi_case(world: World) -> EnforcementCase:
    return EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="101/QĐ-CTHADS")


@pytest.fixture
def danang_case(world: World) -> EnforcementCase:
    return EnforcementCaseFactory(
        unit=world.danang_agency, decision_number="202/QĐ-CTHADS", debtor="Trần Thị Đà"
    )


@pytest.fixture
def officer_and_reviewer(world: World) -> AbstractUser:
    user = make_persona("p.officer.reviewer", world.danang_department, Role.EMULATION_OFFICER)
    membership_grant(user=user, unit=world.ministry, role=Role.REVIEWER)
    return user


def _client(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pay(client: Client, case: EnforcementCase) -> None:
    client.post(
        CHANGELIST,
        {
            "action": "record_payment",
            "_selected_action": [case.pk],
            "apply": "1",
            "on": DAY.strftime("%d/%m/%Y"),
            "amount": "1000",
            "note": "",
            "reason": "",
        },
        follow=True,
    )


def test_clerk_who_is_also_a_leader_cannot_record_a_payment_on_another_citys_case(
    clerk_and_leader, danang_case
):
    _pay(_client(clerk_and_leader), danang_case)

    danang_case.refresh_from_db()
    assert danang_case.amount_recovered == 0
    assert not danang_case.events.filter(kind="payment").exists()


def test_clerk_who_is_also_a_leader_records_a_payment_on_own_citys_case(
    clerk_and_leader, hanoi_case
):
    _pay(_client(clerk_and_leader), hanoi_case)

    hanoi_case.refresh_from_db()
    assert hanoi_case.amount_recovered == 1000


def test_payment_service_refuses_a_case_outside_the_clerks_membership(
    clerk_and_leader, danang_case
):
    with pytest.raises(PermissionDenied):
        services.case_record_payment(user=clerk_and_leader, case=danang_case, on=DAY, amount=1)


def test_clerk_who_is_also_a_leader_reads_another_citys_case_without_changing_it(
    clerk_and_leader, danang_case
):
    client = _client(clerk_and_leader)
    url = reverse("admin:enforcement_enforcementcase_change", args=[danang_case.pk])

    page = client.get(url)
    posted = client.post(url, {"debtor": "Đổi tên"})

    assert page.status_code == 200
    assert danang_case.decision_number in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert posted.status_code == 403
    danang_case.refresh_from_db()
    assert danang_case.debtor == "Trần Thị Đà"


def test_case_form_offers_only_the_units_where_the_clerk_may_open_cases(world, clerk_and_leader):
    form = _client(clerk_and_leader).get(reverse("admin:enforcement_enforcementcase_add"))

    choices = form.context["adminform"].form.fields["unit"].queryset
    assert world.hanoi_agency in choices
    assert world.danang_agency not in choices


def test_opening_a_case_in_another_city_is_refused(world, clerk_and_leader):
    with pytest.raises(PermissionDenied):
        services.case_open(
            user=clerk_and_leader,
            unit=world.danang_agency,
            decision_number="9/QĐ",
            decision_date=DAY,
            accepted_on=DAY,
            judgment="Bản án 1",
            initiation="on_request",
            debtor="Nguyễn Văn A",
            eligibility="eligible",
        )

    assert not EnforcementCase.objects.filter(decision_number="9/QĐ").exists()


def test_case_import_refuses_rows_of_another_city(world, clerk_and_leader, tmp_path):
    path = write_csv(
        tmp_path / "cases.csv",
        [HEADERS, _case("THADS-HN", "1/QĐ-THADS"), _case("THADS-DN", "2/QĐ-THADS")],
    )

    with contextlib.suppress(CommandError):
        call_command("import_data", "enforcementcase", str(path), user=clerk_and_leader.username)

    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.INVALID
    assert [problem["row"] for problem in job.report["problems"]] == [3]
    assert not EnforcementCase.objects.filter(decision_number__in=["1/QĐ-THADS", "2/QĐ-THADS"])


def test_statistics_report_of_a_clerk_who_also_sits_on_the_council_covers_own_city_only(
    world,
):
    user = make_persona("p.clerk.council", world.danang_agency, Role.ENFORCEMENT_CLERK)
    membership_grant(user=user, unit=world.ministry, role=Role.COUNCIL_MEMBER)

    page = _client(user).get(reverse("enforcement:report"), {"year": "2024"})

    assert page.status_code == 200
    assert world.danang_agency.name in page.content.decode()
    assert world.hanoi_agency.name not in page.content.decode()


def test_scope_is_asked_per_permission(world, clerk_and_leader):
    from organizations.scoping import has_unit_permission, unit_scope_ids

    assert unit_scope_ids(clerk_and_leader, "enforcement.view_enforcementcase") is None
    assert has_unit_permission(
        clerk_and_leader, "enforcement.change_case_status", world.hanoi_office.pk
    )
    assert not has_unit_permission(
        clerk_and_leader, "enforcement.change_case_status", world.danang_agency.pk
    )


def test_every_scope_of_a_request_comes_from_three_queries(
    world, clerk_and_leader, django_assert_num_queries
):
    # A case page asks about a dozen permissions: the memberships, their roles' permissions
    # and the unit tree are read once for all of them, not once per permission.
    from organizations.scoping import unit_scope_ids

    with django_assert_num_queries(3):
        scopes = {
            permission: unit_scope_ids(clerk_and_leader, permission)
            for permission in (
                "enforcement.view_enforcementcase",
                "enforcement.change_enforcementcase",
                "enforcement.change_case_status",
                "enforcement.add_caseparty",
                "enforcement.view_caseevent",
                "commendations.add_nomination",
                None,
            )
        }

    hanoi = {world.hanoi_agency.pk, world.hanoi_office.pk}
    assert scopes["enforcement.view_enforcementcase"] is None
    assert hanoi <= scopes["enforcement.change_case_status"]
    assert world.danang_agency.pk not in scopes["enforcement.change_case_status"]
    assert scopes["commendations.add_nomination"] == frozenset()
    assert scopes[None] is None


def test_a_scope_of_every_unit_reads_no_unit_tree(world, leader, django_assert_num_queries):
    from organizations.scoping import unit_scope_ids

    with django_assert_num_queries(2):  # the memberships and their roles' permissions
        assert unit_scope_ids(leader, "enforcement.view_enforcementcase") is None


def test_officer_who_is_also_a_reviewer_nominates_for_own_units_only(world, officer_and_reviewer):
    ensure_reference_data()
    title = Title.objects.filter(recipient=Title.Recipient.INDIVIDUAL, is_active=True).first()

    with pytest.raises(PermissionDenied):
        commendation_services.nomination_create(
            user=officer_and_reviewer,
            year=2024,
            nominating_unit=world.hanoi_agency,
            person=world.hanoi_person,
            proposed_title=title,
            achievements="Hoàn thành xuất sắc nhiệm vụ.",
        )


def test_officer_who_is_also_a_reviewer_lists_indicator_results_of_own_units_only(
    world, officer_and_reviewer
):
    cluster = make_cluster(year=2024, head=world.hanoi_agency, members=[world.hanoi_agency])
    criterion = CriterionFactory(pact=PactFactory(cluster=cluster))
    hanoi_result = IndicatorResult.objects.create(
        unit=world.hanoi_agency, criterion=criterion, value=5
    )

    page = _client(officer_and_reviewer).get(reverse("admin:emulation_indicatorresult_changelist"))

    assert page.status_code == 200
    change = reverse("admin:emulation_indicatorresult_change", args=[hanoi_result.pk])
    assert change not in page.content.decode()
