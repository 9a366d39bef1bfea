"""Reads of emulation: scores and rankings of clusters, eligibility for titles, results.

The one way in: callers outside this package import from here, never from its modules.
"""

from emulation.selectors.dashboard import results_to_enter_block
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
from emulation.selectors.results import (
    indicator_result_deletable,
    may_delete_result,
    may_lock_for_cluster,
    may_write_for_unit,
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
    "indicator_result_deletable",
    "may_delete_result",
    "may_lock_for_cluster",
    "may_write_for_unit",
    "ranking_years",
    "rankings_for_user",
    "results_to_enter_block",
    "statistics_units",
    "title_eligibility",
    "title_quota",
]
