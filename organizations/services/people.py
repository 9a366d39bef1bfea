"""People: linked accounts, the staff file, and transfers between units."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.formatting import paper_date
from organizations.models import (
    Person,
    Posting,
    Unit,
)
from organizations.scoping import has_unit_permission
from organizations.selectors import may_link_accounts
from organizations.services.history import bulk_save_with_history


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
