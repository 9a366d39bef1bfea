"""A report whose figures outlast the web's statement timeout has them computed in the background.

Every unit's kept figures of a period are outdated at once after a release that changes
how figures are computed, or for a year nobody has read yet: over ten million cases their
computation takes longer than a web request may hold the database (``DB_STATEMENT_TIMEOUT_MS``).
``rebuild_statistics --outdated`` runs once per release to compute them ahead; when it has
not, or for a period it does not cover, the report queues ``tasks.keep_figures`` for the
groupings it asked and answers that its figures are being computed. Until the task ends,
the same report answers so at once instead of trying again (each try would hold the
database until the timeout); a task older than ``PENDING_FOR_AT_MOST`` no longer counts
(its worker may have died).
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from enforcement.selectors import Period
from enforcement.tasks import keep_figures
from organizations.middleware import statement_timed_out

logger = logging.getLogger(__name__)

PENDING_FOR_AT_MOST = datetime.timedelta(minutes=30)
# How long the page asks the browser to wait before asking again.
RETRY_AFTER_SECONDS = 60
TASK_PATH = keep_figures.module_path
# (by, split) of the kept figures a report reads.
Grouping = tuple[str, str | None]
View = Callable[..., HttpResponse]


def _arguments(period: Period, grouping: Grouping) -> list[Any]:
    by, split = grouping
    return [period.year, period.months, by, split]


def figures_pending(period: Period, groupings: list[Grouping]) -> bool:
    """Tell whether a recent task computing any of these figures has yet to finish."""
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    recent = results.objects.filter(
        task_path=TASK_PATH,
        status__in=("READY", "RUNNING"),
        enqueued_at__gte=timezone.now() - PENDING_FOR_AT_MOST,
    )
    wanted = [_arguments(period, grouping) for grouping in groupings]
    return any(row["args"] in wanted for row in recent.values_list("args_kwargs", flat=True))


def _computing_page(request: HttpRequest, period: Period) -> HttpResponse:
    response = render(request, "enforcement/figures_computing.html", {"period": period}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def computed_in_background_when_too_long(
    asked: Callable[[HttpRequest], tuple[Period, list[Grouping]] | None],
) -> Callable[[View], View]:
    """Answer a report whose figures outlast the statement timeout: queue them, say so.

    ``asked`` returns the period and groupings the request reads (None: a request that
    computes nothing, an invalid form say). The view runs as it is unless a task for its
    figures is pending; a statement cut at the timeout queues the task instead of failing.
    """

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            wanted = asked(request)
            if wanted is not None and figures_pending(*wanted):
                return _computing_page(request, wanted[0])
            try:
                return view(request, *args, **kwargs)
            except DatabaseError as error:
                if wanted is None or not statement_timed_out(error):
                    raise
            period, groupings = wanted
            for grouping in groupings:
                keep_figures.enqueue(*_arguments(period, grouping))
            logger.warning(
                "The figures of %s (%s months, %s) outlasted the statement timeout: computing "
                "them in the background. Run rebuild_statistics --outdated after each release.",
                period.year,
                period.months,
                ", ".join(f"{by}/{split or '-'}" for by, split in groupings),
            )
            return _computing_page(request, period)

        return wrapped

    return decorate
