"""The former agencies of the provinces merged into the cities on 1 July 2025, in the demo.

Quảng Nam into Đà Nẵng; Bình Dương and Bà Rịa - Vũng Tàu into TP. Hồ Chí Minh; Hải Dương into
Hải Phòng; Sóc Trăng and Hậu Giang into Cần Thơ (Nghị quyết 202/2025/QH15). Each accepts a few
hundred cases in its last statistical year (from 1 October 2024 to 30 June 2025), resolves
some, and hands the open ones to its successor through the merger service, so that the 2025
report shows the merger. Their cases come from a generator of their own (its own seed), so
the cities' cases and figures are the same with or without them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from enforcement.demo.cases import CaseBuilder, random_day
from enforcement.models import Court, EnforcementCase, Status
from organizations.demo import PREDECESSORS, PREDECESSORS_FROM
from organizations.models import Unit

CASES_EACH = 300
LAST_DAY = datetime.date(2025, 6, 30)
# Outcomes before the merger, by weight: what stays open moves to the successor.
_OUTCOMES = [
    (Status.COMPLETED, 45),
    (Status.TERMINATED, 4),
    (Status.WITHDRAWN, 1),
    (Status.POSTPONED, 2),
    ("not_eligible", 20),
    ("in_progress", 28),
]


def predecessor_units() -> dict[str, Unit]:
    """Return the demo's former agencies by code."""
    codes = [f"THADS-{code}" for code, _province, _city in PREDECESSORS]
    return {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}


def expected_predecessor_cases(scale: float = 1) -> int:
    return round(CASES_EACH * scale) * len(PREDECESSORS)


def predecessor_cases(units: dict[str, Unit]) -> int:
    """Return how many cases the former agencies issued (moved ones included)."""
    return EnforcementCase.objects.filter(issuing_agency__in=units.values()).count()


def generate_predecessor_cases(
    units: dict[str, Unit],
    *,
    scale: float = 1,
    enforcer: Callable[[EnforcementCase], int | None] | None = None,
) -> None:
    """Write each former agency's cases of its last year, as the cities' are written."""
    # Numbered apart from the successor's own decisions ("…/QĐ-CTHADS-QNA"): a merger moves
    # them into the successor, which holds numbers of the same years.
    builder = CaseBuilder(
        units, seed=2025, number_suffix=lambda unit: f"QĐ-CTHADS-{unit.code.split('-', 1)[1]}"
    )
    rng = builder.rng
    names = [name for name, _weight in _OUTCOMES]
    weights = [weight for _name, weight in _OUTCOMES]
    for code in sorted(units):
        for _ in range(round(CASES_EACH * scale)):
            outcome = rng.choices(names, weights)[0]
            accepted_on = random_day(rng, PREDECESSORS_FROM, LAST_DAY - datetime.timedelta(days=7))
            index = builder.new_case(
                agency_code=code,
                accepted_on=accepted_on,
                resolved=outcome in (Status.COMPLETED, Status.TERMINATED, Status.WITHDRAWN),
                eligible=outcome != "not_eligible",
            )
            if outcome not in ("not_eligible", "in_progress"):
                builder.change(index, outcome=outcome, on=random_day(rng, accepted_on, LAST_DAY))
    builder.spread_payments(LAST_DAY)
    _former_provincial_courts()
    builder.write(enforcer)


def _former_provincial_courts() -> None:
    """Add, as demo data, the former provinces' courts whose judgments their cases enforce.

    The reference catalogue lists the courts in force; these provincial courts were merged
    into the cities' on 1 July 2025 (Nghị quyết 81/2025/UBTVQH15).
    """
    for code, province, _city in PREDECESSORS:
        Court.objects.get_or_create(
            code=f"TAND-{code}",
            defaults={
                "name": f"Tòa án nhân dân tỉnh {province}",
                "short_name": f"TAND {province}",
                "kind": Court.Kind.PROVINCIAL,
                "province": province,
                "valid_to": LAST_DAY,
            },
        )
