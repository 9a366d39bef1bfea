"""A large case file is stored in chunks while it is read (``services.copying.ChunkCopy``).

On PostgreSQL a thread of its own stores each chunk and what follows from it (parties,
money obligations, the first events of cases that came with money collected) while the
next rows are read; on SQLite each chunk is stored when it is full. Either way the file
is written whole or not at all.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import connection
from django.db.models import Q

from enforcement.models import CaseEvent, CaseParty, EnforcementCase, ImportedCases, Obligation
from enforcement.services import bulk
from enforcement.services.copying import ChunkCopy
from enforcement.services.obligation_rules import obligation_statement
from organizations.demo import load_organizations
from organizations.imports.services import import_job_create, import_job_run_through
from organizations.models import ImportJob
from tests.benchmarks.casefile import HEADERS, case_rows
from tests.imports.helpers import write_csv

pytestmark = pytest.mark.django_db

ROWS = 4_500


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    # Chunks of 100, then 1,000 rows: a small file crosses many of them.
    monkeypatch.setattr(bulk, "FIRST_CHUNK", 100)
    monkeypatch.setattr(bulk, "LAST_CHUNK", 1_000)


def _import(path: Path) -> ImportJob:
    load_organizations()
    admin = get_user_model().objects.get(username="admin")
    with path.open("rb") as handle:
        job = import_job_create(
            spec_key="enforcement.enforcementcase", upload=File(handle, path.name), user=admin
        )
    return import_job_run_through(job=job)


def _file(tmp_path: Path, rows: list[list[object]]) -> Path:
    return write_csv(tmp_path / "cases.csv", [HEADERS, *rows])


def test_a_file_of_many_chunks_is_written_whole_with_what_follows_each_case(small_chunks, tmp_path):
    threads = threading.active_count()

    job = _import(_file(tmp_path, list(case_rows(ROWS))))

    assert job.status == ImportJob.Status.DONE, job.report
    cases = EnforcementCase.objects.all()
    assert cases.count() == ROWS
    # Each case's texts became its parties, its amount its obligation, its money collected
    # its first event: chunk by chunk, none missed and none twice.
    assert (
        CaseParty.objects.count()
        == cases.exclude(debtor="").count() + cases.exclude(creditor="").count()
    )
    assert CaseParty.objects.values("case_id", "role").distinct().count() == (
        CaseParty.objects.count()
    )
    assert Obligation.objects.count() == cases.filter(amount_due__gt=0).count()
    imported = CaseEvent.objects.filter(kind=CaseEvent.Kind.IMPORTED)
    assert imported.count() == cases.filter(amount_recovered__gt=0).count() > 0
    assert not imported.filter(import_job=None).exists()
    assert not imported.exclude(collected__gt=0).exists()
    first, last = sorted(cases.values_list("pk", flat=True))[:: ROWS - 1]
    assert sum(
        run.last_id - run.first_id + 1 for run in ImportedCases.objects.filter(import_job=job)
    ) == (last - first + 1)
    assert threading.active_count() == threads


def test_a_bad_row_after_chunks_were_stored_writes_nothing(small_chunks, tmp_path):
    threads = threading.active_count()
    rows = list(case_rows(ROWS))
    rows[-1][3] = "31/02/2024"  # accepted on a day that does not exist

    job = _import(_file(tmp_path, rows))

    assert job.status == ImportJob.Status.INVALID
    assert [problem["row"] for problem in job.report["problems"]] == [ROWS + 1]
    assert not EnforcementCase.objects.exists()
    assert not CaseParty.objects.exists()
    assert not Obligation.objects.exists()
    assert threading.active_count() == threads


# Committed for real: SQLite checks references only when the import's transaction commits.
@pytest.mark.django_db(transaction=True)
def test_a_chunk_the_database_refuses_fails_the_import_and_writes_nothing(
    small_chunks, tmp_path, monkeypatch
):
    threads = threading.active_count()
    sent, stored = [], []

    def refused_on_the_third_chunk(first_id: int, last_id: int) -> tuple[str, list[object]]:
        sent.append(first_id)
        if len(sent) == 3:
            # An obligation of a case that does not exist: the database refuses it.
            return (
                "INSERT INTO enforcement_obligation (case_id, kind, description, amount, "
                "period_unit, quantity_unit) VALUES (-1, 'money', '', 1, '', '')",
                [],
            )
        return obligation_statement(first_id, last_id)

    store = ChunkCopy._store

    def counted(self: ChunkCopy, *args: object) -> None:
        stored.append(len(args[0]))
        store(self, *args)

    monkeypatch.setattr(bulk, "obligation_statement", refused_on_the_third_chunk)
    monkeypatch.setattr(ChunkCopy, "_store", counted)

    job = _import(_file(tmp_path, list(case_rows(ROWS))))

    assert job.status == ImportJob.Status.FAILED
    assert "không có gì được ghi" in job.message  # nothing was written
    assert not EnforcementCase.objects.exists()
    assert not Obligation.objects.exists()
    assert threading.active_count() == threads
    if connection.vendor == "postgresql":
        # Checked as the chunk was stored, not at the commit: the chunks after it were not.
        assert len(stored) == 3 < len(sent)
    # The connection goes on working for the next request.
    assert EnforcementCase.objects.filter(Q(pk__gt=0)).count() == 0
