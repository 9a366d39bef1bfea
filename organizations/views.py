"""Site pages of the foundation: the home page that routes each role, and the health check."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from organizations.demo import DEMO_PASSWORD, DEMO_USERS
from organizations.models import Membership
from organizations.workplaces import workplaces_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Show the user's roles and send each to the pages of their work."""
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("unit")
        .order_by("unit__code", "role")
    )
    return render(
        request,
        "organizations/home.html",
        {"memberships": memberships, "workplaces": workplaces_for(request.user)},
    )


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
