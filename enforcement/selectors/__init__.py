"""Reads of enforcement: the official yearly statistics per unit, roll-ups and ratios.

The one way in: callers outside this package import from here, never from its modules.
"""

from enforcement.selectors.lines import (
    EMPTY,
    LINE_FIELDS,
    OUTCOMES,
    Lines,
    Period,
    StatisticsTable,
    UnitRatios,
    UnitStatistics,
    percent,
)
from enforcement.selectors.statistics import (
    cases_counted_in,
    direct_lines,
    enforcement_statistics,
    snapshot_lines,
    unit_resolution_ratios,
    unit_statistics_table,
)
from enforcement.selectors.units import ENFORCEMENT_UNIT_KINDS, child_units, report_units
from enforcement.selectors.years import available_years, default_report_year, may_reopen

__all__ = [
    "EMPTY",
    "ENFORCEMENT_UNIT_KINDS",
    "LINE_FIELDS",
    "OUTCOMES",
    "Lines",
    "Period",
    "StatisticsTable",
    "UnitRatios",
    "UnitStatistics",
    "available_years",
    "cases_counted_in",
    "child_units",
    "default_report_year",
    "direct_lines",
    "enforcement_statistics",
    "may_reopen",
    "percent",
    "report_units",
    "snapshot_lines",
    "unit_resolution_ratios",
    "unit_statistics_table",
]
