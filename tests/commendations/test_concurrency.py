"""Two reviewers acting on the same nomination at the same moment: exactly one succeeds."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from commendations import services
from commendations.models import Nomination, NominationEvent
from organizations.roles import Role
from tests.commendations.factories import nomination_in
from tests.factories import make_persona

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "sqlite" in settings.DATABASES["default"]["ENGINE"],
        reason="row locks between two connections need PostgreSQL (DATABASE_URL); SQLite "
        "serialises every writer with its immediate transactions instead",
    ),
]


def _race(action, users, nomination):
    barrier = threading.Barrier(len(users))
    outcomes: dict[str, object] = {}

    def act(user):
        try:
            barrier.wait(timeout=10)
            action(user=user, nomination=Nomination.objects.get(pk=nomination.pk))
            outcomes[user.username] = "ok"
        except ValidationError as error:
            outcomes[user.username] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_reviewers_taking_the_same_nomination_at_once_one_wins(world, officer_danang):
    first = make_persona("p.reviewer.a", world.ministry, Role.REVIEWER)
    second = make_persona("p.reviewer.b", world.ministry, Role.REVIEWER)
    first.first_name, second.first_name = "Phạm Quốc Hùng", "Lý Thu Trang"
    first.save()
    second.save()
    submitted = nomination_in(
        Nomination.Status.SUBMITTED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
    )

    outcomes = _race(services.nomination_take, [first, second], submitted)

    assert sorted(str(outcome) == "ok" for outcome in outcomes.values()) == [False, True]
    submitted.refresh_from_db()
    winner = submitted.reviewer
    loser_error = next(o for o in outcomes.values() if isinstance(o, ValidationError))
    assert winner.get_full_name() in loser_error.messages[0]
    assert "đang thẩm định" in loser_error.messages[0]
    assert (
        NominationEvent.objects.filter(
            nomination=submitted, to_status=Nomination.Status.IN_REVIEW
        ).count()
        == 1
    )


def test_a_withdrawal_and_a_take_at_once_do_not_both_succeed(world, officer_danang):
    reviewer = make_persona("p.reviewer.c", world.ministry, Role.REVIEWER)
    submitted = nomination_in(
        Nomination.Status.SUBMITTED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
    )
    steps = {
        reviewer.username: services.nomination_take,
        officer_danang.username: services.nomination_withdraw,
    }

    def act(*, user, nomination):
        return steps[user.username](user=user, nomination=nomination)

    outcomes = _race(act, [reviewer, officer_danang], submitted)

    assert sorted(str(outcome) == "ok" for outcome in outcomes.values()) == [False, True]
    submitted.refresh_from_db()
    won = next(name for name, outcome in outcomes.items() if outcome == "ok")
    expected = Nomination.Status.IN_REVIEW if won == reviewer.username else Nomination.Status.DRAFT
    assert submitted.status == expected
    assert submitted.events.count() == 2  # the one it was made with, and the winner's
