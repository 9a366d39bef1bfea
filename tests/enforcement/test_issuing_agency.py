"""The agency that issued a decision and the office that handles it; numbers per agency and year."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from enforcement import services
from enforcement.models import Eligibility, EnforcementCase, Initiation
from organizations.models import Unit
from organizations.roles import Role
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import UnitFactory, make_persona

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 8, 4)


def _open(user, unit: Unit, number: str, **extra: object) -> EnforcementCase:
    return services.case_open(
        user=user,
        unit=unit,
        decision_number=number,
        decision_date=extra.pop("decision_date", DAY),
        accepted_on=DAY,
        judgment="Bản án số 12/2025/DS-ST",
        initiation=Initiation.ON_REQUEST,
        debtor="Lê Văn Nợ",
        eligibility=Eligibility.ELIGIBLE,
        **extra,
    )


@pytest.fixture
def hanoi_office_2(world) -> Unit:
    return UnitFactory(
        code="THADS-HN-KV2",
        name="Phòng THADS khu vực 2 – Hà Nội",
        parent=world.hanoi_agency,
        kind=Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE,
    )


def test_a_regional_office_case_is_issued_by_its_agency(world, clerk_hanoi):
    case = _open(clerk_hanoi, world.hanoi_office, "46/QĐ-THADS")

    assert (case.unit, case.issuing_agency) == (world.hanoi_office, world.hanoi_agency)
    case.refresh_from_db()
    assert case.decision_year == 2025


def test_an_agency_case_is_issued_by_the_agency_itself(world, clerk_hanoi):
    case = _open(clerk_hanoi, world.hanoi_agency, "46/QĐ-THADS")

    assert case.issuing_agency == world.hanoi_agency


def test_an_office_of_another_agency_is_refused(world, clerk_hanoi):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        _open(clerk_hanoi, world.hanoi_office, "46/QĐ-THADS", issuing_agency=world.danang_agency)

    assert "unit" in error.value.error_dict
    assert not EnforcementCase.objects.exists()


def test_a_number_reused_within_the_agency_year_is_refused_by_another_office(
    world, clerk_hanoi, hanoi_office_2
):
    _open(clerk_hanoi, world.hanoi_office, "46/QĐ-THADS")

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        _open(clerk_hanoi, hanoi_office_2, "46/QĐ-THADS")

    assert "decision_number" in error.value.error_dict
    assert "46/QĐ-THADS" in " ".join(error.value.messages)
    assert EnforcementCase.objects.count() == 1


def test_numbers_restart_every_year_and_differ_between_agencies(world, clerk_hanoi):
    superuser = make_persona("p.moj.admin", world.ministry, Role.ADMINISTRATOR)
    _open(clerk_hanoi, world.hanoi_office, "1/QĐ-THADS")

    _open(clerk_hanoi, world.hanoi_office, "1/QĐ-THADS", decision_date=datetime.date(2024, 12, 30))
    _open(superuser, world.danang_agency, "1/QĐ-THADS")

    assert EnforcementCase.objects.filter(decision_number="1/QĐ-THADS").count() == 3


def test_the_database_refuses_a_number_reused_within_the_agency_year(world, hanoi_office_2):
    EnforcementCaseFactory(unit=world.hanoi_office, decision_number="9/QĐ-THADS")

    with pytest.raises(IntegrityError), transaction.atomic():
        EnforcementCaseFactory(unit=hanoi_office_2, decision_number="9/QĐ-THADS")


def test_the_stored_year_follows_a_corrected_decision_date(world, clerk_hanoi):
    case = _open(clerk_hanoi, world.hanoi_office, "5/QĐ-THADS")

    services.case_update(
        user=clerk_hanoi, case=case, changes={"decision_date": datetime.date(2025, 1, 2)}
    )

    case.refresh_from_db()
    assert case.decision_year == 2025
    services.case_update(
        user=clerk_hanoi, case=case, changes={"decision_date": datetime.date(2024, 12, 31)}
    )
    case.refresh_from_db()
    assert case.decision_year == 2024


def test_correcting_a_number_into_one_the_agency_gave_that_year_is_refused(
    world, clerk_hanoi, hanoi_office_2
):
    _open(clerk_hanoi, world.hanoi_office, "7/QĐ-THADS")
    other = _open(clerk_hanoi, hanoi_office_2, "8/QĐ-THADS")

    with translation.override("vi"), pytest.raises(ValidationError):
        services.case_update(
            user=clerk_hanoi, case=other, changes={"decision_number": "7/QĐ-THADS"}
        )

    other.refresh_from_db()
    assert other.decision_number == "8/QĐ-THADS"


def test_a_merged_agency_case_is_seen_by_the_office_that_handles_it(world):
    former = UnitFactory(
        code="THADS-QNA",
        name="Cục Thi hành án dân sự tỉnh Quảng Nam",
        parent=world.ministry,
        valid_to=datetime.date(2025, 6, 30),
        successor=world.danang_agency,
    )
    case = EnforcementCaseFactory(unit=world.danang_office, issuing_agency=former)
    danang_office_clerk = make_persona(
        "p.clerk.dn.kv1", world.danang_office, Role.ENFORCEMENT_CLERK
    )
    former_clerk = make_persona("p.clerk.qna", former, Role.ENFORCEMENT_CLERK)

    assert list(EnforcementCase.objects.for_user(danang_office_clerk)) == [case]
    # Scope follows the handling office, not the agency that issued the decision.
    assert not EnforcementCase.objects.for_user(former_clerk).exists()
    services.handling_office_check(unit=world.danang_office, issuing_agency=former)


def test_the_case_list_shows_and_filters_by_the_issuing_agency(world, clerk_hanoi):
    EnforcementCaseFactory(unit=world.hanoi_office, decision_number="11/QĐ-THADS")
    EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="12/QĐ-THADS")
    client = Client()
    client.force_login(clerk_hanoi)
    url = reverse("admin:enforcement_enforcementcase_changelist")

    everything = client.get(url).content.decode()
    filtered = client.get(url, {"agency": world.hanoi_agency.pk}).content.decode()
    other = client.get(url, {"agency": world.danang_agency.pk}).content.decode()

    assert "11/QĐ-THADS" in everything and "12/QĐ-THADS" in everything
    assert "11/QĐ-THADS" in filtered and "12/QĐ-THADS" in filtered
    assert "11/QĐ-THADS" not in other


def test_the_case_form_leaves_the_agency_to_the_office_when_empty(world, clerk_hanoi):
    client = Client()
    client.force_login(clerk_hanoi)

    response = client.post(
        reverse("admin:enforcement_enforcementcase_add"),
        {
            "issuing_agency": "",
            "unit": world.hanoi_office.pk,
            "decision_number": "31/QĐ-THADS",
            "decision_date": "04/08/2025",
            "accepted_on": "04/08/2025",
            "judgment": "Bản án số 3/2025/DS-ST",
            "judgment_kind": "civil",
            "initiation": Initiation.ON_REQUEST,
            "debtor": "Phạm Văn Nợ",
            "creditor": "",
            "amount_due": "1.000.000",
            "eligibility": Eligibility.ELIGIBLE,
            "notes": "",
            "reason": "",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            "judgments-TOTAL_FORMS": "0",
            "judgments-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    case = EnforcementCase.objects.get()
    assert case.issuing_agency == world.hanoi_agency


def test_the_case_form_refuses_a_reused_number_in_vietnamese(world, clerk_hanoi, hanoi_office_2):
    EnforcementCaseFactory(
        unit=world.hanoi_office, decision_number="32/QĐ-THADS", decision_date=DAY, accepted_on=DAY
    )
    client = Client()
    client.force_login(clerk_hanoi)

    response = client.post(
        reverse("admin:enforcement_enforcementcase_add"),
        {
            "issuing_agency": world.hanoi_agency.pk,
            "unit": hanoi_office_2.pk,
            "decision_number": "32/QĐ-THADS",
            "decision_date": "04/08/2025",
            "accepted_on": "04/08/2025",
            "judgment": "Bản án số 3/2025/DS-ST",
            "judgment_kind": "civil",
            "initiation": Initiation.ON_REQUEST,
            "debtor": "Phạm Văn Nợ",
            "creditor": "",
            "amount_due": "1.000.000",
            "eligibility": Eligibility.ELIGIBLE,
            "notes": "",
            "reason": "",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            "judgments-TOTAL_FORMS": "0",
            "judgments-INITIAL_FORMS": "0",
        },
        headers={"accept-language": "vi"},
    )

    assert response.status_code == 200
    assert "32/QĐ-THADS" in response.content.decode()
    assert EnforcementCase.objects.count() == 1
