"""Units: their shape, bulk saves from the units file, and their dated names."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.formatting import paper_date
from organizations.models import (
    Locality,
    Unit,
    UnitVersion,
)
from organizations.scoping import forget_unit_scope, has_unit_permission
from organizations.selectors import UNIT_PERMISSIONS, may_shape_every_unit


def unit_shape_check(
    *, user: AbstractBaseUser, kind: str, parent: Unit | None, unit: Unit | None = None
) -> None:
    """Refuse a unit's kind or place in the tree that would reach beyond the user's units.

    A membership in a ministry-level unit covers every unit, and a unit's parent decides
    whose units it is: an administrator of a city's units keeps what they add or change
    under those units, and never makes one a ministry.
    """
    errors: dict[str, str] = {}
    if unit is not None and unit.pk is not None and parent is not None:
        ancestor: Unit | None = parent
        seen: set[int] = set()
        while ancestor is not None and ancestor.pk not in seen:
            if ancestor.pk == unit.pk:
                raise ValidationError(
                    {"parent": _("A unit cannot be placed under itself or one of its own units.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
    if may_shape_every_unit(user):
        return
    if kind == Unit.Kind.MINISTRY:
        errors["kind"] = _("Only an administrator at the ministry may make a unit a ministry.")
    moved = unit is None or unit.pk is None or unit.parent_id != (parent.pk if parent else None)
    permission = (
        "organizations.add_unit" if unit is None or unit.pk is None else UNIT_PERMISSIONS[1]
    )
    if moved and (parent is None or not has_unit_permission(user, permission, parent.pk)):
        errors["parent"] = _("Place the unit under one of your units.")
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class UnitDetails:
    """A unit as a units file states it: other units and the locality named by their codes."""

    code: str
    name: str
    short_name: str
    kind: str
    locality_code: str | None
    parent_code: str | None
    successor_code: str | None
    valid_from: datetime.date
    valid_to: datetime.date | None


@transaction.atomic
def unit_bulk_save(*, user: AbstractBaseUser, units: Sequence[UnitDetails], reason: str) -> None:
    """Create or correct units in the given order, each with its history row.

    Units files are short and a parent may be a unit of an earlier row, so the units are saved
    one by one; the import has already checked that each stays within the user's units.
    """
    if not all(user.has_perm(permission) for permission in UNIT_PERMISSIONS):
        raise PermissionDenied(_("Your role does not allow this change."))
    localities = {code: pk for pk, code in Locality.objects.values_list("pk", "code")}
    for details in units:
        unit = Unit.objects.filter(code=details.code).first() or Unit(code=details.code)
        unit.name = details.name
        unit.short_name = details.short_name
        unit.kind = details.kind
        unit.locality_id = localities.get(details.locality_code) if details.locality_code else None
        unit.parent = Unit.objects.get(code=details.parent_code) if details.parent_code else None
        unit.successor = (
            Unit.objects.get(code=details.successor_code) if details.successor_code else None
        )
        unit.valid_from = details.valid_from
        unit.valid_to = details.valid_to
        unit._history_user = user
        unit._change_reason = reason
        unit.full_clean()
        unit.save()
        unit_current_version_correct(unit=unit, user=user)


def _parents_on(day: datetime.date) -> dict[int, int | None]:
    """Return each unit's parent on the day: today's, unless a version says otherwise."""
    parents: dict[int, int | None] = dict(Unit.objects.values_list("id", "parent_id"))
    chosen: dict[int, datetime.date] = {}
    for unit_id, valid_from, parent_id in UnitVersion.objects.filter(
        valid_from__lte=day
    ).values_list("unit_id", "valid_from", "parent_id"):
        if unit_id not in chosen or valid_from > chosen[unit_id]:
            chosen[unit_id] = valid_from
            parents[unit_id] = parent_id
    return parents


def _trees_from(*, unit: Unit, on: datetime.date, parent: Unit) -> Iterable[dict[int, int | None]]:
    """Yield the unit tree of every day from ``on`` on that a version changes, as it would be.

    The new version holds until the unit's own next version; another unit's version dated
    later (moved under this one next month) must not close a loop with it then.
    """
    own_next = (
        UnitVersion.objects.filter(unit=unit, valid_from__gt=on)
        .order_by("valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    later = UnitVersion.objects.filter(valid_from__gt=on)
    if own_next is not None:
        later = later.filter(valid_from__lt=own_next)
    days = {on, max(on, timezone.localdate()), *later.values_list("valid_from", flat=True)}
    for day in sorted(days):
        if own_next is not None and day >= own_next:
            continue
        parents = _parents_on(day)
        parents[unit.pk] = parent.pk
        yield parents


def _climbs_to(parents: dict[int, int | None], start: int | None, target: int) -> bool:
    seen: set[int] = set()
    current = start
    while current is not None and current not in seen:
        if current == target:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def unit_version_check(
    *,
    user: AbstractBaseUser,
    unit: Unit,
    on: datetime.date | None,
    name: str,
    kind: str,
    parent: Unit | None,
) -> None:
    """Refuse a dated name, kind or parent that cannot be: raise the form's errors."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the unit's name.")
    if kind not in Unit.Kind.values:
        errors["kind"] = _("Choose the kind of unit.")
    if on is None:
        errors["valid_from"] = _("Give the date from which the name applies.")
    elif on < unit.valid_from:
        errors["valid_from"] = _(
            "The unit exists from %(date)s: its name cannot change before that."
        ) % {"date": paper_date(unit.valid_from)}
    elif unit.valid_to is not None and on > unit.valid_to:
        errors["valid_from"] = _(
            "The unit ended on %(date)s: its name cannot change after that."
        ) % {"date": paper_date(unit.valid_to)}
    elif UnitVersion.objects.filter(unit=unit, valid_from=on).exists():
        errors["valid_from"] = _("The unit already has a version from this date.")
    if parent is not None and on is not None:
        placed_under_itself = parent.pk == unit.pk or any(
            _climbs_to(parents, parent.pk, unit.pk)
            for parents in _trees_from(unit=unit, on=on, parent=parent)
        )
        if placed_under_itself:
            errors["parent"] = _("A unit cannot be placed under itself or one of its own units.")
    if errors:
        raise ValidationError(errors)
    unit_shape_check(user=user, kind=kind, parent=parent, unit=unit)


def _version_of(unit: Unit, *, valid_from: datetime.date) -> UnitVersion:
    return UnitVersion(
        unit=unit,
        valid_from=valid_from,
        name=unit.name,
        short_name=unit.short_name,
        kind=unit.kind,
        parent_id=unit.parent_id,
    )


@transaction.atomic
def unit_rename(
    *,
    unit: Unit,
    on: datetime.date,
    name: str,
    short_name: str = "",
    kind: str,
    parent: Unit | None,
    decision: str = "",
    user: AbstractBaseUser,
) -> UnitVersion:
    """Give the unit a name, kind and parent from a day on, keeping what it was called before.

    The unit's row keeps today's values: a version dated today or earlier updates it at
    once; a later one waits for ``unit_versions_apply`` on its day.
    """
    if not has_unit_permission(user, "organizations.add_unitversion", unit.pk):
        raise PermissionDenied(_("Your role does not allow this change."))
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    unit_version_check(user=user, unit=unit, on=on, name=name, kind=kind, parent=parent)
    reason = _("renamed from %(date)s") % {"date": paper_date(on)}
    if on > unit.valid_from and not unit.versions.exists():
        # The name it had until now becomes its first dated name, so earlier periods keep it.
        opening = _version_of(unit, valid_from=unit.valid_from)
        opening._history_user = user
        opening._change_reason = reason
        opening.save()
    version = UnitVersion(
        unit=unit,
        valid_from=on,
        name=name.strip(),
        short_name=short_name.strip(),
        kind=kind,
        parent=parent,
        decision=decision.strip(),
    )
    version._history_user = user
    version._change_reason = reason
    version.full_clean()
    version.save()
    _unit_take_version(unit=unit, today=timezone.localdate(), user=user, reason=reason)
    forget_unit_scope(user)
    return version


def _unit_take_version(
    *, unit: Unit, today: datetime.date, user: AbstractBaseUser | None, reason: str
) -> bool:
    """Copy the version in force today onto the unit's row; tell whether it changed."""
    current = unit.versions.filter(valid_from__lte=today).order_by("-valid_from").first()
    if current is None:
        return False
    values = {
        "name": current.name,
        "short_name": current.short_name,
        "kind": current.kind,
        "parent_id": current.parent_id,
    }
    if all(getattr(unit, field) == value for field, value in values.items()):
        return False
    for field, value in values.items():
        setattr(unit, field, value)
    unit._history_user = user
    unit._change_reason = reason
    unit.full_clean()
    unit.save()
    return True


@transaction.atomic
def unit_versions_apply(*, today: datetime.date | None = None) -> int:
    """Bring every unit's row to the version in force today; return how many changed.

    A renaming recorded ahead of its day takes effect here (``manage.py apply_unit_versions``,
    run daily from cron).
    """
    today = today or timezone.localdate()
    changed = 0
    due = UnitVersion.objects.filter(valid_from__lte=today).values("unit_id").distinct()
    for unit in Unit.objects.select_for_update().filter(pk__in=due).order_by("pk"):
        reason = _("renamed from %(date)s") % {"date": paper_date(today)}
        changed += _unit_take_version(unit=unit, today=today, user=None, reason=reason)
    return changed


def unit_current_version_correct(*, unit: Unit, user: AbstractBaseUser) -> None:
    """Carry a correction of the unit's row into the version in force today.

    Editing the unit itself corrects its present name (a typo); a renaming is a new
    version (``unit_rename``). Units without versions have nothing to correct.
    """
    current = unit.versions.filter(valid_from__lte=timezone.localdate()).order_by("-valid_from")
    version = current.first()
    if version is None:
        return
    values = {
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent_id": unit.parent_id,
    }
    if all(getattr(version, field) == value for field, value in values.items()):
        return
    for field, value in values.items():
        setattr(version, field, value)
    version._history_user = user
    version._change_reason = _("corrected with the unit")
    version.save()
