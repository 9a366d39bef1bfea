"""The intake register (sổ thụ lý) imported as the offices keep it: one row, one case.

The columns are the register's own (``register_columns``), in any order, under a title
block or not: the header is the row naming them, among the first rows, and a row numbering
the columns under it is skipped (``organizations.imports.headers``). Each row is read whole
(``register_rows``) before anything is written; the case is known by its issuing agency, its
decision's year and number, so that importing the same register again changes nothing and a
corrected row corrects its case.

The register belongs to one office: the clerk picks it on the upload form among the units
they may import into, and a "Đơn vị" column names the unit holding each case (an agency's
register with its offices, or a case handed over since). The provincial agency of the office
keeping the register issues the decisions (DESIGN §4): a case a merged agency accepted keeps
that agency's number when its register is imported again, wherever the case is held now. A
new case is held by that agency or one of its offices, which existed on its acceptance day.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import enforcement.imports.register_columns as col
from enforcement import services
from enforcement.imports.common import enforcement_units, load_issued_cases, receiving_units
from enforcement.imports.register_grounds import chosen_grounds, ground_fields
from enforcement.imports.register_preview import preview_cells
from enforcement.imports.register_rows import Catalogues, court_lookup, read_row
from enforcement.imports.register_signature import entry_signature, stored_signatures
from enforcement.imports.statuses import ground_lookup
from enforcement.models import EnforcementCase, LegalGround
from enforcement.services.obligation_rules import MAX_CASE_MONEY
from enforcement.services.register import RegisterEntry, register_later_steps
from organizations.audit import change_reason
from organizations.formatting import format_money
from organizations.imports.specs import (
    Column,
    ImportContext,
    ImportSpec,
    RowError,
    register,
    row_error,
)
from organizations.imports.units import find_unit, unit_codes
from organizations.imports.values import clean_text
from organizations.models import ImportJob, Unit
from organizations.selectors import agency_id_of, unit_parents


def _written(value: object) -> object:
    # The cell as the clerk wrote it: read whole by the row's reader, not column by column.
    return clean_text(value) if isinstance(value, str) else value


class RegisterOptionsForm(forms.Form):
    """What the clerk picks beside a register: its office, and the grounds it leaves unwritten.

    The office is used when the file has no "Đơn vị" column; each status column's ground
    (``register_grounds``) by its decisions written without one.
    """

    unit = forms.ChoiceField(
        label=gettext_lazy("Office keeping the register"),
        required=False,
        help_text=gettext_lazy(
            "The provincial agency or regional office whose register this is; used when the "
            "file has no column “Đơn vị”."
        ),
    )

    def __init__(
        self,
        *args: object,
        units: Iterable[Unit],
        grounds: Mapping[str, LegalGround],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(ground_fields(grounds))
        units = sorted(units, key=lambda unit: unit.code)
        self.fields["unit"].choices = [
            ("", "—"),
            *((u.code, f"{u.code} — {u.name}") for u in units),
        ]
        if len(units) == 1:
            self.fields["unit"].initial = units[0].code


@register
class RegisterImport(ImportSpec):
    """An office's intake register: new cases, and corrections of the cases it holds."""

    key = "enforcement.register"
    title = gettext_lazy("Intake register")
    model = EnforcementCase
    permissions = (
        "enforcement.add_enforcementcase",
        "enforcement.change_enforcementcase",
        "enforcement.change_case_status",
    )
    key_columns = ("_agency", "_year", "_number")
    columns = [
        Column(
            column.key,
            column.header,
            _written,
            required=column.required,
            help=column.help,
            example=column.example,
            aliases=column.aliases,
        )
        for column in col.REGISTER_COLUMNS
    ]
    # A row is compared whole: its case's facts, parties, judgments, obligations, decisions.
    compared_columns = ("_signature",)
    # Under the state's title block (the agency beside the national motto, the register's
    # name, blank rows), found by the register's own column names.
    header_search_rows = 15

    def header_key(self, header: object) -> str:
        return col.header_key(header)

    def options_form(
        self, *, user: AbstractBaseUser, data: Mapping[str, object] | None = None
    ) -> RegisterOptionsForm:
        return RegisterOptionsForm(data, units=self._units(user).values(), grounds=ground_lookup())

    def _units(self, user: AbstractBaseUser) -> dict[str, Unit]:
        units = enforcement_units(self.writable(Unit.objects.all(), user))
        return {unit.code: unit for unit in units.values()}

    def prepare(self, *, user: AbstractBaseUser) -> ImportContext:
        units = self.writable(Unit.objects.all(), user)
        receivers = receiving_units()
        return ImportContext(
            user=user,
            lookups={
                "units": enforcement_units(units),
                "agencies": receivers,
                "tree": unit_parents(),
                "unit_by_id": Unit.objects.in_bulk(),
                "catalogues": Catalogues(
                    courts=court_lookup(),
                    grounds=ground_lookup(),
                    receivers=receivers,
                    find_unit=find_unit,
                ),
                "today": timezone.localdate(),
            },
        )

    def natural_key(self, values: dict[str, object]) -> tuple:
        return (values["_agency"], values["_year"], values["_number"])

    def clean(self, *, values: dict[str, object], context: ImportContext) -> dict[str, object]:
        unit = self._office(values, context)
        lookups = context.lookups
        # The decisions are the agency's that keeps the register: a case it accepted and
        # handed over to another agency's office in the 2025 reorganisation keeps its number.
        keeper = find_unit(context.options.get("unit") or "", lookups["units"]) or unit
        agency = lookups["unit_by_id"][agency_id_of(keeper.pk, lookups["tree"])]
        row = read_row(
            values,
            agency=agency,
            catalogues=lookups["catalogues"],
            today=lookups["today"],
            chosen=chosen_grounds(context.options),
        )
        entry = RegisterEntry(
            unit=unit,
            issuing_agency=agency,
            decision_number=row.decision.number,
            decision_date=row.decision.date,
            accepted_on=row.accepted_on,
            judgment=row.judgment_text,
            judgment_kind=row.judgment_kind,
            initiation=row.initiation,
            notes=row.notes,
            parties=row.parties,
            judgments=row.judgments,
            obligations=row.obligations,
            steps=row.steps,
            received_from=received.sender if (received := row.received) else None,
            received_decision_number=received.number if received else "",
            received_decision_date=received.on if received else None,
        )
        self._check_obligations(entry)
        self._check_received(entry, lookups)
        values["_entry"] = entry
        values["_agency"] = agency.code
        values["_year"] = str(row.decision.date.year)
        values["_number"] = row.decision.number
        values["_signature"] = entry_signature(entry)
        # Built only for the rows the page shows (``preview_row``).
        values["_preview"] = functools.partial(preview_cells, dict(values), row, entry, context)
        return values

    @staticmethod
    def _check_obligations(entry: RegisterEntry) -> None:
        for obligation in entry.obligations:
            try:
                services.obligation_check(obligation.record())
            except ValidationError as error:
                raise row_error(error, default=col.DECISION) from None
        if entry.amount_due > MAX_CASE_MONEY:
            raise RowError(
                col.DECISION,
                _("The money obligations of a case add up to at most %(amount)s VND.")
                % {"amount": format_money(MAX_CASE_MONEY)},
            )

    @staticmethod
    def _check_received(entry: RegisterEntry, lookups: dict[str, object]) -> None:
        try:
            services.received_entrustment_check(
                unit=entry.unit,
                issuing_agency=entry.issuing_agency,
                accepted_on=entry.accepted_on,
                received_from=entry.received_from,
                decision_number=entry.received_decision_number,
                decision_date=entry.received_decision_date,
                tree=lookups["tree"],
            )
        except ValidationError as error:
            raise row_error(error, default=col.ENTRUSTED_IN) from None

    def _office(self, values: dict[str, object], context: ImportContext) -> Unit:
        named = values.get(col.UNIT)
        if named in (None, ""):
            named = context.options.get("unit")
        units = context.lookups["units"]
        if named in (None, ""):
            if len(set(units.values())) == 1:
                return next(iter(units.values()))
            raise RowError(
                col.UNIT,
                _(
                    "Pick the office keeping the register on the upload form, or add a column "
                    "“Đơn vị”."
                ),
            )
        unit = find_unit(named, units)
        if unit is None:
            raise RowError(
                col.UNIT, _("No such enforcement unit among yours."), allowed=unit_codes(context)
            )
        return unit

    def preview_row(self, values: Mapping[str, object]) -> dict[str, object] | None:
        return values["_preview"]()

    def load_existing(self, *, context: ImportContext, keys: Iterable[tuple]) -> None:
        load_issued_cases(context, keys, ("unit__code",))
        ids = [stored["pk"] for stored in context.existing.values()]
        signatures = stored_signatures(ids)
        for stored in context.existing.values():
            stored["_signature"] = signatures[stored["pk"]]
            stored["unit"] = stored.pop("unit__code")

    def check_new(self, *, values: Mapping[str, object], context: ImportContext) -> None:
        # A stored case keeps the office that holds it now: one handed over in the 2025
        # reorganisation was accepted before its office existed.
        entry: RegisterEntry = values["_entry"]
        if not entry.unit.is_active_on(entry.accepted_on):
            raise RowError(col.UNIT, _("The unit did not exist on the accepted date."))
        lookups = context.lookups
        if agency_id_of(entry.unit.pk, lookups["tree"]) != entry.issuing_agency.pk:
            raise RowError(
                col.UNIT,
                _(
                    "A new case is handled by %(agency)s or one of its offices, whose register "
                    "it is."
                )
                % {"agency": entry.issuing_agency},
            )

    def check_change(
        self, *, values: dict[str, object], stored: dict[str, object], context: ImportContext
    ) -> None:
        entry: RegisterEntry = values["_entry"]
        if stored["unit"] != entry.unit.code:
            raise RowError(
                col.UNIT,
                _(
                    "The agency's decision with this number and year is stored, handled by "
                    "%(unit)s: a case moves to another office through its correction, not a "
                    "file."
                )
                % {"unit": stored["unit"]},
            )
        case = EnforcementCase.objects.get(pk=stored["pk"])
        try:
            register_later_steps(case=case, steps=entry.steps)
        except ValidationError as error:
            filled = [c.header for c in col.REGISTER_COLUMNS if c.key in col.STATUS_KEYS]
            raise RowError(" / ".join(filled), " ".join(error.messages)) from None

    def lock(self, *, rows: list[dict[str, object]], context: ImportContext) -> None:
        entries = [row["_entry"] for row in rows]
        services.lock_units(
            {entry.unit.pk for entry in entries} | {entry.issuing_agency.pk for entry in entries}
        )

    def apply(
        self,
        *,
        new: list[dict[str, object]],
        changed: list[dict[str, object]],
        context: ImportContext,
        job: ImportJob,
    ) -> None:
        user = job.uploaded_by if job is not None else context.user
        reason = change_reason(job) if job is not None else ""
        for row in new:
            entry = row["_entry"]
            with _naming(entry):
                services.case_open_from_register(user=user, entry=entry, reason=reason)
        for row in changed:
            entry = row["_entry"]
            case = EnforcementCase.objects.get(pk=row["_existing"]["pk"])
            with _naming(entry):
                services.case_correct_from_register(
                    user=user, case=case, entry=entry, reason=reason
                )


class _naming:  # noqa: N801 - a context manager read as a clause
    """Name the row's decision in a refusal a service makes while writing."""

    def __init__(self, entry: RegisterEntry) -> None:
        self.entry = entry

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, error: BaseException | None, trace: object) -> None:
        if isinstance(error, ValidationError):
            raise ValidationError(
                _("Decision %(number)s: %(problem)s")
                % {"number": self.entry.decision_number, "problem": " ".join(error.messages)}
            ) from error
