"""Reads of commendations: eligibility of nominations, the queue, council tallies, suggestions."""

from commendations.selectors.council import (
    MotionTally,
    SessionTally,
    member_of,
    open_sessions,
    quorum_needed,
    session_tally,
    yes_votes_needed,
)
from commendations.selectors.eligibility import (
    EligibilityResult,
    nomination_eligibility,
    proposal_eligibility,
)
from commendations.selectors.queue import (
    QueueFilters,
    nomination_counts,
    nomination_queue,
    nomination_years,
    proposal_choices,
)
from commendations.selectors.suggestions import Suggestion, nominee_suggestions, suggestion_year

__all__ = [
    "EligibilityResult",
    "MotionTally",
    "QueueFilters",
    "SessionTally",
    "Suggestion",
    "member_of",
    "nomination_counts",
    "nomination_eligibility",
    "nomination_queue",
    "nomination_years",
    "nominee_suggestions",
    "open_sessions",
    "proposal_choices",
    "proposal_eligibility",
    "quorum_needed",
    "session_tally",
    "suggestion_year",
    "yes_votes_needed",
]
