"""Scores and ranking of every member within its cluster, from results and enforcement figures.

Only submitted and locked results count: a draft is still the unit's own work. Computed
criteria take the member's enforcement figures (``enforcement.selectors``) of the year, so
that nobody types them twice.

Ties: equal totals are ordered by the points of the criteria in the pact's order, the first
criterion that differs deciding; members equal on every criterion share the rank. The member
ranked first alone is the candidate for the ministry's emulation flag; a shared first place
names no candidate and the cluster decides.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q

from emulation.models import Cluster, ClusterMember, Criterion, IndicatorResult, Pact
from emulation.scoring import points
from enforcement.selectors import UnitRatios, unit_resolution_ratios
from organizations.models import Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

ZERO = Decimal("0.00")


class ScoreState:
    """Where a member's value for a criterion stands; plain strings for templates."""

    LOCKED = "locked"
    SUBMITTED = "submitted"
    DRAFT = "draft"
    MISSING = "missing"
    COMPUTED = "computed"
    NO_FIGURES = "no_figures"
    NO_TARGET = "no_target"


@dataclass(frozen=True)
class CriterionScore:
    """A member's value, target and points for one criterion."""

    criterion: Criterion
    value: Decimal | None
    target: Decimal | None
    points: Decimal
    state: str
    result: IndicatorResult | None = None

    @property
    def counts(self) -> bool:
        """Tell whether the value counted towards the total."""
        return self.state in (ScoreState.LOCKED, ScoreState.SUBMITTED, ScoreState.COMPUTED)


@dataclass(frozen=True)
class MemberScore:
    """A member's scores per criterion, total and place in the cluster."""

    member: ClusterMember
    statistics_unit: Unit | None
    scores: tuple[CriterionScore, ...]
    total: Decimal
    rank: int = 0
    is_flag_candidate: bool = False

    @property
    def unit(self) -> Unit:
        """Return the member unit."""
        return self.member.unit

    def sort_key(self) -> tuple[Decimal, ...]:
        """Return the ordering key: total first, then each criterion's points in order."""
        return (-self.total, *(-score.points for score in self.scores))


@dataclass(frozen=True)
class ClusterRanking:
    """A cluster's members ranked by the points of its pact's criteria."""

    cluster: Cluster
    pact: Pact | None
    criteria: tuple[Criterion, ...]
    members: tuple[MemberScore, ...]
    pending: int

    @property
    def max_total(self) -> Decimal:
        """Return the most points a member can earn."""
        return sum((criterion.max_points for criterion in self.criteria), ZERO)

    @property
    def is_final(self) -> bool:
        """Tell whether the pact is signed and every entered result is locked."""
        return self.pact is not None and self.pact.is_signed and self.pending == 0

    @property
    def leaders(self) -> list[MemberScore]:
        """Return the members ranked first (more than one when they tie on everything)."""
        if not self.criteria:
            return []
        return [member for member in self.members if member.rank == 1]

    @property
    def flag_candidate(self) -> MemberScore | None:
        """Return the member alone in first place, the candidate for the ministry's flag."""
        return next((member for member in self.members if member.is_flag_candidate), None)

    @property
    def is_tied_for_first(self) -> bool:
        """Tell whether several members share first place on every criterion."""
        return len(self.leaders) > 1

    def score_of(self, unit: Unit) -> MemberScore | None:
        """Return the member score of a unit, if it is a member."""
        return next((member for member in self.members if member.unit.pk == unit.pk), None)


def _enforcement_agencies(localities: Iterable[int], year: int) -> dict[int, Unit]:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    agencies = (
        Unit.objects.filter(
            kind=Unit.Kind.ENFORCEMENT_AGENCY, locality__in=set(localities), valid_from__lte=end
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .order_by("-code")
    )
    # Ordered so that the first code of a locality wins.
    return {agency.locality_id: agency for agency in agencies}


def statistics_units(members: Iterable[ClusterMember], year: int) -> dict[int, Unit | None]:
    """Return, per membership id, the unit whose enforcement statistics count for the member.

    The membership names it, or it is the member itself when the member is an enforcement
    agency, or else the enforcement agency of the member's city that existed in the year.
    """
    members = list(members)
    agencies = _enforcement_agencies(
        (m.unit.locality_id for m in members if m.unit.locality_id is not None), year
    )
    found: dict[int, Unit | None] = {}
    for member in members:
        if member.statistics_unit_id is not None:
            found[member.pk] = member.statistics_unit
        elif member.unit.kind == Unit.Kind.ENFORCEMENT_AGENCY:
            found[member.pk] = member.unit
        else:
            found[member.pk] = agencies.get(member.unit.locality_id)
    return found


def _computed_score(
    criterion: Criterion, ratios: UnitRatios | None
) -> tuple[Decimal | None, Decimal | None, str]:
    if ratios is None:
        return None, criterion.target, ScoreState.NO_FIGURES
    if criterion.source == Criterion.Source.CASE_RATIO:
        value, own_target = ratios.case_ratio, ratios.case_target
    else:
        value, own_target = ratios.money_ratio, ratios.money_target
    target = criterion.target if criterion.target is not None else own_target
    if value is None:
        return None, target, ScoreState.NO_FIGURES
    if target is None:
        return value, None, ScoreState.NO_TARGET
    return value, target, ScoreState.COMPUTED


def _entered_score(
    criterion: Criterion, result: IndicatorResult | None
) -> tuple[Decimal | None, Decimal | None, str]:
    if result is None:
        return None, criterion.target, ScoreState.MISSING
    state = {
        IndicatorResult.Status.LOCKED: ScoreState.LOCKED,
        IndicatorResult.Status.SUBMITTED: ScoreState.SUBMITTED,
    }.get(result.status, ScoreState.DRAFT)
    return result.value, criterion.target, state


def _rank(members: list[MemberScore]) -> tuple[MemberScore, ...]:
    ordered = sorted(members, key=lambda member: (member.sort_key(), member.unit.code))
    ranked: list[MemberScore] = []
    for position, member in enumerate(ordered, start=1):
        previous = ranked[-1] if ranked else None
        same = previous is not None and previous.sort_key() == member.sort_key()
        rank = previous.rank if same else position
        ranked.append(
            MemberScore(
                member=member.member,
                statistics_unit=member.statistics_unit,
                scores=member.scores,
                total=member.total,
                rank=rank,
            )
        )
    leaders = [member for member in ranked if member.rank == 1]
    if len(leaders) == 1 and leaders[0].total > 0:
        only = leaders[0]
        ranked[0] = MemberScore(
            member=only.member,
            statistics_unit=only.statistics_unit,
            scores=only.scores,
            total=only.total,
            rank=1,
            is_flag_candidate=True,
        )
    return tuple(ranked)


def cluster_rankings(*, clusters: Iterable[Cluster]) -> list[ClusterRanking]:
    """Return the ranking of each cluster, with every member's points per criterion."""
    clusters = list(clusters)
    if not clusters:
        return []
    pacts = {
        pact.cluster_id: pact
        for pact in Pact.objects.filter(cluster__in=clusters).select_related("movement")
    }
    criteria_by_pact: dict[int, list[Criterion]] = {}
    for criterion in Criterion.objects.filter(pact__in=pacts.values()).order_by("number"):
        criteria_by_pact.setdefault(criterion.pact_id, []).append(criterion)
    members_by_cluster: dict[int, list[ClusterMember]] = {}
    memberships = ClusterMember.objects.filter(cluster__in=clusters).select_related(
        "unit", "statistics_unit"
    )
    for membership in memberships.order_by("unit__code"):
        members_by_cluster.setdefault(membership.cluster_id, []).append(membership)
    results = {
        (result.unit_id, result.criterion_id): result
        for result in IndicatorResult.objects.filter(criterion__pact__in=pacts.values())
    }
    ratios = _ratios_by_year(clusters, members_by_cluster)
    rankings = []
    for cluster in clusters:
        pact = pacts.get(cluster.pk)
        criteria = criteria_by_pact.get(pact.pk, []) if pact is not None else []
        members = members_by_cluster.get(cluster.pk, [])
        stats = statistics_units(members, cluster.year)
        year_ratios = ratios.get(cluster.year, {})
        scored: list[MemberScore] = []
        pending = 0
        for member in members:
            statistics_unit = stats[member.pk]
            scores = []
            for criterion in criteria:
                result = None
                if criterion.is_computed:
                    unit_ratios = year_ratios.get(statistics_unit.pk) if statistics_unit else None
                    value, target, state = _computed_score(criterion, unit_ratios)
                else:
                    result = results.get((member.unit_id, criterion.pk))
                    value, target, state = _entered_score(criterion, result)
                    pending += state != ScoreState.LOCKED
                counts = state in (ScoreState.LOCKED, ScoreState.SUBMITTED, ScoreState.COMPUTED)
                earned = (
                    points(table=criterion.scoring_table, value=value, target=target)
                    if counts
                    else ZERO
                )
                scores.append(
                    CriterionScore(
                        criterion=criterion,
                        value=value,
                        target=target,
                        points=earned,
                        state=state,
                        result=result,
                    )
                )
            total = sum((score.points for score in scores), ZERO)
            scored.append(
                MemberScore(
                    member=member,
                    statistics_unit=statistics_unit,
                    scores=tuple(scores),
                    total=total,
                )
            )
        rankings.append(
            ClusterRanking(
                cluster=cluster,
                pact=pact,
                criteria=tuple(criteria),
                members=_rank(scored) if criteria else tuple(scored),
                pending=pending,
            )
        )
    return rankings


def _ratios_by_year(
    clusters: list[Cluster], members_by_cluster: dict[int, list[ClusterMember]]
) -> dict[int, dict[int, UnitRatios]]:
    # One enforcement query per year, for every unit whose statistics count.
    units_by_year: dict[int, dict[int, Unit]] = {}
    for cluster in clusters:
        stats = statistics_units(members_by_cluster.get(cluster.pk, []), cluster.year)
        for unit in stats.values():
            if unit is not None:
                units_by_year.setdefault(cluster.year, {})[unit.pk] = unit
    return {
        year: unit_resolution_ratios(units=list(units.values()), year=year)
        for year, units in units_by_year.items()
    }


def cluster_ranking(*, cluster: Cluster) -> ClusterRanking:
    """Return the ranking of one cluster."""
    return cluster_rankings(clusters=[cluster])[0]


def ranking_years(*, user: AbstractBaseUser | AnonymousUser) -> list[int]:
    """Return the years that have clusters the user may see, latest first."""
    return list(
        Cluster.objects.for_user(user).order_by("-year").values_list("year", flat=True).distinct()
    )


def rankings_for_user(*, user: AbstractBaseUser | AnonymousUser, year: int) -> list[ClusterRanking]:
    """Return the rankings of the year's clusters the user's units head or belong to."""
    clusters = (
        Cluster.objects.for_user(user)
        .filter(year=year)
        .select_related("head", "deputy_head")
        .order_by("kind", "name")
    )
    return cluster_rankings(clusters=clusters)


def flag_candidates(*, year: int) -> list[MemberScore]:
    """Return the year's flag candidates: each cluster's leader, where its ranking is final."""
    clusters = Cluster.objects.filter(year=year).select_related("head").order_by("name")
    return [
        ranking.flag_candidate
        for ranking in cluster_rankings(clusters=clusters)
        if ranking.is_final and ranking.flag_candidate is not None
    ]
