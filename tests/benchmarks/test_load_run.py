"""The load run under ``make bench``: 50 users for 60 s against gunicorn and a million cases.

It runs ``python -m tests.benchmarks.load_run`` in its own process on a dedicated database
kept between runs: LOADRUN_DATABASE_URL, or the server of DATABASE_URL with the database
``loadrun``. LOADRUN_USERS, LOADRUN_SECONDS, LOADRUN_CASES and LOADRUN_PORT change the scale.
Skipped on SQLite.

The national load run (issue 19) follows: 100 users for 120 s against the national
benchmark's database (NATIONAL_DATABASE_URL, or ``bench_national`` on DATABASE_URL's server;
``national_run --build-only`` builds it first when it is missing). NATIONAL_LOAD_USERS and
NATIONAL_LOAD_SECONDS change the scale; ``-k 'not national'`` skips it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.benchmarks.test_national_bench import national_database_url

ROOT = Path(__file__).resolve().parents[2]


def _load_database_url() -> str:
    explicit = os.environ.get("LOADRUN_DATABASE_URL")
    if explicit:
        return explicit
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("The load run needs PostgreSQL: set DATABASE_URL.")
    return urlunsplit(urlsplit(url)._replace(path="/loadrun"))


def _run(arguments: list[str], url: str, timeout: float) -> int:
    """Run a benchmark module in its own process group; return its exit status."""
    # Its own process group holds the run and its gunicorn: a timeout ends them together.
    run = subprocess.Popen(
        [sys.executable, "-m", *arguments],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        start_new_session=True,
    )
    try:
        return run.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGTERM)
        try:
            run.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
        pytest.fail(f"{arguments[0]} overran its time")


def test_fifty_users_for_a_minute_meet_no_error_and_lose_no_write() -> None:
    seconds = float(os.environ.get("LOADRUN_SECONDS", "60"))
    arguments = [
        "tests.benchmarks.load_run",
        "--users",
        os.environ.get("LOADRUN_USERS", "50"),
        "--seconds",
        str(seconds),
        "--cases",
        os.environ.get("LOADRUN_CASES", "1000000"),
        "--port",
        os.environ.get("LOADRUN_PORT", "8765"),
    ]
    # A first run builds the database (five to ten minutes on two cores); later ones reuse it.
    returncode = _run(arguments, _load_database_url(), 1800 + seconds)
    assert returncode == 0, "the load run met errors or lost writes: see its report"


def test_a_hundred_users_on_the_national_database_meet_no_error_and_lose_no_write() -> None:
    url = national_database_url()
    cases = os.environ.get("NATIONAL_CASES", "10000000")
    built = _run(["tests.benchmarks.national_run", "--cases", cases, "--build-only"], url, 3 * 3600)
    assert built == 0, "the national database could not be built: see above"
    seconds = float(os.environ.get("NATIONAL_LOAD_SECONDS", "120"))
    arguments = [
        "tests.benchmarks.load_run",
        "--national",
        "--users",
        os.environ.get("NATIONAL_LOAD_USERS", "100"),
        "--seconds",
        str(seconds),
        "--port",
        os.environ.get("LOADRUN_PORT", "8765"),
    ]
    returncode = _run(arguments, url, 1800 + seconds)
    assert returncode == 0, "the national load run met errors or lost writes: see its report"
