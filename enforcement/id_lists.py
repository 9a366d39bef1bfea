"""Cases read by a list of their ids: the whole list one parameter, and a part of it.

A search finds thousands of cases and the case list then reads them by their ids
(``enforcement.search``); a page of that list reads only its own ids
(``enforcement.admin.paginators``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Expression, F, Func, QuerySet
from django.db.models.sql.where import WhereNode

from enforcement.models import EnforcementCase


@dataclass(frozen=True)
class Slot:
    """A list of ids a prepared query takes each time it runs (``selectors.prepared``)."""

    name: str


class IdAmong(Func):
    """The rows whose id (or another expression) is among a list of ids, the list one parameter.

    ``pk__in`` prepares and binds each id apart: 50 ms of Python for the 5,000 cases of a
    common name, each time the query is written (the search, its count, the page), and
    SQLite refuses more than 32,766 parameters. PostgreSQL reads ``id = ANY(%s)`` with an
    array, SQLite ``id IN (SELECT value FROM json_each(%s))`` with a JSON list. The ids may
    be a prepared query's ``Slot``, given each time it runs.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, ids: Iterable[int] | Slot, expression: Expression | None = None) -> None:
        super().__init__(F("pk") if expression is None else expression)
        self.ids = ids if isinstance(ids, Slot) else [int(case_id) for case_id in ids]

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(%s)", [*params, self.ids]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        # The column is compiled by Django; the ids are one parameter (a slot's, JSON too).
        ids = self.ids if isinstance(self.ids, Slot) else json.dumps(self.ids)
        return f"{column} IN (SELECT value FROM json_each(%s))", [*params, ids]  # noqa: S608


def with_ids(queryset: QuerySet[EnforcementCase], ids: list[int]) -> QuerySet[EnforcementCase]:
    """Return the cases of the queryset among the ids."""
    return queryset.filter(IdAmong(ids))


def _among(node: WhereNode, ids: list[int]) -> tuple[WhereNode, bool]:
    # The node with each ``IdAmong`` of its tree taking the ids instead; whether it had one.
    # A filter holds the expression as the left side of an ``exact`` lookup of True.
    children, found = [], False
    for child in node.children:
        if isinstance(child, WhereNode):
            child, found_below = _among(child, ids)
            found = found or found_below
        elif isinstance(getattr(child, "lhs", None), IdAmong):
            among = copy.copy(child.lhs)
            among.ids = [int(case_id) for case_id in ids]
            child = copy.copy(child)
            child.lhs, found = among, True
        children.append(child)
    return WhereNode(children, node.connector, node.negated), found


def narrowed_to(queryset: QuerySet[EnforcementCase], ids: list[int]) -> QuerySet[EnforcementCase]:
    """Return the cases of a search's result (``with_ids``) among a part of its ids.

    The result's own list of ids is replaced, not kept beside: PostgreSQL would otherwise
    probe its index with every id of both lists (30 ms for a page of the 5,000 cases of a
    common name, against well under 1 ms).
    """
    narrowed = queryset.all()
    narrowed.query.where, found = _among(queryset.query.where, ids)
    return narrowed if found else with_ids(queryset, ids)
