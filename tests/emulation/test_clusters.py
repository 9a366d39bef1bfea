"""A cluster's composition, its pact and criteria obey their rules."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from emulation import services
from emulation.measures import Measure
from emulation.models import Cluster, Criterion
from emulation.scoring import Rule
from tests.emulation.factories import CriterionFactory, locked_result, make_cluster
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_the_head_must_be_a_member(world, hanoi_department):
    with pytest.raises(ValidationError, match=r"must be one of the members|phải là thành viên"):
        make_cluster(members=[hanoi_department], head=world.danang_department)

    assert not Cluster.objects.exists()


def test_the_deputy_head_must_be_a_member(world, hanoi_department):
    with pytest.raises(ValidationError):
        make_cluster(
            members=[hanoi_department],
            head=hanoi_department,
            deputy_head=world.danang_department,
        )


def test_a_unit_belongs_to_one_cluster_a_year(world, cluster_world):
    with pytest.raises(ValidationError):
        make_cluster(members=[cluster_world.hanoi], head=cluster_world.hanoi, name="Cụm khác")

    assert Cluster.objects.count() == 1


def test_the_same_unit_may_join_next_years_cluster(cluster_world):
    cluster = make_cluster(members=[cluster_world.hanoi], head=cluster_world.hanoi, year=2025)

    assert cluster.members.get().unit == cluster_world.hanoi


def test_a_unit_that_did_not_exist_that_year_cannot_join(world):
    hue = UnitFactory(code="STP-HUE", valid_from=datetime.date(2025, 1, 1))

    with pytest.raises(ValidationError):
        make_cluster(members=[hue, world.danang_department], head=world.danang_department)


def test_a_member_with_results_cannot_leave(cluster_world):
    locked_result(cluster_world.hanoi, cluster_world.documents, 10)

    with pytest.raises(ValidationError):
        services.cluster_save(
            cluster=cluster_world.cluster,
            year=2024,
            name=cluster_world.cluster.name,
            head=cluster_world.danang,
            members=[cluster_world.danang],
            decision_number="x",
            decision_date=datetime.date(2024, 1, 15),
        )

    assert cluster_world.cluster.members.count() == 2


def test_the_pact_is_not_signed_before_the_cluster_exists(cluster_world):
    with pytest.raises(ValidationError):
        services.pact_save(
            cluster=cluster_world.cluster, name="Giao ước", signed_on=datetime.date(2023, 12, 1)
        )


def test_what_a_criterion_measures_cannot_change_once_results_exist(cluster_world):
    locked_result(cluster_world.danang, cluster_world.documents, 10)

    with pytest.raises(ValidationError):
        services.criterion_save(
            pact=cluster_world.pact,
            number=cluster_world.documents.number,
            name=cluster_world.documents.name,
            measure=Measure.PERCENT,
            rule=Rule.PROPORTIONAL,
            max_points=Decimal(10),
            target=Decimal(60),
        )

    cluster_world.documents.refresh_from_db()
    assert cluster_world.documents.measure == Measure.COUNT


def test_a_base_bonus_criterion_needs_all_its_parameters(cluster_world):
    criterion = Criterion(
        pact=cluster_world.pact,
        number=9,
        name="Thiếu tham số",
        measure=Measure.PERCENT,
        rule=Rule.BASE_BONUS,
        target=Decimal(90),
        max_points=Decimal(10),
        base_points=Decimal(8),
    )

    with pytest.raises(ValidationError):
        criterion.full_clean()


def test_an_entered_criterion_needs_a_target(cluster_world):
    criterion = CriterionFactory.build(pact=cluster_world.pact, number=9, target=None)

    with pytest.raises(ValidationError):
        criterion.full_clean()


def test_a_computed_criterion_is_a_percentage(cluster_world):
    criterion = CriterionFactory.build(
        pact=cluster_world.pact,
        number=9,
        measure=Measure.COUNT,
        source=Criterion.Source.CASE_RATIO,
        target=None,
    )

    with pytest.raises(ValidationError):
        criterion.full_clean()
