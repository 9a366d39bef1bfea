"""Kept figures: every write raises its unit's counter, and no report reads stale figures."""

from __future__ import annotations

import datetime
import threading
import time
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enforcement import services
from enforcement.models import (
    GROUNDS_COUNTER,
    CaseEvent,
    Eligibility,
    EnforcementCase,
    KeptFigures,
    LegalGround,
    Obligation,
    ObligationKind,
)
from enforcement.selectors import (
    Period,
    computed_lines,
    counting,
    direct_lines,
    enforcement_statistics,
)
from enforcement.selectors import kept as kept_module
from enforcement.selectors.kept import write_counts
from enforcement.selectors.lines import LINE_FIELDS
from enforcement.selectors.prepared import forget_prepared
from tests.enforcement.factories import EnforcementCaseFactory, legal_ground
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

WRITES = ("inserted", "updated", "deleted")


def _installed_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


def _counter(unit_id: int) -> int:
    return write_counts([unit_id]).get(unit_id, 0)


def test_the_counting_triggers_are_installed():
    # On SQLite, a migration that rebuilds the case or event table drops its triggers: that
    # migration must create them again (see migration 0019).
    expected = {
        f"enforcement_{name}_{write}"
        for name in ("case", "event", "obligation")
        for write in WRITES
    }
    if connection.vendor == "postgresql":
        expected.add("enforcement_ground_written")
    else:
        expected |= {f"enforcement_ground_{write}" for write in WRITES}

    assert expected <= _installed_triggers()


def test_every_way_of_writing_raises_the_units_counter(world, clerk_hanoi):
    hanoi, danang = world.hanoi_agency.pk, world.danang_agency.pk
    case = EnforcementCaseFactory(unit=world.hanoi_agency)
    writes = {
        "a payment through the service": lambda: services.case_record_payment(
            user=clerk_hanoi, case=case, on=datetime.date(2024, 4, 1), amount=1_000_000
        ),
        "a bulk update": lambda: EnforcementCase.objects.filter(pk=case.pk).update(notes="x"),
        "raw SQL": lambda: connection.cursor().execute(
            "UPDATE enforcement_enforcementcase SET notes = 'y' WHERE id = %s", [case.pk]
        ),
        "an event edited": lambda: CaseEvent.objects.filter(case=case).update(note="z"),
        "an event deleted": lambda: CaseEvent.objects.filter(case=case).delete(),
        "an obligation added": lambda: Obligation.objects.create(
            case=case, kind=ObligationKind.ACT, description="xin lỗi công khai"
        ),
        "an obligation edited": lambda: Obligation.objects.filter(case=case).update(
            description="z"
        ),
        "an obligation deleted": lambda: Obligation.objects.filter(case=case).delete(),
    }
    for write, run in writes.items():
        before = _counter(hanoi)
        run()
        assert _counter(hanoi) > before, write

    before = _counter(hanoi), _counter(danang)
    EnforcementCase.objects.filter(pk=case.pk).update(unit=world.danang_agency)
    assert _counter(hanoi) > before[0] and _counter(danang) > before[1]

    before_danang, before_grounds = _counter(danang), _counter(GROUNDS_COUNTER)
    case.delete()
    LegalGround.objects.filter(code="48.1.c").update(classification=Eligibility.NOT_ELIGIBLE)
    assert _counter(danang) > before_danang
    assert _counter(GROUNDS_COUNTER) > before_grounds


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_leaves_the_counter_as_its_writer_saw_it(world):
    case = EnforcementCaseFactory(unit=world.hanoi_agency)
    before = _counter(world.hanoi_agency.pk)
    with transaction.atomic():
        EnforcementCase.objects.filter(pk=case.pk).update(notes="a")
        EnforcementCase.objects.filter(pk=case.pk).update(notes="b")
        seen = _counter(world.hanoi_agency.pk)  # by the writer, before its commit
        assert seen > before

    # What the writer kept at ``seen`` stays valid after its commit, and only then.
    assert _counter(world.hanoi_agency.pk) == seen
    if connection.vendor == "postgresql":
        assert seen == before + 2  # once per statement
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM enforcement_pending_count")
            assert cursor.fetchone() == (0,)


@pytest.mark.django_db(transaction=True)
def test_two_reports_at_once_compute_an_outdated_unit_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("reports wait for each other through PostgreSQL's advisory locks")
    EnforcementCaseFactory(unit=world.hanoi_agency, amount_due=5_000_000)
    unit_ids, period = [world.hanoi_agency.pk], Period(2024)
    computing = threading.Event()
    computed: list[list[int]] = []
    compute = counting._direct_lines

    def slowly(**arguments):
        computed.append(list(arguments["unit_ids"]))
        computing.set()
        time.sleep(0.5)  # the second report asks meanwhile
        return compute(**arguments)

    reports: dict[str, object] = {}

    def report(name: str) -> None:
        try:
            reports[name] = direct_lines(period=period, unit_ids=unit_ids)
        finally:
            connection.close()

    with mock.patch.object(counting, "_direct_lines", slowly):
        first = threading.Thread(target=report, args=("first",))
        first.start()
        assert computing.wait(10)
        second = threading.Thread(target=report, args=("second",))
        second.start()
        first.join(10)
        second.join(10)

    assert computed == [unit_ids]
    assert reports["first"] == reports["second"] == direct_lines(period=period, unit_ids=unit_ids)


@pytest.mark.django_db(transaction=True)
def test_one_unit_whose_lock_is_free_is_computed_without_reading_its_row_again(world, clerk_hanoi):
    if connection.vendor != "postgresql":
        pytest.skip("reports wait for each other through PostgreSQL's advisory locks")
    case = EnforcementCaseFactory(unit=world.hanoi_agency, amount_due=5_000_000)
    unit_ids, period = [world.hanoi_agency.pk], Period(2024)
    direct_lines(period=period, unit_ids=unit_ids)
    services.case_record_payment(
        user=clerk_hanoi, case=case, on=datetime.date(2024, 4, 1), amount=2_000_000
    )

    with mock.patch.object(kept_module, "_read", wraps=kept_module._read) as read:
        lines = direct_lines(period=period, unit_ids=unit_ids)

    # Read once; computed and kept at the counter read then, as a later report finds it.
    assert read.call_count == 1
    assert lines[world.hanoi_agency.pk][1].completed == 2_000_000
    with mock.patch.object(counting, "_direct_lines") as compute:
        assert direct_lines(period=period, unit_ids=unit_ids) == lines
    compute.assert_not_called()


def _advisory_locks_of(pid: int) -> set[int]:
    # The units whose computing lock the backend holds (the second of each lock's two keys).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND pid = %s AND granted",
            [pid],
        )
        return {objid for (objid,) in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_units_are_locked_in_order_and_none_past_one_another_report_holds(world):
    if connection.vendor != "postgresql":
        pytest.skip("reports wait for each other through PostgreSQL's advisory locks")
    key = {"grouping": "unit", "split": "", "year": 2024, "months": 12}
    first, held, last = 101, 102, 103
    holding, release, waiting = threading.Event(), threading.Event(), threading.Event()
    found: dict[str, object] = {}

    def other_report() -> None:
        try:
            with transaction.atomic():
                assert kept_module._computing(key, [held]) == kept_module.LOCKED_AT_ONCE
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    def this_report() -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    found["pid"] = cursor.fetchone()[0]
                waiting.set()
                found["result"] = kept_module._computing(key, [last, held, first])
                found["after"] = _advisory_locks_of(found["pid"])
        finally:
            connection.close()

    other = threading.Thread(target=other_report)
    other.start()
    assert holding.wait(10)
    this = threading.Thread(target=this_report)
    this.start()
    assert waiting.wait(10)
    time.sleep(0.5)  # it now waits for the other report's lock
    # Holding the units before the one held elsewhere, none after it: two reports never
    # each wait for the other.
    assert _advisory_locks_of(found["pid"]) == {first}
    release.set()
    other.join(10)
    this.join(10)

    assert found["result"] == kept_module.WAITED
    assert found["after"] == {first, held, last}


def test_a_report_after_a_change_computes_only_the_changed_unit(world, clerk_hanoi):
    EnforcementCaseFactory(unit=world.danang_agency)
    hanoi_case = EnforcementCaseFactory(unit=world.hanoi_agency)
    units, period = [world.hanoi_agency, world.danang_agency], Period(2024)
    enforcement_statistics(units=units, period=period)

    services.case_record_payment(
        user=clerk_hanoi, case=hanoi_case, on=datetime.date(2024, 4, 1), amount=2_000_000
    )
    with mock.patch.object(counting, "_direct_lines", wraps=counting._direct_lines) as compute:
        table = enforcement_statistics(units=units, period=period)

    computed = {unit for call in compute.call_args_list for unit in call.kwargs["unit_ids"]}
    assert computed == {world.hanoi_agency.pk}
    assert table.rows[0].money.completed == 2_000_000


def test_a_unit_computed_again_reuses_its_compiled_queries(world, clerk_hanoi):
    # A report after each of a clerk's writes computes the office written with the same
    # period and rules: the grouped queries are built and compiled once.
    case = EnforcementCaseFactory(unit=world.hanoi_agency, amount_due=5_000_000)
    EnforcementCaseFactory(unit=world.danang_agency)
    unit_ids, period = [world.hanoi_agency.pk], Period(2024)
    forget_prepared()
    with mock.patch.object(counting, "grouped_queries", wraps=counting.grouped_queries) as build:
        first = computed_lines(period=period, unit_ids=unit_ids)
        services.case_record_payment(
            user=clerk_hanoi, case=case, on=datetime.date(2024, 4, 1), amount=2_000_000
        )
        again = computed_lines(period=period, unit_ids=unit_ids)
        # Any other unit too: its ids are given when the compiled queries run.
        other = computed_lines(period=period, unit_ids=[world.danang_agency.pk])
        assert build.call_count == 1
        # Built again for another period, and for grounds classified anew.
        computed_lines(period=Period(2024, 6), unit_ids=unit_ids)
        assert build.call_count == 2
        LegalGround.objects.filter(code="48.1.c").update(classification=Eligibility.NOT_ELIGIBLE)
        computed_lines(period=period, unit_ids=unit_ids)
        assert build.call_count == 3
    # The same compiled queries read today's cases, with the values typed as the ORM's.
    cases, money = again[world.hanoi_agency.pk]
    assert list(other) == [world.danang_agency.pk] and other[world.danang_agency.pk][0].total == 1
    assert first[world.hanoi_agency.pk][1].completed == 0
    assert (money.completed, money.in_progress, cases.in_progress) == (2_000_000, 3_000_000, 1)
    assert all(type(getattr(money, name)) is int for name in LINE_FIELDS)


def _parallel_setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_parallel_workers_per_gather')")
        return cursor.fetchone()[0]


def test_a_few_units_are_computed_without_parallel_workers(world, clerk_hanoi):
    if connection.vendor != "postgresql":
        pytest.skip("parallel workers are PostgreSQL's")
    case = EnforcementCaseFactory(unit=world.hanoi_agency)
    EnforcementCaseFactory(unit=world.danang_agency)
    period, before = Period(2024), _parallel_setting()
    direct_lines(period=period)
    services.case_record_payment(
        user=clerk_hanoi, case=case, on=datetime.date(2024, 4, 1), amount=2_000_000
    )
    seen: list[str] = []

    def grouped(**arguments):
        seen.append(_parallel_setting())
        return grouped_lines(**arguments)

    grouped_lines = counting._grouped_lines
    with mock.patch.object(counting, "_grouped_lines", side_effect=grouped):
        # The one unit written since: without workers; every unit: with them.
        lines = direct_lines(period=period)
        computed_lines(period=period)
    assert seen == ["0", before]
    assert lines[world.hanoi_agency.pk][1].completed == 2_000_000
    # Set back within the transaction, which goes on (the test's own).
    assert _parallel_setting() == before


def test_figures_of_another_release_are_not_read(world):
    EnforcementCaseFactory(unit=world.hanoi_agency)
    period = Period(2024)
    direct_lines(period=period)
    KeptFigures.objects.update(lines=[])  # what another release would have kept

    with mock.patch.object(kept_module, "formula", return_value="another release"):
        lines = direct_lines(period=period)

    assert lines[world.hanoi_agency.pk][0].total == 1


# Random work interleaved with reports: after every step, what the reports read equals what
# the cases say now.
STEPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "open",
                "pay",
                "postpone",
                "complete",
                "assign",
                "edit_amount",
                "move",
                "reclassify",
                "drop_events",
                "report",
            ]
        ),
        st.integers(0, 7),
        st.sampled_from([2024, 2025]),
        st.integers(1, 12),
    ),
    min_size=1,
    max_size=14,
)


def _apply(step: str, number: int, world, clerk, enforcers, units) -> None:
    cases = list(EnforcementCase.objects.order_by("pk"))
    case = cases[number % len(cases)] if cases else None
    on = datetime.date(2024, 1, 1) + datetime.timedelta(days=40 * number)
    if step == "open" or case is None:
        EnforcementCaseFactory(
            unit=units[number % len(units)], accepted_on=datetime.date(2023, 9 + number % 3, 1)
        )
    elif step == "pay":
        services.case_record_payment(user=clerk, case=case, on=on, amount=500_000 * (number + 1))
    elif step == "postpone":
        services.case_postpone(user=clerk, case=case, on=on, ground=legal_ground("48.1.c"))
    elif step == "complete":
        services.case_complete(user=clerk, case=case, on=on)
    elif step == "assign":
        enforcer = enforcers[number % len(enforcers)]
        services.case_assign_enforcer(user=clerk, case=case, enforcer=enforcer, on=on)
    elif step == "edit_amount":
        EnforcementCase.objects.filter(pk=case.pk).update(amount_due=case.amount_due + 1_000_000)
    elif step == "move":
        EnforcementCase.objects.filter(pk=case.pk).update(unit=units[(number + 1) % len(units)])
    elif step == "reclassify":
        ground = LegalGround.objects.get(code="48.1.c")
        flipped = (
            Eligibility.ELIGIBLE
            if ground.classification == Eligibility.NOT_ELIGIBLE
            else Eligibility.NOT_ELIGIBLE
        )
        LegalGround.objects.filter(pk=ground.pk).update(classification=flipped)
    elif step == "drop_events":
        CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.POSTPONED).delete()


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_reports_never_read_stale_figures(world, administrator, steps):
    units = [world.hanoi_agency, world.hanoi_office, world.danang_agency]
    unit_ids = [unit.pk for unit in units]
    with transaction.atomic():
        enforcers = [
            PersonFactory(unit=world.hanoi_agency, position="Chấp hành viên"),
            PersonFactory(unit=world.hanoi_office, position="Chấp hành viên"),
        ]
        for step, number, year, months in steps:
            if step != "report":
                try:
                    with transaction.atomic():
                        _apply(step, number, world, administrator, enforcers, units)
                except ValidationError:
                    pass  # refused by a service: nothing was written
            period = Period(year, months)
            for by, split in (("unit", None), ("enforcer", None), ("unit", "initiation")):
                kept = direct_lines(period=period, unit_ids=unit_ids, by=by, split=split)
                assert kept == computed_lines(period=period, unit_ids=unit_ids, by=by, split=split)
        transaction.set_rollback(True)
