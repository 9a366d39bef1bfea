"""Factories of emulation's tests: clusters, pacts, criteria, results, titles, initiatives."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

import factory

from emulation import services
from emulation.measures import Measure
from emulation.models import (
    Cluster,
    Criterion,
    IndicatorResult,
    Initiative,
    Level,
    Pact,
    Title,
    TitleAward,
)
from emulation.scoring import Direction, Rule
from organizations.models import Person, Unit
from tests.factories import ensure_reference_data


def make_cluster(
    *,
    members: Sequence[Unit],
    head: Unit,
    year: int = 2024,
    name: str = "Cụm thi đua thử nghiệm",
    deputy_head: Unit | None = None,
) -> Cluster:
    """Establish a cluster through the service, so its composition rules hold."""
    return services.cluster_save(
        cluster=None,
        year=year,
        name=name,
        head=head,
        deputy_head=deputy_head,
        members=members,
        decision_number=f"{year}/QĐ-TEST",
        decision_date=datetime.date(year, 1, 15),
    )


class PactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pact

    name = factory.Sequence(lambda n: f"Giao ước thi đua {n}")
    signed_on = factory.LazyAttribute(lambda pact: datetime.date(pact.cluster.year, 3, 1))


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Tiêu chí {n}")
    measure = Measure.COUNT
    direction = Direction.HIGHER
    target = Decimal(100)
    max_points = Decimal(10)
    rule = Rule.PROPORTIONAL
    source = Criterion.Source.ENTERED


def base_bonus_criterion(pact: Pact, number: int, **overrides: object) -> Criterion:
    """Return a percentage criterion scored with base points, bonus and deduction."""
    fields = {
        "pact": pact,
        "number": number,
        "measure": Measure.PERCENT,
        "rule": Rule.BASE_BONUS,
        "target": Decimal(95),
        "max_points": Decimal(25),
        "base_points": Decimal(20),
        "bonus_per_point": Decimal(2),
        "deduction_per_point": Decimal(2),
        "floor_points": Decimal(0),
        **overrides,
    }
    return CriterionFactory(**fields)


def computed_criterion(pact: Pact, number: int, source: str, **overrides: object) -> Criterion:
    """Return a criterion computed from the enforcement ratio against each unit's target."""
    return base_bonus_criterion(pact, number, source=source, target=None, **overrides)


class IndicatorResultFactory(factory.django.DjangoModelFactory):
    """A result written straight to the table, for reads; writes under test use services."""

    class Meta:
        model = IndicatorResult

    value = Decimal(100)
    status = IndicatorResult.Status.SUBMITTED


def locked_result(
    unit: Unit, criterion: Criterion, value: str | int, **fields: object
) -> IndicatorResult:
    """Return a result already reviewed and locked."""
    return IndicatorResultFactory(
        unit=unit,
        criterion=criterion,
        value=Decimal(value),
        status=IndicatorResult.Status.LOCKED,
        locked_at=datetime.datetime(2024, 12, 1, tzinfo=datetime.UTC),
        **fields,
    )


def title(code: str) -> Title:
    """Return a title of the catalogue the data migration loaded."""
    ensure_reference_data()
    return Title.objects.get(code=code)


class TitleAwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TitleAward

    year = 2024
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-TEST")


def award(
    code: str, years: Sequence[int], *, person: Person | None = None, unit: Unit | None = None
) -> None:
    """Record that the person or unit held the title in each of the years."""
    for year in years:
        TitleAwardFactory(title=title(code), year=year, person=person, unit=unit)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    year = 2024
    name = factory.Sequence(lambda n: f"Sáng kiến {n}")
    level = Level.GRASSROOTS
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-SK")
