"""The demo's figures: the five cities' statistical year 2024 as published, targets, 2025."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from enforcement.models import statistical_year_bounds


@dataclass(frozen=True)
class YearRow:
    """One agency's independent lines of a statistical year."""

    unit_code: str
    carried_over: int
    newly_accepted: int
    entrusted: int
    withdrawn: int
    not_eligible: int
    completed: int
    terminated: int
    postponed: int
    suspended: int
    in_progress: int


# Statistical year 2024 (1 October 2023 – 30 September 2024), in cases.
YEAR_2024 = [
    YearRow("THADS-HN", 27500, 41800, 762, 222, 19470, 39016, 1838, 639, 240, 7113),
    YearRow("THADS-HCM", 35600, 62900, 1084, 315, 27674, 55128, 2598, 936, 351, 10414),
    YearRow("THADS-HP", 8900, 16700, 282, 82, 7192, 14459, 681, 232, 87, 2585),
    YearRow("THADS-DN", 5895, 12183, 199, 58, 5079, 10439, 492, 145, 54, 1612),
    YearRow("THADS-CT", 9000, 16800, 284, 83, 7248, 14466, 682, 243, 91, 2703),
]
# (case ratio, money ratio) in percent; HN, DN and CT as published, the others invented.
TARGETS = {
    2024: {
        "THADS-HN": ("83.45", "46.50"),
        "THADS-HCM": ("83.00", "45.00"),
        "THADS-HP": ("83.50", "46.45"),
        "THADS-DN": ("83.25", "47.00"),
        "THADS-CT": ("83.25", "46.45"),
    },
    2025: {
        "THADS-HN": ("83.50", "46.50"),
        "THADS-HCM": ("83.20", "45.50"),
        "THADS-HP": ("83.50", "46.50"),
        "THADS-DN": ("83.50", "47.00"),
        "THADS-CT": ("83.30", "46.50"),
        "THADS-HUE": ("83.00", "45.00"),
    },
}
# Newly accepted in 2025; Huế's agency only from 1 January 2025.
NEW_2025 = {
    "THADS-HN": 43100,
    "THADS-HCM": 64800,
    "THADS-HP": 17200,
    "THADS-DN": 12500,
    "THADS-CT": 17300,
    "THADS-HUE": 9400,
}
CITY_AGENCIES = [row.unit_code for row in YEAR_2024]
DEMO_AGENCIES = [*CITY_AGENCIES, "THADS-HUE"]
REORGANISED_ON = datetime.date(2025, 7, 1)
YEAR_2024_START, YEAR_2024_END = statistical_year_bounds(2024)
YEAR_2025_START, YEAR_2025_END = statistical_year_bounds(2025)
