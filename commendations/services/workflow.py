"""The nomination workflow's steps: the checks every step shares, the move, its events.

draft → submitted → in review → (returned → submitted) → recommended → council vote →
approved / rejected → decided; a submitted nomination no reviewer has taken yet may be
withdrawn to a draft by its unit. Every step is a service that locks the nomination's row
(``select_for_update``) and re-reads its state before moving it, so that of two people
acting on the same nomination at once exactly one succeeds and the other is told what
happened; SQLite's immediate transactions serialise writers in the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commendations.models import Nomination, NominationEvent
from commendations.selectors import (
    TRANSITIONS,
    conflict_of_interest,
    dossier_checklist,
    nomination_eligibility,
    personal_conflict,
)
from commendations.services.notifications import notify_step
from organizations.formatting import paper_time, user_name
from organizations.scoping import unit_in_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.utils.functional import Promise

Status = Nomination.Status
_SUBMIT = "commendations.submit_nomination"

ACTION_LABELS: dict[str, Promise] = {
    "submit": gettext_lazy("submit"),
    "take": gettext_lazy("take for review"),
    "withdraw": gettext_lazy("withdraw"),
    "return": gettext_lazy("return for changes"),
    "recommend": gettext_lazy("recommend"),
    "reject": gettext_lazy("reject"),
    "put_to_vote": gettext_lazy("put to the council's vote"),
    "approve": gettext_lazy("approve"),
    "council_reject": gettext_lazy("reject by the council"),
    "decide": gettext_lazy("record in a decision"),
    "forward": gettext_lazy("submit to the higher level"),
}


def require_permission(user: AbstractBaseUser, permission: str, message: str) -> None:
    """Refuse a user without the permission."""
    if not user.is_active or not user.has_perm(permission):
        raise PermissionDenied(message)


def require_scope(user: AbstractBaseUser, nomination: Nomination, permission: str) -> None:
    """Refuse a nomination of a unit where the user does not hold the permission."""
    # Reviewing, voting and deciding belong to the level the nomination stands at: once
    # submitted upwards, the lower unit's reviewers and council no longer act on it.
    unit_id = (
        nomination.nominating_unit_id if permission == _SUBMIT else nomination.handling_unit_id
    )
    if not unit_in_scope(user, unit_id, permission):
        raise PermissionDenied(_("This nomination belongs to a unit outside yours."))


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


def require_complete_dossier(nomination: Nomination) -> None:
    """Refuse a nomination whose dossier lacks a document its proposal requires, naming each."""
    missing = dossier_checklist(nomination=nomination).missing
    if missing:
        raise ValidationError(
            [
                _("The dossier lacks documents that “{proposal}” requires:").format(
                    proposal=nomination.proposal
                ),
                *(item.label for item in missing),
            ],
            code="dossier_incomplete",
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
    """Move a locked nomination along the transition, write its event, tell those concerned."""
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
    notify_step(event=event, action=action)
    return nomination
