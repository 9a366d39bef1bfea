"""A draft is its unit's own work: reviewers do not see it in their queue, its officer does."""

from __future__ import annotations

import pytest

from commendations.models import Nomination
from commendations.selectors import nomination_counts, nomination_queue
from tests.commendations.factories import nomination_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_and_submitted(world, officer_danang):
    unit = world.danang_department
    return (
        nomination_in(
            Nomination.Status.DRAFT, nominating_unit=unit, unit=unit, created_by=officer_danang
        ),
        nomination_in(
            Nomination.Status.SUBMITTED,
            nominating_unit=unit,
            person=world.danang_department_person,
            created_by=officer_danang,
        ),
    )


def test_reviewer_queue_leaves_out_other_units_drafts(draft_and_submitted, reviewer):
    _draft, submitted = draft_and_submitted

    queue = list(nomination_queue(user=reviewer))
    counts = {value: count for value, _label, count in nomination_counts(user=reviewer)}

    assert queue == [submitted]
    assert counts[Nomination.Status.DRAFT] == 0


def test_officer_queue_keeps_own_drafts(draft_and_submitted, officer_danang):
    draft, submitted = draft_and_submitted

    assert set(nomination_queue(user=officer_danang)) == {draft, submitted}
