"""Reads of emulation: scores and rankings of clusters, eligibility for titles."""

from emulation.selectors.eligibility import (
    QuotaStatus,
    TitleEligibility,
    eligible_titles,
    title_eligibility,
    title_quota,
)
from emulation.selectors.ranking import (
    ClusterRanking,
    CriterionScore,
    MemberScore,
    ScoreState,
    cluster_ranking,
    cluster_rankings,
    flag_candidates,
    ranking_years,
    rankings_for_user,
    statistics_units,
)

__all__ = [
    "ClusterRanking",
    "CriterionScore",
    "MemberScore",
    "QuotaStatus",
    "ScoreState",
    "TitleEligibility",
    "cluster_ranking",
    "cluster_rankings",
    "eligible_titles",
    "flag_candidates",
    "ranking_years",
    "rankings_for_user",
    "statistics_units",
    "title_eligibility",
    "title_quota",
]
