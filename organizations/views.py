"""Site pages of the foundation: the home page that routes each role, and the health check."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from organizations.dashboard import dashboard_for
from organizations.demo import DEMO_PASSWORD, DEMO_USERS
from organizations.models import Membership, Notification
from organizations.services import notification_open, notifications_mark_read
from organizations.workplaces import workplaces_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Show the user's work waiting for them, then the pages of their roles."""
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("unit")
        .order_by("unit__code", "role")
    )
    return render(
        request,
        "organizations/home.html",
        {
            "memberships": memberships,
            "blocks": dashboard_for(request.user),
            "workplaces": workplaces_for(request.user),
        },
    )


@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """List the user's own notifications, newest first, unread ones marked."""
    page = Paginator(Notification.objects.for_user(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "organizations/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read and open what it is about."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    notification_open(user=request.user, notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications")


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark every notification of the user read."""
    count = notifications_mark_read(user=request.user)
    if count:
        messages.success(request, _("All your notifications are marked read."))
    return redirect("notifications")


@never_cache
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Answer 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


class LoginView(auth_views.LoginView):
    """The login page; in development it lists the demo accounts."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if settings.DEBUG:
            context.update(demo_users=DEMO_USERS, demo_password=DEMO_PASSWORD)
        return context
