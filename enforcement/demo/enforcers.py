"""The demo's enforcers (chấp hành viên): a few per unit, each case assigned to one of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from enforcement.models import OPEN_STATUSES, EnforcementCase
from enforcement.selectors import enforcers_in
from enforcement.services.merger import merger_successor_id
from organizations.models import Person, Unit

_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô"]
_MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hữu", "Đức", "Thu"]
_GIVEN = ["Tuấn", "Hằng", "Phúc", "Lan", "Dũng", "Mai", "Hiếu", "Trang", "Khoa", "Nhung", "Lộc"]
_GRADES = ["Chấp hành viên trung cấp", "Chấp hành viên sơ cấp", "Chấp hành viên cao cấp"]
ENFORCERS_PER_UNIT = 3


def _name(index: int) -> str:
    return (
        f"{_FAMILY[index % len(_FAMILY)]} {_MIDDLE[(index // 2) % len(_MIDDLE)]} "
        f"{_GIVEN[(index * 5) % len(_GIVEN)]}"
    )


def load_enforcers(units: dict[str, Unit]) -> dict[int, list[int]]:
    """Create a few enforcers in each demo unit (again: update them); return their ids by unit."""
    by_unit: dict[int, list[int]] = {}
    for offset, (code, unit) in enumerate(sorted(units.items())):
        for number in range(1, ENFORCERS_PER_UNIT + 1):
            Person.objects.update_or_create(
                staff_code=f"{code}-CHV-{number:02d}",
                defaults={
                    "full_name": _name(offset * ENFORCERS_PER_UNIT + number),
                    "unit": unit,
                    "position": _GRADES[(offset + number) % len(_GRADES)],
                },
            )
        # The unit's other enforcers (the agency's own, from the organisations' demo) too.
        by_unit[unit.pk] = sorted(enforcers_in({unit.pk}).values_list("pk", flat=True))
    return by_unit


def demo_enforcers(
    units: dict[str, Unit], *, merged: Iterable[Unit]
) -> Callable[[EnforcementCase], int | None]:
    """Create the units' enforcers; return the one each demo case is assigned to.

    An enforcer of the unit that holds the case once the demo's ``merged`` units are merged,
    by case id modulo the number of its enforcers: a merger hands a merged unit's open cases
    to its successor and leaves the closed ones (``unit_merge_into_successor``), and does not
    change their enforcer. The cases are written with it (``CaseBuilder.write``), their
    figures do not change, and their events carry the enforcer they had.
    """
    by_unit = load_enforcers(units)
    successors = {
        unit.pk: successor
        for unit in merged
        if (successor := merger_successor_id(unit)) is not None
    }

    def enforcer(case: EnforcementCase) -> int | None:
        holder = case.unit_id
        if case.status in OPEN_STATUSES:
            holder = successors.get(holder, holder)
        people = by_unit.get(holder)
        return people[case.pk % len(people)] if people else None

    return enforcer
