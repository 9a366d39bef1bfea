"""The admin's split page: where each open case goes, refused unless every case goes once."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from enforcement.models import EnforcementCase
from organizations.models import Unit, UnitLineage
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

SPLIT = "admin:organizations_unitlineage_split"


@pytest.fixture
def quangnam(world) -> Unit:
    return UnitFactory(
        code="THADS-QNA",
        name="THADS Quảng Nam",
        kind=Unit.Kind.ENFORCEMENT_AGENCY,
        parent=world.ministry,
    )


@pytest.fixture
def cases(quangnam) -> list[EnforcementCase]:
    return [
        EnforcementCaseFactory(
            unit=quangnam,
            decision_number=f"{number}/QĐ-THADS",
            decision_date=datetime.date(2025, 3, 1),
            accepted_on=datetime.date(2025, 3, 1),
        )
        for number in (7, 8)
    ]


def _split(client, user, quangnam, distribution: str):
    client.force_login(user)
    with translation.override("en"):
        return client.post(
            reverse(SPLIT),
            {
                "predecessor": quangnam.pk,
                "taken_over_on": "2025-07-01",
                "decision_number": "202/2025/QH15",
                "distribution": distribution,
            },
        )


def test_the_split_page_lists_the_units_open_cases_to_distribute(
    client, administrator, quangnam, cases
):
    client.force_login(administrator)

    response = client.get(reverse(SPLIT), {"predecessor": quangnam.pk})

    assert response.status_code == 200
    assert response.context["form"].initial["distribution"] == (
        "7/QĐ-THADS;2025;\n8/QĐ-THADS;2025;"
    )


def test_the_split_page_hands_each_case_to_the_successor_named(
    client, world, administrator, quangnam, cases
):
    response = _split(
        client, administrator, quangnam, "7/QĐ-THADS;2025;THADS-DN\n8/QĐ-THADS\tTHADS-HN"
    )

    assert response.status_code == 302
    assert sorted(EnforcementCase.objects.values_list("decision_number", "unit__code")) == [
        ("7/QĐ-THADS", "THADS-DN"),
        ("8/QĐ-THADS", "THADS-HN"),
    ]
    assert set(UnitLineage.objects.values_list("kind", flat=True)) == {"split"}


def test_the_split_page_refuses_a_case_left_out_and_changes_nothing(
    client, administrator, quangnam, cases
):
    response = _split(client, administrator, quangnam, "7/QĐ-THADS;2025;THADS-DN")

    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["distribution"]
    assert [error.code for error in errors] == ["too_few_successors", "case_missing"]
    assert "8/QĐ-THADS" in errors[1].messages[0]
    assert set(EnforcementCase.objects.values_list("unit_id", flat=True)) == {quangnam.pk}
    assert not UnitLineage.objects.exists()


def test_the_split_page_refuses_an_unknown_successor_by_its_line(
    client, administrator, quangnam, cases
):
    response = _split(
        client, administrator, quangnam, "7/QĐ-THADS;2025;THADS-DN\n8/QĐ-THADS;2025;THADS-XX"
    )

    assert response.status_code == 200
    messages = response.context["form"].errors["distribution"]
    assert messages == ["Dòng 2: không có đơn vị nào mang mã THADS-XX."]
    assert not UnitLineage.objects.exists()


def test_the_lineage_form_sends_a_split_to_its_page(client, world, administrator, quangnam):
    client.force_login(administrator)

    response = client.post(
        reverse("admin:organizations_unitlineage_add"),
        {
            "predecessor": quangnam.pk,
            "successor": world.danang_agency.pk,
            "kind": "split",
            "taken_over_on": "01/07/2025",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [error.code for error in errors["kind"]] == ["split_on_its_page"]
    assert not UnitLineage.objects.exists()


def test_a_clerk_cannot_open_the_split_page(client, clerk_hanoi):
    client.force_login(clerk_hanoi)

    assert client.get(reverse(SPLIT)).status_code == 403


def test_a_unit_without_open_cases_is_split_by_naming_its_successors(
    client, world, administrator, quangnam
):
    response = _split(client, administrator, quangnam, "THADS-DN\nTHADS-HN")

    assert response.status_code == 302
    assert sorted(UnitLineage.objects.values_list("successor__code", flat=True)) == [
        "THADS-DN",
        "THADS-HN",
    ]
