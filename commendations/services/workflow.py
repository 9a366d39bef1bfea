"""The nomination workflow: its transition table, the checks every step shares, its events.

draft → submitted → in review → (returned → submitted) → recommended → council vote →
approved / rejected → decided. Every step is a service that locks the nomination's row
(``select_for_update``) and re-reads its state before moving it, so that of two people
acting on the same nomination at once exactly one succeeds and the other is told what
happened; SQLite's immediate transactions serialise writers in the same way.
"""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commendations.models import Nomination, NominationEvent
from commendations.selectors.eligibility import nomination_eligibility
from organizations.formatting import paper_time, user_name
from organizations.models import Person
from organizations.scoping import has_unit_permission, unit_in_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.utils.functional import Promise

logger = logging.getLogger(__name__)
Status = Nomination.Status

# action: (states it starts from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED),
    "take": (frozenset({Status.SUBMITTED}), Status.IN_REVIEW),
    "return": (frozenset({Status.IN_REVIEW}), Status.RETURNED),
    "recommend": (frozenset({Status.IN_REVIEW}), Status.RECOMMENDED),
    "reject": (frozenset({Status.IN_REVIEW}), Status.REJECTED),
    "put_to_vote": (frozenset({Status.RECOMMENDED}), Status.COUNCIL_VOTE),
    "approve": (frozenset({Status.COUNCIL_VOTE}), Status.APPROVED),
    "council_reject": (frozenset({Status.COUNCIL_VOTE}), Status.REJECTED),
    "decide": (frozenset({Status.APPROVED}), Status.DECIDED),
}

ACTION_LABELS: dict[str, Promise] = {
    "submit": gettext_lazy("submit"),
    "take": gettext_lazy("take for review"),
    "return": gettext_lazy("return for changes"),
    "recommend": gettext_lazy("recommend"),
    "reject": gettext_lazy("reject"),
    "put_to_vote": gettext_lazy("put to the council's vote"),
    "approve": gettext_lazy("approve"),
    "council_reject": gettext_lazy("reject by the council"),
    "decide": gettext_lazy("record in a decision"),
}


def require_permission(user: AbstractBaseUser, permission: str, message: str) -> None:
    """Refuse a user without the permission."""
    if not user.is_active or not user.has_perm(permission):
        raise PermissionDenied(message)


def require_scope(user: AbstractBaseUser, nomination: Nomination, permission: str) -> None:
    """Refuse a nomination of a unit where the user does not hold the permission."""
    if not unit_in_scope(user, nomination.nominating_unit_id, permission):
        raise PermissionDenied(_("This nomination belongs to a unit outside yours."))


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


def require_independent(
    user: AbstractBaseUser, nomination: Nomination, *, advancing: bool = True
) -> None:
    """Refuse the nomination's submitter and nominee as its judges (separation of duties).

    Steps that do not carry the nomination toward an award (``advancing=False``: taking it
    to review, returning, rejecting) stay open on a self-nomination, so that it can be
    turned away.
    """
    if advancing:
        reason = conflict_of_interest(user, nomination)
    else:
        reason = personal_conflict(user, nomination)
    if reason:
        raise PermissionDenied(reason)


def require_eligible(nomination: Nomination) -> None:
    """Refuse to move an ineligible nomination forward, listing every reason."""
    result = nomination_eligibility(nomination=nomination)
    if not result.is_eligible:
        raise ValidationError(
            [
                _("The nominee does not meet the conditions of “{proposal}”:").format(
                    proposal=nomination.proposal
                ),
                *result.reasons,
            ],
            code="not_eligible",
        )


def lock(nomination: Nomination, action: str) -> Nomination:
    """Lock the nomination's row and check that the action may start from its state now."""
    current = Nomination.objects.select_for_update().get(pk=nomination.pk)
    sources, _target = TRANSITIONS[action]
    if current.status not in sources:
        raise ValidationError(conflict_message(current, action), code="conflict")
    return current


def conflict_message(current: Nomination, action: str) -> str:
    """Explain that the nomination has moved on, who moved it and when."""
    last = current.events.select_related("actor").order_by("-at", "-pk").first()
    if last is None:
        return _("This nomination is “{status}”: it cannot be {action} now.").format(
            status=current.get_status_display(), action=ACTION_LABELS[action]
        )
    return _(
        "Nothing was done: {actor} already moved this nomination to “{status}” at {time}. "
        "It cannot be {action} now; reload the page to see where it stands."
    ).format(
        actor=user_name(last.actor),
        status=current.get_status_display(),
        time=paper_time(last.at),
        action=ACTION_LABELS[action],
    )


def move(
    nomination: Nomination,
    action: str,
    *,
    user: AbstractBaseUser,
    comment: str = "",
    **fields: object,
) -> Nomination:
    """Move a locked nomination along the transition, write its event and tell the submitter."""
    sources, target = TRANSITIONS[action]
    source = nomination.status
    assert source in sources, "lock() checks the state before any move"
    nomination.status = target
    for name, value in fields.items():
        setattr(nomination, name, value)
    nomination._change_reason = str(ACTION_LABELS[action])
    # The step's author, in the history too, wherever the step is taken from.
    nomination._history_user = user
    nomination.save()
    event = NominationEvent.objects.create(
        nomination=nomination, from_status=source, to_status=target, actor=user, comment=comment
    )
    transaction.on_commit(lambda: notify_submitter(event_id=event.pk))
    return nomination


def notify_submitter(*, event_id: int) -> None:
    """E-mail the nomination's submitter about a step someone else took."""
    event = NominationEvent.objects.select_related(
        "nomination__submitted_by", "nomination__created_by", "actor"
    ).get(pk=event_id)
    nomination = event.nomination
    recipient = nomination.submitted_by or nomination.created_by
    if recipient is None or recipient.pk == event.actor_id or not recipient.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Nomination #{number}: {status}").format(
            number=nomination.pk, status=event.get_to_status_display()
        )
        lines = [
            _("{actor} moved your nomination from “{source}” to “{target}”.").format(
                actor=user_name(event.actor),
                source=event.get_from_status_display(),
                target=event.get_to_status_display(),
            ),
            "",
            str(nomination),
        ]
        if event.comment:
            lines += ["", _("Comment:"), event.comment]
        lines += ["", _("Open it at {path}").format(path=nomination.get_absolute_url())]
    try:
        send_mail(subject, "\n".join(lines), None, [recipient.email])
    except OSError:
        # A mail server that is down must not undo the step that was taken.
        logger.exception("Could not e-mail the submitter of nomination %s", nomination.pk)


def available_actions(*, user: AbstractBaseUser, nomination: Nomination) -> list[str]:
    """Return the steps the user may try on the nomination now (the services check again)."""
    if not user.is_active:
        return []
    unit_id = nomination.nominating_unit_id
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
    if has_unit_permission(user, "commendations.review_nomination", unit_id) and personal:
        if status == Status.SUBMITTED:
            actions.append("take")
        elif status == Status.IN_REVIEW and nomination.reviewer_id == user.pk:
            actions += ["recommend", "return", "reject"] if independent else ["return", "reject"]
    if (
        status == Status.RECOMMENDED
        and has_unit_permission(user, "commendations.manage_council_session", unit_id)
        and independent
    ):
        actions.append("put_to_vote")
    return actions
