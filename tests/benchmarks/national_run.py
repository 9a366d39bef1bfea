"""National benchmark: statistics and case lists computed directly on ten million cases.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_national \\
        .venv/bin/python -m tests.benchmarks.national_run --cases 10000000

It builds the database named in DATABASE_URL (its name must contain ``national``; kept
between runs, see ``national``) unless it already holds this generator's cases, prints the
build time and the database's size, checks that the statistics reconcile with the cases
(``national_check``), then prints the median of several runs of each measurement beside
its goal (issue 19). The statistics are the **direct computation** from the cases and
their events (``computed_lines``), the baseline for figures kept by the services. Exits 1
when a check fails; a goal missed is printed, not failed.
"""

from __future__ import annotations

import argparse
import os
import sys
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

# Raise it whenever the generated data changes: a database of another version is rebuilt.
VERSION = 1
MARKER_TABLE = "national_bench_marker"
LOOPBACK = ("127.0.0.1", "localhost")
# The province of the sample: it took in Quảng Nam on 1 July 2025 (DESIGN §4).
PROVINCE, MERGED_PROVINCE = "THADS-DN", "THADS-QNA"
CLERK_UNIT = "THADS-HN"
YEAR = 2025
CHANGELIST = "/admin/enforcement/enforcementcase/"
# As people type it: no diacritics, lower case ("Phạm Thu Thảo").
SEARCH = "pham thu thao"
FILTERED = {"year": str(YEAR), "origin": "carried_over", "status__exact": "postponed"}
TEST_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "0",
    "SECRET_KEY": "national-bench-only-secret-key-not-used-anywhere-else-0123456789",
    "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "LOG_LEVEL": "WARNING",
}


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.national_run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--cases", type=int, default=10_000_000, help="cases (10,000,000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each measurement")
    parser.add_argument("--build-only", action="store_true", help="build the database and stop")
    arguments = parser.parse_args(argv)
    if arguments.cases < 100_000:
        parser.error("--cases must be at least 100,000 (every unit needs cases)")
    return arguments


def database_name() -> tuple[str, dict[str, object]]:
    """Read DATABASE_URL; refuse anything but a loopback PostgreSQL national database."""
    parts = urlsplit(os.environ.get("DATABASE_URL", ""))
    if parts.scheme not in ("postgres", "postgresql"):
        sys.exit("Set DATABASE_URL to postgres://postgres@127.0.0.1:5432/bench_national")
    if parts.hostname not in LOOPBACK:
        sys.exit("The national benchmark's database must be on 127.0.0.1.")
    name = parts.path.lstrip("/")
    if "national" not in name:
        sys.exit(f"The database {name!r} is not the national benchmark's: its name must "
                 "contain 'national'.")  # fmt: skip
    server = {
        "host": parts.hostname,
        "port": parts.port or 5432,
        "user": parts.username or "postgres",
        "dbname": "postgres",
        "autocommit": True,
    }
    if parts.password:
        server["password"] = parts.password
    return name, server


def prepare_database(name: str, server: dict[str, object], cases: int) -> bool:
    """Create the database, or drop a stale one first; tell whether it must be built."""
    with psycopg.connect(**server) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            with psycopg.connect(**{**server, "dbname": name}) as db:
                marked = db.execute("SELECT to_regclass(%s)", [MARKER_TABLE]).fetchone()[0]
                row = (
                    db.execute(f"SELECT version, cases FROM {MARKER_TABLE}").fetchone()
                    if marked
                    else None
                )
            if row == (VERSION, cases):
                return False
            print(f"Rebuilding {name}: it holds {row} (version, cases), not {(VERSION, cases)}")
            admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def setup_django() -> None:
    for key, value in TEST_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    import django

    django.setup()


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    name, server = database_name()
    must_build = prepare_database(name, server, arguments.cases)
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from tests.benchmarks.national import build

    # A database kept from an earlier run takes the migrations written since.
    call_command("migrate", "--noinput", verbosity=0)
    if must_build:
        print(f"Building {name} with {arguments.cases:,} cases (load {load_average()})")
        seconds = build(arguments.cases)
        print(f"Built in {seconds:.0f} s ({seconds / 60:.1f} min), load {load_average()}")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_database_size(current_database()), build_seconds, built_at "
            f"FROM {MARKER_TABLE}"
        )
        size, seconds, built_at = cursor.fetchone()
    print(
        f"Database {name}: {size / 1e9:.1f} GB, {arguments.cases:,} cases, built in "
        f"{seconds / 60:.1f} min on {built_at:%d/%m/%Y %H:%M}"
    )
    if arguments.build_only:
        return 0
    from tests.benchmarks.national_measure import check, measure

    if not check():
        return 1
    measure(arguments.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
