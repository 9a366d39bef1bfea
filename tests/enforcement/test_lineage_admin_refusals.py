"""The bad input of issue 15, through the admin: a clear message on the field, nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from enforcement import services
from enforcement.models import YearLogEntry
from organizations.models import Unit, UnitLineage
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

JULY_2025 = datetime.date(2025, 7, 1)


@pytest.fixture
def quangnam(world) -> Unit:
    return UnitFactory(
        code="THADS-QNA",
        name="THADS Quảng Nam",
        kind=Unit.Kind.ENFORCEMENT_AGENCY,
        parent=world.ministry,
    )


def _post(client, user, **fields) -> dict[str, list]:
    """Post the lineage form; return its errors as (field → codes), checking nothing was saved."""
    client.force_login(user)
    before = (UnitLineage.objects.count(), YearLogEntry.objects.count())
    data = {"kind": "merger", "taken_over_on": "01/07/2025", **fields}
    with translation.override("en"):
        response = client.post(reverse("admin:organizations_unitlineage_add"), data)
    assert response.status_code == 200
    assert (UnitLineage.objects.count(), YearLogEntry.objects.count()) == before
    form = response.context["adminform"].form
    return {field: [e.code for e in errors.as_data()] for field, errors in form.errors.items()}


def test_admin_refuses_a_unit_made_its_own_predecessor_through_a_chain(
    client, world, administrator, quangnam
):
    services.unit_lineage_record(
        user=administrator,
        predecessor=quangnam,
        successor=world.danang_agency,
        taken_over_on=JULY_2025,
    )

    errors = _post(client, administrator, predecessor=world.danang_agency.pk, successor=quangnam.pk)

    assert errors == {"successor": ["own_predecessor"]}
    world.danang_agency.refresh_from_db()
    assert (world.danang_agency.valid_to, world.danang_agency.successor) == (None, None)


def test_admin_refuses_a_successor_of_another_kind(client, world, administrator):
    errors = _post(
        client, administrator, predecessor=world.hanoi_office.pk, successor=world.danang_agency.pk
    )

    assert errors == {"successor": ["other_kind"]}
    world.hanoi_office.refresh_from_db()
    assert world.hanoi_office.valid_to is None


def test_admin_refuses_a_merger_inside_a_closed_year_without_a_reason(
    client, world, administrator, quangnam
):
    services.statistical_year_close(user=administrator, year=2024)

    errors = _post(
        client,
        administrator,
        predecessor=quangnam.pk,
        successor=world.danang_agency.pk,
        taken_over_on="01/07/2024",
    )

    assert errors == {"reason": ["reason_required"]}
    quangnam.refresh_from_db()
    assert quangnam.valid_to is None


def test_a_merger_inside_a_closed_year_needs_the_reopen_permission_even_with_a_reason(
    world, leader, quangnam, administrator
):
    services.statistical_year_close(user=administrator, year=2024)

    with pytest.raises(ValidationError) as refused:
        services.unit_lineage_check(
            user=leader,
            predecessor=quangnam,
            successor=world.danang_agency,
            kind=UnitLineage.Kind.MERGER,
            taken_over_on=datetime.date(2024, 7, 1),
            reason="Quyết định ban hành muộn",
        )

    assert refused.value.error_dict["reason"][0].code == "closed_year"
