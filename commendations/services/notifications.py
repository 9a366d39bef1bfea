"""Who hears of a nomination's step, and what they are told (the notifications themselves:
``organizations.services.notify``).

The submitter hears of every step someone else takes, as before; besides them, a submitted
nomination goes to the reviewers whose role reaches its unit, one put to the vote to the
members of the council, and the outcomes (returned with the reason, recommended, rejected,
voted, decided) to the emulation officers of the nominating unit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from commendations.models import Nomination, NominationEvent
from organizations.formatting import user_name
from organizations.models import Notification
from organizations.roles import Role
from organizations.selectors import unit_role_holders
from organizations.services import NotificationText, notify

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

Kind = Notification.Kind

# action: the kind of notification it leaves
KINDS: dict[str, str] = {
    "submit": Kind.SUBMITTED,
    "take": Kind.TAKEN,
    "return": Kind.RETURNED,
    "recommend": Kind.RECOMMENDED,
    "reject": Kind.REJECTED,
    "put_to_vote": Kind.PUT_TO_VOTE,
    "approve": Kind.VOTED,
    "council_reject": Kind.VOTED,
    "decide": Kind.DECIDED,
    # The higher level's reviewers hear of a nomination submitted to them as of any other.
    "forward": Kind.SUBMITTED,
}
# The kinds that tell the nominating unit's officers how their nomination fared.
_UNIT_HEARS = {Kind.RETURNED, Kind.RECOMMENDED, Kind.REJECTED, Kind.VOTED, Kind.DECIDED}


def step_recipients(nomination: Nomination, kind: str) -> list[AbstractBaseUser]:
    """Return who should hear of a step of the kind on the nomination (the actor included)."""
    submitter = nomination.submitted_by or nomination.created_by
    found: list[AbstractBaseUser] = [submitter] if submitter is not None else []
    unit_id = nomination.nominating_unit_id
    if kind == Kind.SUBMITTED:
        # The reviewers of the level the nomination stands at: the higher one once forwarded.
        found += unit_role_holders(role=Role.REVIEWER, unit_id=nomination.handling_unit_id)
    elif kind == Kind.PUT_TO_VOTE and nomination.council_session_id:
        session = nomination.council_session
        found += [
            member.user
            for member in session.council.members.select_related("user").order_by("order", "pk")
        ]
    elif kind in _UNIT_HEARS:
        found += unit_role_holders(role=Role.EMULATION_OFFICER, unit_id=unit_id)
    return found


def step_text(event: NominationEvent) -> NotificationText:
    """Write what the step says, in the site's language, whoever reads it later."""
    nomination = event.nomination
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Nomination #{number}: {status}").format(
            number=nomination.pk, status=event.get_to_status_display()
        )
        lines = [
            _("{actor} moved the nomination from “{source}” to “{target}”.").format(
                actor=user_name(event.actor),
                source=event.get_from_status_display(),
                target=event.get_to_status_display(),
            ),
            str(nomination),
        ]
        if event.comment:
            lines += ["", _("Comment:"), event.comment]
    return NotificationText(
        subject=subject, message="\n".join(lines), url=nomination.get_absolute_url()
    )


def notify_step(*, event: NominationEvent, action: str) -> None:
    """Tell the people concerned of a step just taken, in its transaction."""
    kind = KINDS.get(action, Kind.MOVED)
    notify(
        recipients=step_recipients(event.nomination, kind),
        kind=kind,
        text=step_text(event),
        actor=event.actor,
    )
