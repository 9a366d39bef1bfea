"""A two-city cluster for emulation's tests: Đà Nẵng's department heads it, Hà Nội's is a member."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import AbstractUser

from emulation.models import Cluster, Criterion, Pact
from organizations.models import Unit
from organizations.roles import Role
from tests.conftest import World
from tests.emulation.factories import (
    CriterionFactory,
    PactFactory,
    base_bonus_criterion,
    make_cluster,
)
from tests.factories import make_persona


@dataclass
class ClusterWorld:
    """The 2024 cluster of two departments of justice, its signed pact and two criteria."""

    danang: Unit
    hanoi: Unit
    cluster: Cluster
    pact: Pact
    documents: Criterion
    access: Criterion


@pytest.fixture
def officer_hanoi(hanoi_department: Unit) -> AbstractUser:
    return make_persona("p.officer.hanoi", hanoi_department, Role.EMULATION_OFFICER)


@pytest.fixture
def cluster_world(world: World, hanoi_department: Unit) -> ClusterWorld:
    cluster = make_cluster(
        members=[world.danang_department, hanoi_department], head=world.danang_department
    )
    pact = PactFactory(cluster=cluster)
    return ClusterWorld(
        danang=world.danang_department,
        hanoi=hanoi_department,
        cluster=cluster,
        pact=pact,
        documents=CriterionFactory(
            pact=pact, number=1, name="Thẩm định dự thảo văn bản", target=Decimal(60)
        ),
        access=base_bonus_criterion(
            pact,
            2,
            name="Xã đạt chuẩn tiếp cận pháp luật",
            target=Decimal(95),
            max_points=Decimal(20),
            base_points=Decimal(15),
            bonus_per_point=Decimal(1),
            deduction_per_point=Decimal(2),
        ),
    )
