"""Scores and ranks within a cluster: what counts, how ties break, who is the flag candidate."""

from __future__ import annotations

from decimal import Decimal

import pytest

from emulation.models import IndicatorResult
from emulation.selectors import ScoreState, cluster_ranking, statistics_units
from tests.emulation.factories import (
    CriterionFactory,
    IndicatorResultFactory,
    PactFactory,
    locked_result,
    make_cluster,
)
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _ranks(ranking) -> list[tuple[str, int, Decimal]]:
    return [(member.unit.code, member.rank, member.total) for member in ranking.members]


def test_members_are_ranked_by_their_total_points(cluster_world):
    locked_result(cluster_world.danang, cluster_world.documents, 72)
    locked_result(cluster_world.danang, cluster_world.access, "98.21", numerator=55, denominator=56)
    locked_result(cluster_world.hanoi, cluster_world.documents, 45)
    locked_result(
        cluster_world.hanoi, cluster_world.access, "95.85", numerator=555, denominator=579
    )

    ranking = cluster_ranking(cluster=cluster_world.cluster)

    assert _ranks(ranking) == [("STP-DN", 1, Decimal("28.21")), ("STP-HN", 2, Decimal("23.35"))]
    assert ranking.is_final
    assert ranking.flag_candidate.unit == cluster_world.danang


def test_points_per_criterion_are_kept_in_the_pacts_order(cluster_world):
    locked_result(cluster_world.hanoi, cluster_world.documents, 45)
    locked_result(cluster_world.hanoi, cluster_world.access, "93")

    ranking = cluster_ranking(cluster=cluster_world.cluster)

    hanoi = ranking.score_of(cluster_world.hanoi)
    assert [(s.criterion.number, s.points) for s in hanoi.scores] == [
        (1, Decimal("7.50")),
        (2, Decimal("11.00")),
    ]


def test_draft_results_do_not_count_and_missing_ones_score_nothing(cluster_world):
    IndicatorResultFactory(
        unit=cluster_world.danang,
        criterion=cluster_world.documents,
        value=Decimal(60),
        status=IndicatorResult.Status.DRAFT,
    )

    ranking = cluster_ranking(cluster=cluster_world.cluster)

    danang = ranking.score_of(cluster_world.danang)
    assert [(s.state, s.points) for s in danang.scores] == [
        (ScoreState.DRAFT, Decimal("0.00")),
        (ScoreState.MISSING, Decimal("0.00")),
    ]
    assert ranking.pending == 4


def test_ranking_is_provisional_until_every_result_is_locked(cluster_world):
    locked_result(cluster_world.danang, cluster_world.documents, 60)
    locked_result(cluster_world.danang, cluster_world.access, 95)
    locked_result(cluster_world.hanoi, cluster_world.documents, 60)
    IndicatorResultFactory(
        unit=cluster_world.hanoi, criterion=cluster_world.access, value=Decimal(99)
    )

    ranking = cluster_ranking(cluster=cluster_world.cluster)

    assert ranking.pending == 1
    assert not ranking.is_final
    assert ranking.flag_candidate.unit == cluster_world.hanoi  # submitted results count


def test_equal_totals_are_ordered_by_the_first_criterion_that_differs(cluster_world):
    # Both total 25.00: Hà Nội earns more on criterion 1, so it ranks first.
    locked_result(cluster_world.danang, cluster_world.documents, 54)  # 9.00
    locked_result(cluster_world.danang, cluster_world.access, 96)  # 16.00
    locked_result(cluster_world.hanoi, cluster_world.documents, 60)  # 10.00
    locked_result(cluster_world.hanoi, cluster_world.access, 95)  # 15.00

    ranking = cluster_ranking(cluster=cluster_world.cluster)

    assert _ranks(ranking) == [("STP-HN", 1, Decimal("25.00")), ("STP-DN", 2, Decimal("25.00"))]
    assert ranking.flag_candidate.unit == cluster_world.hanoi


def test_members_equal_on_every_criterion_share_the_rank_and_no_one_is_flagged(cluster_world):
    for unit in (cluster_world.danang, cluster_world.hanoi):
        locked_result(unit, cluster_world.documents, 60)
        locked_result(unit, cluster_world.access, 95)

    ranking = cluster_ranking(cluster=cluster_world.cluster)

    assert [member.rank for member in ranking.members] == [1, 1]
    assert ranking.flag_candidate is None
    assert ranking.is_tied_for_first


def test_the_rank_after_a_shared_place_skips_the_shared_places(world, hanoi_department):
    third = UnitFactory(code="STP-CT", kind="department_of_justice")
    cluster = make_cluster(members=[world.danang_department, hanoi_department, third], head=third)
    criterion = CriterionFactory(pact=PactFactory(cluster=cluster), number=1, target=Decimal(10))
    locked_result(world.danang_department, criterion, 10)
    locked_result(hanoi_department, criterion, 10)
    locked_result(third, criterion, 5)

    ranking = cluster_ranking(cluster=cluster)

    assert [member.rank for member in ranking.members] == [1, 1, 3]


def test_a_cluster_without_results_names_no_candidate(cluster_world):
    ranking = cluster_ranking(cluster=cluster_world.cluster)

    assert ranking.flag_candidate is None
    assert {member.total for member in ranking.members} == {Decimal("0.00")}


def test_a_cluster_without_a_pact_has_no_criteria(world, hanoi_department):
    cluster = make_cluster(
        members=[world.danang_department, hanoi_department], head=hanoi_department, year=2023
    )

    ranking = cluster_ranking(cluster=cluster)

    assert ranking.pact is None
    assert ranking.criteria == ()
    assert not ranking.is_final


def test_department_counts_the_enforcement_figures_of_its_citys_agency(world, cluster_world):
    members = cluster_world.cluster.members.select_related("unit", "statistics_unit")

    found = statistics_units(members, 2024)

    by_unit = {member.unit.code: found[member.pk] for member in members}
    assert by_unit == {"STP-DN": world.danang_agency, "STP-HN": world.hanoi_agency}


def test_membership_may_name_the_unit_whose_statistics_count(world, cluster_world):
    membership = cluster_world.cluster.members.get(unit=cluster_world.hanoi)
    membership.statistics_unit = world.hanoi_office
    membership.save()

    found = statistics_units([membership], 2024)

    assert found[membership.pk] == world.hanoi_office


def test_an_agency_member_counts_its_own_statistics(world):
    cluster = make_cluster(
        members=[world.danang_agency, world.hanoi_agency], head=world.hanoi_agency, name="Khối"
    )
    members = cluster.members.select_related("unit", "statistics_unit")

    found = statistics_units(members, 2024)

    assert {found[member.pk] for member in members} == {world.danang_agency, world.hanoi_agency}
