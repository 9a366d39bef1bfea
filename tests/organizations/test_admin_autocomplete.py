"""Autocomplete fields re-display a refused form whatever was posted into them."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from commendations.models import Nomination
from emulation.models import Cluster
from organizations.admin.base import (
    ParsedValuesAutocompleteMixin,
    SafeAutocompleteSelect,
    SafeAutocompleteSelectMultiple,
)
from organizations.models import Person

pytestmark = pytest.mark.django_db


def test_every_autocomplete_field_of_every_admin_and_inline_uses_the_safe_widget(administrator):
    request = RequestFactory().get("/")
    request.user = administrator
    checked = []
    for model, model_admin in admin.site._registry.items():
        inlines = [inline(model, admin.site) for inline in model_admin.inlines]
        for owner in [model_admin, *inlines]:
            for name in owner.get_autocomplete_fields(request):
                field = owner.formfield_for_dbfield(owner.model._meta.get_field(name), request)
                widget = getattr(field.widget, "widget", field.widget)
                assert isinstance(widget, ParsedValuesAutocompleteMixin), (owner, name)
                checked.append((owner, name))
    assert len(checked) >= 15


def test_the_safe_select_shows_a_valid_key_and_drops_one_it_cannot_parse(world):
    field = Person._meta.get_field("unit")
    widget = SafeAutocompleteSelect(field, admin.site)
    widget.choices = field.formfield().choices

    html = widget.render("unit", "abc")
    assert "<option" not in html.replace('<option value=""', "")

    html = widget.render("unit", str(world.danang_agency.pk))
    assert world.danang_agency.name in html


def test_the_safe_multiple_select_keeps_only_keys_it_can_parse(world):
    field = Nomination._meta.get_field("initiatives")
    widget = SafeAutocompleteSelectMultiple(field, admin.site)
    widget.choices = field.formfield().choices

    assert "<option" not in widget.render("initiatives", ["1x", "'; DROP TABLE x; --", "\x00"])


def test_a_non_numeric_unit_in_a_cluster_member_inline_is_refused(world, administrator):
    client = Client()
    client.force_login(administrator)

    response = client.post(
        reverse("admin:emulation_cluster_add"),
        {
            "year": "2024",
            "kind": Cluster.Kind.choices[0][0],
            "name": "Cụm thử",
            "head": world.danang_department.pk,
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-0-unit": "<b>abc</b>",
        },
    )

    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not Cluster.objects.exists()
