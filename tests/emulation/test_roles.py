"""What each role may do in emulation, and where the home page sends it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_emulation_officer_enters_submits_results_and_reads_title_history(officer_danang):
    for permission in (
        "add_indicatorresult",
        "change_indicatorresult",
        "submit_indicator_result",
        "lock_indicator_result",
        "view_titleaward",
        "add_initiative",
        "view_title",
    ):
        assert officer_danang.has_perm(f"emulation.{permission}")
    assert not officer_danang.has_perm("emulation.change_title")
    assert not officer_danang.has_perm("emulation.unlock_indicator_result")


def test_emulation_officer_cannot_write_title_history(officer_danang):
    assert not officer_danang.has_perm("emulation.add_titleaward")
    assert not officer_danang.has_perm("emulation.change_titleaward")


def test_leader_reads_everything_and_changes_nothing(leader):
    assert leader.has_perm("emulation.view_indicatorresult")
    assert leader.has_perm("emulation.view_cluster")
    assert not leader.has_perm("emulation.change_indicatorresult")
    assert not leader.has_perm("emulation.lock_indicator_result")
    assert not leader.has_perm("emulation.add_titleaward")
    assert not leader.has_perm("emulation.change_titleaward")


@pytest.mark.parametrize("persona", ["reviewer", "council_member"])
def test_reviewers_and_council_members_read_titles_awards_and_initiatives(request, persona):
    user = request.getfixturevalue(persona)

    for permission in ("view_title", "view_titleaward", "view_initiative", "view_cluster"):
        assert user.has_perm(f"emulation.{permission}")
    assert not user.has_perm("emulation.add_titleaward")
    assert not user.has_perm("emulation.view_indicatorresult")


def test_administrator_edits_the_catalogue(administrator):
    assert administrator.has_perm("emulation.change_title")
    assert administrator.has_perm("emulation.add_titlerule")
    assert administrator.has_perm("emulation.unlock_indicator_result")


def test_enforcement_clerk_has_no_emulation_permission(clerk_danang):
    assert not any(
        permission.startswith("emulation.") for permission in clerk_danang.get_all_permissions()
    )


def test_home_page_sends_the_officer_to_results_ranking_and_eligibility(officer_danang):
    client = Client()
    client.force_login(officer_danang)

    content = client.get("/").content.decode()

    assert reverse("admin:emulation_indicatorresult_changelist") in content
    assert reverse("emulation:ranking") in content
    assert reverse("emulation:eligibility") in content
    assert reverse("admin:emulation_title_changelist") not in content


def test_home_page_offers_the_catalogue_to_administrators(administrator):
    client = Client()
    client.force_login(administrator)

    assert reverse("admin:emulation_title_changelist") in client.get("/").content.decode()
