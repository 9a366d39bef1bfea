"""The migration naming each stored case's issuing agency: its unit's agency."""

from __future__ import annotations

import datetime

import pytest

from tests.enforcement.migrating import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("enforcement", "0022_fold_case_search_text")]
AFTER = [("enforcement", "0026_decision_numbers_per_agency_year")]


def test_stored_cases_are_issued_by_their_units_agency_and_keep_their_numbers():
    apps = migrate_to(BEFORE)
    try:
        unit_model = apps.get_model("organizations", "Unit")
        case_model = apps.get_model("enforcement", "EnforcementCase")
        day = datetime.date(2024, 3, 1)

        def unit(code: str, kind: str, parent=None):
            return unit_model.objects.create(
                code=code, name=code, kind=kind, parent=parent, valid_from=datetime.date(2000, 1, 1)
            )

        def case(unit, number: str):
            return case_model.objects.create(
                unit=unit,
                decision_number=number,
                decision_date=day,
                accepted_on=day,
                judgment="Bản án",
                initiation="on_request",
                debtor="Người phải thi hành",
                eligibility="eligible",
                status="in_progress",
                state_changed_on=day,
            )

        ministry = unit("MIG-BTP", "ministry")
        agency = unit("MIG-THADS", "enforcement_agency", ministry)
        office = unit("MIG-THADS-KV1", "regional_enforcement_office", agency)
        district = unit("MIG-THADS-CC1", "regional_enforcement_office", agency)
        own = case(agency, "1/QĐ")
        handled = case(office, "2/QĐ")
        # Two district offices once numbered their decisions each on its own.
        clash_office = case(office, "9/QĐ")
        clash_district = case(district, "9/QĐ")

        apps = migrate_to(AFTER)
        case_model = apps.get_model("enforcement", "EnforcementCase")
        issuer = dict(case_model.objects.values_list("pk", "issuing_agency_id"))
        years = set(case_model.objects.values_list("decision_year", flat=True))

        assert issuer[own.pk] == agency.pk
        assert issuer[handled.pk] == agency.pk
        assert {issuer[clash_office.pk], issuer[clash_district.pk]} == {office.pk, district.pk}
        assert years == {2024}
    finally:
        migrate_to_latest()
