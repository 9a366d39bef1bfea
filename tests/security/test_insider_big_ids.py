"""Keys longer than the database's integers are refused like any unknown key, never a 500."""

from __future__ import annotations

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from organizations.models import Person

# Twenty digits: past a 64-bit integer, which SQLite cannot even bind.
TOO_LONG = "99999999999999999999"


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_posted_key_past_the_integer_range_is_an_invalid_choice(world, administrator):
    response = _client(administrator).post(
        reverse("admin:organizations_person_add"),
        {"unit": TOO_LONG, "staff_code": "DN-T2", "full_name": "Lê Thử"},
    )

    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not Person.objects.filter(staff_code="DN-T2").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "admin:enforcement_enforcementcase_change",
        "admin:organizations_person_change",
    ],
)
def test_an_object_address_past_the_integer_range_is_not_found(address, world, clerk_hanoi):
    response = _client(clerk_hanoi).get(reverse(address, args=[TOO_LONG]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_multiple_choice_of_a_key_past_the_integer_range_is_refused(world):
    field = forms.ModelMultipleChoiceField(queryset=Person.objects.all())

    with pytest.raises(forms.ValidationError):
        field.clean([TOO_LONG])


@pytest.mark.django_db
def test_keys_past_the_integer_range_match_nothing_among_others(world):
    person = Person.objects.first()

    found = Person.objects.filter(pk__in=[TOO_LONG, person.pk, "-" + TOO_LONG])

    assert list(found) == [person]
