"""Who is an enforcer, and which enforcer a case had at a period's end (or at its closing).

The case row carries its enforcer and the day of the last assignment (``enforcer_since``):
a case assigned by the period's end counts for that enforcer, and so does a case closed by
then (it is never closed before its last assignment). The few cases reassigned since read
the enforcer from their events: the last REASSIGNED event on or before the end, else the
enforcer the case came with (its opening or imported event), as ``direct_lines`` reads the
state of cases changed twice.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    BigIntegerField,
    Case,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce

from enforcement.models import CaseEvent, EnforcementCase
from enforcement.selectors.lineage import RELAYED, case_unit_on
from organizations.imports.values import fold
from organizations.models import Person

# How statistics may group their cases: by unit, or by the enforcer at the period's end.
GROUPINGS = ("unit", "enforcer")
# The position of an enforcer, folded (no diacritics, lower case): "Chấp hành viên",
# "Chấp hành viên trung cấp", "Phó Chi cục trưởng, Chấp hành viên" all hold it.
ENFORCER_POSITION = "chap hanh vien"


def is_enforcer_position(position: str | None) -> bool:
    """Tell whether a position is an enforcer's (chấp hành viên), whatever its case or accents.

    The position is free text kept by each unit; the title "chấp hành viên" in it, at any
    grade and beside any other office, makes the person an enforcer.
    """
    return ENFORCER_POSITION in fold(position or "")


def enforcer_ids_in(unit_ids: frozenset[int] | set[int] | list[int] | None) -> list[int]:
    """Return the ids of the enforcers among the people of the units (None: of every unit)."""
    people = Person.objects.all()
    if unit_ids is not None:
        people = people.filter(unit_id__in=list(unit_ids))
    # Positions are free text in any spelling: the rule is read here, once per person; the
    # people of a scope are a few thousand rows at most.
    return [
        pk
        for pk, position in people.values_list("pk", "position")
        if is_enforcer_position(position)
    ]


def enforcers_with_ids(ids: list[int]) -> QuerySet[Person]:
    """Return the enforcers of the ids, with their units, in the order lists show them."""
    return Person.objects.filter(pk__in=ids).select_related("unit").order_by("full_name", "pk")


def enforcers_in(unit_ids: frozenset[int] | set[int] | list[int] | None) -> QuerySet[Person]:
    """Return the enforcers among the people of the units (None: of every unit)."""
    return enforcers_with_ids(enforcer_ids_in(unit_ids))


def reassigned_after(end: datetime.date, prefix: str = "") -> Q:
    """Cases whose last assignment came after the period's end.

    A case is never closed before its last assignment (a constraint of the case), so a case
    closed by the end had its present enforcer at closing.
    """
    return Q(**{f"{prefix}enforcer_since__gt": end})


def enforcer_on_day(end: datetime.date, prefix: str = "") -> Expression:
    """Return the enforcer of a case at the period's end, from its events.

    The last REASSIGNED event by then names them; without one, the enforcer the case came
    with (on its opening or imported event), or None.
    """
    # The case's own id: "pk" on a case, "case_id" on one of its events.
    case_ref = f"{prefix.removesuffix('__')}_id" if prefix else "pk"
    events = CaseEvent.objects.filter(case_id=OuterRef(case_ref))
    reassigned = (
        events.filter(kind=CaseEvent.Kind.REASSIGNED, occurred_on__lte=end)
        .order_by("-occurred_on", "-id")
        .values("enforcer_id")[:1]
    )
    first = (
        events.filter(kind__in=[CaseEvent.Kind.OPENED, CaseEvent.Kind.IMPORTED])
        .order_by("occurred_on", "id")
        .values("enforcer_id")[:1]
    )
    return Coalesce(Subquery(reassigned), Subquery(first), output_field=BigIntegerField())


def check_grouping(by: str) -> None:
    """Refuse a grouping the statistics do not know."""
    if by not in GROUPINGS:
        raise ValueError(f"Statistics group by unit or enforcer, not {by!r}.")


def grouping_key(
    by: str, end: datetime.date, prefix: str = "", handed_over: int = RELAYED
) -> Expression:
    """Return what statistics group a case by: its unit, or its enforcer at the period's end.

    The unit is the one the case belonged to at the end, before following mergers
    (``selectors.lineage``; ``handed_over`` False: no case was handed over since).
    ``prefix`` reaches the case from another model (``"case__"`` from its events).
    """
    check_grouping(by)
    if by == "unit":
        return case_unit_on(end, prefix, handed_over)
    return Case(
        When(reassigned_after(end, prefix), then=enforcer_on_day(end, prefix)),
        default=F(f"{prefix}enforcer_id"),
        output_field=BigIntegerField(),
    )


def keyed_parts(
    queryset: QuerySet[EnforcementCase], *, by: str, end: datetime.date, handed_over: int = RELAYED
) -> list[tuple[QuerySet[EnforcementCase], Expression]]:
    """Split counted cases into parts, each with the key its grouped query uses.

    By enforcer, the cases assigned by the end group by a plain column (the query stays
    parallel); the few reassigned since read their enforcer from their events.
    """
    if by == "unit":
        return [(queryset, grouping_key(by, end, handed_over=handed_over))]
    moved = reassigned_after(end)
    return [
        (queryset.exclude(moved), F("enforcer_id")),
        (queryset.filter(moved), grouping_key(by, end)),
    ]
