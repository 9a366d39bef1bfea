"""New cases by the hundred thousand (a case file): streamed to the database while it is read.

The cases come checked by the rules of every case (``case_rules_check``, in the import's
``clean``); the writer adds what ``case_open`` adds for one case: the user's right to open
cases in each unit, the closed-year guard and its log, the parties named by its texts, and
the case's search text (here deferred to the background, see ``enforcement.search``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone

from enforcement.models import (
    CaseEvent,
    EnforcementCase,
    ImportedCases,
    Status,
    statistical_year_bounds,
    statistical_year_of,
)
from enforcement.search import defer_indexing, id_ranges
from enforcement.services.copying import (
    CASE_COLUMNS,
    RECEIVED_COLUMNS,
    ChunkCopy,
    Statement,
    reserve_ids,
)
from enforcement.services.entrustment import received_cases_link
from enforcement.services.guards import (
    closed_years_between,
    guard_closed_years,
    require_permission,
    require_unit_in_scope,
)
from enforcement.services.obligation_rules import obligation_statement
from enforcement.services.parties import party_statements
from enforcement.services.reassignment import case_reassign_office
from organizations.audit import change_reason
from organizations.models import ImportJob, Unit

OPEN_PERMISSION = "enforcement.add_enforcementcase"
IN_PROGRESS = str(Status.IN_PROGRESS)
# New case ids are taken from the sequence in growing blocks: few for a small file, and few
# queries for a big one.
FIRST_ID_BLOCK = 64
LAST_ID_BLOCK = 65_536
# Cases are sent to the database in chunks, small at first (the database starts storing
# soon) and then larger (fewer statements; a chunk of 10,000 cases holds about 7 MB while
# it waits): see ``ChunkCopy``.
FIRST_CHUNK = 2_000
LAST_CHUNK = 10_000


def lock_units(unit_ids: Iterable[int]) -> None:
    """Lock the units, in id order: two imports into the same unit's cases run one by one."""
    list(Unit.objects.select_for_update().filter(pk__in=sorted(unit_ids)).values_list("pk"))


class CaseWriter:
    """Writes new cases as they come, then the ranges of their ids.

    Cases go to the database as they are sent (a COPY on PostgreSQL), so that it stores them
    while the rest of a file is read; the import's transaction is rolled back unless every
    row is valid. The first row of a unit locks that unit, so two imports into the same
    unit's cases run one after the other, and reads which of its decision numbers are stored.
    The import job (its user, time and file) is named once per run of consecutive ids
    (``ImportedCases``), not once per case; the case row carries its state, and the state
    before it (in progress since acceptance) for the statistics, as the services would.
    """

    def __init__(
        self,
        *,
        user: AbstractBaseUser,
        job: ImportJob | None,
        units: Iterable[Unit],
        agencies: Iterable[Unit],
        today: datetime.date,
    ) -> None:
        require_permission(user, OPEN_PERMISSION)
        self.units = {unit.code: unit for unit in units}
        self.agencies = {unit.code: unit for unit in agencies}
        for unit in self.units.values():
            require_unit_in_scope(user, unit, OPEN_PERMISSION)
        self.user = user
        self.reason = change_reason(job) if job is not None else ""
        self.job_id = job.pk if job is not None else None
        self.today = today
        self.recorded_at = connection.ops.adapt_datetimefield_value(timezone.now())
        self.cases = ChunkCopy(EnforcementCase, CASE_COLUMNS + RECEIVED_COLUMNS)
        self._chunk: list[tuple[object, ...]] = []
        self._chunk_ids: list[int] = []
        self._chunk_size = FIRST_CHUNK
        self._sent = False
        self.written = 0
        self._stored: dict[tuple[str, str], set[str]] = {}
        self._ids: list[int] = []
        self._id_block = FIRST_ID_BLOCK
        # The runs of consecutive ids written, kept chunk by chunk: a few, not an id per case.
        self._written: list[tuple[int, int]] = []
        # (case id, office, day) of the rows passed to another office of their agency.
        self._reassignments: list[tuple[int, int, datetime.date]] = []
        # (first, last) statistical years each case counts in, for the closed-year guard.
        self._spans: set[tuple[int, int]] = set()
        self._year_of: dict[datetime.date, int] = {}
        # PostgreSQL takes dates as they are; SQLite as the text Django would store.
        self._adapt_day = (
            None if connection.vendor == "postgresql" else connection.ops.adapt_datefield_value
        )

    def is_stored(self, key: tuple) -> bool:
        """Tell whether the agency (by code) already gave the decision number in the year."""
        agency_code, year, number = key
        numbers = self._stored.get((agency_code, year))
        if numbers is None:
            agency = self.agencies[agency_code]
            lock_units({agency.pk})
            numbers = set(
                EnforcementCase.objects.filter(issuing_agency=agency, decision_year=int(year))
                .values_list("decision_number", flat=True)
                .iterator(chunk_size=20_000)
            )
            self._stored[(agency_code, year)] = numbers
        return number in numbers

    def write(self, values: Mapping[str, object]) -> None:
        """Send one checked new case to the database."""
        if not self._ids:
            if self._chunk:
                # SQLite hands out ids after the largest stored: store the ones given first.
                self._send()
            self._ids = reserve_ids(EnforcementCase, self._id_block, aside=True)[::-1]
            self._id_block = min(self._id_block * 16, LAST_ID_BLOCK)
        pk = self._ids.pop()
        self._chunk_ids.append(pk)
        status, accepted = values["status"], values["accepted_on"]
        eligibility, closed_on = values["eligibility"], values["closed_on"]
        once_changed = status != IN_PROGRESS
        # An enforcer named in the file holds the case from its acceptance.
        enforcer_id = values.get("enforcer_id")
        row = (
            pk,
            values["unit_id"],
            values["issuing_agency_id"],
            values["number"],
            values["decision_date"],
            accepted,
            values["judgment"],
            values["judgment_kind"],
            values["initiation"],
            values["debtor"],
            values["creditor"],
            values["amount_due"],
            values["amount_recovered"],
            eligibility,
            status,
            closed_on,
            closed_on or accepted,
            IN_PROGRESS if once_changed else "",
            eligibility if once_changed else "",
            accepted if once_changed else None,
            values["entrusted_to_id"],
            values["notes"],
            enforcer_id,
            accepted if enforcer_id is not None else None,
            # A case received by entrustment (checked by ``received_entrustment_check``).
            values.get("received_from_id"),
            values.get("received_decision_number") or "",
            values.get("received_decision_date"),
        )
        if self._adapt_day is not None:
            row = tuple(self._adapt_day(v) if type(v) is datetime.date else v for v in row)
        self._chunk.append(row)
        if len(self._chunk) >= self._chunk_size:
            self._send()
        if values.get("reassigned_to_id") is not None:
            self._reassignments.append((pk, values["reassigned_to_id"], values["reassigned_on"]))
        # A year of cases holds a few hundred distinct days: each is converted once.
        year_of = self._year_of
        last = closed_on or self.today
        first_year, last_year = year_of.get(accepted), year_of.get(last)
        if first_year is None:
            first_year = year_of[accepted] = statistical_year_of(accepted)
        if last_year is None:
            last_year = year_of[last] = statistical_year_of(last)
        self._spans.add((first_year, last_year))
        self.written += 1

    def _send(self) -> None:
        # The chunk's cases, then what each case's opening writes beside it: its first event
        # when it came with money collected, its money obligation, its parties.
        if not self._sent and connection.vendor == "postgresql":
            # Each chunk's references are checked as it is stored, beside the reading of the
            # next one, not all at the commit (``finish`` defers them again).
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        statements: list[Statement] = []
        runs = id_ranges(self._chunk_ids)
        self._written = _joined(self._written, runs)
        for first, last in runs:
            statements.append(self._imported_money(first, last))
            statements.append(obligation_statement(first, last))
            statements.extend(party_statements(first, last))
        self.cases.send(self._chunk, statements)
        self._sent = True
        self._chunk, self._chunk_ids = [], []
        self._chunk_size = min(self._chunk_size * 10, LAST_CHUNK)

    def _imported_money(self, first: int, last: int) -> Statement:
        """Return the SQL writing the first event of the new cases that came with money collected.

        The statistics count money by the day it was collected: the file's recovered amount
        is taken as collected by the day its state began (the closing date, else
        acceptance), as the event of the case's first change would record it.
        """
        events, cases = CaseEvent._meta.db_table, EnforcementCase._meta.db_table
        return (
            f"INSERT INTO {events} (case_id, kind, occurred_on, recorded_at, amount, "  # noqa: S608
            "collected, reduced, note, import_job_id, status_after, eligibility_after, "
            "enforcer_id) "
            "SELECT id, %s, state_changed_on, %s, amount_recovered, amount_recovered, 0, %s, %s, "
            f"status, eligibility, enforcer_id FROM {cases} "
            "WHERE id BETWEEN %s AND %s AND amount_recovered > 0",
            [
                CaseEvent.Kind.IMPORTED.value,
                self.recorded_at,
                self.reason,
                self.job_id,
                first,
                last,
            ],
        )

    def finish(self) -> None:
        """Guard and log the closed years the cases count in, name their import, index them."""
        if self._chunk:
            self._send()
        self.cases.finish()
        if self._sent and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        if not self._written:
            return
        years = {year for first, last in self._spans for year in range(first, last + 1)}
        guard_closed_years(
            user=self.user,
            years=[
                year
                for year in closed_years_between(
                    statistical_year_bounds(min(years))[0], statistical_year_bounds(max(years))[1]
                )
                if year.year in years
            ],
            reason=self.reason,
        )
        runs, self._written = self._written, []
        # One row per run of ids names the import of every case in it; the cases' first
        # events are written when they first change (services.records.record_imported_states).
        if self.job_id is not None:
            ImportedCases.objects.bulk_create(
                ImportedCases(import_job_id=self.job_id, first_id=first, last_id=last)
                for first, last in runs
            )
        # The cases received by entrustment are linked to the senders' cases found here.
        received_cases_link(runs)
        # Their search text follows in the background; the search reads them meanwhile.
        defer_indexing(runs)
        self._reassign()

    def _reassign(self) -> None:
        """Hand the cases the file passed to another office of their agency to that office.

        Through the very service a clerk uses on one case (``case_reassign_office``): the
        case stays open, keeps the office that accepted it and is handled by the other from
        the day on, so no statistics count an entrustment.
        """
        pending, self._reassignments = self._reassignments, []
        if not pending:
            return
        cases = EnforcementCase.objects.in_bulk([pk for pk, _office, _on in pending])
        offices = Unit.objects.in_bulk({office for _pk, office, _on in pending})
        for pk, office, on in pending:
            case_reassign_office(
                user=self.user, case=cases[pk], on=on, to_unit=offices[office], reason=self.reason
            )

    def abandon(self) -> None:
        """Drop what is unsent after a failure; the transaction is being rolled back."""
        self.cases.abandon()


def _joined(runs: list[tuple[int, int]], more: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the runs of ids with more runs after them, the adjacent ones made one."""
    if runs and more and runs[-1][1] + 1 == more[0][0]:
        return [*runs[:-1], (runs[-1][0], more[0][1]), *more[1:]]
    return [*runs, *more]


@transaction.atomic
def case_bulk_open(
    *,
    user: AbstractBaseUser,
    job: ImportJob | None,
    units: Iterable[Unit],
    agencies: Iterable[Unit],
    today: datetime.date,
    cases: Iterable[Mapping[str, object]],
) -> int:
    """Open many checked new cases at once (a case file); return how many were written."""
    writer = CaseWriter(user=user, job=job, units=units, agencies=agencies, today=today)
    try:
        for values in cases:
            writer.write(values)
        writer.finish()
    except BaseException:
        writer.abandon()
        raise
    return writer.written
