"""Statistics reports read from a PostgreSQL streaming replica, the primary standing behind it.

With ``DATABASE_REPLICA_URL`` set, the database alias ``replica`` is a hot standby of the
primary. Only the views wrapped in ``reads_from_replica`` (the statistics reports and their
spreadsheets: long reads of many rows, where seconds of delay do not matter) read from it;
every write, the admin, the sign-in and every page that reads what it has just written use
the primary (``ReplicaRouter``).

Before a report the replica is asked how far its replay is behind the primary. A replica
that is down, no longer a standby (promoted), or further behind than
``DATABASE_REPLICA_MAX_LAG_SECONDS`` is passed over, and one that fails in the middle of a
report (stopped, cut off, a query cancelled by its replay) makes the report start again on
the primary: a report is never wrong, at worst slower. Each case is logged as a warning.

The statistics' kept figures (``enforcement.selectors.kept``) are read from the replica
with the counters they are validated by, both as replayed there; figures computed on the
replica are stored on the primary, where the primary's own counters decide whether they
still hold (a row computed at a counter the primary has since raised is simply not used).
"""

from __future__ import annotations

import contextvars
import functools
import logging
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.db.models import Model
from django.db.utils import ConnectionDoesNotExist

logger = logging.getLogger(__name__)

REPLICA = "replica"

# The alias the reads of the running report go to; none outside a report.
_reading_from: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "reading_from", default=None
)

# How far the replica's replay is behind: nothing when it has replayed everything the
# primary had flushed a moment before; otherwise the time since the last transaction it
# replayed (unknown, so too late, when it has replayed none since it started).
REPLICA_STATE_SQL = """
    SELECT pg_is_in_recovery(),
           CASE WHEN pg_last_wal_replay_lsn() >= %(primary_lsn)s::pg_lsn THEN 0
                ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END,
           set_config('statement_timeout', %(timeout)s, false)
"""

# A statement cut at the request's time limit: the report is too slow, not the replica
# broken; it answers the "took too long" page rather than running again on the primary.
QUERY_CANCELED = "57014"
# A standby cancels a query whose rows its replay must remove (conflict with recovery).
RECOVERY_CONFLICT = "40001"

P = ParamSpec("P")
T = TypeVar("T")


class ReplicaRouter:
    """Send the reads of a report to the replica chosen for it, everything else to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        # Explicitly the primary outside a report: an object read from the replica must not
        # lead later reads of its relations there.
        return _reading_from.get() or DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first: Model, second: Model, **hints: Any) -> bool:
        # The replica holds the primary's very rows.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def reading_alias() -> str:
    """Return the alias the running code reads from: the replica inside a report."""
    return _reading_from.get() or DEFAULT_DB_ALIAS


def reads_replica() -> bool:
    """Tell whether the running code reads from the replica (which refuses every write)."""
    return reading_alias() != DEFAULT_DB_ALIAS


def _primary_lsn() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_flush_lsn()::text")
        return cursor.fetchone()[0]


def usable_replica() -> str | None:
    """Return the replica's alias when it is configured, up and close enough behind."""
    try:
        connections[REPLICA]
    except ConnectionDoesNotExist:
        return None
    limit = settings.DATABASE_REPLICA_MAX_LAG_SECONDS
    # Asked of the primary first (a primary that is down fails the request as it would
    # without a replica), the replica then: it must have replayed at least this far.
    primary_lsn = _primary_lsn()
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                REPLICA_STATE_SQL,
                {"primary_lsn": primary_lsn, "timeout": str(settings.DB_STATEMENT_TIMEOUT_MS)},
            )
            in_recovery, lag, _timeout = cursor.fetchone()
    except DatabaseError as error:
        logger.warning(
            "The read replica is unreachable (%s); the report reads the primary database.",
            str(error).strip(),
        )
        _close_replica()
        return None
    if not in_recovery:
        logger.warning(
            "The read replica is no longer a standby of the primary (it was promoted); the "
            "report reads the primary database."
        )
        return None
    if lag is None or lag > limit:
        logger.warning(
            "The read replica is %s seconds behind the primary, more than the %s allowed "
            "(DATABASE_REPLICA_MAX_LAG_SECONDS); the report reads the primary database.",
            "an unknown number of" if lag is None else f"{float(lag):.1f}",
            limit,
        )
        return None
    return REPLICA


def _close_replica() -> None:
    try:
        connections[REPLICA].close()
    except DatabaseError:
        # Already gone with the server: the next use opens a new connection.
        logger.debug("Closing the broken replica connection failed", exc_info=True)


def from_replica(compute: Callable[[], T]) -> T:
    """Run a read-only computation on the replica when it is usable, else on the primary.

    A replica failing part-way makes the computation run again from the start on the
    primary: nothing of the first attempt is kept.
    """
    alias = usable_replica()
    if alias is None:
        return compute()
    token = _reading_from.set(alias)
    try:
        return compute()
    except DatabaseError as error:
        sqlstate = getattr(error.__cause__, "sqlstate", None)
        if sqlstate == QUERY_CANCELED or not (
            isinstance(error, (OperationalError, InterfaceError)) or sqlstate == RECOVERY_CONFLICT
        ):
            # The report's own error (a time limit, bad data): the primary would fail alike.
            raise
        logger.warning(
            "The read replica failed during a report (%s); the report is read again from "
            "the primary database.",
            str(error).strip(),
        )
        _close_replica()
    finally:
        _reading_from.reset(token)
    return compute()


def reads_from_replica(view: Callable[P, T]) -> Callable[P, T]:
    """Let a read-only view read from the replica, falling back to the primary (see module)."""

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> T:
        return from_replica(lambda: view(*args, **kwargs))

    return wrapped
