"""The migration to obligations lists each case's amount as its one money obligation."""

from __future__ import annotations

import datetime

import pytest

from tests.enforcement.migrating import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("enforcement", "0030_obligations")]
AFTER = [("enforcement", "0031_obligations_from_amounts")]


def test_each_amount_becomes_one_money_obligation_and_goes_back():
    apps = migrate_to(BEFORE)
    try:
        unit = apps.get_model("organizations", "Unit").objects.create(
            code="THADS-OBL",
            name="Thi hành án dân sự thử",
            kind="enforcement_agency",
            valid_from=datetime.date(2020, 1, 1),
        )
        case_model = apps.get_model("enforcement", "EnforcementCase")
        day = datetime.date(2024, 3, 1)

        def case(number: str, amount: int):
            return case_model.objects.create(
                unit=unit,
                issuing_agency=unit,
                decision_number=number,
                decision_date=day,
                accepted_on=day,
                judgment="Bản án",
                initiation="on_request",
                debtor="Người phải thi hành",
                amount_due=amount,
                eligibility="eligible",
                state_changed_on=day,
            )

        paying, nothing = case("1/QĐ", 10_000_000), case("2/QĐ", 0)

        apps = migrate_to(AFTER)

        obligation_model = apps.get_model("enforcement", "Obligation")
        assert list(obligation_model.objects.values_list("case_id", "kind", "amount")) == [
            (paying.pk, "money", 10_000_000)
        ]
        assert not obligation_model.objects.filter(case_id=nothing.pk).exists()

        apps = migrate_to(BEFORE)

        assert not apps.get_model("enforcement", "Obligation").objects.exists()
        assert case_model.objects.get(pk=paying.pk).amount_due == 10_000_000
    finally:
        migrate_to_latest()
