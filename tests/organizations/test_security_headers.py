"""Logins are throttled, passwords must be strong, and pages carry a Content Security Policy
and clickjacking guard."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_five_wrong_passwords_lock_the_account(clerk_danang, settings):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": clerk_danang.username, "password": "wrong"})

    response = client.post("/login/", {"username": clerk_danang.username, "password": PASSWORD})

    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_resets_the_count(clerk_danang, settings):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/login/", {"username": clerk_danang.username, "password": "wrong"})

    response = client.post("/login/", {"username": clerk_danang.username, "password": PASSWORD})

    assert response.status_code == 302


def test_pages_forbid_inline_scripts_and_framing(client):
    response = client.get("/login/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "address",
    [
        "/admin/enforcement/enforcementcase/?q=%00",
        "/admin/enforcement/enforcementcase/?status=in%00progress",
        "/admin/organizations/unit/?q=abc%00",
        "/reports/enforcement/?year=2024&unit=%00",
    ],
)
def test_a_nul_character_in_the_query_string_is_a_bad_request(address, clerk_danang):
    client = Client()
    client.force_login(clerk_danang)

    response = client.get(address)

    # PostgreSQL refuses NUL in text comparisons: without the guard, a list searched for it
    # failed with a server error.
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.mark.parametrize(
    "password",
    ["Hanoi2025", "0123456789012", "password123", "clerk.danang-1"],
)
def test_weak_passwords_are_refused_in_vietnamese(password, clerk_danang):
    # Too short, numbers only, too common, too close to the user name.
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=clerk_danang)

    assert refused.value.messages
    assert all(not message.isascii() for message in refused.value.messages), refused.value.messages


def test_a_long_uncommon_password_is_accepted(clerk_danang):
    validate_password("Thi-hanh-an-2025-Da-Nang!", user=clerk_danang)
