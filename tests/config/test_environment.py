"""Start-up reads its settings from the environment and names any variable that is wrong."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "thads.moj.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://thads.moj.gov.vn",
}


def _manage(*args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    keep = {"PATH", "HOME", "LANG", "DATABASE_URL"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("environment", "variable"),
    [
        ({"DEBUG": "0", "ALLOWED_HOSTS": "example.org"}, "SECRET_KEY"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
        ({"DEBUG": "perhaps"}, "DEBUG"),
        ({"DEBUG": "1", "DATABASE_URL": "nosuchdb://nowhere"}, "DATABASE_URL"),
        ({"DEBUG": "1", "SESSION_COOKIE_AGE": "eight hours"}, "SESSION_COOKIE_AGE"),
        ({"DEBUG": "1", "CSRF_TRUSTED_ORIGINS": "thads.moj.gov.vn"}, "CSRF_TRUSTED_ORIGINS"),
        ({"DEBUG": "1", "FILE_STORAGE_OPTIONS": "location=/srv"}, "FILE_STORAGE_OPTIONS"),
        ({"DEBUG": "1", "FILE_STORAGE_OPTIONS": "[1, 2]"}, "FILE_STORAGE_OPTIONS"),
        (
            {
                "DEBUG": "1",
                "DATABASE_URL": "",
                "DATABASE_REPLICA_URL": "postgres://replica/justice",
            },
            "DATABASE_REPLICA_URL",
        ),
        (
            {
                "DEBUG": "1",
                "DATABASE_URL": "postgres://primary/justice",
                "DATABASE_REPLICA_URL": "nosuchdb://nowhere",
            },
            "DATABASE_REPLICA_URL",
        ),
        (
            {"DEBUG": "1", "DATABASE_REPLICA_MAX_LAG_SECONDS": "-1"},
            "DATABASE_REPLICA_MAX_LAG_SECONDS",
        ),
    ],
)
def test_bad_environment_stops_start_up_naming_the_variable(environment, variable):
    result = _manage("check", **environment)

    assert result.returncode != 0
    assert variable in result.stderr
    assert "Traceback" not in result.stderr


def test_production_with_a_replica_and_a_shared_storage_passes_the_deploy_check(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        DATABASE_URL="postgres://justice@db-primary:5432/justice",
        DATABASE_REPLICA_URL="postgres://justice@db-replica:5432/justice",
        DATABASE_REPLICA_MAX_LAG_SECONDS="30",
        FILE_STORAGE_OPTIONS=f'{{"location": "{tmp_path}"}}',
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_starts_without_any_variable():
    result = _manage("check", DEBUG="1")

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", ["makemigrations", "migrate", "showmigrations"])
def test_built_in_commands_also_stop_naming_the_missing_variable(command):
    result = subprocess.run(
        [sys.executable, "manage.py", command, "--help" if command == "migrate" else "--check"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_postgresql_connections_keep_the_urls_options_and_turn_jit_off():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print([settings.DATABASES[name]['OPTIONS']['options'] "
        "for name in ('default', 'replica')])",
        DEBUG="1",
        DATABASE_URL="postgres://justice@db-primary:5432/justice?options=-c%20work_mem%3D8MB",
        DATABASE_REPLICA_URL="postgres://justice@db-replica:5432/justice",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['-c work_mem=8MB -c jit=off', '-c jit=off']"


@pytest.mark.django_db
def test_postgresql_compiles_no_query_to_machine_code():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("JIT compilation is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
