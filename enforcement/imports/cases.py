"""The case file of DESIGN section 8 and the status-update file, for bulk imports."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import fields

from enforcement import services
from enforcement.bulk import CASE_COLUMNS, BulkWriter, reserve_ids
from enforcement.imports.common import (
    ELIGIBILITY_LABEL_OF,
    ELIGIBILITY_LABELS,
    ELIGIBILITY_LOOKUP,
    INITIATION_LABEL_OF,
    INITIATION_LABELS,
    INITIATION_LOOKUP,
    KIND_LABEL_OF,
    KIND_LABELS,
    KIND_LOOKUP,
    STATUS_LABEL_OF,
    STATUS_LABELS,
    STATUS_LOOKUP,
    past_date,
)
from enforcement.models import (
    CLOSED_STATUSES,
    EnforcementCase,
    ImportedCases,
    JudgmentKind,
    StatisticalYear,
    Status,
    statistical_year_of,
)
from enforcement.search import defer_indexing
from enforcement.services.cases import ENFORCEMENT_UNIT_KINDS
from enforcement.services.guards import closed_years_between, guard_closed_years, may_reopen
from organizations.audit import change_reason
from organizations.imports.exporting import SafeModelResource
from organizations.imports.specs import Column, ImportContext, ImportSpec, RowError, register
from organizations.imports.units import find_unit, unit_lookup
from organizations.imports.values import parse_amount, parse_choice, parse_text
from organizations.models import ImportJob, Unit

# The facts of a case a later file may correct; its state changes only through actions.
FACTS = (
    "decision_date",
    "accepted_on",
    "judgment",
    "judgment_kind",
    "initiation",
    "debtor",
    "creditor",
    "amount_due",
    "notes",
)
STATE = ("eligibility", "status", "closed_on", "amount_recovered", "entrusted_to")


def _choice(lookup: dict[str, str]) -> object:
    return lambda value: parse_choice(value, lookup)


class CaseResource(SafeModelResource):
    """Export of cases with the very headers and labels the case import reads."""

    unit = fields.Field(attribute="unit__code", column_name="Đơn vị")
    number = fields.Field(attribute="decision_number", column_name="Số quyết định THA")
    decision_date = fields.Field(attribute="decision_date", column_name="Ngày ra quyết định")
    accepted_on = fields.Field(attribute="accepted_on", column_name="Ngày thụ lý")
    judgment = fields.Field(attribute="judgment", column_name="Bản án, quyết định")
    judgment_kind = fields.Field(column_name="Loại việc")
    initiation = fields.Field(column_name="Hình thức thi hành")
    debtor = fields.Field(attribute="debtor", column_name="Người phải thi hành")
    creditor = fields.Field(attribute="creditor", column_name="Người được thi hành")
    amount_due = fields.Field(attribute="amount_due", column_name="Số tiền phải thi hành")
    amount_recovered = fields.Field(attribute="amount_recovered", column_name="Số tiền đã thi hành")
    eligibility = fields.Field(column_name="Điều kiện thi hành")
    status = fields.Field(column_name="Trạng thái")
    closed_on = fields.Field(attribute="closed_on", column_name="Ngày kết thúc")
    entrusted_to = fields.Field(attribute="entrusted_to__code", column_name="Ủy thác cho")
    notes = fields.Field(attribute="notes", column_name="Ghi chú")

    class Meta:
        model = EnforcementCase
        fields = (
            "unit",
            "number",
            "decision_date",
            "accepted_on",
            "judgment",
            "judgment_kind",
            "initiation",
            "debtor",
            "creditor",
            "amount_due",
            "amount_recovered",
            "eligibility",
            "status",
            "closed_on",
            "entrusted_to",
            "notes",
        )
        export_order = fields

    def get_queryset(self) -> object:
        return super().get_queryset().select_related("unit", "entrusted_to")

    def dehydrate_judgment_kind(self, case: EnforcementCase) -> str:
        return KIND_LABEL_OF.get(case.judgment_kind, case.judgment_kind)

    def dehydrate_initiation(self, case: EnforcementCase) -> str:
        return INITIATION_LABEL_OF.get(case.initiation, case.initiation)

    def dehydrate_eligibility(self, case: EnforcementCase) -> str:
        return ELIGIBILITY_LABEL_OF.get(case.eligibility, case.eligibility)

    def dehydrate_status(self, case: EnforcementCase) -> str:
        return STATUS_LABEL_OF.get(case.status, case.status)


def _enforcement_units(units: QuerySet[Unit]) -> dict[str, Unit]:
    return unit_lookup(units.filter(kind__in=ENFORCEMENT_UNIT_KINDS))


def _receiving_units() -> dict[str, Unit]:
    # A case may be entrusted to any enforcement unit of the country, not only the user's.
    return unit_lookup(Unit.objects.filter(kind__in=ENFORCEMENT_UNIT_KINDS))


def _closed_years() -> set[int]:
    return set(
        StatisticalYear.objects.filter(state=StatisticalYear.State.CLOSED).values_list(
            "year", flat=True
        )
    )


def _touched_years(first: datetime.date, last: datetime.date) -> range:
    return range(statistical_year_of(first), statistical_year_of(last) + 1)


def _lock_units(unit_ids: set[int]) -> None:
    """Lock the units, in id order: two imports into the same unit's cases run one by one."""
    list(Unit.objects.select_for_update().filter(pk__in=sorted(unit_ids)).values_list("pk"))


def _load_cases(context: ImportContext, keys: Iterable[tuple], columns: tuple[str, ...]) -> None:
    """Fill ``context.existing`` with the stored cases of the keys, unit by unit."""
    numbers_by_unit: dict[str, set[str]] = {}
    for unit_code, number in keys:
        numbers_by_unit.setdefault(unit_code, set()).add(number)
    units = {unit.code: unit for unit in context.lookups["units"].values()}
    for unit_code, numbers in numbers_by_unit.items():
        # One pass over the unit's numbers (an index-only scan), then details of the matches:
        # far cheaper than IN lists of tens of thousands of numbers.
        stored_ids = [
            pk
            for pk, number in EnforcementCase.objects.filter(unit=units[unit_code])
            .values_list("pk", "decision_number")
            .iterator(chunk_size=20_000)
            if number in numbers
        ]
        for start in range(0, len(stored_ids), 20_000):
            rows = EnforcementCase.objects.filter(
                pk__in=stored_ids[start : start + 20_000]
            ).values_list("pk", "decision_number", "state_changed_on", *columns)
            for pk, number, changed_on, *values in rows:
                stored = dict(zip(columns, values, strict=True))
                stored["pk"], stored["state_changed_on"] = pk, changed_on
                context.existing[(unit_code, number)] = stored


@register
class CaseImport(ImportSpec):
    """New enforcement decisions, and corrections of the facts of stored ones."""

    key = "enforcement.enforcementcase"
    title = _("Enforcement cases")
    model = EnforcementCase
    permissions = ("enforcement.add_enforcementcase", "enforcement.change_enforcementcase")
    key_columns = ("unit", "number")
    columns = [
        Column(
            "unit",
            "Đơn vị",
            parse_text(255),
            required=True,
            example="THADS-DN",
            help=_("Unit code or exact name; one of your enforcement units."),
            repeats=True,
        ),
        Column(
            "number",
            "Số quyết định THA",
            parse_text(50),
            required=True,
            example="125/QĐ-THADS",
            help=_("Unique within the unit."),
        ),
        Column(
            "decision_date",
            "Ngày ra quyết định",
            past_date,
            required=True,
            example="15/10/2023",
            repeats=True,
        ),
        Column(
            "accepted_on",
            "Ngày thụ lý",
            past_date,
            required=True,
            example="12/10/2023",
            repeats=True,
        ),
        Column(
            "judgment",
            "Bản án, quyết định",
            parse_text(255),
            required=True,
            example="Bản án số 45/2023/DS-ST ngày 12/5/2023 của TAND quận Hải Châu",
        ),
        Column(
            "judgment_kind",
            "Loại việc",
            _choice(KIND_LOOKUP),
            example="Dân sự",
            allowed=KIND_LABELS,
            help=_("Civil when left empty."),
            repeats=True,
        ),
        Column(
            "initiation",
            "Hình thức thi hành",
            _choice(INITIATION_LOOKUP),
            required=True,
            example="Theo yêu cầu",
            allowed=INITIATION_LABELS,
            repeats=True,
        ),
        Column(
            "debtor", "Người phải thi hành", parse_text(255), required=True, example="Nguyễn Văn An"
        ),
        Column("creditor", "Người được thi hành", parse_text(255), example="Trần Thị Bình"),
        Column(
            "amount_due",
            "Số tiền phải thi hành",
            parse_amount,
            example="150.000.000",
            help=_("In đồng; 0 when empty."),
            repeats=True,
        ),
        Column(
            "amount_recovered",
            "Số tiền đã thi hành",
            parse_amount,
            example="50.000.000",
            help=_("In đồng; from 0 to the amount to enforce."),
            repeats=True,
        ),
        Column(
            "eligibility",
            "Điều kiện thi hành",
            _choice(ELIGIBILITY_LOOKUP),
            required=True,
            example="Có điều kiện",
            allowed=ELIGIBILITY_LABELS,
            repeats=True,
        ),
        Column(
            "status",
            "Trạng thái",
            _choice(STATUS_LOOKUP),
            required=True,
            example="Đang thi hành",
            allowed=STATUS_LABELS,
            repeats=True,
        ),
        Column(
            "closed_on",
            "Ngày kết thúc",
            past_date,
            help=_("Required when the status closes the case; not before the accepted date."),
            repeats=True,
        ),
        Column(
            "entrusted_to",
            "Ủy thác cho",
            parse_text(255),
            help=_("Required when the status is Ủy thác: code or exact name of the unit."),
            repeats=True,
        ),
        Column("notes", "Ghi chú", parse_text(2000)),
    ]
    compared_columns = (*FACTS, *STATE)

    def prepare(self, *, user: AbstractBaseUser) -> ImportContext:
        return ImportContext(
            user=user,
            lookups={
                "units": _enforcement_units(self.writable(Unit.objects.all(), user)),
                "unit_of": {},
                "receivers": _receiving_units(),
                "closed_years": _closed_years(),
                "may_reopen": {},
                "today": timezone.localdate(),
            },
        )

    def clean(self, *, values: dict[str, object], context: ImportContext) -> dict[str, object]:
        # A file names a handful of units a quarter of a million times: each is looked up once.
        found = context.lookups["unit_of"]
        unit = found.get(values["unit"])
        if unit is None:
            unit = found[values["unit"]] = find_unit(values["unit"], context.lookups["units"])
        if unit is None:
            raise RowError("unit", _("No such enforcement unit among yours."))
        if not unit.is_active_on(values["accepted_on"]):
            raise RowError("unit", _("The unit did not exist on the accepted date."))
        values["unit"], values["unit_id"] = unit.code, unit.id
        values["judgment_kind"] = values["judgment_kind"] or JudgmentKind.CIVIL
        values["amount_due"] = values["amount_due"] or 0
        values["amount_recovered"] = values["amount_recovered"] or 0
        values["creditor"] = values["creditor"] or ""
        values["notes"] = values["notes"] or ""
        if values["amount_recovered"] > values["amount_due"]:
            raise RowError(
                "amount_recovered", _("The amount recovered is more than the amount to enforce.")
            )
        status, closed_on = values["status"], values["closed_on"]
        if status in CLOSED_STATUSES and closed_on is None:
            raise RowError("closed_on", _("A closed case needs its closing date."))
        if status not in CLOSED_STATUSES and closed_on is not None:
            raise RowError("closed_on", _("A case still being enforced has no closing date."))
        if closed_on is not None and closed_on < values["accepted_on"]:
            raise RowError("closed_on", _("The closing date is before the accepted date."))
        receiver = None
        if status == Status.ENTRUSTED:
            receiver = find_unit(values["entrusted_to"], context.lookups["receivers"])
            if receiver is None:
                raise RowError("entrusted_to", _("Name the enforcement unit the case goes to."))
            if receiver.pk == unit.pk:
                raise RowError("entrusted_to", _("A case cannot be entrusted to its own unit."))
        elif values["entrusted_to"]:
            raise RowError("entrusted_to", _("Only an entrusted case names a receiving unit."))
        values["entrusted_to"] = receiver.code if receiver else None
        values["entrusted_to_id"] = receiver.pk if receiver else None
        closed_years = context.lookups["closed_years"]
        last = closed_on or context.lookups["today"]
        closed = closed_years and closed_years.intersection(
            _touched_years(values["accepted_on"], last)
        )
        if closed and not self._may_reopen(unit, context):
            raise RowError(
                "accepted_on",
                _(
                    "The case counts in the closed statistical year %(year)s: only a user who may "
                    "reopen it can import it."
                )
                % {"year": min(closed)},
            )
        return values

    @staticmethod
    def _may_reopen(unit: Unit, context: ImportContext) -> bool:
        # The reopen permission holds in the units of the membership granting it.
        known = context.lookups["may_reopen"]
        if unit.pk not in known:
            known[unit.pk] = may_reopen(context.user, unit.pk)
        return known[unit.pk]

    def load_existing(self, *, context: ImportContext, keys: Iterable[tuple]) -> None:
        _load_cases(
            context,
            keys,
            (
                *FACTS,
                "eligibility",
                "status",
                "closed_on",
                "amount_recovered",
                "entrusted_to__code",
            ),
        )
        for stored in context.existing.values():
            stored["entrusted_to"] = stored.pop("entrusted_to__code")

    def check_change(
        self, *, values: dict[str, object], stored: dict[str, object], context: ImportContext
    ) -> None:
        for name in STATE:
            if values.get(name) != stored.get(name):
                raise RowError(
                    name,
                    _(
                        "This case is already stored: its status, eligibility, closing and "
                        "recovered amount change through the status-update file or the case's "
                        "actions."
                    ),
                )

    def writer(self, *, context: ImportContext, job: ImportJob | None) -> CaseWriter | None:
        # On PostgreSQL the cases are stored (COPY) while the rest of the file is checked.
        # SQLite allows one writer at a time, so there the file is checked before the
        # transaction starts and the job's progress stays visible meanwhile.
        if connection.vendor != "postgresql":
            return None
        return CaseWriter(context=context, job=job)

    def lock(self, *, rows: list[dict[str, object]], context: ImportContext) -> None:
        _lock_units({row["unit_id"] for row in rows})

    def apply(
        self,
        *,
        new: list[dict[str, object]],
        changed: list[dict[str, object]],
        context: ImportContext,
        job: ImportJob,
    ) -> None:
        # New cases and their events in bulk (on PostgreSQL the CaseWriter has already
        # written them while the file was read); corrections of stored cases each through
        # the service.
        if new:
            writer = CaseWriter(context=context, job=job)
            for values in new:
                writer.write(values)
            writer.finish()
        user = job.uploaded_by
        reason = change_reason(job)
        for row in changed:
            case = EnforcementCase.objects.get(pk=row["_existing"]["pk"])
            corrections = {name: row[name] for name in FACTS if row[name] != getattr(case, name)}
            services.case_update(user=user, case=case, changes=corrections, reason=reason)


class CaseWriter:
    """Writes the new cases of a case file while it is read, then the ranges of their ids.

    Cases go to the database as they are checked (a COPY on PostgreSQL), so that it stores
    them while the rest of the file is read; the import's transaction is rolled back unless
    every row is valid. The first row of a unit locks that unit, so two imports into the same
    unit's cases run one after the other, and reads which of its decision numbers are stored.
    The import job (its user, time and file) is named once per run of consecutive ids
    (``ImportedCases``), not once per case; the case row carries its state, and the state
    before it (in progress since acceptance) for the statistics, as the services would.
    """

    def __init__(self, *, context: ImportContext, job: ImportJob | None) -> None:
        self.user = job.uploaded_by if job is not None else context.user
        self.reason = change_reason(job) if job is not None else ""
        self.job_id = job.pk if job is not None else None
        self.units = {unit.code: unit for unit in context.lookups["units"].values()}
        self.today = context.lookups["today"]
        self.cases = BulkWriter(EnforcementCase, CASE_COLUMNS, typed=True)
        self.written = 0
        self._stored: dict[str, set[str]] = {}
        self._ids: list[int] = []
        self._id_block = FIRST_ID_BLOCK
        # The ids written, as runs of consecutive ids: [first, last] each.
        self._runs: list[list[int]] = []
        # (first, last) statistical years each case counts in, for the closed-year guard.
        self._spans: set[tuple[int, int]] = set()
        self._year_of: dict[datetime.date, int] = {}
        # PostgreSQL takes dates as they are; SQLite as the text Django would store.
        self._adapt_day = (
            None if connection.vendor == "postgresql" else connection.ops.adapt_datefield_value
        )

    def is_stored(self, key: tuple) -> bool:
        unit_code, number = key
        numbers = self._stored.get(unit_code)
        if numbers is None:
            self.cases.pause()
            unit = self.units[unit_code]
            _lock_units({unit.pk})
            numbers = set(
                EnforcementCase.objects.filter(unit=unit)
                .values_list("decision_number", flat=True)
                .iterator(chunk_size=20_000)
            )
            self._stored[unit_code] = numbers
        return number in numbers

    def write(self, values: Mapping[str, object]) -> None:
        if not self._ids:
            self.cases.pause()
            self._ids = reserve_ids(EnforcementCase, self._id_block)[::-1]
            self._id_block = min(self._id_block * 16, LAST_ID_BLOCK)
        pk = self._ids.pop()
        runs = self._runs
        if runs and runs[-1][1] == pk - 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
        status, accepted = values["status"], values["accepted_on"]
        eligibility, closed_on = values["eligibility"], values["closed_on"]
        once_changed = status != IN_PROGRESS
        row = (
            pk,
            values["unit_id"],
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
        )
        if self._adapt_day is not None:
            row = tuple(self._adapt_day(v) if type(v) is datetime.date else v for v in row)
        self.cases.write(row)
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

    def finish(self) -> None:
        self.cases.close()
        if not self._runs:
            return
        years = {year for first, last in self._spans for year in range(first, last + 1)}
        guard_closed_years(
            user=self.user,
            years=[
                year
                for year in closed_years_between(
                    datetime.date(min(years) - 1, 10, 1), datetime.date(max(years), 9, 30)
                )
                if year.year in years
            ],
            reason=self.reason,
        )
        # One row per run of ids names the import of every case in it; the cases' first
        # events are written when they first change (services.records.record_imported_states).
        if self.job_id is not None:
            ImportedCases.objects.bulk_create(
                ImportedCases(import_job_id=self.job_id, first_id=first, last_id=last)
                for first, last in self._runs
            )
        # Their search text follows in the background; the search reads them meanwhile.
        defer_indexing(self._runs)
        self._runs = []

    def abandon(self) -> None:
        self.cases.abandon()


IN_PROGRESS = str(Status.IN_PROGRESS)
# New case ids are taken from the sequence in growing blocks: few for a small file, and few
# pauses of the COPY for a big one (each pause waits for the database to catch up).
FIRST_ID_BLOCK = 64
LAST_ID_BLOCK = 262_144


@register
class CaseStatusImport(ImportSpec):
    """Status changes, eligibility and payments of stored cases, as of a date."""

    key = "enforcement.casestatus"
    title = _("Case status updates")
    model = EnforcementCase
    permissions = ("enforcement.change_case_status",)
    key_columns = ("unit", "number")
    allow_new = False
    blank_keeps_stored = True
    unknown_record_message = _("No such case among your units.")
    columns = [
        Column("unit", "Đơn vị", parse_text(255), required=True, example="THADS-DN"),
        Column(
            "number", "Số quyết định THA", parse_text(50), required=True, example="125/QĐ-THADS"
        ),
        Column(
            "on",
            "Ngày",
            past_date,
            required=True,
            example="20/09/2024",
            aliases=("ngày thay đổi", "ngay cap nhat", "date"),
            help=_("The day the change happened; not before the case's last change."),
        ),
        Column(
            "status",
            "Trạng thái",
            _choice(STATUS_LOOKUP),
            example="Thi hành xong",
            allowed=STATUS_LABELS,
        ),
        Column(
            "eligibility",
            "Điều kiện thi hành",
            _choice(ELIGIBILITY_LOOKUP),
            example="Có điều kiện",
            allowed=ELIGIBILITY_LABELS,
        ),
        Column(
            "amount_recovered",
            "Số tiền đã thi hành",
            parse_amount,
            example="150.000.000",
            help=_("The total recovered so far, in đồng; it can only grow."),
        ),
        Column("entrusted_to", "Ủy thác cho", parse_text(255)),
        Column("note", "Ghi chú", parse_text(2000)),
    ]
    compared_columns = ("status", "eligibility", "amount_recovered")

    def prepare(self, *, user: AbstractBaseUser) -> ImportContext:
        return ImportContext(
            user=user,
            lookups={
                "units": _enforcement_units(self.writable(Unit.objects.all(), user)),
                "receivers": _receiving_units(),
            },
        )

    def clean(self, *, values: dict[str, object], context: ImportContext) -> dict[str, object]:
        unit = find_unit(values["unit"], context.lookups["units"])
        if unit is None:
            raise RowError("unit", _("No such enforcement unit among yours."))
        values["unit"], values["unit_id"] = unit.code, unit.pk
        if values.get("status") == Status.ENTRUSTED:
            receiver = find_unit(values["entrusted_to"], context.lookups["receivers"])
            if receiver is None:
                raise RowError("entrusted_to", _("Name the enforcement unit the case goes to."))
            values["entrusted_to"] = receiver
        return values

    def load_existing(self, *, context: ImportContext, keys: Iterable[tuple]) -> None:
        _load_cases(context, keys, ("status", "eligibility", "amount_recovered", "amount_due"))

    def check_change(
        self, *, values: dict[str, object], stored: dict[str, object], context: ImportContext
    ) -> None:
        if values["on"] < stored["state_changed_on"]:
            raise RowError("on", _("The date is before the case's last change."))
        status = values.get("status")
        if status and status != stored["status"] and stored["status"] in CLOSED_STATUSES:
            raise RowError("status", _("The case is already closed; its status cannot change."))
        recovered = values.get("amount_recovered")
        if recovered is not None:
            if recovered < stored["amount_recovered"]:
                raise RowError(
                    "amount_recovered",
                    _("The total recovered cannot go down; correct a wrong payment on the case."),
                )
            if recovered > stored["amount_due"]:
                raise RowError(
                    "amount_recovered",
                    _("The amount recovered is more than the amount to enforce."),
                )

    def lock(self, *, rows: list[dict[str, object]], context: ImportContext) -> None:
        _lock_units({row["unit_id"] for row in rows})

    def apply(
        self,
        *,
        new: list[dict[str, object]],
        changed: list[dict[str, object]],
        context: ImportContext,
        job: ImportJob,
    ) -> None:
        # Few rows at a time: each goes through the services, which check every rule again
        # and write the case's events.
        user, reason = job.uploaded_by, change_reason(job)
        for row in changed:
            stored, on = row["_existing"], row["on"]
            note = row["note"] or reason
            case = EnforcementCase.objects.get(pk=stored["pk"])
            eligibility = row.get("eligibility")
            if eligibility and eligibility != case.eligibility:
                case = services.case_set_eligibility(
                    user=user, case=case, eligibility=eligibility, on=on, note=note, reason=reason
                )
            recovered = row.get("amount_recovered")
            if recovered is not None and recovered > case.amount_recovered:
                case = services.case_record_payment(
                    user=user,
                    case=case,
                    on=on,
                    amount=recovered - case.amount_recovered,
                    note=note,
                    reason=reason,
                )
            status = row.get("status")
            if status and status != case.status:
                if status == Status.ENTRUSTED:
                    services.case_entrust(
                        user=user,
                        case=case,
                        on=on,
                        to_unit=row["entrusted_to"],
                        note=note,
                        reason=reason,
                    )
                else:
                    services.STATUS_SERVICES[status](
                        user=user, case=case, on=on, note=note, reason=reason
                    )
