"""The register's words that reads and writes share: its status columns, its decision numbers.

Kept apart from the cell readers (``enforcement.imports.register_cells``) and the row writers
(``enforcement.register.cells``) so that the selectors and services reading a case as its
register row shows it import neither.
"""

from __future__ import annotations

import re

# A decision number: "46/QĐ-THADS", "46/QĐ-CCTHADS", "12a/QĐ-THA", or with its year
# between, as some agencies number them: "983/2025/QĐ-PTHADS".
NUMBER_PATTERN = r"\d+[a-z]?(?:/\d{4})?/QĐ-[\wĐđ-]+"
DECISION_NUMBER = re.compile(rf"\b({NUMBER_PATTERN})", re.IGNORECASE)


class StatusColumn:
    """The register's status columns, in the order a case moves through them."""

    NOT_ELIGIBLE = "not_eligible"
    WITHDRAWN = "withdrawn"
    POSTPONED = "postponed"
    RESUMED_AFTER_POSTPONEMENT = "resumed_after_postponement"
    SUSPENDED = "suspended"
    RESUMED_AFTER_SUSPENSION = "resumed_after_suspension"
    TERMINATED = "terminated"
    COMPLETED = "completed"

    ORDER = (
        NOT_ELIGIBLE,
        WITHDRAWN,
        POSTPONED,
        RESUMED_AFTER_POSTPONEMENT,
        SUSPENDED,
        RESUMED_AFTER_SUSPENSION,
        TERMINATED,
        COMPLETED,
    )
    CLOSING = (WITHDRAWN, TERMINATED, COMPLETED)
    # A resumption and the pause it ends.
    RESUMES = {
        RESUMED_AFTER_POSTPONEMENT: POSTPONED,
        RESUMED_AFTER_SUSPENSION: SUSPENDED,
    }
