"""Reads of the nomination workflow: its transition table, conflicts of interest, who may do what.

The services check these again, under the nomination's lock, before any step is taken.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from commendations.models import Nomination
from organizations.models import Person
from organizations.scoping import has_unit_permission

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

Status = Nomination.Status

# action: (states it starts from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED),
    # A nomination submitted to a higher level is taken there by that unit's reviewers.
    "take": (frozenset({Status.SUBMITTED, Status.FORWARDED}), Status.IN_REVIEW),
    # Until a reviewer takes it, the unit may call its nomination back to a draft.
    "withdraw": (frozenset({Status.SUBMITTED}), Status.DRAFT),
    "return": (frozenset({Status.IN_REVIEW}), Status.RETURNED),
    "recommend": (frozenset({Status.IN_REVIEW}), Status.RECOMMENDED),
    "reject": (frozenset({Status.IN_REVIEW}), Status.REJECTED),
    "put_to_vote": (frozenset({Status.RECOMMENDED}), Status.COUNCIL_VOTE),
    "approve": (frozenset({Status.COUNCIL_VOTE}), Status.APPROVED),
    "council_reject": (frozenset({Status.COUNCIL_VOTE}), Status.REJECTED),
    "decide": (frozenset({Status.APPROVED}), Status.DECIDED),
    # Approved by its unit's council for a form a higher level confers (trình cấp trên).
    "forward": (frozenset({Status.APPROVED}), Status.FORWARDED),
}


def nomination_deletable(nomination: Nomination) -> bool:
    """Tell whether the nomination may be deleted: a draft that was never submitted."""
    return nomination.status == Status.DRAFT and nomination.submitted_at is None


def names_account(nomination: Nomination, user_id: int | None, *, ever: bool = False) -> bool:
    """Tell whether the nomination names the holder of the account.

    Linking a staff record to an account is an administrator's act, but a link or staff
    code changed after the fact must not hide a nominee: the nominated record is compared
    with the records linked to the account, and their staff codes with one another, as
    they are now and as they were when the nomination was submitted (from the records'
    history) — or at any time, with ``ever`` (for the submitter).
    """
    if not nomination.person_id or user_id is None:
        return False
    at = nomination.submitted_at
    records = _linked_records(user_id, at=at, ever=ever)
    if nomination.person_id in records:
        return True
    nominee_codes = _staff_codes({nomination.person_id}, at=at, ever=ever)
    return bool(records) and bool(nominee_codes & _staff_codes(records, at=at, ever=ever))


def _linked_records(user_id: int, *, at: datetime.datetime | None, ever: bool) -> set[int]:
    records = set(Person.objects.filter(user_id=user_id).values_list("pk", flat=True))
    versions = Person.history.filter(user_id=user_id)
    if ever:
        return records | set(versions.values_list("id", flat=True))
    if at is not None:
        for person_id in set(versions.filter(history_date__lte=at).values_list("id", flat=True)):
            version = _version(person_id, at)
            if version is not None and version.user_id == user_id:
                records.add(person_id)
    return records


def _staff_codes(person_ids: set[int], *, at: datetime.datetime | None, ever: bool) -> set[str]:
    codes = set(Person.objects.filter(pk__in=person_ids).values_list("staff_code", flat=True))
    if ever:
        history = Person.history.filter(id__in=person_ids)
        return codes | set(history.values_list("staff_code", flat=True))
    if at is not None:
        for person_id in person_ids:
            version = _version(person_id, at)
            if version is not None:
                codes.add(version.staff_code)
    return codes


def _version(person_id: int, at: datetime.datetime) -> Any:
    """Return the staff record as it was at the moment, or None if it did not exist then."""
    version = (
        Person.history.filter(id=person_id, history_date__lte=at)
        .order_by("-history_date", "-history_id")
        .first()
    )
    return None if version is None or version.history_type == "-" else version


def submit_conflict(user: AbstractBaseUser, nomination: Nomination) -> str | None:
    """Return why the user may not submit the nomination: it names them, now or before."""
    # An account unlinked, or a staff code moved, for the occasion is still the nominee's.
    if names_account(nomination, user.pk, ever=True):
        return _("You cannot submit a nomination that names you.")
    return None


def ever_submitted(nomination: Nomination, user: AbstractBaseUser) -> bool:
    """Tell whether the user submitted the nomination at any time (a resubmission hides it)."""
    if nomination.pk is None or user.pk is None:
        return False
    return nomination.events.filter(to_status=Status.SUBMITTED, actor_id=user.pk).exists()


def personal_conflict(user: AbstractBaseUser, nomination: Nomination) -> str | None:
    """Return why the user, as its submitter or nominee, may not judge the nomination."""
    if user.pk in (nomination.submitted_by_id, nomination.created_by_id) or ever_submitted(
        nomination, user
    ):
        return _("You drafted or submitted this nomination: someone else must judge it.")
    if names_account(nomination, user.pk):
        return _("This nomination names you: someone else must judge it.")
    return None


def self_nomination(nomination: Nomination) -> str | None:
    """Return why nobody may carry the nomination forward: its nominee submitted it."""
    if names_account(nomination, nomination.submitted_by_id):
        return _(
            "The nominee submitted this nomination from their own account: "
            "it can only be returned or rejected."
        )
    return None


def conflict_of_interest(user: AbstractBaseUser, nomination: Nomination) -> str | None:
    """Return why the user may not review, vote on or decide the nomination, if they may not."""
    return personal_conflict(user, nomination) or self_nomination(nomination)


def available_actions(*, user: AbstractBaseUser, nomination: Nomination) -> list[str]:
    """Return the steps the user may try on the nomination now (the services check again)."""
    if not user.is_active:
        return []
    unit_id = nomination.nominating_unit_id
    # Reviewers and the council of the level the nomination stands at act on it.
    handling_id = nomination.handling_unit_id
    status = nomination.status
    personal = personal_conflict(user, nomination) is None
    independent = personal and self_nomination(nomination) is None
    actions: list[str] = []
    if (
        status in TRANSITIONS["submit"][0]
        and has_unit_permission(user, "commendations.submit_nomination", unit_id)
        and submit_conflict(user, nomination) is None
    ):
        actions.append("submit")
    if (
        status in TRANSITIONS["withdraw"][0]
        and nomination.forwarded_to_id is None
        and has_unit_permission(user, "commendations.submit_nomination", unit_id)
    ):
        actions.append("withdraw")
    if has_unit_permission(user, "commendations.review_nomination", handling_id) and personal:
        if status in TRANSITIONS["take"][0]:
            actions.append("take")
        elif status == Status.IN_REVIEW and nomination.reviewer_id == user.pk:
            actions += ["recommend", "return", "reject"] if independent else ["return", "reject"]
    if (
        status == Status.RECOMMENDED
        and has_unit_permission(user, "commendations.manage_council_session", handling_id)
        and independent
    ):
        actions.append("put_to_vote")
    return actions
