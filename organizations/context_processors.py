"""Values every page's header needs."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from organizations.selectors import unread_notification_count


def notifications(request: HttpRequest) -> dict[str, object]:
    """Offer the signed-in user's unread count; it is counted only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_notification_count(user))}
