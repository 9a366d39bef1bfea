"""The migration to money collected keeps what was recorded and dates the money it finds."""

from __future__ import annotations

import datetime

import pytest

from tests.enforcement.migrating import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("enforcement", "0016_seed_legal_grounds")]
AFTER = [("enforcement", "0017_money_collected")]


def test_events_and_imported_cases_get_their_money_and_old_snapshots_say_how_they_count():
    apps = migrate_to(BEFORE)
    try:
        unit_model = apps.get_model("organizations", "Unit")
        case_model = apps.get_model("enforcement", "EnforcementCase")
        event_model = apps.get_model("enforcement", "CaseEvent")
        year_model = apps.get_model("enforcement", "StatisticalYear")
        snapshot_model = apps.get_model("enforcement", "AnnualSnapshot")
        unit = unit_model.objects.create(
            code="THADS-MIG",
            name="Thi hành án dân sự thử",
            kind="enforcement_agency",
            valid_from=datetime.date(2020, 1, 1),
        )
        day = datetime.date(2024, 3, 1)

        def case(number: str, recovered: int, status: str = "in_progress", closed=None):
            return case_model.objects.create(
                unit=unit,
                decision_number=number,
                decision_date=day,
                accepted_on=day,
                judgment="Bản án",
                initiation="on_request",
                debtor="Người phải thi hành",
                amount_due=10_000_000,
                amount_recovered=recovered,
                eligibility="eligible",
                status=status,
                closed_on=closed,
                state_changed_on=closed or day,
            )

        def event(case, kind: str, amount: int, on=day):
            return event_model.objects.create(
                case=case,
                kind=kind,
                occurred_on=on,
                amount=amount,
                status_after=case.status,
                eligibility_after=case.eligibility,
            )

        paid = case("1/QĐ", 3_000_000)
        event(paid, "opened", 10_000_000)
        event(paid, "payment", 3_000_000, on=datetime.date(2024, 4, 2))
        imported = case("2/QĐ", 4_000_000, status="completed", closed=datetime.date(2024, 6, 1))
        untouched = case("3/QĐ", 0)
        year = year_model.objects.create(
            year=2023, state="closed", closed_at=datetime.datetime(2023, 10, 5, tzinfo=datetime.UTC)
        )
        snapshot_model.objects.create(
            statistical_year=year,
            unit=unit,
            **dict.fromkeys(
                [
                    "carried_over",
                    "newly_accepted",
                    "entrusted",
                    "withdrawn",
                    "not_eligible",
                    "completed",
                    "terminated",
                    "postponed",
                    "suspended",
                    "in_progress",
                ],
                0,
            ),
            **dict.fromkeys(
                [
                    "carried_over_money",
                    "newly_accepted_money",
                    "entrusted_money",
                    "withdrawn_money",
                    "not_eligible_money",
                    "completed_money",
                    "terminated_money",
                    "postponed_money",
                    "suspended_money",
                    "in_progress_money",
                ],
                0,
            ),
        )

        apps = migrate_to(AFTER)

        event_model = apps.get_model("enforcement", "CaseEvent")
        snapshot_model = apps.get_model("enforcement", "AnnualSnapshot")
        money = {
            (row["case_id"], row["kind"]): (row["occurred_on"], row["collected"])
            for row in event_model.objects.exclude(collected=0).values(
                "case_id", "kind", "occurred_on", "collected"
            )
        }
        # The payment keeps its day; the opening's amount (the amount due) is not money in.
        assert money == {
            (paid.pk, "payment"): (datetime.date(2024, 4, 2), 3_000_000),
            # An imported case that never changed: its money dated the day its state began.
            (imported.pk, "imported"): (datetime.date(2024, 6, 1), 4_000_000),
        }
        assert not event_model.objects.filter(case_id=untouched.pk).exists()
        assert snapshot_model.objects.get().money_basis == "amount_due"
    finally:
        migrate_to_latest()
