"""load_demo builds the demo sector once, refuses production, and demo logins stay local."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from organizations.demo import DEMO_PASSWORD, load_organizations
from organizations.models import Membership, Person, Unit

pytestmark = pytest.mark.django_db

EXPECTED_USERS = {
    "admin": ("administrator", "BTP"),
    "clerk.hanoi": ("enforcement_clerk", "THADS-HN"),
    "clerk.danang": ("enforcement_clerk", "THADS-DN"),
    "officer.danang": ("emulation_officer", "STP-DN"),
    "reviewer.moj": ("reviewer", "BTP"),
    "council.moj": ("council_member", "BTP"),
    "leader.moj": ("leader", "BTP"),
}


def _request():
    return RequestFactory().post("/login/")


def test_load_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")


def test_demo_has_the_six_cities_with_their_units_and_people():
    load_organizations()

    for city in ("HN", "HCM", "HP", "DN", "CT", "HUE"):
        assert Unit.objects.filter(code=f"STP-{city}", kind=Unit.Kind.DEPARTMENT_OF_JUSTICE)
        assert Unit.objects.filter(code=f"THADS-{city}", kind=Unit.Kind.ENFORCEMENT_AGENCY)
        assert Unit.objects.filter(parent__code=f"THADS-{city}").count() >= 2
    assert Unit.objects.get(code="BTP").kind == Unit.Kind.MINISTRY
    assert Person.objects.count() >= 36


def test_demo_users_have_exactly_their_roles():
    load_organizations()

    found = {
        membership.user.username: (membership.role, membership.unit.code)
        for membership in Membership.objects.select_related("user", "unit")
    }
    assert found == EXPECTED_USERS


def test_loading_the_demo_twice_changes_nothing():
    load_organizations()
    counts = (Unit.objects.count(), Person.objects.count(), Membership.objects.count())

    load_organizations()

    assert (Unit.objects.count(), Person.objects.count(), Membership.objects.count()) == counts


def test_demo_password_works_in_development(settings):
    load_organizations()
    settings.DEBUG = True

    assert authenticate(_request(), username="clerk.danang", password=DEMO_PASSWORD) is not None


def test_demo_accounts_are_refused_with_debug_off(settings):
    load_organizations()
    settings.DEBUG = False

    assert authenticate(_request(), username="clerk.danang", password=DEMO_PASSWORD) is None
    assert get_user_model().objects.get(username="clerk.danang").check_password(DEMO_PASSWORD)
