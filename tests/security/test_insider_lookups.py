"""Admin lists and exports take only the filters, search and ordering they declare (issue 12).

The attack: ``?debtor__regex=(.*)*x`` on the cases list, as a clerk, three at once, kept every
worker busy on SQLite and answered 500 on PostgreSQL for an invalid pattern.
"""

from __future__ import annotations

import time

import pytest
from django.contrib import admin
from django.contrib.auth.models import AbstractUser
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commendations.models import Nomination
from organizations.admin.base import DeclaredParametersAdminMixin, DeclaredParametersChangeList
from tests.commendations.factories import nomination_in
from tests.emulation.factories import InitiativeFactory
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import UserFactory

BAD_REQUEST = "Yêu cầu không hợp lệ"
CASES = "admin:enforcement_enforcementcase_changelist"
CASES_EXPORT = "admin:enforcement_enforcementcase_export"


def _client(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _refused(response) -> None:
    assert response.status_code == 400
    assert BAD_REQUEST in response.content.decode()


def _registered() -> list[tuple[str, admin.ModelAdmin]]:
    return [
        (model._meta.label, model_admin)
        for model, model_admin in sorted(
            admin.site._registry.items(), key=lambda item: item[0]._meta.label
        )
    ]


def _changelist_url(model_admin: admin.ModelAdmin) -> str:
    opts = model_admin.opts
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


@pytest.fixture
def superuser(world) -> AbstractUser:
    return UserFactory(username="p.superuser", is_staff=True, is_superuser=True)


# --- The reproduction ---------------------------------------------------------------------


def test_a_catastrophic_regex_filter_is_refused_before_the_cases_are_queried(world, clerk_hanoi):
    EnforcementCaseFactory(unit=world.hanoi_agency)
    client = _client(clerk_hanoi)

    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(CASES), {"debtor__regex": "(.*)*x"})

    _refused(response)
    assert time.monotonic() - started < 2
    asked = " ".join(query["sql"] for query in queries.captured_queries)
    assert "enforcement_enforcementcase" not in asked
    assert "REGEXP" not in asked.upper() and "~" not in asked


def test_an_invalid_regex_pattern_is_refused_not_a_server_error(world, clerk_hanoi):
    response = _client(clerk_hanoi).get(reverse(CASES), {"debtor__regex": "("})

    _refused(response)


def test_a_lookup_on_an_undeclared_local_field_is_refused(world, clerk_hanoi):
    response = _client(clerk_hanoi).get(reverse(CASES), {"debtor__icontains": "a"})

    _refused(response)


def test_a_declared_filter_with_a_lookup_it_does_not_read_is_refused(world, clerk_hanoi):
    response = _client(clerk_hanoi).get(reverse(CASES), {"status__gte": "a"})

    _refused(response)


def test_the_cases_export_refuses_a_regex_filter(world, clerk_hanoi):
    response = _client(clerk_hanoi).get(reverse(CASES_EXPORT), {"debtor__regex": "(.*)*x"})

    _refused(response)


def test_the_cases_export_refuses_an_unknown_parameter(world, clerk_hanoi):
    response = _client(clerk_hanoi).get(reverse(CASES_EXPORT), {"format": "0"})

    _refused(response)


def test_the_cases_export_keeps_declared_filters_and_ordering(world, clerk_hanoi):
    response = _client(clerk_hanoi).get(
        reverse(CASES_EXPORT), {"status__exact": "open", "o": "-3", "q": "Nguyễn"}
    )

    assert response.status_code == 200


def test_the_cases_list_refuses_an_ordering_outside_its_columns(world, clerk_hanoi):
    client = _client(clerk_hanoi)

    for ordering in ("99", "-99", "0", "1.x", "²", "--1", "١"):
        _refused(client.get(reverse(CASES), {"o": ordering}))


def test_the_cases_list_keeps_search_paging_and_its_columns_ordering(world, clerk_hanoi):
    EnforcementCaseFactory(unit=world.hanoi_agency)
    client = _client(clerk_hanoi)

    response = client.get(reverse(CASES), {"q": "x", "p": "1", "o": "1.-3", "all": ""})

    assert response.status_code == 200


def test_an_import_page_refuses_query_parameters(world, clerk_hanoi):
    url = reverse("admin:enforcement_enforcementcase_import_file", args=[0])
    client = _client(clerk_hanoi)

    assert client.get(url).status_code == 200
    _refused(client.get(url, {"debtor__regex": "(.*)*x"}))


def test_an_import_template_refuses_query_parameters(world, clerk_hanoi):
    url = reverse("admin:enforcement_enforcementcase_import_template", args=[0])

    _refused(_client(clerk_hanoi).get(url, {"x": "1"}))


# --- Every admin of the site, from the registry -------------------------------------------


def test_every_registered_admin_takes_only_declared_parameters():
    request = RequestFactory().get("/")
    for label, model_admin in _registered():
        assert isinstance(model_admin, DeclaredParametersAdminMixin), label
        assert issubclass(model_admin.get_changelist(request), DeclaredParametersChangeList), label


@pytest.mark.parametrize(("label", "model_admin"), _registered(), ids=lambda item: str(item))
def test_every_admin_list_refuses_an_undeclared_lookup(label, model_admin, world, superuser):
    response = _client(superuser).get(_changelist_url(model_admin), {"pk__regex": "(.*)*x"})

    _refused(response)


@pytest.mark.parametrize(("label", "model_admin"), _registered(), ids=lambda item: str(item))
def test_every_admin_list_refuses_an_unknown_parameter(label, model_admin, world, superuser):
    response = _client(superuser).get(_changelist_url(model_admin), {"zzz": "1"})

    _refused(response)


@pytest.mark.parametrize(("label", "model_admin"), _registered(), ids=lambda item: str(item))
def test_every_admin_list_refuses_an_ordering_outside_its_columns(
    label, model_admin, world, superuser
):
    response = _client(superuser).get(_changelist_url(model_admin), {"o": "999"})

    _refused(response)


@pytest.mark.parametrize(("label", "model_admin"), _registered(), ids=lambda item: str(item))
def test_every_admin_list_keeps_its_declared_filters_and_sortable_columns(
    label, model_admin, world, superuser
):
    EnforcementCaseFactory(unit=world.hanoi_agency)
    InitiativeFactory(person=world.danang_person)
    nomination_in(
        Nomination.Status.DRAFT,
        nominating_unit=world.danang_department,
        created_by=superuser,
        unit=world.danang_department,
    )
    client = _client(superuser)
    url = _changelist_url(model_admin)
    response = client.get(url)
    assert response.status_code == 200, label
    changelist = response.context["cl"]

    links = {
        choice["query_string"]
        for spec in changelist.filter_specs
        for choice in spec.choices(changelist)
    }
    for column, name in enumerate(changelist.list_display):
        if changelist.column_sortable(name):
            links.update({f"?o={column}", f"?o=-{column}"})
    for link in sorted(links):
        assert client.get(url + link).status_code == 200, (label, link)


def _exports() -> list[tuple[str, admin.ModelAdmin]]:
    return [item for item in _registered() if hasattr(item[1], "export_action")]


@pytest.mark.parametrize(("label", "model_admin"), _exports(), ids=lambda item: str(item))
def test_every_export_refuses_an_undeclared_lookup_and_an_unknown_parameter(
    label, model_admin, world, superuser
):
    opts = model_admin.opts
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_export")
    client = _client(superuser)

    assert client.get(url).status_code == 200, label
    _refused(client.get(url, {"pk__regex": "(.*)*x"}))
    _refused(client.get(url, {"zzz": "1"}))


def test_an_export_refuses_a_filter_value_its_field_cannot_hold(world, administrator):
    response = _client(administrator).get(
        reverse("admin:enforcement_target_export"), {"year": "abc"}
    )

    _refused(response)


def test_a_date_hierarchy_keeps_its_year_month_and_day(world, administrator):
    url = reverse("admin:commendations_decision_changelist")
    client = _client(administrator)

    response = client.get(url, {"date__year": "2024", "date__month": "5", "date__day": "2"})

    assert response.status_code == 200
    _refused(client.get(url, {"date__week": "5"}))
