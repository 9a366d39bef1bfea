"""Recording a merger: loops, other kinds and unasked closed years are refused, nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from enforcement import services
from enforcement.models import EnforcementCase
from enforcement.selectors.lineage import unit_lineage
from organizations.models import Unit, UnitLineage
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

JULY_2025 = datetime.date(2025, 7, 1)


def _agency(world, code: str, name: str) -> Unit:
    return UnitFactory(
        code=code, name=name, kind=Unit.Kind.ENFORCEMENT_AGENCY, parent=world.ministry
    )


def test_unit_cannot_become_its_own_predecessor_through_a_chain(world, administrator):
    quangnam = _agency(world, "THADS-QNA", "THADS Quảng Nam")
    services.unit_lineage_record(
        user=administrator,
        predecessor=quangnam,
        successor=world.danang_agency,
        taken_over_on=JULY_2025,
    )

    with pytest.raises(ValidationError) as refused:
        services.unit_lineage_record(
            user=administrator,
            predecessor=world.danang_agency,
            successor=quangnam,
            taken_over_on=JULY_2025,
        )
    assert refused.value.error_dict["successor"][0].code == "own_predecessor"
    assert UnitLineage.objects.count() == 1


def test_successor_of_another_kind_is_refused(world, administrator):
    with pytest.raises(ValidationError) as refused:
        services.unit_lineage_record(
            user=administrator,
            predecessor=world.hanoi_office,
            successor=world.danang_agency,
            taken_over_on=JULY_2025,
        )
    assert refused.value.error_dict["successor"][0].code == "other_kind"
    assert not UnitLineage.objects.exists()


def test_merger_in_a_closed_year_needs_a_reason(world, administrator):
    quangnam = _agency(world, "THADS-QNA", "THADS Quảng Nam")
    services.statistical_year_close(user=administrator, year=2024)

    with pytest.raises(ValidationError) as refused:
        services.unit_lineage_record(
            user=administrator,
            predecessor=quangnam,
            successor=world.danang_agency,
            taken_over_on=datetime.date(2024, 7, 1),
        )
    assert refused.value.error_dict["reason"][0].code == "reason_required"
    quangnam.refresh_from_db()
    assert (quangnam.valid_to, UnitLineage.objects.count()) == (None, 0)

    services.unit_lineage_record(
        user=administrator,
        predecessor=quangnam,
        successor=world.danang_agency,
        taken_over_on=datetime.date(2024, 7, 1),
        reason="Quyết định sáp nhập ban hành muộn",
    )
    assert UnitLineage.objects.count() == 1


def test_clerk_cannot_record_a_merger(world, clerk_hanoi):
    with pytest.raises(PermissionDenied):
        services.unit_lineage_record(
            user=clerk_hanoi,
            predecessor=world.hanoi_office,
            successor=world.danang_office,
            taken_over_on=JULY_2025,
        )


def test_merged_case_keeps_its_accepting_unit(world, administrator):
    quangnam = _agency(world, "THADS-QNA", "THADS Quảng Nam")
    case = EnforcementCaseFactory(unit=quangnam, accepted_on=datetime.date(2024, 3, 1))
    services.unit_lineage_record(
        user=administrator,
        predecessor=quangnam,
        successor=world.danang_agency,
        taken_over_on=JULY_2025,
        decision_number="759/QĐ-TTg",
    )

    assert services.unit_merge_into_successor(user=administrator, unit=quangnam) == 1

    case = EnforcementCase.objects.get(pk=case.pk)
    assert (case.unit, case.accepting_unit, case.handled_since) == (
        world.danang_agency,
        quangnam,
        JULY_2025,
    )


def test_admin_refuses_a_loop_with_a_clear_message(client, world, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:organizations_unitlineage_add"),
        {
            "predecessor": world.danang_agency.pk,
            "successor": world.danang_agency.pk,
            "kind": "merger",
            "taken_over_on": "01/07/2025",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["successor"]
    assert not UnitLineage.objects.exists()


def test_report_names_the_predecessor_under_its_successor(client, world, leader, administrator):
    quangnam = _agency(world, "THADS-QNA", "THADS Quảng Nam")
    EnforcementCaseFactory(unit=quangnam, accepted_on=datetime.date(2025, 3, 1))
    services.unit_lineage_record(
        user=administrator,
        predecessor=quangnam,
        successor=world.danang_agency,
        taken_over_on=JULY_2025,
    )
    services.unit_merge_into_successor(user=administrator, unit=quangnam)
    client.force_login(leader)

    page = client.get(reverse("enforcement:report"), {"year": 2025}).content.decode()
    old = client.get(
        reverse("enforcement:report"), {"year": 2025, "unit": "THADS-QNA"}
    ).content.decode()
    earlier = client.get(
        reverse("enforcement:report"), {"year": 2025, "months": 9, "unit": "THADS-QNA"}
    ).content.decode()

    assert "THADS Quảng Nam" in page and "30/06/2025" in page
    assert 'id="merged-into"' in old
    assert 'id="merged-into"' not in earlier


def test_the_lineage_read_after_a_merger_is_recorded_holds_it(world, administrator):
    # The statistics keep the lineage last built while its rows stay the same.
    quangnam = _agency(world, "THADS-QNA", "THADS Quảng Nam")
    before = unit_lineage()
    assert unit_lineage() is before

    services.unit_lineage_record(
        user=administrator,
        predecessor=quangnam,
        successor=world.danang_agency,
        taken_over_on=JULY_2025,
    )

    after = unit_lineage()
    assert after.mergers == {quangnam.pk: (world.danang_agency.pk, JULY_2025)}
    assert after.fingerprint != before.fingerprint
    assert after.unit_on(quangnam.pk, JULY_2025) == world.danang_agency.pk
