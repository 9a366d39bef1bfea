"""Language choice (what the user picked, else Vietnamese); a lost database told plainly;
a bounded time for each statement of a web request; NUL characters refused in query strings;
anonymous request bodies kept small."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation

from organizations.params import holds_nul

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
        if statement_timed_out(exception):
            logger.warning("Statement timeout while serving %s", request.get_full_path())
            # No request context: the context processors would query the database again.
            return HttpResponse(render_to_string("503_too_long.html"), status=503)
        logger.error("Database unavailable while serving %s", request.path, exc_info=exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response


# PostgreSQL's "query_canceled": the statement ran past statement_timeout.
QUERY_CANCELED = "57014"


def statement_timed_out(exception: BaseException) -> bool:
    """Return whether the database error is a statement cut at the statement timeout."""
    cause = exception.__cause__
    return getattr(cause, "sqlstate", None) == QUERY_CANCELED


class StatementTimeoutMiddleware:
    """Cut every database statement of a web request at ``DB_STATEMENT_TIMEOUT_MS``.

    One search or filter must not hold a worker and a database connection for minutes: on
    PostgreSQL each request sets the session's ``statement_timeout`` and resets it when done,
    so the background worker and management commands (imports, printing, migrations,
    backups) keep no limit. A statement cut short answers the "took too long" page
    (``DatabaseUnavailableMiddleware``). SQLite has no statement timeout; there, the
    admin's parameter allow-list keeps costly lookups out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = settings.DB_STATEMENT_TIMEOUT_MS
        if not timeout or connection.vendor != "postgresql":
            return self.get_response(request)
        self._set_timeout(timeout)
        try:
            return self.get_response(request)
        finally:
            self._set_timeout(0)

    @staticmethod
    def _set_timeout(milliseconds: int) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, false)", [str(milliseconds)]
                )
        except DatabaseError:
            # A lost connection: the view's first query answers the 503 page, and Django
            # closes the connection at the end of the request (a new one has no timeout).
            logger.warning("Could not set the statement timeout to %s ms", milliseconds)


class NullCharacterMiddleware:
    """Refuse a query string holding a NUL character with the "bad request" page.

    No search term, filter or code ever holds one, and PostgreSQL refuses it in any text
    comparison: a list searched for ``%00`` (or ``?a=1&a=%00``) would otherwise fail with a
    server error. Form fields refuse it themselves, with Django's validator and a message;
    the admin lists refuse it in their posted actions (organizations.admin.base).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if holds_nul(request.GET):
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
