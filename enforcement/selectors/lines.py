"""The official table's shapes: a period, its lines, a unit's row, the table, a unit's ratios."""

from __future__ import annotations

import calendar
import datetime
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

from enforcement.models import YEAR_START_MONTH, statistical_year_bounds
from organizations.models import Unit

HUNDREDTH = Decimal("0.01")

# The outcome of each case in a period, in the order of the official table.
OUTCOMES = (
    "entrusted",
    "withdrawn",
    "not_eligible",
    "completed",
    "terminated",
    "postponed",
    "suspended",
    "in_progress",
)
# Where the money a period counts went, in the order of the official table: the outcomes,
# and the reductions and exemptions granted within the period (money only).
MONEY_OUTCOMES = (*OUTCOMES[:5], "reduced", *OUTCOMES[5:])


def percent(part: int, whole: int) -> Decimal | None:
    """Return part ÷ whole × 100 with two decimals, or None when the whole is zero."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Period:
    """The first ``months`` months of a statistical year (1 October of year-1 onwards)."""

    year: int
    months: int = 12

    def __post_init__(self) -> None:
        if not 1 <= self.months <= 12:
            raise ValueError("A period lasts 1 to 12 months.")

    @property
    def start(self) -> datetime.date:
        """Return the first day: 1 October of the previous year."""
        return statistical_year_bounds(self.year)[0]

    @property
    def end(self) -> datetime.date:
        """Return the last day of the period's last month."""
        month_index = YEAR_START_MONTH - 1 + self.months - 1
        year = self.year - 1 + month_index // 12
        month = month_index % 12 + 1
        return datetime.date(year, month, calendar.monthrange(year, month)[1])

    @property
    def is_full_year(self) -> bool:
        """Tell whether the period is the whole statistical year."""
        return self.months == 12


@dataclass(frozen=True)
class Lines:
    """The independent lines of the official table; the others derive from them."""

    carried_over: int = 0
    newly_accepted: int = 0
    entrusted: int = 0
    withdrawn: int = 0
    not_eligible: int = 0
    completed: int = 0
    terminated: int = 0
    # Money only: reductions and exemptions (giảm, miễn thi hành án) within the period.
    reduced: int = 0
    postponed: int = 0
    suspended: int = 0
    in_progress: int = 0

    @classmethod
    def of(cls, values: Iterable[int]) -> Lines:
        """Return the lines holding ``values`` in the order of ``LINE_FIELDS``.

        The same as ``Lines(*values)`` at half the cost: a report of every unit adds up
        thousands of lines, and a frozen dataclass's ``__init__`` sets each field through
        ``object.__setattr__``. The fields are set in the instance's ``__dict__`` at once,
        as ``__init__`` would leave them (``Lines`` has no ``__post_init__`` and no slots).
        """
        row = tuple(values)
        if len(row) != len(LINE_FIELDS):
            raise ValueError(f"Lines hold {len(LINE_FIELDS)} values, not {len(row)}.")
        lines = object.__new__(cls)
        lines.__dict__.update(zip(LINE_FIELDS, row, strict=True))
        return lines

    @classmethod
    def total_of(cls, items: Iterable[Lines]) -> Lines:
        """Return the lines added up, field by field (``EMPTY`` for none)."""
        columns = tuple(zip(*map(_values, items), strict=True))
        return cls.of(map(sum, columns)) if columns else EMPTY

    def __add__(self, other: Lines) -> Lines:
        return Lines.of(map(operator.add, _values(self), _values(other)))

    def __sub__(self, other: Lines) -> Lines:
        return Lines.of(map(operator.sub, _values(self), _values(other)))

    @property
    def total(self) -> int:
        """Line 3: carried over plus newly accepted."""
        return self.carried_over + self.newly_accepted

    @property
    def to_enforce(self) -> int:
        """Line 6: total less entrusted out and withdrawn."""
        return self.total - self.entrusted - self.withdrawn

    @property
    def eligible(self) -> int:
        """Line 8: to enforce less not yet eligible."""
        return self.to_enforce - self.not_eligible

    @property
    def resolved(self) -> int:
        """Line 11: completed plus terminated (and, in money, reduced or exempted)."""
        return self.completed + self.terminated + self.reduced

    @property
    def pending(self) -> int:
        """Line 12: eligible but not resolved (postponed, suspended or in progress)."""
        return self.postponed + self.suspended + self.in_progress

    @property
    def carried_to_next(self) -> int:
        """Line 13: to enforce less resolved; line 1 of the next year."""
        return self.to_enforce - self.resolved

    @property
    def ratio(self) -> Decimal | None:
        """Line 14: resolved ÷ eligible × 100."""
        return percent(self.resolved, self.eligible)

    def is_empty(self) -> bool:
        """Tell whether no case counts at all."""
        return self.total == 0


LINE_FIELDS = tuple(item.name for item in fields(Lines))
EMPTY = Lines()
# A line's values as a tuple, in the order of ``LINE_FIELDS``.
_values = operator.attrgetter(*LINE_FIELDS)


@dataclass(frozen=True)
class UnitStatistics:
    """The table row of one unit (its own cases and its descendants'), or of a total."""

    unit: Unit | None
    cases: Lines
    money: Lines
    case_target: Decimal | None = None
    money_target: Decimal | None = None
    # The row's name when it is not a unit's: a part of a breakdown (proactive, civil…).
    label: str = ""
    # The predecessors merged into the unit within the period, whose cases of the period
    # until their last day the row counts: (name on that day, last day) each.
    includes: tuple[tuple[str, datetime.date], ...] = ()

    @property
    def case_difference(self) -> Decimal | None:
        """Return ratio less target in cases, in percentage points."""
        if self.cases.ratio is None or self.case_target is None:
            return None
        return self.cases.ratio - self.case_target

    @property
    def money_difference(self) -> Decimal | None:
        """Return ratio less target in money, in percentage points."""
        if self.money.ratio is None or self.money_target is None:
            return None
        return self.money.ratio - self.money_target

    @property
    def case_target_met(self) -> bool | None:
        """Tell whether the case ratio reached the target; None without a target."""
        difference = self.case_difference
        return None if difference is None else difference >= 0

    @property
    def money_target_met(self) -> bool | None:
        """Tell whether the money ratio reached the target; None without a target."""
        difference = self.money_difference
        return None if difference is None else difference >= 0


@dataclass(frozen=True)
class StatisticsTable:
    """The official table for a period: one row per requested unit, and their total."""

    period: Period
    rows: list[UnitStatistics]
    total: UnitStatistics
    from_snapshot: bool = False
    # A closed year frozen before the money collected was counted: its money lines sum the
    # amounts due by outcome until an administrator recomputes them.
    money_by_amount_due: bool = False
    targets_met: int = field(default=0)
    targets_set: int = field(default=0)


@dataclass(frozen=True)
class UnitRatios:
    """A unit's resolution ratios and targets for a year, in percent with two decimals."""

    unit_id: int
    case_ratio: Decimal | None
    money_ratio: Decimal | None
    case_target: Decimal | None
    money_target: Decimal | None
