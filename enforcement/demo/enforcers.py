"""The demo's enforcers (chấp hành viên): a few per unit, each case assigned to one of them."""

from __future__ import annotations

from django.db.models import Case, F, Value, When
from django.db.models.functions import Mod
from django.db.models.lookups import Exact

from enforcement.models import CaseEvent, EnforcementCase
from enforcement.selectors import enforcers_in
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


def assign_demo_cases(units: dict[str, Unit]) -> None:
    """Assign every demo case, from its acceptance, to an enforcer of its unit.

    Two updates per unit, by case id modulo the number of its enforcers: the cases' figures
    do not change, and their events (opening, changes) carry the enforcer they had.
    """
    for unit_id, people in load_enforcers(units).items():

        def spread(column: str, people: list[int] = people) -> Case:
            return Case(
                *[
                    When(Exact(Mod(column, len(people)), index), then=Value(person))
                    for index, person in enumerate(people)
                ]
            )

        EnforcementCase.objects.filter(unit_id=unit_id).update(
            enforcer_id=spread("id"), enforcer_since=F("accepted_on")
        )
        CaseEvent.objects.filter(
            case_id__in=EnforcementCase.objects.filter(unit_id=unit_id).values("pk")
        ).update(enforcer_id=spread("case_id"))
