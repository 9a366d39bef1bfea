"""Reads of organizations: what a user may do across the whole sector."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.base import ModelState
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.dashboard import TOP_ITEMS, DashboardBlock, DashboardItem
from organizations.formatting import short_datetime
from organizations.models import ImportJob, Notification, Person, Posting, Unit, UnitVersion
from organizations.scoping import unit_scope_ids

# Adding and changing units: held everywhere, they shape the whole tree.
UNIT_PERMISSIONS = ("organizations.add_unit", "organizations.change_unit")


def may_shape_every_unit(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Tell whether the user adds and changes every unit (an administrator at the ministry)."""
    return all(
        user.is_active and user.has_perm(permission) and unit_scope_ids(user, permission) is None
        for permission in UNIT_PERMISSIONS
    )


def may_link_accounts(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Tell whether the user may link staff records to user accounts (administrators only).

    Accounts are the whole sector's: only an administrator whose membership covers every
    unit links them, not the administrator of one city's units.
    """
    permission = "auth.change_user"
    return bool(user.is_active and user.has_perm(permission)) and (
        unit_scope_ids(user, permission) is None
    )


def unit_role_holders(*, role: str, unit_id: int) -> QuerySet[AbstractBaseUser]:
    """Return the active users holding the role in the unit or in a unit above it.

    A membership covers its unit's descendants, so these are the users whose role reaches
    the unit: the reviewers at the ministry for a city's nomination, its own officers.
    """
    parents = dict(Unit.objects.values_list("id", "parent_id"))
    above: list[int] = []
    current: int | None = unit_id
    while current is not None and current not in above:
        above.append(current)
        current = parents.get(current)
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__role=role, memberships__unit_id__in=above)
        .distinct()
        .order_by("pk")
    )


def unread_notification_count(user: AbstractBaseUser | AnonymousUser) -> int:
    """Count the user's unread notifications, for the header's badge (one query)."""
    return Notification.objects.for_user(user).unread().count()


def imports_waiting_block(user: AbstractBaseUser) -> list[DashboardBlock]:
    """Return the user's checked files that wait for them to apply them (none: no block)."""
    waiting = ImportJob.objects.filter(uploaded_by=user, status=ImportJob.Status.VALID).order_by(
        "created_at", "pk"
    )
    jobs = list(waiting[: TOP_ITEMS + 1])
    if not jobs:
        return []
    count = len(jobs) if len(jobs) <= TOP_ITEMS else waiting.count()
    return [
        DashboardBlock(
            key="imports_waiting",
            title=gettext_lazy("Imports waiting for your confirmation"),
            count=count,
            url=reverse("admin:organizations_importjob_changelist")
            + f"?status__exact={ImportJob.Status.VALID}",
            items=[
                DashboardItem(
                    label=job.original_name,
                    url=reverse("admin:organizations_importjob_progress", args=[job.pk]),
                    note=_("checked {time}: {new} new, {updated} changed").format(
                        time=short_datetime(job.created_at), new=job.new, updated=job.updated
                    ),
                )
                for job in jobs[:TOP_ITEMS]
            ],
            urgent=True,
        )
    ]


def unit_versions_on(units: Iterable[Unit], day: datetime.date) -> dict[int, UnitVersion]:
    """Return each unit's dated version in force on the day, in one query.

    A unit without any version answers nothing (its row is its only name); a day before
    a unit's first version answers that first version, the oldest name on record.
    """
    ids = {unit.pk for unit in units}
    found: dict[int, UnitVersion] = {}
    # Versions are few per unit (a rename every few years): read them all and pick in Python.
    for version in UnitVersion.objects.filter(unit_id__in=ids).order_by("unit_id", "valid_from"):
        if version.unit_id not in found or version.valid_from <= day:
            found[version.unit_id] = version
    return found


def unit_names_on(units: Iterable[Unit], day: datetime.date) -> dict[int, str]:
    """Return each unit's official name valid on the day, in one query."""
    units = list(units)
    versions = unit_versions_on(units, day)
    return {unit.pk: versions[unit.pk].name if unit.pk in versions else unit.name for unit in units}


def unit_name_on(unit: Unit, day: datetime.date) -> str:
    """Return the unit's official name valid on the day."""
    return unit_names_on([unit], day)[unit.pk]


def units_as_on(units: Iterable[Unit], day: datetime.date) -> dict[int, Unit]:
    """Return a copy of each unit showing its name, short name, kind and parent on the day.

    The copies are for display (tables, headers, documents of a past period): every
    helper that names a unit (``display_name``, ``short_unit_name``) reads them as it
    reads today's unit. They are never saved.
    """
    units = list(units)
    versions = unit_versions_on(units, day)
    dated: dict[int, Unit] = {}
    for unit in units:
        version = versions.get(unit.pk)
        if version is None:
            dated[unit.pk] = unit
            continue
        shown = copy.copy(unit)
        # A fresh state: the cached parent is today's, not the day's.
        shown._state = ModelState()
        shown._state.adding = False
        shown._state.db = unit._state.db
        shown.name = version.name
        shown.short_name = version.short_name
        shown.kind = version.kind
        shown.parent_id = version.parent_id
        dated[unit.pk] = shown
    return dated


class UnitPlacements:
    """Every unit's dated kind and parent, read in one query (for files checked row by row).

    Picks the version in force on a day as ``unit_versions_on`` does; a file's rows are
    checked while its cases stream to the database, when no other query may run.
    """

    def __init__(self) -> None:
        self._versions: dict[int, list[tuple[datetime.date, str, int | None]]] = {}
        for unit_id, valid_from, kind, parent_id in UnitVersion.objects.order_by(
            "unit_id", "valid_from"
        ).values_list("unit_id", "valid_from", "kind", "parent_id"):
            self._versions.setdefault(unit_id, []).append((valid_from, kind, parent_id))

    def kind_and_parent(self, unit: Unit, day: datetime.date) -> tuple[str, int | None]:
        """Return the unit's kind and parent id on the day."""
        placed = None
        for valid_from, kind, parent_id in self._versions.get(unit.pk, ()):
            if placed is None or valid_from <= day:
                placed = (kind, parent_id)
        return placed or (unit.kind, unit.parent_id)


def unit_kind_and_parent(unit: Unit, day: datetime.date) -> tuple[str, int | None]:
    """Return the unit's kind and parent id on the day (one query)."""
    dated = unit_as_on(unit, day)
    return dated.kind, dated.parent_id


def unit_as_on(unit: Unit, day: datetime.date) -> Unit:
    """Return a copy of the unit as it was named and placed on the day (see ``units_as_on``)."""
    return units_as_on([unit], day)[unit.pk]


def unit_members_during(
    unit: Unit | int, start: datetime.date, end: datetime.date
) -> QuerySet[Person]:
    """Return the people who belonged to the unit at some time between start and end.

    Postings tell who was where; a person without any posting on record counts in the
    unit they are in today.
    """
    unit_id = unit if isinstance(unit, int) else unit.pk
    posted = Posting.objects.filter(unit_id=unit_id).overlapping(start, end)
    unposted = Q(unit_id=unit_id) & ~Exists(Posting.objects.filter(person=OuterRef("pk")))
    return Person.objects.filter(Q(pk__in=posted.values("person_id")) | unposted)


def unit_parents() -> dict[int, tuple[str, int | None]]:
    """Return every unit's kind and parent id (the tree is small: hundreds of rows)."""
    return {
        pk: (kind, parent_id)
        for pk, kind, parent_id in Unit.objects.values_list("pk", "kind", "parent_id")
    }


def agency_id_of(unit_id: int, tree: dict[int, tuple[str, int | None]] | None = None) -> int:
    """Return the id of the enforcement agency a unit belongs to: itself, or its agency ancestor.

    A unit with no agency above it (a unit outside the enforcement tree) is its own agency.
    """
    tree = unit_parents() if tree is None else tree
    current: int | None = unit_id
    seen: set[int] = set()
    while current is not None and current not in seen:
        kind, parent_id = tree[current]
        if kind == Unit.Kind.ENFORCEMENT_AGENCY:
            return current
        seen.add(current)
        current = parent_id
    return unit_id


def agency_of(unit: Unit) -> Unit:
    """Return the enforcement agency the unit belongs to (itself if it is one)."""
    if unit.kind == Unit.Kind.ENFORCEMENT_AGENCY:
        return unit
    agency_id = agency_id_of(unit.pk)
    return unit if agency_id == unit.pk else Unit.objects.get(pk=agency_id)


def is_unit_within(
    unit_id: int, ancestor_id: int, tree: dict[int, tuple[str, int | None]] | None = None
) -> bool:
    """Tell whether the unit is the ancestor or lies below it in the unit tree."""
    tree = unit_parents() if tree is None else tree
    current: int | None = unit_id
    seen: set[int] = set()
    while current is not None and current not in seen:
        if current == ancestor_id:
            return True
        seen.add(current)
        current = tree[current][1] if current in tree else None
    return False
