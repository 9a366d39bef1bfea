"""Closing a statistical year freezes its figures; reopening and corrections are logged."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from enforcement import services
from enforcement.models import AnnualSnapshot, StatisticalYear, YearLogEntry
from enforcement.selectors import Period, enforcement_statistics
from tests.enforcement.factories import EnforcementCaseFactory, TargetFactory, legal_ground

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2024(world):
    """Three Hà Nội cases of 2024: one completed, one carried to 2025, one not eligible."""
    completed = EnforcementCaseFactory(
        unit=world.hanoi_agency, accepted_on=datetime.date(2023, 11, 2)
    )
    open_case = EnforcementCaseFactory(
        unit=world.hanoi_office, accepted_on=datetime.date(2024, 2, 1)
    )
    EnforcementCaseFactory(
        unit=world.hanoi_agency, accepted_on=datetime.date(2022, 5, 1), eligibility="not_eligible"
    )
    TargetFactory(unit=world.hanoi_agency, year=2024)
    return completed, open_case


def _table(unit, year):
    return enforcement_statistics(units=[unit], period=Period(year=year)).rows[0]


def test_closing_freezes_figures_per_unit(world, administrator, clerk_hanoi, year_2024):
    completed, _open_case = year_2024
    services.case_complete(user=clerk_hanoi, case=completed, on=datetime.date(2024, 3, 1))

    services.statistical_year_close(user=administrator, year=2024)

    snapshot = AnnualSnapshot.objects.get(statistical_year__year=2024, unit=world.hanoi_agency)
    assert (snapshot.carried_over, snapshot.newly_accepted, snapshot.completed) == (1, 1, 1)
    assert snapshot.case_target == 83.25
    office = AnnualSnapshot.objects.get(statistical_year__year=2024, unit=world.hanoi_office)
    assert (office.newly_accepted, office.in_progress) == (1, 1)
    row = _table(world.hanoi_agency, 2024)
    assert (row.cases.total, row.cases.resolved, row.cases.ratio) == (3, 1, 50)


def test_closed_year_reads_its_snapshot_not_later_changes(world, administrator, year_2024):
    completed, _open = year_2024
    services.statistical_year_close(user=administrator, year=2024)
    before = _table(world.hanoi_agency, 2024)
    # A change behind the services' back would show in live figures, not in frozen ones.
    completed.__class__.objects.filter(pk=completed.pk).update(amount_due=999)

    after = _table(world.hanoi_agency, 2024)

    assert after == before
    assert enforcement_statistics(units=[world.hanoi_agency], period=Period(2024)).from_snapshot


def test_carried_to_next_of_closed_year_is_carried_over_of_the_next(
    world, administrator, clerk_hanoi, year_2024
):
    completed, open_case = year_2024
    services.case_complete(user=clerk_hanoi, case=completed, on=datetime.date(2024, 3, 1))
    services.case_postpone(
        user=clerk_hanoi,
        case=open_case,
        on=datetime.date(2024, 9, 1),
        ground=legal_ground("48.1.c"),
    )
    services.statistical_year_close(user=administrator, year=2024)
    services.case_complete(user=clerk_hanoi, case=open_case, on=datetime.date(2024, 12, 1))

    closed = _table(world.hanoi_agency, 2024)
    following = _table(world.hanoi_agency, 2025)

    assert closed.cases.carried_to_next == following.cases.carried_over == 2
    assert closed.cases.postponed == 1
    assert closed.money.carried_to_next == following.money.carried_over


def test_clerk_cannot_close_a_year(clerk_hanoi, year_2024):
    with pytest.raises(PermissionDenied):
        services.statistical_year_close(user=clerk_hanoi, year=2024)

    assert not StatisticalYear.objects.filter(year=2024, state="closed").exists()


def test_year_not_yet_ended_cannot_be_closed(administrator):
    current = datetime.date.today().year + 1

    with pytest.raises(ValidationError):
        services.statistical_year_close(user=administrator, year=current)


def test_clerk_cannot_change_status_within_closed_year(administrator, clerk_hanoi, year_2024):
    _completed, open_case = year_2024
    services.statistical_year_close(user=administrator, year=2024)

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.case_complete(user=clerk_hanoi, case=open_case, on=datetime.date(2024, 9, 1))

    assert "đã khóa sổ" in " ".join(error.value.messages)
    open_case.refresh_from_db()
    assert open_case.status == "in_progress"


def test_clerk_works_carried_over_case_in_the_open_year(administrator, clerk_hanoi, year_2024):
    _completed, open_case = year_2024
    services.statistical_year_close(user=administrator, year=2024)

    services.case_complete(user=clerk_hanoi, case=open_case, on=datetime.date(2024, 10, 2))

    open_case.refresh_from_db()
    assert open_case.status == "completed"


def test_clerk_cannot_correct_figures_of_a_case_of_closed_year(
    administrator, clerk_hanoi, year_2024
):
    completed, _open = year_2024
    services.statistical_year_close(user=administrator, year=2024)

    with pytest.raises(ValidationError):
        services.case_update(
            user=clerk_hanoi, case=completed, changes={"amount_due": 1}, reason="Sai số"
        )

    completed.refresh_from_db()
    assert completed.amount_due == 10_000_000


def test_clerk_corrects_debtor_name_of_a_case_of_closed_year(administrator, clerk_hanoi, year_2024):
    completed, _open = year_2024
    services.statistical_year_close(user=administrator, year=2024)

    services.case_update(user=clerk_hanoi, case=completed, changes={"debtor": "Tên đúng"})

    completed.refresh_from_db()
    assert completed.debtor == "Tên đúng"


def test_correction_in_closed_year_needs_a_reason(administrator, year_2024):
    completed, _open = year_2024
    services.statistical_year_close(user=administrator, year=2024)

    with pytest.raises(ValidationError):
        services.case_update(user=administrator, case=completed, changes={"amount_due": 1})


def test_correction_in_closed_year_with_permission_is_logged(administrator, year_2024):
    completed, _open = year_2024
    services.statistical_year_close(user=administrator, year=2024)

    services.case_update(
        user=administrator, case=completed, changes={"amount_due": 12_000_000}, reason="Sai số"
    )

    entry = YearLogEntry.objects.get(action="corrected")
    assert (entry.user, entry.reason, entry.case, entry.statistical_year.year) == (
        administrator,
        "Sai số",
        completed,
        2024,
    )
    assert completed.events.filter(kind="corrected").exists()


def test_reopening_needs_permission(leader, administrator, year_2024):
    services.statistical_year_close(user=administrator, year=2024)

    with pytest.raises(PermissionDenied):
        services.statistical_year_reopen(user=leader, year=2024, reason="Sửa số liệu")

    assert StatisticalYear.objects.get(year=2024).is_closed


def test_reopening_needs_a_reason(administrator, year_2024):
    services.statistical_year_close(user=administrator, year=2024)

    with pytest.raises(ValidationError):
        services.statistical_year_reopen(user=administrator, year=2024, reason="  ")

    assert StatisticalYear.objects.get(year=2024).is_closed


def test_reopening_logs_and_returns_to_live_figures(world, administrator, year_2024):
    services.statistical_year_close(user=administrator, year=2024)

    services.statistical_year_reopen(user=administrator, year=2024, reason="Bổ sung việc sót")

    year = StatisticalYear.objects.get(year=2024)
    assert year.state == "open" and year.closed_at is None
    assert not AnnualSnapshot.objects.filter(statistical_year=year).exists()
    actions = list(year.log_entries.order_by("id").values_list("action", "user", "reason"))
    assert actions == [
        ("closed", administrator.pk, ""),
        ("reopened", administrator.pk, "Bổ sung việc sót"),
    ]
    assert not enforcement_statistics(units=[world.hanoi_agency], period=Period(2024)).from_snapshot


def test_closing_a_closed_year_is_refused(administrator, year_2024):
    services.statistical_year_close(user=administrator, year=2024)

    with pytest.raises(ValidationError):
        services.statistical_year_close(user=administrator, year=2024)
