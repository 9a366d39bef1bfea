"""Check a file's cells: its headers against the spec's columns, its rows a batch at a time."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from organizations.imports.specs import Column, ImportSpec
from organizations.imports.values import (
    CellError,
    ChoiceError,
    accepted_values,
    clean_text,
)

PROBLEMS_KEPT = 1000


@dataclass
class Problem:
    """One thing wrong with the file, where the clerk will find it."""

    row: int | None
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class ImportReport:
    """What validating (and possibly applying) a file found."""

    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    sample: list[dict[str, str]] = field(default_factory=list)
    # The first rows cell by cell, as written beside as read (``ImportSpec.preview_row``).
    preview: list[dict[str, object]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append(problem)

    def as_dict(self) -> dict[str, object]:
        return {
            "total": self.total,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "problem_count": self.problem_count,
            "problems": [problem.as_dict() for problem in self.problems],
            "sample": self.sample,
            "preview": self.preview,
            "ignored_columns": self.ignored_columns,
            "applied": self.applied,
        }


def match_headers(
    spec: ImportSpec, headers: list[str], report: ImportReport, *, row: int = 1
) -> list[tuple[int, object]]:
    """Return (cell index, column) of the headers the spec knows; report what is wrong.

    ``row`` is the header's row in the file, where its problems are reported.
    """
    key = spec.header_key
    by_spelling = {
        key(spelling): column for column in spec.columns for spelling in column.matches()
    }
    plan: list[tuple[int, object]] = []
    seen: dict[str, str] = {}
    for index, header in enumerate(headers):
        column = by_spelling.get(key(header))
        if column is None:
            if header:
                report.ignored_columns.append(header)
            continue
        if column.name in seen:
            report.add(
                Problem(
                    row,
                    header,
                    header,
                    _("This column appears twice (as “%(first)s”).") % {"first": seen[column.name]},
                )
            )
            continue
        seen[column.name] = header
        plan.append((index, column))
    for column in spec.columns:
        if column.required and column.name not in seen:
            report.add(
                Problem(
                    row,
                    column.header,
                    "",
                    _("The file has no column “%(header)s”.") % {"header": column.header},
                )
            )
    return plan


# Rows are checked a batch at a time, column by column: parsing a column is one loop in C
# over its cells when they repeat (a dictionary of the cells already read) and one call per
# cell otherwise. A batch with a problem anywhere is checked again row by row, cell by cell,
# to report every problem where the clerk will find it.
BATCH_ROWS = 1000
# Distinct cells remembered per column: a city's year holds a few thousand days and amounts.
PARSED_KEPT = 20_000
_UNREAD = object()

Parsers = list[tuple[int, Callable[[object], object], dict | None, bool]]


def batches(
    rows: Iterator[tuple[int, list[object]]], width: int
) -> Iterator[list[tuple[int, list[object]]]]:
    """Yield the rows in batches, each row padded to the columns the import reads."""
    while batch := list(itertools.islice(rows, BATCH_ROWS)):
        yield [
            (number, raw if len(raw) >= width else [*raw, *([None] * (width - len(raw)))])
            for number, raw in batch
        ]


def checked_rows(
    batch: list[tuple[int, list[object]]],
    parsers: Parsers,
    plan: list[tuple[int, Column]],
    names: list[str],
) -> Iterator[tuple[int, list[object], dict[str, object] | list[Problem]]]:
    """Yield each row of the batch with its values by column name, or with its problems."""
    cells_by_index = list(zip(*(raw for _number, raw in batch), strict=False))
    try:
        columns = [
            parse_column(cells_by_index[index], parse, parsed, required)
            for index, parse, parsed, required in parsers
        ]
    except (CellError, _RecheckError):
        columns = None
    if columns is not None:
        for (number, raw), values in zip(batch, zip(*columns, strict=True), strict=True):
            yield number, raw, dict(zip(names, values, strict=True))
        return
    for number, raw in batch:
        problems = _row_problems(plan, raw, number)
        if problems:
            yield number, raw, problems
        else:
            yield number, raw, {column.name: column.parse(raw[i]) for i, column in plan}


def parse_column(
    cells: tuple[object, ...],
    parse: Callable[[object], object],
    parsed: dict[object, object] | None,
    required: bool,
) -> list[object]:
    """Return the values of a column's cells, or raise if one is unreadable or missing."""
    if parsed is None:
        # A parser may read a whole column at once (enforcement's Text): None means "one by
        # one".
        whole = getattr(parse, "column", None)
        values = whole(cells) if whole is not None else None
        if values is None:
            values = list(map(parse, cells))
    else:
        values = list(map(parsed.get, cells, itertools.repeat(_UNREAD)))
        if _UNREAD in values:
            for position, value in enumerate(values):
                if value is _UNREAD:
                    cell = cells[position]
                    # Earlier in the same batch, maybe.
                    value = parsed.get(cell, _UNREAD) if type(cell) is str else _UNREAD
                    if value is not _UNREAD:
                        values[position] = value
                        continue
                    values[position] = value = parse(cell)
                    # Only text: 1, 1.0 and True are equal keys, but not the same cell.
                    if type(cell) is str and len(parsed) < PARSED_KEPT:
                        parsed[cell] = value
    if required and (None in values or "" in values):
        raise _RecheckError
    return values


class _RecheckError(Exception):
    """A required cell of the batch is empty: check its rows one by one."""


def _row_problems(plan: list[tuple[int, Column]], raw: list[object], number: int) -> list[Problem]:
    """Return every problem of a row's cells, in the order of the file's columns."""
    problems = []
    for index, column in plan:
        cell = raw[index]
        try:
            value = column.parse(cell)
        except CellError as error:
            problems.append(
                Problem(number, column.header, clean_text(cell), cell_message(column, cell, error))
            )
            continue
        if column.required and value in (None, ""):
            problems.append(Problem(number, column.header, "", _("This column is required.")))
    return problems


def cell_message(column: Column, cell: object, error: CellError) -> str:
    """Return the message of an unreadable cell; a coded column's names the allowed values."""
    if isinstance(error, ChoiceError) and column.allowed:
        return _("%(column)s “%(value)s” is not valid; accepted values: %(allowed)s.") % {
            "column": column.header,
            "value": clean_text(cell),
            "allowed": accepted_values(column.allowed),
        }
    return str(error)


class RowView(Mapping[str, object]):
    """A checked row read by column name, kept as a tuple: a quarter of a million dicts would
    double an import's memory."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[str, int], values: tuple) -> None:
        self._index = index
        self._values = values

    def __getitem__(self, name: str) -> object:
        return self._values[self._index[name]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)
