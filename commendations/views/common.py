"""Helpers of the reviewer pages: permission gates and how refusals reach the user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


# The field a confirmation page adds to the form it repeats; without it nothing is written.
CONFIRM_FIELD = "confirmed"


@dataclass(frozen=True)
class Confirmation:
    """What an irreversible step asks before it is taken: what it is and what will happen."""

    question: str
    consequences: list[str]
    button: str
    cancel_url: str
    subject: str = ""
    danger: bool = False


def is_confirmed(request: HttpRequest) -> bool:
    """Tell whether the user confirmed the step on its confirmation page."""
    return request.POST.get(CONFIRM_FIELD) == "1"


def ask_confirmation(request: HttpRequest, confirmation: Confirmation) -> HttpResponse:
    """Show what the step will do, with a form that repeats the request once confirmed."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
        for value in values
    ]
    return render(
        request,
        "commendations/confirm.html",
        {
            "confirmation": confirmation,
            "fields": fields,
            "action_url": request.get_full_path(),
            "confirm_field": CONFIRM_FIELD,
        },
    )
