"""Grouped ``values()`` queries compiled to SQL once and run again with the same parameters.

Building and compiling the statistics' grouped queries with the ORM (resolving their
conditional expressions, then writing their SQL) costs more Python than one office's few
thousand cases cost PostgreSQL to read: a report after a clerk's write computes that office
again, with the same period, units and rules as the previous time. ``prepared`` keeps the
compiled SQL of a query under everything it was built from, and its rows come back exactly
as ``QuerySet.values()`` would return them (Django's own converters, those the compiler
that wrote the SQL chose).

A prepared query depends only on its key: the function that builds it must build the same
query from the same key, reading nothing else (no database, no settings, no clock). What
changes from one run to the next (the units of the office written) is a ``Slot``: one
parameter the query takes each time it runs, so that one compiled query serves every
office.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from enforcement.id_lists import Slot

# How many shapes' compiled queries each thread keeps, the least recently used going first:
# a report after a write computes one shape per period, grouping and split asked for. A
# shape's queries take about a quarter of a megabyte (their SQL and their values' converters,
# with the expressions those read): 16 MB at most per worker thread.
KEPT_QUERIES = 64


class Prepared:
    """One ``values()`` query compiled for one database connection."""

    def __init__(self, queryset: QuerySet, alias: str) -> None:
        query = queryset.query
        self.alias = alias
        compiler = query.get_compiler(using=alias)
        # The connection the query was compiled for: another thread's is not used.
        self.connection = compiler.connection
        # The names of the row's values, as ``ValuesIterable`` gives them.
        if query.selected:
            self.names = list(query.selected)
        else:
            self.names = [*query.extra_select, *query.values_select, *query.annotation_select]
        try:
            self.sql: str | None
            self.sql, self.params = compiler.as_sql()
        except EmptyResultSet:
            # A query that can match nothing (an empty list of ids) is not sent at all.
            self.sql, self.params, self.converters = None, (), []
            return
        # Django's converters of each value (``SQLCompiler.results_iter``), kept without the
        # compiler and its query, which would double what a shape's queries take.
        fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
        self.converters = list(compiler.get_converters(fields).items())

    def rows(self, **slots: Iterable[int]) -> list[dict[str, Any]]:
        """Run the query with the ids of its slots; return its rows as ``values()`` gives them."""
        if self.sql is None:
            return []
        connection = connections[self.alias]
        given: dict[str, Any] = {name: [int(value) for value in ids] for name, ids in slots.items()}
        if connection.vendor != "postgresql":
            # SQLite reads each list as JSON (``id_lists.IdAmong``).
            given = {name: json.dumps(ids) for name, ids in given.items()}
        params = [given[param.name] if isinstance(param, Slot) else param for param in self.params]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            results = cursor.fetchall()
        names, converters = self.names, self.converters
        rows = []
        for result in results:
            row = list(result)
            for position, (functions, expression) in converters:
                value = row[position]
                for convert in functions:
                    value = convert(value, expression, connection)
                row[position] = value
            rows.append(dict(zip(names, row, strict=False)))
        return rows


_threads = threading.local()


def prepared(
    key: Hashable, alias: str, build: Callable[[], dict[str, QuerySet]]
) -> dict[str, Prepared]:
    """Return the queries ``build`` makes for the key, compiled once per thread and key.

    Each thread has its own database connections (their converters read them), hence its own
    queries; the key names the database alias as well.
    """
    kept: OrderedDict[Hashable, dict[str, Prepared]] | None = getattr(_threads, "queries", None)
    if kept is None:
        kept = _threads.queries = OrderedDict()
    full_key = (alias, key)
    found = kept.get(full_key)
    if found is not None and all(item.connection is connections[alias] for item in found.values()):
        kept.move_to_end(full_key)
        return found
    found = {name: Prepared(queryset, alias) for name, queryset in build().items()}
    kept[full_key] = found
    while len(kept) > KEPT_QUERIES:
        kept.popitem(last=False)
    return found


def forget_prepared() -> None:
    """Drop this thread's compiled queries (tests that change what the queries are built from)."""
    _threads.queries = OrderedDict()
