"""Validate every row of a file, then apply all of them in one transaction, or none."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.utils.translation import gettext as _

from organizations.audit import acting_for, change_reason
from organizations.formatting import paper_date
from organizations.imports.checking import (
    ImportReport,
    Problem,
    RowView,
    batches,
    checked_rows,
    match_headers,
)
from organizations.imports.reading import ImportFileError, Table, read_table
from organizations.imports.specs import ImportContext, ImportSpec, RowError, RowWriter
from organizations.imports.values import clean_text

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from organizations.models import ImportJob

SAMPLE_SIZE = 10
PROGRESS_EVERY = 5000
DEADLOCK = "40P01"  # PostgreSQL's SQLSTATE for a deadlock it broke

Progress = Callable[[int, int], None]


@dataclass
class _Validated:
    report: ImportReport
    names: list[str]
    rows: list[tuple]
    keys: list[tuple]
    present: frozenset[str] = frozenset()
    numbers: list[int] = field(default_factory=list)
    # New rows a writer has already stored (see validate_table): the first few, to show.
    written_sample: list[Mapping[str, object]] = field(default_factory=list)


class _FirstRows:
    """The row of the file each natural key was first read on, to report a repeated one.

    Kept grouped by all but the key's last part: the keys of a city's year of cases (agency,
    year, number) took 70 MB as tuples, and take 40 MB as one dict of numbers per agency and
    year.
    """

    def __init__(self) -> None:
        self._groups: dict[tuple, dict[object, int]] = {}

    def get(self, key: tuple) -> int | None:
        group = self._groups.get(key[:-1])
        return None if group is None else group.get(key[-1])

    def add(self, key: tuple, number: int) -> None:
        self._groups.setdefault(key[:-1], {})[key[-1]] = number


def validate_table(
    spec: ImportSpec,
    table: Table,
    *,
    context: ImportContext,
    progress: Progress | None = None,
    writer: RowWriter | None = None,
) -> _Validated:
    """Check every row; keep the cleaned rows compactly for applying.

    With a writer, new rows go to it as soon as they are checked (while every row so far
    was valid) instead of being kept; only rows of stored records are kept.
    """
    report = ImportReport()
    plan = match_headers(spec, table.headers, report, row=table.header_row)
    present = {column.name for _index, column in plan}
    absent = dict.fromkeys(column.name for column in spec.columns if column.name not in present)
    names: list[str] = []
    rows: list[tuple] = []
    keys: list[tuple] = []
    numbers: list[int] = []
    sample: list[Mapping[str, object]] = []
    first_rows = _FirstRows()
    if not report.ok:
        return _Validated(report, names, rows, keys, frozenset(present), numbers)
    parsers = [
        (index, column.parse, {} if column.repeats else None, column.required)
        for index, column in plan
    ]
    plan_names = [column.name for _index, column in plan]
    width = max((index for index, _column in plan), default=-1) + 1
    if progress is not None:
        progress(0, table.estimated_rows)
    clean, natural_key = spec.clean, spec.natural_key
    for batch in batches(table.rows, width):
        for number, raw, values in checked_rows(batch, parsers, plan, plan_names):
            report.total += 1
            if progress is not None and report.total % PROGRESS_EVERY == 0:
                progress(report.total, table.estimated_rows)
            if isinstance(values, list):
                for problem in values:
                    report.add(problem)
                continue
            values.update(absent)
            try:
                values = clean(values=values, context=context)
            except RowError as error:
                header = next(
                    (c.header for c in spec.columns if c.name == error.column), error.column
                )
                # Show the cell as the clerk typed it, not as it was read.
                typed = {column.name: raw[index] for index, column in plan}
                shown = typed.get(error.column, values.get(error.column))
                report.add(Problem(number, header, clean_text(shown), error.text()))
                continue
            key = natural_key(values)
            first = first_rows.get(key)
            if first is not None:
                report.add(
                    Problem(
                        number,
                        ", ".join(c.header for c in spec.columns if c.name in spec.key_columns),
                        " / ".join(clean_text(part) for part in key),
                        _("The same record already appears on row %(row)s of this file.")
                        % {"row": first},
                    )
                )
                continue
            first_rows.add(key, number)
            if not names:
                names = list(values)
            if writer is not None and not writer.is_stored(key):
                if not report.problem_count:
                    writer.write(values)
                if len(sample) < SAMPLE_SIZE:
                    sample.append(values)
            else:
                rows.append(tuple(values.get(name) for name in names))
                keys.append(key)
                numbers.append(number)
    if report.total == 0:
        report.add(Problem(None, "", "", _("The file has no rows to import.")))
    return _Validated(report, names, rows, keys, frozenset(present), numbers, sample)


def _classify(
    spec: ImportSpec, validated: _Validated, context: ImportContext
) -> tuple[list[Mapping[str, object]], list[dict[str, object]]]:
    report = validated.report
    report.new = report.updated = report.unchanged = 0
    context.existing = {}
    spec.load_existing(context=context, keys=validated.keys)
    # A column left out of the file keeps its stored value: compare only what was given.
    # Names beginning with "_" are what ``clean`` derives from the whole row: always compared.
    compared = [
        name for name in spec.compared() if name in validated.present or name.startswith("_")
    ]
    new: list[Mapping[str, object]] = []
    changed: list[dict[str, object]] = []
    headers = {column.name: column.header for column in spec.columns}
    index = {name: position for position, name in enumerate(validated.names)}
    for number, key, row in zip(validated.numbers, validated.keys, validated.rows, strict=True):
        stored = context.existing.get(key)
        values: Mapping[str, object] = RowView(index, row)
        if stored is None and not spec.allow_new:
            report.add(
                Problem(
                    number,
                    " / ".join(headers[name] for name in spec.key_columns),
                    " / ".join(clean_text(part) for part in key),
                    str(spec.unknown_record_message),
                )
            )
        elif stored is None:
            try:
                spec.check_new(values=values, context=context)
            except RowError as error:
                report.add(_row_problem(number, headers, values, error))
                continue
            new.append(values)
        elif any(
            stored.get(name) != values.get(name)
            for name in compared
            if not (spec.blank_keeps_stored and values.get(name) in (None, ""))
        ):
            values = {**values, "_existing": stored}
            try:
                spec.check_change(values=values, stored=stored, context=context)
            except RowError as error:
                report.add(_row_problem(number, headers, values, error))
                continue
            changed.append(values)
        else:
            report.unchanged += 1
    report.new, report.updated = len(new), len(changed)
    return new, changed


def _row_problem(
    number: int, headers: Mapping[str, str], values: Mapping[str, object], error: RowError
) -> Problem:
    # A rule across the row, broken: reported on the column it names, with its cell.
    return Problem(
        number,
        headers.get(error.column, error.column),
        clean_text(_display(values.get(error.column))),
        error.text(),
    )


def _sample(spec: ImportSpec, rows: Iterator[dict[str, object]]) -> list[dict[str, str]]:
    sample = []
    for values in rows:
        sample.append({c.header: clean_text(_display(values.get(c.name))) for c in spec.columns})
        if len(sample) >= SAMPLE_SIZE:
            break
    return sample


def _preview(spec: ImportSpec, rows: Iterator[Mapping[str, object]]) -> list[dict[str, object]]:
    preview = []
    for values in itertools.islice(rows, SAMPLE_SIZE):
        shown = spec.preview_row(values)
        if shown is None:
            break
        preview.append(shown)
    return preview


def _display(value: object) -> object:
    # Numbers are shown as read: grouping would turn the year 2025 into "2.025".
    if hasattr(value, "strftime"):
        return paper_date(value)
    return "" if value is None else value


def run_import(
    spec: ImportSpec,
    path: Path,
    *,
    name: str,
    user: AbstractBaseUser,
    apply: bool,
    job: ImportJob | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate the file; when asked and every row is valid, apply it in one transaction."""
    if not spec.has_permission(user):
        report = ImportReport()
        report.add(Problem(None, "", "", _("Your role does not allow importing these records.")))
        return report
    try:
        table = read_table(path, name=name, header=spec.header_search())
        context = spec.prepare(user=user)
        if job is not None:
            context.options = dict(job.options or {})
        if apply and (writer := spec.writer(context=context, job=job)) is not None:
            return _write_while_reading(
                spec, table, context, writer, user=user, job=job, progress=progress
            )
        validated = validate_table(spec, table, context=context, progress=progress)
    except ImportFileError as error:
        report = ImportReport()
        report.add(Problem(None, "", "", str(error)))
        return report
    report = validated.report
    # The rows already read are checked against their stored records even when others are
    # wrong: the clerk sees every problem of the file at once, not a second round after fixing
    # the first.
    new, changed = _classify(spec, validated, context)
    if not report.ok:
        report.new = report.updated = report.unchanged = 0
        return report
    report.sample = _sample(spec, itertools.chain(new, changed))
    report.preview = _preview(spec, itertools.chain(new, changed))
    if not report.ok or not apply or not (new or changed):
        return report
    try:
        with transaction.atomic(), _acting(user, job):
            spec.lock(rows=[*new, *changed], context=context)
            # Others may have written since validation: classify again under the lock.
            new, changed = _classify(spec, validated, context)
            if not report.ok:
                raise _RefusedError
            if new or changed:
                spec.apply(new=new, changed=changed, context=context, job=job)
    except _RefusedError:
        return report
    except ValidationError as error:
        # A rule a service checks only while writing: the transaction is rolled back.
        report.add(Problem(None, "", "", " ".join(error.messages)))
        return report
    report.applied = True
    return report


def _acting(user: AbstractBaseUser, job: ImportJob | None) -> AbstractContextManager[object]:
    # Outside a request (the worker) the history still names the importing user and the
    # file; the job is linked to the events the import writes.
    return acting_for(
        user=user, reason=change_reason(job) if job is not None else "", import_job=job
    )


def _write_while_reading(
    spec: ImportSpec,
    table: Table,
    context: ImportContext,
    writer: RowWriter,
    *,
    user: AbstractBaseUser,
    job: ImportJob | None,
    progress: Progress | None,
) -> ImportReport:
    """Check every row and write them all in one transaction, or nothing, in one pass.

    New rows go to the writer as soon as they are checked, so that the database stores them
    while the rest of the file is read; the transaction is rolled back if any row turns out
    to be invalid. Rows of stored records are classified and applied at the end, as usual.
    """
    report = ImportReport()
    try:
        with transaction.atomic(), _acting(user, job):
            try:
                validated = validate_table(
                    spec, table, context=context, progress=progress, writer=writer
                )
                report = validated.report
                if not report.ok:
                    # Every problem at once: the stored records' rules too (see run_import).
                    _classify(spec, validated, context)
                    raise _RefusedError
                writer.finish()
            except BaseException:
                writer.abandon()
                raise
            # The writer has locked the records' units while telling which were stored.
            new, changed = _classify(spec, validated, context)
            report.new += writer.written
            report.sample = _sample(spec, itertools.chain(validated.written_sample, new, changed))
            if not report.ok:
                raise _RefusedError
            if new or changed:
                spec.apply(new=new, changed=changed, context=context, job=job)
    except _RefusedError:
        report.new = report.updated = report.unchanged = 0
        return report
    except ImportFileError as error:
        report = ImportReport()
        report.add(Problem(None, "", "", str(error)))
        return report
    except ValidationError as error:
        # A rule a service checks only while writing: the transaction is rolled back.
        report.add(Problem(None, "", "", " ".join(error.messages)))
        report.new = report.updated = report.unchanged = 0
        return report
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != DEADLOCK:
            raise
        report.add(
            Problem(
                None,
                "",
                "",
                _(
                    "Another import into the same units was running at the same time; nothing "
                    "was written. Import the file again."
                ),
            )
        )
        report.new = report.updated = report.unchanged = 0
        return report
    report.applied = bool(report.new or report.updated)
    return report


class _RefusedError(Exception):
    """Leave the import's transaction without writing anything."""
