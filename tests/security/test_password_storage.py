"""Passwords are stored as Argon2id at OWASP's cost; those stored before are re-stored."""

from __future__ import annotations

import importlib
from unittest import mock

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher, make_password
from django.test import Client

from organizations.hashers import Argon2idPasswordHasher
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


@pytest.fixture
def hasher_runs():
    # How many times each hasher ran its slow function: Argon2id hashing or checking, and
    # PBKDF2's rounds (its check runs them through ``encode``).
    runs = {"argon2": 0, "pbkdf2_sha256": 0}

    def counted(algorithm, original):
        def run(*arguments, **keywords):
            runs[algorithm] += 1
            return original(*arguments, **keywords)

        return run

    with (
        mock.patch.object(
            Argon2idPasswordHasher, "encode", counted("argon2", Argon2idPasswordHasher.encode)
        ),
        mock.patch.object(
            Argon2idPasswordHasher, "verify", counted("argon2", Argon2idPasswordHasher.verify)
        ),
        mock.patch.object(
            PBKDF2PasswordHasher, "encode", counted("pbkdf2_sha256", PBKDF2PasswordHasher.encode)
        ),
    ):
        yield runs


@pytest.mark.parametrize("account", ["no such name", "argon2", "pbkdf2_sha256", "unusable"])
def test_a_failed_sign_in_costs_one_run_of_each_hasher_whatever_the_account(
    production_hashers, council_member, hasher_runs, account
):
    # A password stored with PBKDF2 (until its user signs in) costs ten times an Argon2id
    # one: were a failure to cost its account's hasher alone, its time would tell which
    # names are dormant accounts.
    username = council_member.username if account != "no such name" else "no.such.name"
    if account == "unusable":
        council_member.set_unusable_password()
    elif account != "no such name":
        council_member.password = make_password(PASSWORD, hasher=account)
    council_member.save(update_fields=["password"])
    stored = council_member.password
    hasher_runs.update({"argon2": 0, "pbkdf2_sha256": 0})

    response = Client().post("/login/", {"username": username, "password": "wrong-password"})

    assert response.status_code == 200
    assert hasher_runs == {"argon2": 1, "pbkdf2_sha256": 1}
    council_member.refresh_from_db()
    assert council_member.password == stored


def test_a_sign_in_with_an_argon2id_password_runs_no_other_hasher(
    production_hashers, council_member, hasher_runs
):
    council_member.password = make_password(PASSWORD)
    council_member.save(update_fields=["password"])
    hasher_runs.update({"argon2": 0, "pbkdf2_sha256": 0})

    response = Client().post("/login/", {"username": council_member.username, "password": PASSWORD})

    assert response.status_code == 302
    assert hasher_runs == {"argon2": 1, "pbkdf2_sha256": 0}
