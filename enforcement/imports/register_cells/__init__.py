"""Reading the cells of an intake register (sổ thụ lý) as offices keep it.

Pure functions, one per kind of cell, each returning plain dataclasses or raising
``RegisterCellError`` with the cell as written and what was expected: the import of the
register maps what they return to cases, parties, judgments and obligations.
"""

from enforcement.imports.register_cells.decisions import (
    AdvanceTaken,
    DecisionCell,
    MoneyDue,
    PeriodicMoneyDue,
    PropertyDue,
    read_decision_cell,
)
from enforcement.imports.register_cells.judgments import (
    Instance,
    JudgmentDocument,
    JudgmentRef,
    read_judgment_cell,
)
from enforcement.imports.register_cells.parties import (
    HONORIFICS,
    PartyCell,
    PartyKind,
    PartyRef,
    read_party_cell,
)
from enforcement.imports.register_cells.statuses import (
    RegisterStatus,
    StatusColumn,
    StatusDecision,
    note_remarks,
    read_initiation_note,
    read_status_columns,
    read_status_decision,
)
from enforcement.imports.register_cells.values import (
    RegisterCellError,
    read_amount,
    read_date,
    read_month,
    read_quantity,
)

__all__ = [
    "HONORIFICS",
    "AdvanceTaken",
    "DecisionCell",
    "Instance",
    "JudgmentDocument",
    "JudgmentRef",
    "MoneyDue",
    "PartyCell",
    "PartyKind",
    "PartyRef",
    "PeriodicMoneyDue",
    "PropertyDue",
    "RegisterCellError",
    "RegisterStatus",
    "StatusColumn",
    "StatusDecision",
    "note_remarks",
    "read_amount",
    "read_date",
    "read_decision_cell",
    "read_initiation_note",
    "read_judgment_cell",
    "read_month",
    "read_party_cell",
    "read_quantity",
    "read_status_columns",
    "read_status_decision",
]
