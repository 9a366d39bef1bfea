"""Queries compiled once: their rows are exactly those of ``QuerySet.values()``."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, F, Max, Q, Sum

from enforcement.id_lists import IdAmong, Slot
from enforcement.models import EnforcementCase
from enforcement.selectors.outcomes import flag
from enforcement.selectors.prepared import prepared
from tests.enforcement.factories import EnforcementCaseFactory

pytestmark = pytest.mark.django_db


def _grouped(unit_ids: list[int]):
    return (
        EnforcementCase.objects.filter(unit_id__in=unit_ids)
        .order_by()
        .annotate(carried=flag(Q(accepted_on__lt=datetime.date(2023, 10, 1))))
        .values("unit_id", "carried")
        .annotate(
            number=Count("*"),
            last=Max("accepted_on"),
            balance=Sum(F("amount_due") - F("amount_recovered")),
        )
    )


def test_prepared_rows_are_the_querysets_own_with_the_same_types(world):
    for day, amount in ((datetime.date(2023, 5, 2), 3_000_000), (datetime.date(2024, 2, 1), 7)):
        EnforcementCaseFactory(unit=world.hanoi_agency, accepted_on=day, amount_due=amount)
    EnforcementCaseFactory(unit=world.danang_agency, accepted_on=datetime.date(2024, 3, 9))
    unit_ids = [world.hanoi_agency.pk, world.danang_agency.pk]

    def order(rows):
        return sorted(rows, key=lambda row: (row["unit_id"], row["carried"]))

    queries = prepared(("test", *unit_ids), DEFAULT_DB_ALIAS, lambda: {"q": _grouped(unit_ids)})
    rows, expected = order(queries["q"].rows()), order(_grouped(unit_ids))
    assert rows == expected and len(rows) == 3
    # Dates as dates and sums as integers on every database (SQLite returns text dates,
    # PostgreSQL numeric sums), booleans as booleans.
    assert [type(rows[0][name]) for name in ("last", "balance", "number", "carried")] == [
        datetime.date,
        int,
        int,
        bool,
    ]
    # Compiled once: the same key gives the same compiled query, which reads new rows.
    EnforcementCaseFactory(unit=world.danang_agency, accepted_on=datetime.date(2024, 4, 1))
    again = prepared(("test", *unit_ids), DEFAULT_DB_ALIAS, lambda: pytest.fail("built again"))
    assert again["q"] is queries["q"]
    assert order(again["q"].rows()) == order(_grouped(unit_ids))


def test_a_query_that_can_match_nothing_is_not_sent(world, django_assert_num_queries):
    queries = prepared(("nothing",), DEFAULT_DB_ALIAS, lambda: {"q": _grouped([])})
    with django_assert_num_queries(0):
        assert queries["q"].rows() == []


def test_each_thread_compiles_its_own_queries(world):
    # Each thread has its own connections: a query compiled for one is not run on another.
    built: list[str] = []

    def build():
        built.append(threading.current_thread().name)
        return {"q": _grouped([world.hanoi_agency.pk])}

    prepared(("threads",), DEFAULT_DB_ALIAS, build)
    worker = threading.Thread(
        target=lambda: prepared(("threads",), DEFAULT_DB_ALIAS, build), name="other"
    )
    worker.start()
    worker.join(10)
    prepared(("threads",), DEFAULT_DB_ALIAS, build)
    assert built == [threading.current_thread().name, "other"]


def test_a_slot_takes_its_ids_each_time_the_query_runs(world):
    # One compiled query serves every office: the units are one parameter given at each run.
    for unit in (world.hanoi_agency, world.danang_agency, world.danang_agency):
        EnforcementCaseFactory(unit=unit)
    units = Slot("units")

    def build():
        return {
            "q": EnforcementCase.objects.filter(IdAmong(units, F("unit_id")))
            .order_by()
            .values("unit_id")
            .annotate(number=Count("*"))
        }

    query = prepared(("slot",), DEFAULT_DB_ALIAS, build)["q"]
    hanoi, danang = world.hanoi_agency.pk, world.danang_agency.pk
    assert query.rows(units=[hanoi]) == [{"unit_id": hanoi, "number": 1}]
    assert query.rows(units=[danang]) == [{"unit_id": danang, "number": 2}]
    assert sorted(row["number"] for row in query.rows(units=[hanoi, danang])) == [1, 2]
    assert query.rows(units=[]) == []
