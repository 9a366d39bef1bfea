"""Helpers of the reviewer pages: permission gates and how refusals reach the user."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

View = Callable[..., HttpResponse]


def requires(permission: str) -> Callable[[View], View]:
    """Let in logged-in users holding the permission; others get 403."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    """Answer 403 with the service's reason, in the user's language."""
    return render(request, "commendations/denied.html", {"reason": str(error) or None}, status=403)


def show_refusal(request: HttpRequest, error: ValidationError) -> None:
    """Put every message of a service's refusal on the next page."""
    for message in error.messages:
        messages.error(request, message)
