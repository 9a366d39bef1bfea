"""Language choice (what the user picked, else Vietnamese); a lost database told plainly;
NUL characters refused in query strings; anonymous request bodies kept small."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Activate the language chosen with the switch, ignoring the browser's preference.

    Offices often run browsers set to English; the system still opens in Vietnamese
    until the user picks English themselves.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()


class DatabaseUnavailableMiddleware:
    """Answer 503 with a plain page when the database connection is lost mid-request.

    A restarted or unreachable PostgreSQL raises ``OperationalError`` or ``InterfaceError``;
    the transaction of the request is already rolled back by then, so the user is told that
    nothing was saved and to try again, rather than shown the generic error page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable while serving %s", request.path, exc_info=exception)
        # No request context: the context processors would query the database again.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response


class NullCharacterMiddleware:
    """Refuse a query string holding a NUL character with the "bad request" page.

    No search term, filter or code ever holds one, and PostgreSQL refuses it in any text
    comparison: a list searched for ``%00`` would otherwise fail with a server error.
    (Form fields refuse it themselves, with Django's validator.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            raise BadRequest("NUL character in the query string")
        return self.get_response(request)


class AnonymousBodyLimitMiddleware:
    """Refuse an anonymous request whose body is larger than a sign-in form needs.

    Django writes uploads above 2.5 MB to a temporary file as it parses them, whoever sends
    them: anybody could fill the disk through the login page. Before anything reads the
    body, a visitor who is not signed in may send at most ``ANONYMOUS_MAX_BODY_BYTES``, with
    its length declared (a chunked body of unknown length is refused); signed-in users keep
    the limits of the pages they upload to. The refusal is the "bad request" page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._too_big(request) and not request.user.is_authenticated:
            raise RequestDataTooBig("Request body too large for a visitor who is not signed in")
        return self.get_response(request)

    @staticmethod
    def _too_big(request: HttpRequest) -> bool:
        declared = request.META.get("CONTENT_LENGTH") or ""
        if not declared.strip():
            return "HTTP_TRANSFER_ENCODING" in request.META
        try:
            length = int(declared)
        except ValueError:
            return True
        return length > settings.ANONYMOUS_MAX_BODY_BYTES
