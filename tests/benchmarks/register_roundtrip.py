"""The intake register round trip: a unit's register printed from its cases, imported again.

Measures issue 20's promise that an office keeps printing its register from the system and
that what it prints reads back: every row of the printed workbook must come back unchanged
(no new case, no correction, no error). The import is a dry run (checked, nothing written).
A decision the cases record without its legal ground (the demo's, say) takes the ground the
clerk would choose on the upload form: the first in use of its kind.

    DEBUG=1 .venv/bin/python -m tests.benchmarks.register_roundtrip THADS-DN 01/10/2024 \
        30/09/2025 --user clerk.danang

(on the demo database of ``make demo``).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime
import io
import os
import tempfile
import time
from pathlib import Path

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("unit", help="code of the unit whose register is printed")
    parser.add_argument("start", help="first day of acceptance, dd/mm/yyyy")
    parser.add_argument("end", help="last day of acceptance, dd/mm/yyyy")
    parser.add_argument("--user", default="clerk.danang", help="who imports it again")
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    start, end = (
        datetime.datetime.strptime(text, "%d/%m/%Y").date()
        for text in (arguments.start, arguments.end)
    )
    print(round_trip(arguments.unit, start, end, arguments.user))


def round_trip(code: str, start: datetime.date, end: datetime.date, username: str) -> str:
    """Print the register, import it again as a dry run, and say what came back."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from enforcement.imports.register_grounds import GROUND_ACTIONS, GROUND_OPTIONS
    from enforcement.models import EnforcementCase, LegalGround
    from enforcement.register.cells import printed_columns, register_rows
    from enforcement.register.views import unit_heading
    from enforcement.register.workbook import write_register
    from enforcement.selectors.register import spans_units, unit_register_cases
    from organizations.models import ImportJob, Unit

    unit = Unit.objects.get(code=code)
    cases = unit_register_cases(EnforcementCase.objects.all(), unit=unit, start=start, end=end)
    path = Path(tempfile.mkdtemp()) / "so-thu-ly.xlsx"
    began = time.perf_counter()
    rows = write_register(
        path,
        heading=unit_heading(unit, start, end),
        rows=register_rows(cases.iterator(chunk_size=500)),
        printed=printed_columns(with_unit=spans_units(cases, unit=unit)),
    )
    written = time.perf_counter() - began
    options = [f"unit={code}"]
    for column, action in GROUND_ACTIONS.items():
        ground = LegalGround.objects.filter(action=action, is_active=True).order_by("code").first()
        if ground is not None:
            options.append(f"{GROUND_OPTIONS[column]}={ground.code}")
    user = get_user_model().objects.get(username=username)
    began = time.perf_counter()
    # A refused file raises; its job's report says why.
    with contextlib.suppress(CommandError):
        call_command(
            "import_data",
            "enforcement.register",
            str(path),
            user=user.username,
            dry_run=True,
            option=options,
            stdout=io.StringIO(),
        )
    read = time.perf_counter() - began
    job = ImportJob.objects.filter(uploaded_by=user).latest("pk")
    lines = [
        f"{code} {start:%d/%m/%Y}–{end:%d/%m/%Y}: {rows} rows written in {written:.1f} s, "
        f"read back in {read:.1f} s: {job.new} new, {job.updated} updated, "
        f"{job.unchanged} unchanged, {job.problem_count} errors"
    ]
    if job.message and job.problem_count == 0 and not job.rows_total:
        lines.append(f"  {job.message}")
    problems = collections.Counter(
        (problem["column"], problem["message"][:160]) for problem in job.report.get("problems", [])
    )
    lines += [
        f"  {count:6d} × [{column}] {message}"
        for (column, message), count in problems.most_common(10)
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
