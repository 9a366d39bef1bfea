"""The demo: the 2024 cluster headed by Đà Nẵng ranked on the seed's figures; 2025; titles."""

from __future__ import annotations

from decimal import Decimal

import pytest

from emulation import demo
from emulation.models import Cluster, IndicatorResult, TitleAward
from emulation.selectors import cluster_ranking, title_eligibility
from organizations.models import Person, Unit
from tests.conftest import Demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(loaded_demo: Demo) -> dict[str, object]:
    """Return what loading the session's emulation demo returned, on the enforcement demo."""
    return loaded_demo.emulation


def _answer(code, **recipient):
    return next(a for a in title_eligibility(year=2024, **recipient) if a.title.code == code)


def test_the_2024_cluster_of_five_cities_is_headed_by_da_nang(loaded):
    cluster = Cluster.objects.get(year=2024)

    assert cluster.head.code == "STP-DN"
    assert set(cluster.members.values_list("unit__code", flat=True)) == {
        "STP-HN",
        "STP-HCM",
        "STP-HP",
        "STP-DN",
        "STP-CT",
    }
    assert cluster.pact.is_signed


def test_the_2024_results_match_the_published_figures_and_are_locked(loaded):
    results = IndicatorResult.objects.filter(criterion__pact__cluster__year=2024)

    assert results.count() == 25
    assert set(results.values_list("status", flat=True)) == {IndicatorResult.Status.LOCKED}
    totals = {
        number: sum(r.value for r in results.filter(criterion__number=number))
        for number in (1, 2, 3)
    }
    assert totals == {1: 458, 2: 467, 3: 337}
    mediation = results.filter(criterion__number=4)
    assert sum(r.denominator for r in mediation) == 13051
    assert sum(r.numerator for r in mediation) == 72598
    access = {r.unit.code: r.value for r in results.filter(criterion__number=5)}
    assert access == {
        "STP-DN": Decimal("98.21"),
        "STP-HN": Decimal("95.85"),
        "STP-HCM": Decimal("98.40"),
        "STP-HP": Decimal("95.85"),
        "STP-CT": Decimal("95.18"),
    }


def test_the_2024_ranking_puts_da_nang_first_as_flag_candidate(loaded):
    ranking = cluster_ranking(cluster=Cluster.objects.get(year=2024))

    assert [(m.unit.code, m.total) for m in ranking.members] == [
        # Counted on the money actually collected, the other four cities' money ratios fall
        # just short of their targets (around the national 46.45 %), which costs them that
        # criterion; the order stands.
        ("STP-DN", Decimal("98.21")),
        ("STP-HCM", Decimal("78.70")),
        ("STP-HP", Decimal("76.67")),
        ("STP-HN", Decimal("76.23")),
        ("STP-CT", Decimal("73.02")),
    ]
    assert ranking.is_final
    assert ranking.flag_candidate.unit.code == "STP-DN"


def test_the_2025_cluster_of_six_cities_is_headed_by_can_tho_with_a_signed_pact(loaded):
    cluster = Cluster.objects.get(year=2025)

    assert cluster.head.code == "STP-CT"
    assert cluster.members.count() == 6
    assert cluster.pact.is_signed
    assert cluster.pact.criteria.count() == 7


def test_title_history_gives_real_eligibility_answers(loaded):
    eligible = Person.objects.get(staff_code="DN-STP-003")
    short = Person.objects.get(staff_code="DN-STP-002")
    capped = Person.objects.get(staff_code="DN-STP-004")

    assert _answer("ministry_emulation_fighter", person=eligible).is_eligible
    assert not _answer("ministry_emulation_fighter", person=short).is_eligible
    assert "2022" in _answer("ministry_emulation_fighter", person=short).reasons[0]
    assert _answer("grassroots_emulation_fighter", person=capped).quota.is_full
    department = Unit.objects.get(code="STP-DN")
    assert _answer("ministry_emulation_flag", unit=department).is_eligible
    assert _answer("excellent_labour_collective", unit=department).is_eligible


def test_loading_again_changes_nothing(loaded):
    before = (
        Cluster.objects.count(),
        IndicatorResult.objects.count(),
        TitleAward.objects.count(),
        Person.objects.count(),
    )

    again = demo.load_emulation()

    after = (
        Cluster.objects.count(),
        IndicatorResult.objects.count(),
        TitleAward.objects.count(),
        Person.objects.count(),
    )
    assert after == before
    assert again["ranking"] == loaded["ranking"]
