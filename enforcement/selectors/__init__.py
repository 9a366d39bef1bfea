"""Reads of enforcement: the official yearly statistics per unit, roll-ups and ratios.

The one way in: callers outside this package import from here, never from its modules.
"""

from enforcement.selectors.assignment import (
    GROUPINGS,
    enforcer_ids_in,
    enforcers_in,
    enforcers_with_ids,
    is_enforcer_position,
)
from enforcement.selectors.breakdowns import BREAKDOWNS, statistics_breakdown
from enforcement.selectors.counting import (
    cases_counted_in,
    computed_lines,
    direct_lines,
    rebuild_lines,
)
from enforcement.selectors.dashboard import (
    IDLE,
    IDLE_MONTHS,
    REVERIFY,
    cases_to_do,
    clerk_blocks,
    idle_cases,
    key_figures_block,
    months_before,
)
from enforcement.selectors.enforcers import (
    EnforcerStatistics,
    EnforcerTable,
    enforcer_statistics,
    merged_tables,
)
from enforcement.selectors.kept import Difference, Rebuilt
from enforcement.selectors.lines import (
    EMPTY,
    LINE_FIELDS,
    MONEY_OUTCOMES,
    OUTCOMES,
    Lines,
    Period,
    StatisticsTable,
    UnitRatios,
    UnitStatistics,
    percent,
)
from enforcement.selectors.rounding import largest_remainder, round_lines, round_table
from enforcement.selectors.statistics import (
    enforcement_statistics,
    snapshot_lines,
    unit_resolution_ratios,
    unit_statistics_table,
)
from enforcement.selectors.units import ENFORCEMENT_UNIT_KINDS, child_units, report_units
from enforcement.selectors.years import available_years, default_report_year, may_reopen

__all__ = [
    "BREAKDOWNS",
    "EMPTY",
    "ENFORCEMENT_UNIT_KINDS",
    "GROUPINGS",
    "IDLE",
    "IDLE_MONTHS",
    "LINE_FIELDS",
    "MONEY_OUTCOMES",
    "OUTCOMES",
    "REVERIFY",
    "Difference",
    "EnforcerStatistics",
    "EnforcerTable",
    "Lines",
    "Period",
    "Rebuilt",
    "StatisticsTable",
    "UnitRatios",
    "UnitStatistics",
    "available_years",
    "cases_counted_in",
    "cases_to_do",
    "child_units",
    "clerk_blocks",
    "computed_lines",
    "default_report_year",
    "direct_lines",
    "enforcement_statistics",
    "enforcer_ids_in",
    "enforcer_statistics",
    "enforcers_in",
    "enforcers_with_ids",
    "idle_cases",
    "is_enforcer_position",
    "key_figures_block",
    "largest_remainder",
    "may_reopen",
    "merged_tables",
    "months_before",
    "percent",
    "rebuild_lines",
    "report_units",
    "round_lines",
    "round_table",
    "snapshot_lines",
    "statistics_breakdown",
    "unit_resolution_ratios",
    "unit_statistics_table",
]
