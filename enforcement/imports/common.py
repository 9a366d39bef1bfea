"""What the enforcement files share: column parsers, labels, units and stored cases."""

from __future__ import annotations

import datetime
import functools
import time
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement import services
from enforcement.models import (
    OPEN_STATUSES,
    Eligibility,
    EnforcementCase,
    Initiation,
    JudgmentKind,
    StatisticalYear,
    Status,
)
from enforcement.selectors import ENFORCEMENT_UNIT_KINDS, enforcers_in
from organizations.formatting import short_date
from organizations.imports.specs import ImportContext, Parser, RowError
from organizations.imports.units import find_unit, unit_lookup
from organizations.imports.values import (
    CellError,
    choice_lookup,
    clean_text,
    fold,
    fold_cell,
    parse_choice,
    parse_date,
)
from organizations.models import Unit, UnitVersion


def past_date(value: object) -> datetime.date | None:
    """Read a date that has already happened."""
    day = parse_date(value)
    if day is not None and day > _today(int(time.time() // 60)):
        raise CellError(_("The date is in the future."))
    return day


@functools.lru_cache(maxsize=2)
def _today(minute: int) -> datetime.date:
    # Asked once per minute, not once per cell.
    return timezone.localdate()


def _lookup(choices: list[tuple[str, object]], aliases: dict[str, str]) -> dict[str, str]:
    lookup = choice_lookup(choices)
    lookup.update({fold(alias): code for alias, code in aliases.items()})
    return lookup


# The labels of the sector's case file, besides each choice's own labels.
STATUS_LOOKUP = _lookup(
    Status.choices,
    {
        "Đang thi hành": Status.IN_PROGRESS,
        "Hoãn": Status.POSTPONED,
        "Tạm đình chỉ": Status.SUSPENDED,
        "Thi hành xong": Status.COMPLETED,
        "Đình chỉ": Status.TERMINATED,
        "Ủy thác": Status.ENTRUSTED,
        "Uỷ thác": Status.ENTRUSTED,
        "Thu hồi": Status.WITHDRAWN,
        "Hủy quyết định": Status.WITHDRAWN,
    },
)
ELIGIBILITY_LOOKUP = _lookup(
    Eligibility.choices,
    {
        "Có điều kiện": Eligibility.ELIGIBLE,
        "Chưa có điều kiện": Eligibility.NOT_ELIGIBLE,
        "Có điều kiện thi hành": Eligibility.ELIGIBLE,
        "Chưa có điều kiện thi hành": Eligibility.NOT_ELIGIBLE,
    },
)
KIND_LOOKUP = _lookup(
    JudgmentKind.choices,
    {
        "Hôn nhân gia đình": JudgmentKind.MARRIAGE_FAMILY,
        "Kinh doanh, thương mại": JudgmentKind.BUSINESS_COMMERCIAL,
    },
)
INITIATION_LOOKUP = _lookup(
    Initiation.choices, {"Chủ động": Initiation.PROACTIVE, "Theo yêu cầu": Initiation.ON_REQUEST}
)

STATUS_LABELS = (
    "Đang thi hành",
    "Hoãn",
    "Tạm đình chỉ",
    "Thi hành xong",
    "Đình chỉ",
    "Ủy thác",
    "Thu hồi",
)
ELIGIBILITY_LABELS = ("Có điều kiện", "Chưa có điều kiện")
KIND_LABELS = (
    "Dân sự",
    "Hình sự",
    "Hành chính",
    "Hôn nhân và gia đình",
    "Kinh doanh thương mại",
    "Lao động",
    "Phá sản",
    "Trọng tài",
    "Khác",
)
INITIATION_LABELS = ("Chủ động", "Theo yêu cầu")
# The same labels by code, for exports that must read back unchanged.
STATUS_LABEL_OF = {code: label for label in STATUS_LABELS for code in [STATUS_LOOKUP[fold(label)]]}
ELIGIBILITY_LABEL_OF = {ELIGIBILITY_LOOKUP[fold(label)]: label for label in ELIGIBILITY_LABELS}
KIND_LABEL_OF = {KIND_LOOKUP[fold(label)]: label for label in KIND_LABELS}
INITIATION_LABEL_OF = {INITIATION_LOOKUP[fold(label)]: label for label in INITIATION_LABELS}


# The columns of the fields that the rules of every case (case_rules_check) refuse.
RULE_COLUMNS = {
    name: name
    for name in ("amount_recovered", "amount_reduced", "closed_on", "entrusted_to", "accepted_on")
}


# Marks a stored case whose unit holds another open case with the same number.
AMBIGUOUS_NUMBER = "_ambiguous_number"
# An enforcer's name that more than one enforcer of the unit bears.
AMBIGUOUS = object()


def enforcer_lookup(unit: Unit) -> dict[str, object]:
    """Map the folded staff codes and exact (NFC) full names of a unit's enforcers to their ids.

    A name two enforcers share maps to ``AMBIGUOUS``: only their staff codes tell them apart.
    """
    lookup: dict[str, object] = {}
    names: dict[str, object] = {}
    for person in enforcers_in({unit.pk}):
        name = clean_text(person.full_name)
        names[name] = AMBIGUOUS if name in names else person.pk
        lookup[fold(person.staff_code)] = person.pk
    return {**names, **lookup}


def find_enforcer(value: object, lookup: dict[str, object]) -> object:
    """Return the id of the enforcer written as staff code or exact name, AMBIGUOUS, or None."""
    text = clean_text(value)
    found = lookup.get(fold_cell(text))
    return found if found is not None else lookup.get(text)


def choice(lookup: dict[str, str]) -> Parser:
    """Return a parser of the labels (or codes) of a lookup."""
    return lambda value: parse_choice(value, lookup)


def enforcement_units(units: QuerySet[Unit]) -> dict[str, Unit]:
    """Return the lookup of the enforcement units among these."""
    return unit_lookup(units.filter(kind__in=ENFORCEMENT_UNIT_KINDS))


def receiving_units() -> dict[str, Unit]:
    """Return the lookup of the units a case may be entrusted to, by code, name and the
    names they bore before (a register of 2024 writes "Cục Thi hành án dân sự thành phố Cần
    Thơ", the agency's name before the 2025 reorganisation)."""
    # Any enforcement unit of the country, not only the user's.
    units = Unit.objects.filter(kind__in=ENFORCEMENT_UNIT_KINDS)
    lookup = unit_lookup(units)
    by_pk = {unit.pk: unit for unit in lookup.values()}
    for unit_id, name in UnitVersion.objects.filter(unit__in=units).values_list("unit_id", "name"):
        # A name a unit bears today is never taken by a name another unit bore before.
        lookup.setdefault(clean_text(name), by_pk[unit_id])
    return lookup


def closed_year_numbers() -> set[int]:
    """Return the closed statistical years, as numbers."""
    return set(
        StatisticalYear.objects.filter(state=StatisticalYear.State.CLOSED).values_list(
            "year", flat=True
        )
    )


def load_cases(context: ImportContext, keys: Iterable[tuple], columns: tuple[str, ...]) -> None:
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
                _keep_open_one(context.existing, (unit_code, number), stored)


def _keep_open_one(existing: dict[tuple, dict], key: tuple, stored: dict[str, object]) -> None:
    """Keep the case of a (unit, number) key; of two (numbers restart every year), the open one.

    Two open cases of the unit with one number cannot be told apart by the file: the key is
    marked, and ``check_change`` of the status file refuses its row.
    """
    previous = existing.get(key)
    if previous is None:
        existing[key] = stored
        return
    previous_open = previous.get("status") in OPEN_STATUSES
    now_open = stored.get("status") in OPEN_STATUSES
    if previous_open and now_open:
        previous[AMBIGUOUS_NUMBER] = True
    elif now_open:
        existing[key] = stored


def load_issued_cases(
    context: ImportContext, keys: Iterable[tuple], columns: tuple[str, ...]
) -> None:
    """Fill ``context.existing`` with the stored cases of (agency code, year, number) keys.

    Every stored case of the agency's year is matched, whichever office handles it, so that
    a number the agency already gave is never written twice.
    """
    numbers_by_year: dict[tuple[str, str], set[str]] = {}
    for agency_code, year, number in keys:
        numbers_by_year.setdefault((agency_code, year), set()).add(number)
    agencies = {unit.code: unit for unit in context.lookups["agencies"].values()}
    for (agency_code, year), numbers in numbers_by_year.items():
        # One pass over the year's numbers (the unique index), then details of the matches.
        stored_ids = [
            pk
            for pk, number in EnforcementCase.objects.filter(
                issuing_agency=agencies[agency_code], decision_year=int(year)
            )
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
                context.existing[(agency_code, year, number)] = stored


def reassigned_in_agency(
    unit: Unit, receiver: Unit, values: dict[str, object], context: ImportContext
) -> bool:
    """Tell whether a row "entrusted" to the receiver is a reassignment within the agency.

    The rule is the service's (``services.is_reassignment``): from 1 July 2025 a case
    passed to another office of its agency stays open, handled by that office from the
    day on. The case is then stored open in the row's office and handed over through
    ``case_reassign_office`` once written, as a clerk would on the case.
    """
    on = values["closed_on"]
    if on is None:
        return False
    # No query here: on PostgreSQL the file's cases are streaming to the database.
    known = context.lookups.setdefault("reassignments", {})
    pair = (unit.pk, receiver.pk, on)
    if pair not in known:
        known[pair] = services.is_reassignment(
            unit, receiver, on, context.lookups["placements"].kind_and_parent
        )
    if not known[pair]:
        return False
    if find_unit(receiver.code, context.lookups["units"]) is None:
        raise RowError(
            "entrusted_to",
            _(
                "%(unit)s is an office of the same agency: from 1 July 2025 the case is "
                "reassigned to it, not entrusted, and the office must be one of your units."
            )
            % {"unit": receiver},
        )
    if not receiver.is_active_on(on):
        raise RowError(
            "entrusted_to",
            _("%(unit)s does not exist on %(date)s.") % {"unit": receiver, "date": short_date(on)},
        )
    return True
