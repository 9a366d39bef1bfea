"""The migration indexing each case's search text by its words and unit, and its trigger."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from tests.enforcement.migrating import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("enforcement", "0035_counters_probe_cases")]
AFTER = [("enforcement", "0036_case_search_words_index")]


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        return {
            name
            for name, info in connection.introspection.get_constraints(
                cursor, "enforcement_casesearchtext"
            ).items()
            if info["index"]
        }


def test_each_text_gets_its_cases_unit_and_follows_it_and_the_reverse_undoes_it():
    apps = migrate_to(BEFORE)
    try:
        unit_model = apps.get_model("organizations", "Unit")
        case_model = apps.get_model("enforcement", "EnforcementCase")
        day = datetime.date(2024, 3, 1)
        hanoi, danang = (
            unit_model.objects.create(
                code=f"MIG-{code}", name=code, kind="enforcement_agency", valid_from=day
            )
            for code in ("HN", "DN")
        )
        case = case_model.objects.create(
            unit=hanoi,
            issuing_agency=hanoi,
            decision_number="1/QĐ",
            decision_date=day,
            accepted_on=day,
            judgment="Bản án",
            initiation="on_request",
            debtor="Hoàng Đình Lâm",
            eligibility="eligible",
            status="in_progress",
            state_changed_on=day,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO enforcement_casesearchtext (case_id, text) VALUES (%s, %s)",
                [case.pk, "1/QĐ\nHOANG DINH LAM"],
            )

        apps = migrate_to(AFTER)
        text_model = apps.get_model("enforcement", "CaseSearchText")
        assert text_model.objects.get(case_id=case.pk).unit_id == hanoi.pk
        apps.get_model("enforcement", "EnforcementCase").objects.filter(pk=case.pk).update(
            unit=danang
        )
        assert text_model.objects.get(case_id=case.pk).unit_id == danang.pk
        if connection.vendor == "postgresql":
            assert "enforcement_case_search_words" in _indexes()
            assert "enforcement_case_search_trgm" not in _indexes()

        apps = migrate_to(BEFORE)
        text_model = apps.get_model("enforcement", "CaseSearchText")
        assert text_model.objects.get(case_id=case.pk).text == "1/QĐ\nHOANG DINH LAM"
        if connection.vendor == "postgresql":
            assert "enforcement_case_search_trgm" in _indexes()
            assert "enforcement_case_search_words" not in _indexes()
        # Without the column the trigger would fail every move of a case: it is gone.
        apps.get_model("enforcement", "EnforcementCase").objects.filter(pk=case.pk).update(
            unit=hanoi
        )
    finally:
        migrate_to_latest()
