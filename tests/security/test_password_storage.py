"""Passwords are stored as Argon2id at OWASP's cost; those stored before are re-stored."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import Client

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

STORED_AS = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


@pytest.fixture
def production_hashers(settings):
    # The test settings hash with MD5 for speed; these tests use what production uses.
    settings.PASSWORD_HASHERS = importlib.import_module("config.settings").PASSWORD_HASHERS


def test_a_new_password_is_stored_as_argon2id_with_owasps_parameters(production_hashers):
    stored = make_password(PASSWORD)

    assert stored.startswith(STORED_AS)
    assert identify_hasher(stored).verify(PASSWORD, stored)


def test_a_password_stored_with_pbkdf2_still_signs_in_and_is_stored_again(
    production_hashers, council_member
):
    council_member.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    council_member.save(update_fields=["password"])

    client = Client()
    response = client.post("/login/", {"username": council_member.username, "password": PASSWORD})

    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    council_member.refresh_from_db()
    assert council_member.password.startswith(STORED_AS)


def test_a_wrong_password_against_a_pbkdf2_hash_changes_nothing(production_hashers, council_member):
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    council_member.password = old
    council_member.save(update_fields=["password"])

    response = Client().post(
        "/login/", {"username": council_member.username, "password": "wrong-password"}
    )

    assert response.status_code == 200
    council_member.refresh_from_db()
    assert council_member.password == old
