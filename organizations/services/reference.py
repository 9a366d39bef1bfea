"""The reference units of the 2025 reorganisation, loaded from the CSV files shipped with the
project (``organizations/reference``): the ministry's Department for the Management of Civil
Judgment Enforcement, the 34 provincial agencies (Nghị quyết 202/2025/QH15) and the regional
offices, one per regional court (Nghị quyết 81/2025/UBTVQH15).

Units are matched by code, so that loading again changes nothing and the demo's cities are
completed, not duplicated. Every row is checked first; one bad row refuses the whole load.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import Locality, Unit

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
AGENCIES_CSV = REFERENCE_DIR / "agencies.csv"
OFFICES_CSV = REFERENCE_DIR / "regional_offices.csv"
AGENCY_COLUMNS = (
    "code",
    "name",
    "short_name",
    "kind",
    "parent",
    "locality",
    "locality_name",
    "locality_kind",
    "valid_from",
)
OFFICE_COLUMNS = ("code", "name", "agency", "court")
# The day the regional offices began (the 2025 reorganisation).
REORGANISED_ON = datetime.date(2025, 7, 1)
# The fields a reference row sets on a unit it finds; its dates and successor stay.
UPDATED_FIELDS = ("name", "short_name", "kind", "parent_id", "locality_id")


@dataclass
class ReferenceLoad:
    """What a load did: the codes it created and updated, per file."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class _Row:
    line: int
    values: dict[str, str]


def read_reference_csv(text: str, columns: tuple[str, ...], source: str) -> list[_Row]:
    """Read the rows of a reference file: comment lines (#) skipped, the header checked."""
    lines = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        raise ValidationError(_("%(file)s has no header row.") % {"file": source})
    reader = csv.reader(io.StringIO("\n".join(line for _number, line in lines)))
    header = [cell.strip() for cell in next(reader)]
    missing = [column for column in columns if column not in header]
    if missing:
        raise ValidationError(
            _("%(file)s lacks the columns: %(columns)s.")
            % {"file": source, "columns": ", ".join(missing)}
        )
    rows = []
    for (number, _line), cells in zip(lines[1:], reader, strict=True):
        cells = [cell.strip() for cell in cells]
        padded = cells + [""] * (len(header) - len(cells))
        rows.append(_Row(number, dict(zip(header, padded, strict=False))))
    return rows


def reference_units_load(
    *, agencies_text: str, offices_text: str, agencies_source: str, offices_source: str
) -> ReferenceLoad:
    """Create or update the reference units by code; refuse every bad row, writing nothing."""
    agencies = read_reference_csv(agencies_text, AGENCY_COLUMNS, agencies_source)
    offices = read_reference_csv(offices_text, OFFICE_COLUMNS, offices_source)
    stored = {unit.code: unit for unit in Unit.objects.all()}
    errors = _check_agencies(agencies, stored, agencies_source)
    agency_codes = {
        row.values["code"] for row in agencies if row.values["kind"] == "enforcement_agency"
    }
    errors += _check_offices(offices, stored, agency_codes, offices_source)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        load = ReferenceLoad()
        for row in agencies:
            _save_agency(row.values, load)
        for row in offices:
            _save_office(row.values, load)
    return load


def _problem(source: str, row: _Row, message: str) -> str:
    return _("%(file)s, line %(line)s (%(code)s): %(message)s") % {
        "file": source,
        "line": row.line,
        "code": row.values.get("code") or "–",
        "message": message,
    }


def _common_problems(row: _Row, seen: set[str]) -> list[str]:
    problems = []
    code, name = row.values.get("code", ""), row.values.get("name", "")
    if not code:
        problems.append(_("the code is empty."))
    elif code in seen:
        problems.append(_("the code appears twice in the file."))
    elif len(code) > Unit._meta.get_field("code").max_length:
        problems.append(_("the code is too long."))
    if not name:
        problems.append(_("the name is empty."))
    seen.add(code)
    return problems


def _check_agencies(rows: list[_Row], stored: dict[str, Unit], source: str) -> list[str]:
    errors: list[str] = []
    seen: set[str] = set()
    kinds = {choice.value for choice in Unit.Kind}
    for row in rows:
        values = row.values
        problems = _common_problems(row, seen)
        if values["kind"] not in kinds:
            problems.append(_("the kind is not one of %(kinds)s.") % {"kinds": ", ".join(kinds)})
        if values["parent"] and values["parent"] not in stored and values["parent"] not in seen:
            problems.append(_("no unit has the parent code %(code)s.") % {"code": values["parent"]})
        if values["locality"] and values["locality_kind"] not in Locality.Kind.values:
            problems.append(_("the locality kind is not province or central_city."))
        try:
            datetime.date.fromisoformat(values["valid_from"])
        except ValueError:
            problems.append(_("valid_from is not a date written as YYYY-MM-DD."))
        found = stored.get(values["code"])
        if found is not None and found.kind != values["kind"]:
            problems.append(
                _("a stored unit has this code but is a %(kind)s.")
                % {"kind": found.get_kind_display()}
            )
        errors += [_problem(source, row, problem) for problem in problems]
    return errors


def _check_offices(
    rows: list[_Row], stored: dict[str, Unit], agency_codes: set[str], source: str
) -> list[str]:
    errors: list[str] = []
    seen: set[str] = set()
    for row in rows:
        values = row.values
        problems = _common_problems(row, seen)
        agency = stored.get(values["agency"])
        if values["agency"] not in agency_codes and (
            agency is None or agency.kind != Unit.Kind.ENFORCEMENT_AGENCY
        ):
            problems.append(
                _("%(code)s is not a civil judgment enforcement agency.")
                % {"code": values["agency"] or "–"}
            )
        if not values["court"]:
            problems.append(_("the regional court it matches is empty."))
        found = stored.get(values["code"])
        if found is not None and found.kind != Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE:
            problems.append(
                _("a stored unit has this code but is a %(kind)s.")
                % {"kind": found.get_kind_display()}
            )
        errors += [_problem(source, row, problem) for problem in problems]
    return errors


def _save_agency(values: dict[str, str], load: ReferenceLoad) -> None:
    locality = None
    if values["locality"]:
        # A locality the demo or an administrator created keeps its name.
        locality, _created = Locality.objects.get_or_create(
            code=values["locality"],
            defaults={"name": values["locality_name"], "kind": values["locality_kind"]},
        )
    _save_unit(
        values["code"],
        {
            "name": values["name"],
            "short_name": values["short_name"],
            "kind": values["kind"],
            "parent_id": Unit.objects.get(code=values["parent"]).pk if values["parent"] else None,
            "locality_id": locality.pk if locality is not None else None,
        },
        datetime.date.fromisoformat(values["valid_from"]),
        load,
    )


def _save_office(values: dict[str, str], load: ReferenceLoad) -> None:
    agency = Unit.objects.get(code=values["agency"])
    _save_unit(
        values["code"],
        {
            "name": values["name"],
            "short_name": "",
            "kind": Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE,
            "parent_id": agency.pk,
            "locality_id": agency.locality_id,
        },
        REORGANISED_ON,
        load,
    )


def _save_unit(
    code: str, fields: dict[str, object], valid_from: datetime.date, load: ReferenceLoad
) -> None:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        unit = Unit(code=code, valid_from=valid_from, **fields)
        unit.full_clean()
        unit.save()
        load.created.append(code)
        return
    if not fields["short_name"]:
        # An office's short name an administrator gave stays.
        fields = {**fields, "short_name": unit.short_name}
    changed = [name for name in UPDATED_FIELDS if getattr(unit, name) != fields[name]]
    if not changed:
        load.unchanged += 1
        return
    for name in changed:
        setattr(unit, name, fields[name])
    unit.full_clean()
    unit.save(update_fields=changed)
    load.updated.append(code)
