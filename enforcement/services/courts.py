"""The court catalogue, loaded from the CSV file shipped with the project.

``enforcement/reference/courts.csv`` lists the courts whose judgments cases enforce, with its
sources (Nghị quyết 81/2025/UBTVQH15 for the regional courts). Courts are matched by code, so
that loading again changes nothing; every row is checked first and one bad row refuses the
whole load.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enforcement.models import Court
from organizations.services.reference import read_reference_csv

COURTS_CSV = Path(__file__).resolve().parent.parent / "reference" / "courts.csv"
COURT_COLUMNS = ("code", "name", "short_name", "kind", "province", "valid_from", "valid_to")
UPDATED_FIELDS = ("name", "short_name", "kind", "province", "valid_from", "valid_to")


@dataclass
class CourtsLoad:
    """What a load did: the codes it created and updated."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0


def _day(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _row_problems(values: dict[str, str], seen: set[str]) -> list[str]:
    problems = []
    code = values["code"]
    if not code:
        problems.append(_("the code is empty."))
    elif code in seen:
        problems.append(_("the code appears twice in the file."))
    elif len(code) > Court._meta.get_field("code").max_length:
        problems.append(_("the code is too long."))
    seen.add(code)
    if not values["name"]:
        problems.append(_("the name is empty."))
    if values["kind"] not in Court.Kind.values:
        problems.append(
            _("the court kind is not one of %(kinds)s.") % {"kinds": ", ".join(Court.Kind.values)}
        )
    try:
        first, last = _day(values["valid_from"]), _day(values["valid_to"])
    except ValueError:
        problems.append(_("valid_from and valid_to are dates written as YYYY-MM-DD, or empty."))
    else:
        if first is not None and last is not None and last < first:
            problems.append(_("valid_to is before valid_from."))
    return problems


def courts_load(*, text: str, source: str) -> CourtsLoad:
    """Create or update the courts of the file by code; refuse every bad row, writing nothing."""
    rows = read_reference_csv(text, COURT_COLUMNS, source)
    errors: list[str] = []
    seen: set[str] = set()
    for row in rows:
        errors += [
            _("%(file)s, line %(line)s (%(code)s): %(message)s")
            % {
                "file": source,
                "line": row.line,
                "code": row.values["code"] or "–",
                "message": problem,
            }
            for problem in _row_problems(row.values, seen)
        ]
    if errors:
        raise ValidationError(errors)
    load = CourtsLoad()
    stored = {court.code: court for court in Court.objects.all()}
    with transaction.atomic():
        for row in rows:
            values = row.values
            wanted = {
                "name": values["name"],
                "short_name": values["short_name"],
                "kind": values["kind"],
                "province": values["province"],
                "valid_from": _day(values["valid_from"]),
                "valid_to": _day(values["valid_to"]),
            }
            court = stored.get(values["code"])
            if court is None:
                Court.objects.create(code=values["code"], **wanted)
                load.created.append(values["code"])
                continue
            changed = [name for name in UPDATED_FIELDS if getattr(court, name) != wanted[name]]
            if not changed:
                load.unchanged += 1
                continue
            for name in changed:
                setattr(court, name, wanted[name])
            court.save(update_fields=changed)
            load.updated.append(values["code"])
    return load
