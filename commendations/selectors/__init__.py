"""Reads of commendations: eligibility, the queue, council tallies, suggestions, the workflow.

The one way in: callers outside this package import from here, never from its modules.
"""

from commendations.selectors.council import (
    MotionTally,
    SessionTally,
    member_of,
    open_sessions,
    quorum_needed,
    session_tally,
    yes_votes_needed,
)
from commendations.selectors.dashboard import (
    council_member_blocks,
    leader_blocks,
    officer_blocks,
    reviewer_blocks,
    sessions_due_block,
)
from commendations.selectors.decisions import (
    DecisionList,
    decision_list,
    printable_certificates,
)
from commendations.selectors.dossier import ChecklistItem, DossierChecklist, dossier_checklist
from commendations.selectors.eligibility import (
    EligibilityResult,
    nomination_eligibility,
    proposal_eligibility,
)
from commendations.selectors.levels import (
    HigherLevelState,
    comment_days,
    comment_is_open,
    comment_publish_refusal,
    comment_refusal,
    comment_required,
    commented_nominations,
    decides_here,
    forward_refusal,
    forward_targets,
    higher_level_state,
    may_see_public_list,
    public_comments,
    unit_level,
    vote_refusal,
    working_days_from,
)
from commendations.selectors.queue import (
    QueueFilters,
    nomination_counts,
    nomination_queue,
    nomination_years,
    proposal_choices,
)
from commendations.selectors.suggestions import Suggestion, nominee_suggestions, suggestion_year
from commendations.selectors.workflow import (
    TRANSITIONS,
    available_actions,
    conflict_of_interest,
    nomination_deletable,
    personal_conflict,
    submit_conflict,
)

__all__ = [
    "TRANSITIONS",
    "ChecklistItem",
    "DecisionList",
    "DossierChecklist",
    "EligibilityResult",
    "HigherLevelState",
    "MotionTally",
    "QueueFilters",
    "SessionTally",
    "Suggestion",
    "available_actions",
    "comment_days",
    "comment_is_open",
    "comment_publish_refusal",
    "comment_refusal",
    "comment_required",
    "commented_nominations",
    "conflict_of_interest",
    "council_member_blocks",
    "decides_here",
    "decision_list",
    "dossier_checklist",
    "forward_refusal",
    "forward_targets",
    "higher_level_state",
    "leader_blocks",
    "may_see_public_list",
    "member_of",
    "nomination_counts",
    "nomination_deletable",
    "nomination_eligibility",
    "nomination_queue",
    "nomination_years",
    "nominee_suggestions",
    "officer_blocks",
    "open_sessions",
    "personal_conflict",
    "printable_certificates",
    "proposal_choices",
    "proposal_eligibility",
    "public_comments",
    "quorum_needed",
    "reviewer_blocks",
    "session_tally",
    "sessions_due_block",
    "submit_conflict",
    "suggestion_year",
    "unit_level",
    "vote_refusal",
    "working_days_from",
    "yes_votes_needed",
]
