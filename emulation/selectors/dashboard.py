"""The emulation block of the home page: the officer's indicator results still to enter.

A member unit owes a result for every criterion of its cluster's pact that units enter
themselves (computed criteria come from the enforcement statistics); a result counts as
delivered once submitted. The latest year in which the user's units sign a pact is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emulation.models import ClusterMember, Criterion, IndicatorResult
from organizations.dashboard import TOP_ITEMS, DashboardBlock, DashboardItem
from organizations.scoping import unit_scope_ids

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

_ENTERING = "emulation.add_indicatorresult"


def results_to_enter_block(user: AbstractBaseUser) -> list[DashboardBlock]:
    """Return the criteria of the latest pact for which the user's units owe a result."""
    if not user.has_perm(_ENTERING):
        return []
    scope = unit_scope_ids(user, _ENTERING)
    members = ClusterMember.objects.filter(cluster__pact__isnull=False)
    if scope is not None:
        members = members.filter(unit_id__in=scope)
    year = members.aggregate(latest=Max("cluster__year"))["latest"]
    if year is None:
        return []
    members = list(members.filter(cluster__year=year).select_related("unit"))
    criteria = list(
        Criterion.objects.filter(
            pact__cluster__in={member.cluster_id for member in members},
            source=Criterion.Source.ENTERED,
        )
        .select_related("pact")
        .order_by("number", "pk")
    )
    results = {
        (unit_id, criterion_id): (pk, status)
        for pk, unit_id, criterion_id, status in IndicatorResult.objects.filter(
            unit__in={member.unit_id for member in members}, criterion__in=criteria
        ).values_list("pk", "unit_id", "criterion_id", "status")
    }
    owed: list[DashboardItem] = []
    for member in members:
        for criterion in criteria:
            if criterion.pact.cluster_id != member.cluster_id:
                continue
            pk, status = results.get((member.unit_id, criterion.pk), (None, None))
            if status in (IndicatorResult.Status.SUBMITTED, IndicatorResult.Status.LOCKED):
                continue
            owed.append(
                DashboardItem(
                    label=f"{criterion.number}. {criterion.name}",
                    url=reverse("admin:emulation_indicatorresult_change", args=[pk])
                    if pk
                    else reverse("admin:emulation_indicatorresult_add")
                    + f"?unit={member.unit_id}&criterion={criterion.pk}",
                    note=_("{unit}: draft, not yet submitted").format(unit=member.unit.display_name)
                    if pk
                    else _("{unit}: not entered").format(unit=member.unit.display_name),
                )
            )
    return [
        DashboardBlock(
            key="results_to_enter",
            title=_("Indicator results to enter for {year}").format(year=year),
            count=len(owed),
            url=reverse("admin:emulation_indicatorresult_changelist") + f"?year={year}",
            items=owed[:TOP_ITEMS],
            empty=gettext_lazy("Every result of your units is submitted."),
        )
    ]
