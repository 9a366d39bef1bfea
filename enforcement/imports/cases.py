"""The case file: new enforcement decisions, and corrections of the facts of stored ones."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement import services
from enforcement.imports.case_columns import CASE_COLUMNS, FACTS, RECEIVED, STATE
from enforcement.imports.common import (
    AMBIGUOUS,
    RULE_COLUMNS,
    closed_year_numbers,
    enforcement_units,
    enforcer_lookup,
    find_enforcer,
    load_issued_cases,
    reassigned_in_agency,
    receiving_units,
)
from enforcement.models import EnforcementCase, JudgmentKind, Status
from enforcement.selectors import may_reopen
from enforcement.services import CaseWriter, lock_units
from organizations.audit import change_reason
from organizations.imports.specs import (
    ImportContext,
    ImportSpec,
    RowError,
    register,
    row_error,
)
from organizations.imports.units import find_unit, unit_codes
from organizations.models import ImportJob, Unit
from organizations.selectors import UnitPlacements, agency_id_of, unit_parents


@register
class CaseImport(ImportSpec):
    """New enforcement decisions, and corrections of the facts of stored ones."""

    key = "enforcement.enforcementcase"
    title = _("Enforcement cases")
    model = EnforcementCase
    permissions = ("enforcement.add_enforcementcase", "enforcement.change_enforcementcase")
    # A decision is known by its issuing agency, the year of its date and its number
    # (``natural_key``): numbers restart every year.
    key_columns = ("agency", "number")
    columns = CASE_COLUMNS
    compared_columns = (*FACTS, *STATE, *RECEIVED)

    def prepare(self, *, user: AbstractBaseUser) -> ImportContext:
        return ImportContext(
            user=user,
            lookups={
                "units": enforcement_units(self.writable(Unit.objects.all(), user)),
                # Any agency of the country: an office's clerk names the agency above it.
                "agencies": receiving_units(),
                "unit_of": {},
                "agency_of": {},
                # Read before the first row is written (see handling_office_check).
                "tree": unit_parents(),
                "successors": dict(Unit.objects.values_list("pk", "successor_id")),
                "unit_by_id": Unit.objects.in_bulk(),
                "placements": UnitPlacements(),
                "enforcers_of": {},
                "receivers": receiving_units(),
                "closed_years": closed_year_numbers(),
                "may_reopen": {},
                "today": timezone.localdate(),
            },
        )

    def natural_key(self, values: dict[str, object]) -> tuple:
        return (values["agency"], str(values["decision_date"].year), values["number"])

    def clean(self, *, values: dict[str, object], context: ImportContext) -> dict[str, object]:
        unit, agency = self._office_and_agency(values, context)
        if not unit.is_active_on(values["accepted_on"]):
            raise RowError("unit", _("The unit did not exist on the accepted date."))
        values["unit"], values["unit_id"] = unit.code, unit.id
        values["agency"], values["issuing_agency_id"] = agency.code, agency.id
        values["judgment_kind"] = values["judgment_kind"] or JudgmentKind.CIVIL
        values["amount_due"] = values["amount_due"] or 0
        values["amount_recovered"] = values["amount_recovered"] or 0
        values["creditor"] = values["creditor"] or ""
        values["notes"] = values["notes"] or ""
        status, named = values["status"], values["entrusted_to"]
        receiver = None
        if status == Status.ENTRUSTED and named:
            receiver = find_unit(named, context.lookups["receivers"])
        values["reassigned_to_id"] = values["reassigned_on"] = None
        if receiver is not None and reassigned_in_agency(unit, receiver, values, context):
            # Passed to another office of the agency: the case stays open (see _reassigned).
            values["reassigned_to_id"], values["reassigned_on"] = receiver.pk, values["closed_on"]
            values["status"] = status = Status.IN_PROGRESS
            values["closed_on"] = None
            receiver = named = None
        try:
            services.case_rules_check(
                unit_id=unit.pk,
                status=status,
                accepted_on=values["accepted_on"],
                closed_on=values["closed_on"],
                amount_due=values["amount_due"],
                amount_recovered=values["amount_recovered"],
                entrusted_to_id=receiver.pk if receiver else None,
                receiver_named=bool(named),
                closed_years=context.lookups["closed_years"],
                may_reopen=lambda: self._may_reopen(unit, context),
                today=context.lookups["today"],
            )
        except ValidationError as error:
            raise row_error(error, default="unit", fields=RULE_COLUMNS) from None
        values["entrusted_to"] = receiver.code if receiver else None
        values["entrusted_to_id"] = receiver.pk if receiver else None
        values["enforcer_id"] = self._enforcer_id(values.get("enforcer"), unit, context)
        self._received(values, unit, agency, context)
        return values

    @staticmethod
    def _received(
        values: dict[str, object], unit: Unit, agency: Unit, context: ImportContext
    ) -> None:
        """Read where a case received by entrustment came from, by the service's rules."""
        named = values.get("received_from")
        sender = None
        if named not in (None, ""):
            sender = find_unit(named, context.lookups["receivers"])
            if sender is None:
                raise RowError(
                    "received_from",
                    _("No civil judgment enforcement agency has this code or exact name."),
                )
        number = values.get("received_decision_number") or ""
        try:
            services.received_entrustment_check(
                unit=unit,
                issuing_agency=agency,
                accepted_on=values["accepted_on"],
                received_from=sender,
                decision_number=number,
                decision_date=values.get("received_decision_date"),
                tree=context.lookups["tree"],
            )
        except ValidationError as error:
            raise row_error(
                error, default="received_from", fields={name: name for name in RECEIVED}
            ) from None
        values["received_from"] = sender.code if sender else None
        values["received_from_id"] = sender.pk if sender else None
        values["received_decision_number"] = number.strip() if sender else ""
        values["received_decision_date"] = values.get("received_decision_date") if sender else None

    @staticmethod
    def _office_and_agency(values: dict[str, object], context: ImportContext) -> tuple[Unit, Unit]:
        """Return the handling office and the issuing agency a row names.

        The old single "Đơn vị" column still works: the agency is then the office's own.
        """
        named_unit, named_agency = values.get("unit"), values.get("agency")
        if named_unit in (None, "") and named_agency in (None, ""):
            raise RowError("unit", _("Name the handling office or the issuing agency."))
        # A file names a handful of units a quarter of a million times: each is looked up
        # once, and each office's agency too.
        known, agencies = context.lookups["unit_of"], context.lookups["agency_of"]
        agency = None
        if named_agency not in (None, ""):
            key = ("agency", named_agency)
            if key not in known:
                known[key] = find_unit(named_agency, context.lookups["agencies"])
            agency = known[key]
            if agency is None:
                raise RowError("agency", _("No such civil judgment enforcement agency."))
        office_name = named_unit if named_unit not in (None, "") else named_agency
        if office_name not in known:
            known[office_name] = find_unit(office_name, context.lookups["units"])
        unit = known[office_name]
        if unit is None:
            raise RowError(
                "unit" if named_unit not in (None, "") else "agency",
                _("No such enforcement unit among yours."),
                allowed=unit_codes(context),
            )
        if agency is None:
            if unit.pk not in agencies:
                tree = context.lookups["tree"]
                agencies[unit.pk] = context.lookups["unit_by_id"][agency_id_of(unit.pk, tree)]
            return unit, agencies[unit.pk]
        pair = (unit.pk, agency.pk)
        if pair not in agencies:
            try:
                services.handling_office_check(
                    unit=unit,
                    issuing_agency=agency,
                    tree=context.lookups["tree"],
                    successors=context.lookups["successors"],
                )
            except ValidationError as error:
                agencies[pair] = error
            else:
                agencies[pair] = None
        if agencies[pair] is not None:
            raise row_error(
                agencies[pair], default="unit", fields={"unit": "unit", "issuing_agency": "agency"}
            )
        return unit, agency

    @staticmethod
    def _enforcer_id(named: object, unit: Unit, context: ImportContext) -> int | None:
        """Return the enforcer of the unit named by staff code or exact full name, or None."""
        if named in (None, ""):
            return None
        # Each unit's enforcers are read once per file, at its first row naming one.
        known = context.lookups["enforcers_of"]
        if unit.pk not in known:
            known[unit.pk] = enforcer_lookup(unit)
        found = find_enforcer(named, known[unit.pk])
        if found is AMBIGUOUS:
            raise RowError(
                "enforcer",
                _("Several enforcers of the unit have this name: give the staff code."),
            )
        if found is None:
            raise RowError(
                "enforcer", _("No enforcer of the row's unit has this staff code or name.")
            )
        return found

    @staticmethod
    def _may_reopen(unit: Unit, context: ImportContext) -> bool:
        # The reopen permission holds in the units of the membership granting it.
        known = context.lookups["may_reopen"]
        if unit.pk not in known:
            known[unit.pk] = may_reopen(context.user, unit.pk)
        return known[unit.pk]

    def load_existing(self, *, context: ImportContext, keys: Iterable[tuple]) -> None:
        load_issued_cases(
            context,
            keys,
            (
                *FACTS,
                "eligibility",
                "status",
                "closed_on",
                "amount_recovered",
                "entrusted_to__code",
                "enforcer_id",
                "unit__code",
                "received_from__code",
                "received_decision_number",
                "received_decision_date",
            ),
        )
        for stored in context.existing.values():
            stored["received_from"] = stored.pop("received_from__code")
            stored["entrusted_to"] = stored.pop("entrusted_to__code")
            stored["unit"] = stored.pop("unit__code")

    def check_change(
        self, *, values: dict[str, object], stored: dict[str, object], context: ImportContext
    ) -> None:
        reassigned_to = values.get("reassigned_to_id")
        handled_by = (
            context.lookups["unit_by_id"][reassigned_to].code if reassigned_to else values["unit"]
        )
        if stored["unit"] not in (values.get("unit"), handled_by):
            raise RowError(
                "unit",
                _(
                    "The agency's decision with this number and year is stored, handled by "
                    "%(unit)s: a case moves to another office through its correction, not a "
                    "file."
                )
                % {"unit": stored["unit"]},
            )
        named = values.get("enforcer_id")
        if named is not None and named != stored.get("enforcer_id"):
            raise RowError(
                "enforcer",
                _(
                    "This case is already stored: its enforcer changes through the case's "
                    "action “Assign enforcer”."
                ),
            )
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
        return CaseWriter(**self._writing(context, job))

    def lock(self, *, rows: list[dict[str, object]], context: ImportContext) -> None:
        # The agencies too: two imports of one agency's decision numbers run one by one.
        lock_units({row["unit_id"] for row in rows} | {row["issuing_agency_id"] for row in rows})

    def apply(
        self,
        *,
        new: list[dict[str, object]],
        changed: list[dict[str, object]],
        context: ImportContext,
        job: ImportJob,
    ) -> None:
        # New cases in bulk (on PostgreSQL the CaseWriter has already written them while the
        # file was read); corrections of stored cases each through the service.
        if new:
            services.case_bulk_open(**self._writing(context, job), cases=new)
        user = job.uploaded_by
        reason = change_reason(job)
        for row in changed:
            case = EnforcementCase.objects.get(pk=row["_existing"]["pk"])
            corrections = {name: row[name] for name in FACTS if row[name] != getattr(case, name)}
            if any(row[name] != row["_existing"][name] for name in RECEIVED):
                corrections["received_from"] = context.lookups["unit_by_id"].get(
                    row["received_from_id"]
                )
                corrections["received_decision_number"] = row["received_decision_number"]
                corrections["received_decision_date"] = row["received_decision_date"]
            services.case_update(user=user, case=case, changes=corrections, reason=reason)

    @staticmethod
    def _writing(context: ImportContext, job: ImportJob | None) -> dict[str, object]:
        """Return what the bulk writer of new cases needs, from the import and its job."""
        return {
            "user": job.uploaded_by if job is not None else context.user,
            "job": job,
            "units": context.lookups["units"].values(),
            "agencies": context.lookups["agencies"].values(),
            "today": context.lookups["today"],
        }
