"""The migration turning each stored case's debtor and creditor texts into its parties."""

from __future__ import annotations

import datetime

import pytest

from tests.enforcement.migrating import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("enforcement", "0026_decision_numbers_per_agency_year")]
AFTER = [("enforcement", "0029_courts_catalogue")]


def test_each_case_text_becomes_a_party_and_the_reverse_removes_them():
    apps = migrate_to(BEFORE)
    try:
        unit_model = apps.get_model("organizations", "Unit")
        case_model = apps.get_model("enforcement", "EnforcementCase")
        day = datetime.date(2024, 3, 1)
        agency = unit_model.objects.create(
            code="MIG-THADS", name="MIG", kind="enforcement_agency", valid_from=day
        )

        def case(number: str, debtor: str, creditor: str):
            return case_model.objects.create(
                unit=agency,
                issuing_agency=agency,
                decision_number=number,
                decision_date=day,
                accepted_on=day,
                judgment="Bản án",
                initiation="on_request",
                debtor=debtor,
                creditor=creditor,
                eligibility="eligible",
                status="in_progress",
                state_changed_on=day,
            )

        both = case("1/QĐ", " Hoàng Đình Lâm ", "Ngân hàng TMCP Á Châu")
        alone = case("2/QĐ", "Nguyễn Thị Thuý", "")

        apps = migrate_to(AFTER)
        party_model = apps.get_model("enforcement", "CaseParty")
        parties = sorted(party_model.objects.values_list("case_id", "role", "kind", "name"))

        assert parties == [
            (both.pk, "creditor", "person", "Ngân hàng TMCP Á Châu"),
            (both.pk, "debtor", "person", "Hoàng Đình Lâm"),
            (alone.pk, "debtor", "person", "Nguyễn Thị Thuý"),
        ]
        assert apps.get_model("enforcement", "Court").objects.filter(code="TAND-NA-KV7").exists()

        apps = migrate_to(BEFORE)
        case_model = apps.get_model("enforcement", "EnforcementCase")
        assert case_model.objects.get(pk=both.pk).debtor == " Hoàng Đình Lâm "
    finally:
        migrate_to_latest()
