"""Computed criteria take each member's enforcement figures, as the enforcement report shows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from emulation.models import Criterion
from emulation.selectors import ScoreState, cluster_ranking
from enforcement.selectors import Period, enforcement_statistics, unit_resolution_ratios
from tests.emulation.factories import computed_criterion
from tests.enforcement.factories import TargetFactory, make_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(world, cluster_world):
    # Đà Nẵng's agency resolves 80 of 100 eligible cases, Hà Nội's (in its office) 9 of 10.
    make_cases(world.danang_agency, completed=80, in_progress=20)
    make_cases(world.hanoi_office, completed=9, in_progress=1)
    TargetFactory(
        unit=world.danang_agency, case_ratio=Decimal("83.25"), money_ratio=Decimal("47.00")
    )
    TargetFactory(
        unit=world.hanoi_agency, case_ratio=Decimal("83.45"), money_ratio=Decimal("46.50")
    )
    return {
        "cases": computed_criterion(cluster_world.pact, 3, Criterion.Source.CASE_RATIO),
        "money": computed_criterion(
            cluster_world.pact, 4, Criterion.Source.MONEY_RATIO, rule="pass_fail", max_points=15
        ),
    }


def _score(ranking, unit, criterion):
    member = ranking.score_of(unit)
    return next(score for score in member.scores if score.criterion == criterion)


def test_computed_values_are_the_enforcement_reports_ratios_and_targets(
    world, cluster_world, computed
):
    report = enforcement_statistics(
        units=[world.danang_agency, world.hanoi_agency], period=Period(year=2024)
    )
    rows = {row.unit.pk: row for row in report.rows}

    ranking = cluster_ranking(cluster=cluster_world.cluster)

    for department, agency in (
        (cluster_world.danang, world.danang_agency),
        (cluster_world.hanoi, world.hanoi_agency),
    ):
        cases = _score(ranking, department, computed["cases"])
        money = _score(ranking, department, computed["money"])
        assert (cases.value, cases.target) == (
            rows[agency.pk].cases.ratio,
            rows[agency.pk].case_target,
        )
        assert (money.value, money.target) == (
            rows[agency.pk].money.ratio,
            rows[agency.pk].money_target,
        )
        assert cases.state == ScoreState.COMPUTED


def test_computed_values_are_what_the_enforcement_selector_returns(world, cluster_world, computed):
    ratios = unit_resolution_ratios(units=[world.danang_agency, world.hanoi_agency], year=2024)

    ranking = cluster_ranking(cluster=cluster_world.cluster)

    danang = _score(ranking, cluster_world.danang, computed["cases"])
    hanoi = _score(ranking, cluster_world.hanoi, computed["cases"])
    assert danang.value == ratios[world.danang_agency.pk].case_ratio == Decimal("80.00")
    assert hanoi.value == ratios[world.hanoi_agency.pk].case_ratio == Decimal("90.00")


def test_computed_criterion_scores_against_the_units_own_target(world, cluster_world, computed):
    ranking = cluster_ranking(cluster=cluster_world.cluster)

    # 80.00 % against 83.25 %: 20 base points less 2 per point below.
    assert _score(ranking, cluster_world.danang, computed["cases"]).points == Decimal("13.50")
    # 90.00 % against 83.45 %: 20 plus 2 per point above, capped at 25.
    assert _score(ranking, cluster_world.hanoi, computed["cases"]).points == Decimal("25.00")


def test_a_fixed_target_on_the_criterion_overrides_the_units_target(world, cluster_world, computed):
    criterion = computed["cases"]
    criterion.target = Decimal(80)
    criterion.save()

    ranking = cluster_ranking(cluster=cluster_world.cluster)

    score = _score(ranking, cluster_world.danang, criterion)
    assert (score.target, score.points) == (Decimal(80), Decimal("20.00"))


def test_a_member_without_a_target_scores_nothing_and_says_so(world, cluster_world, computed):
    world.danang_agency.enforcement_targets.all().delete()

    ranking = cluster_ranking(cluster=cluster_world.cluster)

    score = _score(ranking, cluster_world.danang, computed["cases"])
    assert (score.state, score.points) == (ScoreState.NO_TARGET, Decimal("0.00"))


def test_a_member_without_an_enforcement_agency_scores_nothing_and_says_so(cluster_world, computed):
    # A department with no locality has no city agency whose figures could count.
    cluster_world.danang.locality = None
    cluster_world.danang.save()

    ranking = cluster_ranking(cluster=cluster_world.cluster)

    member = ranking.score_of(cluster_world.danang)
    score = _score(ranking, cluster_world.danang, computed["money"])
    assert member.statistics_unit is None
    assert (score.state, score.value, score.points) == (
        ScoreState.NO_FIGURES,
        None,
        Decimal("0.00"),
    )
