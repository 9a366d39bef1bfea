"""The load run under ``make bench``: 50 users for 60 s against gunicorn and a million cases.

It runs ``python -m tests.benchmarks.load_run`` in its own process on a dedicated database
kept between runs: LOADRUN_DATABASE_URL, or the server of DATABASE_URL with the database
``loadrun``. LOADRUN_USERS, LOADRUN_SECONDS, LOADRUN_CASES and LOADRUN_PORT change the scale.
Skipped on SQLite.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_database_url() -> str:
    explicit = os.environ.get("LOADRUN_DATABASE_URL")
    if explicit:
        return explicit
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("The load run needs PostgreSQL: set DATABASE_URL.")
    return urlunsplit(urlsplit(url)._replace(path="/loadrun"))


def test_fifty_users_for_a_minute_meet_no_error_and_lose_no_write() -> None:
    url = _load_database_url()
    seconds = float(os.environ.get("LOADRUN_SECONDS", "60"))
    command = [
        sys.executable,
        "-m",
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
    # Its own process group holds the run and its gunicorn: a timeout ends them together.
    run = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, "DATABASE_URL": url}, start_new_session=True
    )
    try:
        # A first run builds the database (five to ten minutes on two cores); later ones reuse it.
        returncode = run.wait(timeout=1800 + seconds)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGTERM)
        try:
            run.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
        pytest.fail("the load run overran its time")
    assert returncode == 0, "the load run met errors or lost writes: see its report"
