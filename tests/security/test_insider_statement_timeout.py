"""No statement of a web request runs past DB_STATEMENT_TIMEOUT_MS on PostgreSQL (issue 12)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import connection
from django.test import Client
from django.urls import reverse

ON_SQLITE = "sqlite" in settings.DATABASES["default"]["ENGINE"]
postgresql_only = pytest.mark.skipif(
    ON_SQLITE, reason="SQLite has no statement timeout; the admin's allow-list covers it"
)
TOO_LONG = "Yêu cầu chạy quá lâu nên đã bị dừng"
CASES = "admin:enforcement_enforcementcase_changelist"


def _client(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _slow_cases_query(seconds: float) -> Callable[..., Any]:
    """Return a database wrapper that runs a slow statement before the cases list's query."""

    def wrapper(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
        if 'FROM "enforcement_enforcementcase"' in sql:
            context["cursor"].execute("SELECT pg_sleep(%s)", [seconds])
        return execute(sql, params, many, context)

    return wrapper


def _statement_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_slow_statement_in_a_web_request_is_cut_at_the_timeout_with_a_clear_page(
    world, clerk_hanoi, settings
):
    settings.DB_STATEMENT_TIMEOUT_MS = 300
    client = _client(clerk_hanoi)

    started = time.monotonic()
    with connection.execute_wrapper(_slow_cases_query(5)):
        response = client.get(reverse(CASES))
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert TOO_LONG in response.content.decode()
    assert elapsed < 3


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_timeout_ends_with_the_request(world, clerk_hanoi, settings):
    settings.DB_STATEMENT_TIMEOUT_MS = 300

    _client(clerk_hanoi).get(reverse(CASES))

    assert _statement_timeout() == "0"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_statement_outside_a_request_is_not_cut_short(world, settings):
    # The background worker and management commands run outside requests.
    settings.DB_STATEMENT_TIMEOUT_MS = 100

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.3)")

    assert _statement_timeout() == "0"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_request_within_the_timeout_answers_as_usual(world, clerk_hanoi, settings):
    settings.DB_STATEMENT_TIMEOUT_MS = 2000

    with connection.execute_wrapper(_slow_cases_query(0.1)):
        response = _client(clerk_hanoi).get(reverse(CASES))

    assert response.status_code == 200


def test_the_load_run_keeps_no_statement_timeout(monkeypatch, tmp_path):
    monkeypatch.setenv("LOADRUN_STATIC_ROOT", str(tmp_path))
    from tests.benchmarks import load_settings

    assert load_settings.DB_STATEMENT_TIMEOUT_MS == 0


def test_web_requests_have_a_statement_timeout_of_a_few_seconds_by_default():
    assert 1000 <= settings.DB_STATEMENT_TIMEOUT_MS <= 30_000
