"""Read numbers from a request's parameters: ASCII digits only, within bounds, in one place.

``"²".isdigit()`` is true while ``int("²")`` fails, and ``int("٣")`` or ``int("１")`` read
digits no clerk types: every view, filter and selector that takes a number from a request
reads it here, so that a malformed one answers the "bad request" page (or the caller's
default), never a server error.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from django.core.exceptions import BadRequest
from django.http import HttpRequest, QueryDict

# The years the system keeps data for (reports, clusters, nominations).
FIRST_YEAR = 2000
LAST_YEAR = 2100

_DIGITS = re.compile(r"[0-9]{1,19}", re.ASCII)
# The largest row id (a 64-bit key).
MAX_ID = 2**63 - 1


class InvalidParameter(BadRequest):
    """A request parameter that is not a number within its bounds; answers 400."""


class _Refuse:
    def __repr__(self) -> str:
        return "REFUSE"


# Passed as ``invalid``: a malformed value answers 400 instead of falling back.
REFUSE = _Refuse()


def parse_int(text: str | None, *, minimum: int, maximum: int) -> int | None:
    """Return the number written in ASCII digits within the bounds, else None."""
    if text is None:
        return None
    text = text.strip()
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def int_value(
    text: str | None,
    *,
    name: str,
    minimum: int,
    maximum: int,
    default: int | None = None,
    invalid: int | None | _Refuse = REFUSE,
) -> int | None:
    """Return the number in a parameter's text, the default when empty, else refuse it."""
    if text is None or not text.strip():
        return default
    number = parse_int(text, minimum=minimum, maximum=maximum)
    if number is not None:
        return number
    if isinstance(invalid, _Refuse):
        raise InvalidParameter(f"Parameter {name!r} is not a number from {minimum} to {maximum}")
    return invalid


def int_param(
    request: HttpRequest,
    name: str,
    *,
    minimum: int,
    maximum: int,
    default: int | None = None,
    invalid: int | None | _Refuse = REFUSE,
) -> int | None:
    """Return the number in the query parameter, the default when absent, else refuse it."""
    return int_value(
        request.GET.get(name),
        name=name,
        minimum=minimum,
        maximum=maximum,
        default=default,
        invalid=invalid,
    )


def year_value(
    text: str | None, *, default: int | None = None, invalid: int | None | _Refuse = REFUSE
) -> int | None:
    """Return the year in a parameter's text, the default when empty, else refuse it."""
    return int_value(
        text,
        name="year",
        minimum=FIRST_YEAR,
        maximum=LAST_YEAR,
        default=default,
        invalid=invalid,
    )


def year_param(
    request: HttpRequest,
    name: str = "year",
    *,
    default: int | None = None,
    invalid: int | None | _Refuse = REFUSE,
) -> int | None:
    """Return the year in the query parameter, the default when absent, else refuse it."""
    return int_param(
        request, name, minimum=FIRST_YEAR, maximum=LAST_YEAR, default=default, invalid=invalid
    )


def refuse_unknown_parameters(request: HttpRequest, allowed: Collection[str] = ()) -> None:
    """Refuse a query parameter the page does not read (exports, import pages)."""
    unknown = set(request.GET) - set(allowed)
    if unknown:
        raise InvalidParameter(f"Unknown parameters: {', '.join(sorted(unknown))}")


def holds_nul(parameters: QueryDict) -> bool:
    """Return whether any name or any value, repeated ones included, holds a NUL character."""
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in parameters.lists()
    )


def id_value(text: str | None) -> int | None:
    """Return the row id written in the text, or None when it is not one."""
    return parse_int(text, minimum=1, maximum=MAX_ID)
