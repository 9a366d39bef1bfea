"""In-app notifications, e-mailed after commit."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import (
    Notification,
)

logger = logging.getLogger(__name__)


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
