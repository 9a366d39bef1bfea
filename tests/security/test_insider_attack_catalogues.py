"""The sector's catalogues change only by an administrator whose membership covers every unit.

Award forms (with the council's vote threshold), emulation titles (with their eligibility
rules) and localities are the whole sector's: an administrator of one city's units changing
them would change how every city's nominations are voted on and judged. Reproduced as the
administrator of Đà Nẵng's agency: the Minister's certificate's vote threshold was lowered
from the admin's form for every council.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.urls import reverse

from commendations.models import AwardForm
from organizations.roles import Role
from tests.commendations.factories import award_form
from tests.conftest import World
from tests.factories import ensure_reference_data, make_persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def danang_administrator(world: World) -> AbstractUser:
    return make_persona("p.admin.dn", world.danang_agency, Role.ADMINISTRATOR)


def _client(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_city_administrator_cannot_change_an_award_forms_vote_threshold(danang_administrator):
    ensure_reference_data()
    certificate = award_form()
    threshold = certificate.council_vote_threshold
    url = reverse("admin:commendations_awardform_change", args=[certificate.pk])

    page = _client(danang_administrator).get(url)
    posted = _client(danang_administrator).post(url, {"council_vote_threshold": "1"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert posted.status_code == 403
    certificate.refresh_from_db()
    assert certificate.council_vote_threshold == threshold


def test_city_administrator_cannot_add_an_award_form(danang_administrator):
    response = _client(danang_administrator).get(reverse("admin:commendations_awardform_add"))

    assert response.status_code == 403


def test_administrator_at_the_ministry_still_changes_the_catalogues(administrator):
    ensure_reference_data()
    url = reverse("admin:commendations_awardform_change", args=[award_form().pk])

    page = _client(administrator).get(url)

    assert 'name="_save"' in page.content.decode()
    assert AwardForm.objects.exists()
