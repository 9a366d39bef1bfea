"""Suggested nominees: units that beat their enforcement target, and the clusters' leaders."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

from commendations.models import Nomination
from emulation.selectors import flag_candidates
from enforcement.models import StatisticalYear, statistical_year_bounds
from enforcement.selectors import unit_resolution_ratios
from organizations.formatting import format_decimal, format_percent
from organizations.models import Unit
from organizations.scoping import unit_scope_ids

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@dataclass
class Suggestion:
    """A unit worth nominating for a year, why, and the nominations it already has."""

    unit: Unit
    reasons: list[str] = field(default_factory=list)
    nominations: list[Nomination] = field(default_factory=list)


def suggestion_year() -> int:
    """Return the latest closed statistical year, else last year."""
    closed = (
        StatisticalYear.objects.filter(state=StatisticalYear.State.CLOSED)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return closed or datetime.date.today().year - 1


def nominee_suggestions(*, user: AbstractBaseUser, year: int) -> list[Suggestion]:
    """Return the units of the user's scope that beat their target or lead their cluster."""
    reading = "commendations.view_nomination"
    scope = unit_scope_ids(user, reading)
    found: dict[int, Suggestion] = {}
    start, end = statistical_year_bounds(year)
    agencies = (
        Unit.objects.for_user(user, reading)
        .filter(kind=Unit.Kind.ENFORCEMENT_AGENCY, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .order_by("code")
    )
    agencies = list(agencies)
    ratios = unit_resolution_ratios(units=agencies, year=year) if agencies else {}
    for agency in agencies:
        ratio = ratios.get(agency.pk)
        if ratio is None or ratio.case_ratio is None or ratio.case_target is None:
            continue
        if ratio.case_ratio > ratio.case_target:
            found.setdefault(agency.pk, Suggestion(unit=agency)).reasons.append(
                _(
                    "Resolved {ratio} of the eligible cases of {year} against a target of "
                    "{target} ({difference} points above)."
                ).format(
                    ratio=format_percent(ratio.case_ratio),
                    year=year,
                    target=format_percent(ratio.case_target),
                    difference=format_percent(ratio.case_ratio - ratio.case_target).rstrip("%"),
                )
            )
    for candidate in flag_candidates(year=year):
        unit = candidate.unit
        if scope is not None and unit.pk not in scope:
            continue
        found.setdefault(unit.pk, Suggestion(unit=unit)).reasons.append(
            _("Leads {cluster} of {year} with {total} points.").format(
                cluster=candidate.member.cluster.name,
                year=year,
                total=format_decimal(candidate.total),
            )
        )
    nominations = Nomination.objects.filter(year=year, unit_id__in=found).select_related(
        "proposed_title", "award_form"
    )
    for nomination in nominations:
        found[nomination.unit_id].nominations.append(nomination)
    return sorted(found.values(), key=lambda suggestion: suggestion.unit.code)
