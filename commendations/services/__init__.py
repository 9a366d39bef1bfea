"""Writes of commendations with a business rule; admin, pages, imports and the demo call these.

The one way in: callers outside this package import from here, never from its modules.
"""

from commendations.services.council import (
    council_session_close,
    council_session_create,
    council_session_set_presence,
    vote_cast,
)
from commendations.services.decisions import (
    DECISION_FIELDS,
    decision_check,
    decision_record,
    print_job_run,
    print_job_start,
)
from commendations.services.dossier import (
    dossier_file_add,
    dossier_file_check,
    dossier_file_remove,
)
from commendations.services.levels import (
    nomination_forward,
    public_comment_add,
    public_comment_open,
)
from commendations.services.nominations import (
    nomination_check,
    nomination_create,
    nomination_delete,
    nomination_put_to_vote,
    nomination_recommend,
    nomination_reject,
    nomination_return,
    nomination_submit,
    nomination_take,
    nomination_update,
    nomination_withdraw,
)
from commendations.services.signed import (
    locked_message,
    may_attach_signed_copy,
    may_replace_signed_copy,
    require_unlocked,
    signed_copy_attach,
    signed_copy_check,
    signed_copy_max_bytes,
    signed_copy_remove,
)

__all__ = [
    "DECISION_FIELDS",
    "council_session_close",
    "council_session_create",
    "council_session_set_presence",
    "decision_check",
    "decision_record",
    "dossier_file_add",
    "dossier_file_check",
    "dossier_file_remove",
    "locked_message",
    "may_attach_signed_copy",
    "may_replace_signed_copy",
    "nomination_check",
    "nomination_create",
    "nomination_delete",
    "nomination_forward",
    "nomination_put_to_vote",
    "nomination_recommend",
    "nomination_reject",
    "nomination_return",
    "nomination_submit",
    "nomination_take",
    "nomination_update",
    "nomination_withdraw",
    "print_job_run",
    "print_job_start",
    "public_comment_add",
    "public_comment_open",
    "require_unlocked",
    "signed_copy_attach",
    "signed_copy_check",
    "signed_copy_max_bytes",
    "signed_copy_remove",
    "vote_cast",
]
