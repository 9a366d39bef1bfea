"""The login lock-out cannot be aimed at a victim from another address, even behind a proxy."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client
from pytest_django.fixtures import SettingsWrapper

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.7"


def _login(user: AbstractUser, password: str, **meta: str) -> tuple[Client, int]:
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": password}, **meta)
    return client, response.status_code


def _attack(user: AbstractUser, settings: SettingsWrapper, **meta: str) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(user, "wrong-password", **meta)


def test_attacker_behind_the_proxy_does_not_lock_out_the_real_user(council_member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    _attack(council_member, settings, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)

    client, status = _login(
        council_member, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=VICTIM
    )

    assert status == 302
    assert "_auth_user_id" in client.session


def test_attacker_behind_the_proxy_is_locked_out_himself(council_member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    _attack(council_member, settings, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)

    _client, status = _login(
        council_member, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER
    )

    assert status == 429


def test_address_written_by_the_client_before_the_proxys_is_not_believed(council_member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The attacker prepends the victim's address; the proxy appends the attacker's own.
    _attack(
        council_member,
        settings,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{VICTIM}, {ATTACKER}",
    )

    _client, status = _login(
        council_member, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=VICTIM
    )

    assert status == 302


def test_without_a_proxy_a_forged_forwarded_for_is_ignored(council_member, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    # Changing the header on every try does not escape the lock-out of the real address.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(
            council_member,
            "wrong-password",
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt + 1}",
        )

    _client, status = _login(
        council_member, PASSWORD, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=VICTIM
    )

    assert status == 429
