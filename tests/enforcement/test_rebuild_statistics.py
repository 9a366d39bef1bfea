"""manage.py rebuild_statistics: kept figures computed again, differences reported, outdated ones
refreshed ahead of the reports, and safe beside an import that commits meanwhile."""

from __future__ import annotations

import datetime
import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from enforcement.models import EnforcementCase, KeptFigures
from enforcement.selectors import Period, computed_lines, counting, direct_lines
from enforcement.services.figures import KEPT_GROUPINGS, figures_rebuild, figures_years
from tests.enforcement.factories import EnforcementCaseFactory

pytestmark = pytest.mark.django_db

PERIOD = Period(2025, 6)


def _world_cases(world) -> None:
    for unit, amount in (
        (world.hanoi_agency, 5),
        (world.hanoi_office, 7),
        (world.danang_agency, 9),
    ):
        EnforcementCaseFactory(
            unit=unit, accepted_on=datetime.date(2024, 11, 4), amount_due=amount * 1_000_000
        )


def _rebuild(*arguments: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_statistics", *arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_kept_figure_that_differs_from_the_cases_is_reported_logged_and_rebuilt(world, caplog):
    _world_cases(world)
    direct_lines(period=PERIOD)
    kept = KeptFigures.objects.get(
        unit_id=world.hanoi_office.pk, grouping="unit", split="", year=2025, months=6
    )
    # A write that bypassed the counters: the kept row no longer says what the cases do.
    lines = kept.lines
    lines[0][1][1] += 3
    KeptFigures.objects.filter(pk=kept.pk).update(lines=lines)

    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "rebuild_statistics", "--year", "2025", "--months", "6", stdout=out, stderr=err
        )

    assert refused.value.returncode == 1
    assert "1 số liệu lưu sẵn chênh lệch" in str(refused.value)
    assert f"Đơn vị {world.hanoi_office.pk}, năm 2025, 6 tháng, theo đơn vị []" in err.getvalue()
    assert "newly_accepted đã lưu là 4, tính từ hồ sơ vụ việc là 1" in err.getvalue()
    assert "1 chênh lệch" in out.getvalue()
    assert "did not raise the unit's counter" in caplog.text
    # Rebuilt: the report reads the cases' figures, and a second run finds nothing.
    assert direct_lines(period=PERIOD) == computed_lines(period=PERIOD)
    out, _err = _rebuild("--year", "2025", "--months", "6")
    assert "0 chênh lệch" in out


def test_rebuilding_compares_every_fresh_figure_of_every_grouping(world):
    _world_cases(world)
    for by, split in KEPT_GROUPINGS:
        direct_lines(period=PERIOD, by=by, split=split)

    rebuilt = figures_rebuild(years=[2025], months=[6])

    assert [(item.by, item.split) for item in rebuilt] == list(KEPT_GROUPINGS)
    units = world.hanoi_agency.__class__.objects.count()
    assert {(item.computed, item.compared) for item in rebuilt} == {(units, units)}
    assert not any(item.differences for item in rebuilt)


def test_outdated_figures_are_computed_ahead_of_the_next_report(world, clerk_hanoi):
    _world_cases(world)
    for by, split in KEPT_GROUPINGS:
        direct_lines(period=PERIOD, by=by, split=split)
    case = EnforcementCase.objects.get(unit=world.hanoi_office)
    EnforcementCase.objects.filter(pk=case.pk).update(amount_due=case.amount_due + 1)

    out, _err = _rebuild("--year", "2025", "--months", "6", "--outdated")

    # Only the office written is computed (its agency's row counts its own cases only).
    assert f"đã tính lại {len(KEPT_GROUPINGS)} bộ số liệu lưu sẵn, đối chiếu 0 bộ" in out
    out, _err = _rebuild("--year", "2025", "--months", "6", "--outdated")
    assert out == ""  # nothing outdated any more: silent, for the timer
    # The next report computes nothing.
    computing = counting._direct_lines
    counting._direct_lines = None  # type: ignore[assignment]
    try:
        read = {
            (by, split): direct_lines(period=PERIOD, by=by, split=split)
            for by, split in KEPT_GROUPINGS
        }
    finally:
        counting._direct_lines = computing
    for (by, split), lines in read.items():
        assert lines == computed_lines(period=PERIOD, by=by, split=split)


def test_the_years_rebuilt_by_default_are_the_present_one_and_those_not_closed(world):
    from enforcement.models import StatisticalYear

    StatisticalYear.objects.create(year=2024)
    StatisticalYear.objects.create(
        year=2023, state=StatisticalYear.State.CLOSED, closed_at=datetime.datetime.now(datetime.UTC)
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("enforcement.services.figures.today", lambda: datetime.date(2025, 10, 2))
        assert figures_years() == [2024, 2026]


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_while_an_import_commits_counts_nothing_twice_and_reports_nothing(world):
    if connection.vendor != "postgresql":
        pytest.skip("Two connections writing at once need PostgreSQL (SQLite locks the file).")
    _world_cases(world)
    direct_lines(period=PERIOD)
    computing = counting._direct_lines
    committed = []

    def import_meanwhile() -> None:
        # Another connection opens a case in Hà Nội's office and commits.
        try:
            EnforcementCaseFactory(
                unit=world.hanoi_office, accepted_on=datetime.date(2024, 12, 2), amount_due=1
            )
            committed.append(True)
        finally:
            connections.close_all()

    def compute_while_importing(**arguments):
        if not committed:
            thread = threading.Thread(target=import_meanwhile)
            thread.start()
            thread.join()
        return computing(**arguments)

    counting._direct_lines = compute_while_importing
    try:
        rebuilt = figures_rebuild(years=[2025], months=[6])
    finally:
        counting._direct_lines = computing

    assert committed
    assert not any(item.differences for item in rebuilt)
    # The office was written meanwhile: it is not compared, and its figures, kept at the
    # counter from before the import, are not read: the report counts the new case once.
    by_unit = next(item for item in rebuilt if (item.by, item.split) == ("unit", None))
    assert by_unit.compared == by_unit.computed - 1
    lines = direct_lines(period=PERIOD)
    assert lines == computed_lines(period=PERIOD)
    assert lines[world.hanoi_office.pk][0].newly_accepted == 2
