"""In-app notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> NotificationQuerySet:
        """Return the user's own notifications: nobody reads anyone else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one user about a step of work that concerns them, read or not yet.

    The text is written once, when the step is taken, so that it reads as it did then;
    ``url`` leads to the record. No history is kept: the row itself is the record, and
    only its reading changes.
    """

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("nomination submitted")
        TAKEN = "taken", _("nomination taken for review")
        RETURNED = "returned", _("nomination returned")
        RECOMMENDED = "recommended", _("nomination recommended")
        REJECTED = "rejected", _("nomination rejected")
        PUT_TO_VOTE = "put_to_vote", _("nomination put to the vote")
        VOTED = "voted", _("council vote decided")
        DECIDED = "decided", _("award decision recorded")
        MOVED = "moved", _("nomination moved on")
        IMPORT_FINISHED = "import_finished", _("import finished")
        EXPORT_FINISHED = "export_finished", _("export finished")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=255)
    message = models.TextField(_("message"), blank=True)
    url = models.CharField(_("address"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The header's unread count and the user's list, newest first.
            models.Index(
                fields=["recipient", "read_at", "created_at"], name="org_notification_inbox"
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
