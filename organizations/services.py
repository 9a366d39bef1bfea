"""Writes with a rule in organizations: roles as groups, memberships that grant them."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from organizations.formatting import paper_date
from organizations.models import (
    Discipline,
    Locality,
    Membership,
    Notification,
    Person,
    Posting,
    QualityRating,
    Unit,
    UnitVersion,
)
from organizations.roles import ALL_PERMISSIONS, Role
from organizations.scoping import forget_unit_scope, has_unit_permission
from organizations.selectors import UNIT_PERMISSIONS, may_link_accounts, may_shape_every_unit

logger = logging.getLogger(__name__)


def role_permission_codes() -> dict[str, set[str]]:
    """Gather ``app_label.codename`` per role from every app's ``role_permissions``."""
    wanted: dict[str, set[str]] = {role.value: set() for role in Role}
    for config in apps.get_app_configs():
        declared: dict[str, Iterable[str]] = getattr(config, "role_permissions", {})
        for role, codes in declared.items():
            for code in codes:
                if code == ALL_PERMISSIONS:
                    wanted[role].update(
                        f"{config.label}.{codename}"
                        for codename in Permission.objects.filter(
                            content_type__app_label=config.label
                        ).values_list("codename", flat=True)
                    )
                else:
                    wanted[role].add(code if "." in code else f"{config.label}.{code}")
    return wanted


@transaction.atomic
def sync_roles() -> dict[str, int]:
    """Create or update one group per role with exactly its declared permissions.

    Idempotent: run after every migration and by ``manage.py sync_roles``.
    Returns the number of permissions per role.
    """
    # Permissions exist only once their models' content types do.
    ContentType.objects.clear_cache()
    by_code = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    counts: dict[str, int] = {}
    for role, codes in role_permission_codes().items():
        group, _created = Group.objects.get_or_create(name=role)
        permission_ids = [by_code[code] for code in sorted(codes) if code in by_code]
        group.permissions.set(permission_ids)
        counts[role] = len(permission_ids)
    return counts


@transaction.atomic
def membership_grant(*, user: AbstractUser, unit: Unit, role: str) -> Membership:
    """Give the user a role in a unit, and the role's group."""
    membership, _created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    group, _created = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    forget_unit_scope(user)
    return membership


@transaction.atomic
def membership_change(*, membership: Membership, unit: Unit, role: str) -> Membership:
    """Move a membership to another unit or role, keeping groups in step."""
    user = membership.user
    old_role = membership.role
    membership.unit = unit
    membership.role = role
    membership.full_clean()
    membership.save()
    _drop_group_if_unused(user=user, role=old_role)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    forget_unit_scope(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    """Remove a membership; the role's group goes when no other membership needs it."""
    user = membership.user
    role = membership.role
    membership.delete()
    _drop_group_if_unused(user=user, role=role)
    forget_unit_scope(user)


def _drop_group_if_unused(*, user: AbstractUser, role: str) -> None:
    if not Membership.objects.filter(user=user, role=role).exists():
        user.groups.remove(*Group.objects.filter(name=role))


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


@transaction.atomic
def person_link_account(
    *, person: Person, user: AbstractBaseUser | None, by: AbstractBaseUser
) -> Person:
    """Link a staff record to a user account, or unlink it with ``user=None``.

    Who is whom decides who may judge a nomination, so only an administrator may change it,
    and the change is kept in the record's history with its author.
    """
    if not may_link_accounts(by):
        raise PermissionDenied(
            _("Only an administrator may link a staff record to a user account.")
        )
    current = Person.objects.select_for_update().get(pk=person.pk)
    if user is not None and Person.objects.filter(user=user).exclude(pk=current.pk).exists():
        raise ValidationError(
            {"user": _("This user account is already linked to another staff record.")}
        )
    if current.user_id == (user.pk if user is not None else None):
        return current
    current.user = user
    current._change_reason = _("user account linked") if user else _("user account unlinked")
    current._history_user = by
    current.save(update_fields=["user"])
    person.user = user
    return current


def bulk_save_with_history(
    model: type[models.Model],
    *,
    created: list[models.Model],
    updated: list[models.Model],
    fields: Iterable[str],
    user: AbstractBaseUser,
    reason: str,
) -> None:
    """Insert the new records and update the stored ones, each with its history row."""
    bulk_create_with_history(created, model, default_user=user, default_change_reason=reason)
    bulk_update_with_history(
        updated, model, list(fields), default_user=user, default_change_reason=reason
    )


PERSON_IMPORTED_FIELDS = ("full_name", "unit_id", "position", "email")


@transaction.atomic
def person_bulk_upsert(
    *, user: AbstractBaseUser, created: list[Person], updated: list[Person], reason: str
) -> None:
    """Store new people and the corrected details of stored ones (a staff file)."""
    bulk_save_with_history(
        Person,
        created=created,
        updated=updated,
        fields=PERSON_IMPORTED_FIELDS,
        user=user,
        reason=reason,
    )
    person_postings_correct(people=updated, user=user)


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


@dataclass(frozen=True)
class NotificationText:
    """What a notification says: a subject line, the body, and the address of its record."""

    subject: str
    message: str = ""
    url: str = ""


def notify(
    *,
    recipients: Iterable[AbstractBaseUser],
    kind: str,
    text: NotificationText,
    actor: AbstractBaseUser | None = None,
) -> list[Notification]:
    """Leave a notification for each active recipient (not the actor) and e-mail them.

    The rows are written in the caller's transaction, so a step that is rolled back tells
    nobody; the e-mails leave once it commits, and a mail server that is down loses the
    e-mail only, never the step or the notification.
    """
    actor_id = getattr(actor, "pk", None)
    seen: set[int] = set()
    chosen = []
    for user in recipients:
        if user.is_active and user.pk != actor_id and user.pk not in seen:
            seen.add(user.pk)
            chosen.append(user)
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind,
            subject=text.subject[:255],
            message=text.message,
            url=text.url[:500],
        )
        for user in chosen
    )
    addresses = [user.email for user in chosen if user.email]
    if addresses:
        transaction.on_commit(lambda: _send_notification_mail(text, addresses))
    return notifications


def _send_notification_mail(text: NotificationText, addresses: list[str]) -> None:
    body = text.message
    if text.url:
        body = f"{body}\n\n{text.url}" if body else text.url
    for address in addresses:
        try:
            # One message each: recipients do not learn each other's addresses.
            send_mail(text.subject, body, None, [address], fail_silently=True)
        except Exception:
            # The step is committed: a failing mail setup must not turn it into an error page.
            logger.exception("Could not e-mail a notification to %s", address)


def notification_open(*, user: AbstractBaseUser, notification: Notification) -> Notification:
    """Mark one of the user's notifications read; someone else's is refused."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_read(*, user: AbstractBaseUser) -> int:
    """Mark every unread notification of the user read; return how many were."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


# --- Yearly quality ratings and discipline records -------------------------------------------


def _require_person_scope(user: AbstractBaseUser, unit_id: int, permission: str) -> None:
    if not has_unit_permission(user, permission, unit_id):
        raise PermissionDenied(_("You may keep the ratings and discipline of your own units only."))


def quality_rating_check(
    *,
    year: int,
    person: Person | None,
    unit: Unit | None,
    rating: QualityRating | None = None,
) -> None:
    """Refuse a rating without one recipient, outside their service, or a second for the year."""
    if (person is None) == (unit is None):
        raise ValidationError(
            _("A rating is of exactly one person or one collective."), code="recipient"
        )
    if person is not None and person.service_in_year(year) is None:
        raise ValidationError(
            {
                "year": ValidationError(
                    _(
                        "{person} was not in service in {year}; a rating needs a year of service."
                    ).format(person=person, year=year),
                    code="not_in_service",
                )
            }
        )
    if unit is not None and not _unit_exists_in_year(unit, year):
        raise ValidationError(
            {
                "year": ValidationError(
                    _("{unit} did not exist in {year}.").format(unit=unit, year=year),
                    code="not_in_service",
                )
            }
        )
    same = QualityRating.objects.filter(year=year, person=person, unit=unit)
    if rating is not None and rating.pk is not None:
        same = same.exclude(pk=rating.pk)
    if same.exists():
        raise ValidationError(
            {
                "year": ValidationError(
                    _("{recipient} already has a rating for {year}.").format(
                        recipient=person or unit, year=year
                    ),
                    code="duplicate",
                )
            }
        )


def _unit_exists_in_year(unit: Unit, year: int) -> bool:
    return unit.valid_from <= datetime.date(year, 12, 31) and (
        unit.valid_to is None or unit.valid_to >= datetime.date(year, 1, 1)
    )


def _save_as(record: models.Model, *, user: AbstractBaseUser) -> None:
    record.full_clean()
    record._history_user = user
    record.save()


@transaction.atomic
def quality_rating_record(
    *,
    user: AbstractBaseUser,
    year: int,
    grade: str,
    decision_number: str,
    person: Person | None = None,
    unit: Unit | None = None,
    decision_date: datetime.date | None = None,
    decided_by: str = "",
    notes: str = "",
) -> QualityRating:
    """Record the yearly rating of a person or a collective of the user's units."""
    quality_rating_check(year=year, person=person, unit=unit)
    _require_person_scope(
        user, person.unit_id if person is not None else unit.pk, "organizations.add_qualityrating"
    )
    rating = QualityRating(
        year=year,
        person=person,
        unit=unit,
        grade=grade,
        decision_number=decision_number,
        decision_date=decision_date,
        decided_by=decided_by,
        notes=notes,
    )
    _save_as(rating, user=user)
    return rating


@transaction.atomic
def quality_rating_update(
    *,
    user: AbstractBaseUser,
    rating: QualityRating,
    year: int,
    grade: str,
    decision_number: str,
    decision_date: datetime.date | None = None,
    decided_by: str = "",
    notes: str = "",
) -> QualityRating:
    """Correct a stored rating: its year, grade or deciding document."""
    current = QualityRating.objects.select_for_update().get(pk=rating.pk)
    _require_person_scope(
        user,
        current.person.unit_id if current.person_id else current.unit_id,
        "organizations.change_qualityrating",
    )
    quality_rating_check(year=year, person=current.person, unit=current.unit, rating=current)
    current.year = year
    current.grade = grade
    current.decision_number = decision_number
    current.decision_date = decision_date
    current.decided_by = decided_by
    current.notes = notes
    _save_as(current, user=user)
    return current


QUALITY_RATING_IMPORTED_FIELDS = (
    "grade",
    "decision_number",
    "decision_date",
    "decided_by",
    "notes",
)


@transaction.atomic
def quality_rating_bulk_save(
    *,
    user: AbstractBaseUser,
    created: list[QualityRating],
    updated: list[QualityRating],
    reason: str,
) -> None:
    """Store new ratings and the corrected grades of stored ones (a unit's rating results)."""
    bulk_save_with_history(
        QualityRating,
        created=created,
        updated=updated,
        fields=QUALITY_RATING_IMPORTED_FIELDS,
        user=user,
        reason=reason,
    )


def discipline_check(*, starts_on: datetime.date, ends_on: datetime.date | None) -> None:
    """Refuse a discipline record that ends before it starts."""
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(
            {
                "ends_on": ValidationError(
                    _("A discipline record cannot end before it starts."), code="ends_before"
                )
            }
        )


@transaction.atomic
def discipline_record(
    *,
    user: AbstractBaseUser,
    person: Person,
    kind: str,
    starts_on: datetime.date,
    decision_number: str,
    ends_on: datetime.date | None = None,
    decision_date: datetime.date | None = None,
    decided_by: str = "",
    notes: str = "",
) -> Discipline:
    """Record a penalty or an investigation of a person of the user's units."""
    discipline_check(starts_on=starts_on, ends_on=ends_on)
    _require_person_scope(user, person.unit_id, "organizations.add_discipline")
    record = Discipline(
        person=person,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        decision_number=decision_number,
        decision_date=decision_date,
        decided_by=decided_by,
        notes=notes,
    )
    _save_as(record, user=user)
    return record


@transaction.atomic
def discipline_update(
    *,
    user: AbstractBaseUser,
    discipline: Discipline,
    kind: str,
    starts_on: datetime.date,
    decision_number: str,
    ends_on: datetime.date | None = None,
    decision_date: datetime.date | None = None,
    decided_by: str = "",
    notes: str = "",
) -> Discipline:
    """Correct a discipline record, or close it with the day it ended."""
    current = Discipline.objects.select_for_update().select_related("person").get(pk=discipline.pk)
    _require_person_scope(user, current.person.unit_id, "organizations.change_discipline")
    discipline_check(starts_on=starts_on, ends_on=ends_on)
    current.kind = kind
    current.starts_on = starts_on
    current.ends_on = ends_on
    current.decision_number = decision_number
    current.decision_date = decision_date
    current.decided_by = decided_by
    current.notes = notes
    _save_as(current, user=user)
    return current


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
            for parents in (_parents_on(on), _parents_on(max(on, timezone.localdate())))
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


def person_postings_correct(*, people: Iterable[Person], user: AbstractBaseUser) -> int:
    """Carry a correction of people's unit into their open postings; return how many.

    Editing a person's unit corrects where they are (a wrong entry, a staff file); a move
    with a date is a transfer (``person_transfer``). People without postings have none.
    """
    units = {person.pk: person.unit_id for person in people}
    stale = Posting.objects.filter(person_id__in=units, valid_to__isnull=True)
    corrected = [posting for posting in stale if posting.unit_id != units[posting.person_id]]
    for posting in corrected:
        posting.unit_id = units[posting.person_id]
        posting._history_user = user
        posting._change_reason = _("corrected with the person")
        posting.save(update_fields=["unit"])
    return len(corrected)


def person_transfer_check(*, person: Person, unit: Unit | None, on: datetime.date | None) -> None:
    """Refuse a transfer that cannot be: raise the form's errors."""
    current = person.postings.filter(valid_to__isnull=True).first()
    errors: dict[str, str] = {}
    if on is None:
        errors["valid_from"] = _("Give the date of the transfer.")
    elif on > timezone.localdate():
        errors["valid_from"] = _("Record a transfer once it has taken effect.")
    elif current is not None and on <= current.valid_from:
        errors["valid_from"] = _(
            "The person has been in their unit since %(date)s: a transfer comes after that."
        ) % {"date": paper_date(current.valid_from)}
    elif unit is not None and not unit.is_active_on(on):
        errors["unit"] = _("The unit does not exist on the day of the transfer.")
    if unit is None:
        errors["unit"] = _("Choose the unit the person moves to.")
    elif unit.pk == person.unit_id:
        errors["unit"] = _("The person is already in this unit.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def person_transfer(
    *, person: Person, unit: Unit, on: datetime.date, user: AbstractBaseUser
) -> Posting:
    """Move a person to another unit from a day on, closing their current posting.

    Their earlier postings stay, so that the members of a unit in a past year are those
    who were there then.
    """
    if not (
        has_unit_permission(user, "organizations.change_person", person.unit_id)
        and has_unit_permission(user, "organizations.change_person", unit.pk)
    ):
        raise PermissionDenied(_("Your role does not allow this change."))
    person = Person.objects.select_for_update().get(pk=person.pk)
    person_transfer_check(person=person, unit=unit, on=on)
    current = person.postings.filter(valid_to__isnull=True).first()
    reason = _("transferred from %(date)s") % {"date": paper_date(on)}
    if current is None:
        # A person on record before postings were kept: their time in the old unit is kept.
        old_start = person.unit.valid_from
        current = Posting(person=person, unit_id=person.unit_id, valid_from=min(old_start, on))
        if current.valid_from == on:
            current = None
    if current is not None:
        current.valid_to = on - datetime.timedelta(days=1)
        current._history_user = user
        current._change_reason = reason
        current.full_clean()
        current.save()
    posting = Posting(person=person, unit=unit, valid_from=on)
    posting._history_user = user
    posting._change_reason = reason
    posting.full_clean()
    posting.save()
    person.unit = unit
    person._history_user = user
    person._change_reason = reason
    person.save(update_fields=["unit"])
    return posting
