"""What each role may do in commendations."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_emulation_officer_drafts_and_submits_but_does_not_review(officer_danang):
    for permission in (
        "add_nomination",
        "change_nomination",
        "submit_nomination",
        "add_dossierfile",
    ):
        assert officer_danang.has_perm(f"commendations.{permission}")
    for permission in ("review_nomination", "vote_nomination", "decide_nomination"):
        assert not officer_danang.has_perm(f"commendations.{permission}")


def test_reviewer_reviews_and_keeps_sessions_but_neither_votes_nor_decides(reviewer):
    assert reviewer.has_perm("commendations.review_nomination")
    assert reviewer.has_perm("commendations.manage_council_session")
    assert not reviewer.has_perm("commendations.vote_nomination")
    assert not reviewer.has_perm("commendations.decide_nomination")
    assert not reviewer.has_perm("commendations.add_nomination")


def test_council_member_only_votes(council_member):
    assert council_member.has_perm("commendations.vote_nomination")
    assert not council_member.has_perm("commendations.review_nomination")
    assert not council_member.has_perm("commendations.print_certificate")


def test_leader_records_decisions_but_never_title_awards_by_hand(leader):
    assert leader.has_perm("commendations.decide_nomination")
    assert leader.has_perm("commendations.print_certificate")
    assert not leader.has_perm("emulation.add_titleaward")
    assert not leader.has_perm("commendations.review_nomination")


def test_enforcement_clerk_has_no_commendation_permission(clerk_danang):
    assert not any(p.startswith("commendations.") for p in clerk_danang.get_all_permissions())
