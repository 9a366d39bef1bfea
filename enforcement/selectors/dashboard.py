"""The enforcement blocks of the home page: the clerk's cases to see to, the leader's figures.

A case not yet eligible must be verified again at least every six months (Law on Civil
Judgment Enforcement, art. 44a); an open case nobody has touched for six months has been
forgotten. Both are read from the case row (its last change of state) and one look into its
events, so the blocks cost a few indexed queries, never a replay.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enforcement.models import (
    OPEN_STATUSES,
    CaseEvent,
    Eligibility,
    EnforcementCase,
    StatisticalYear,
)
from enforcement.selectors.lines import Period
from enforcement.selectors.statistics import enforcement_statistics
from enforcement.selectors.units import report_units
from enforcement.selectors.years import default_report_year
from organizations.dashboard import DashboardBlock, DashboardFigure, DashboardItem
from organizations.formatting import DASH, format_money, format_percent
from organizations.models import Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

IDLE_MONTHS = 6
# The values of the case list's "to do" filter.
REVERIFY = "reverify"
IDLE = "idle"
_CHANGING = "enforcement.change_enforcementcase"


def months_before(day: datetime.date, months: int) -> datetime.date:
    """Return the same day ``months`` earlier (the month's last day when it has fewer)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("every month has at least 28 days")


def idle_cases(
    queryset: QuerySet[EnforcementCase], *, today: datetime.date | None = None
) -> QuerySet[EnforcementCase]:
    """Return the open cases with no change of state and no event for six months."""
    cutoff = months_before(today or timezone.localdate(), IDLE_MONTHS)
    recent = CaseEvent.objects.filter(case=OuterRef("pk"), occurred_on__gt=cutoff)
    return queryset.filter(status__in=OPEN_STATUSES, state_changed_on__lte=cutoff).filter(
        ~Exists(recent)
    )


def cases_to_do(
    queryset: QuerySet[EnforcementCase], which: str, *, today: datetime.date | None = None
) -> QuerySet[EnforcementCase]:
    """Return the idle cases due for re-verification (not yet eligible) or just idle."""
    idle = idle_cases(queryset, today=today)
    if which == REVERIFY:
        return idle.filter(eligibility=Eligibility.NOT_ELIGIBLE)
    if which == IDLE:
        return idle.filter(eligibility=Eligibility.ELIGIBLE)
    return queryset


def clerk_blocks(user: AbstractBaseUser) -> list[DashboardBlock]:
    """Return how many cases of the user's units are due for re-verification, or left idle.

    One counting query; the cases themselves are in the case list the block links to
    (listing a few here would cost a second pass over a city's open cases).
    """
    if not user.has_perm(_CHANGING):
        return []
    scoped = EnforcementCase.objects.for_user(user, _CHANGING)
    counts = idle_cases(scoped).aggregate(
        reverify=Count("pk", filter=Q(eligibility=Eligibility.NOT_ELIGIBLE)),
        idle=Count("pk", filter=Q(eligibility=Eligibility.ELIGIBLE)),
    )
    changelist = reverse("admin:enforcement_enforcementcase_changelist")
    return [
        DashboardBlock(
            key="cases_reverify",
            title=gettext_lazy("Cases due for re-verification"),
            note=_(
                "Not yet eligible, with nothing recorded for {months} months: verify the "
                "debtor's means again."
            ).format(months=IDLE_MONTHS),
            count=counts["reverify"],
            url=f"{changelist}?todo={REVERIFY}",
            empty=gettext_lazy("No case is due for re-verification."),
        ),
        DashboardBlock(
            key="cases_idle",
            title=gettext_lazy("Cases with no activity for 6 months"),
            note=_("Eligible and open, with nothing recorded for {months} months.").format(
                months=IDLE_MONTHS
            ),
            count=counts["idle"],
            url=f"{changelist}?todo={IDLE}",
            empty=gettext_lazy("Every open case has moved in the last six months."),
        ),
    ]


def key_figures_year() -> int:
    """Return the year of the leader's key figures: the latest closed one, else the report's.

    A closed year's figures are the official, frozen ones and read from its snapshot in a
    few queries; the open year's are the report's, computed from every case (seconds on a
    national caseload), one click away.
    """
    closed = (
        StatisticalYear.objects.filter(state=StatisticalYear.State.CLOSED)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return closed or default_report_year()


def key_figures_block(user: AbstractBaseUser) -> list[DashboardBlock]:
    """Return the year's key figures of the user's units against their targets (leaders).

    Clerks, who keep the cases, get their to-do blocks instead.
    """
    if not user.has_perm("enforcement.view_statistics") or user.has_perm(_CHANGING):
        return []
    period = Period(year=key_figures_year())
    scope = Unit.objects.for_user(user, "enforcement.view_statistics")
    units = report_units(scope=scope, period=period)
    if not units:
        return []
    table = enforcement_statistics(units=units, period=period)
    total = table.total
    figures = [
        DashboardFigure(gettext_lazy("Cases to enforce"), format_money(total.cases.to_enforce)),
        DashboardFigure(gettext_lazy("Cases resolved"), format_money(total.cases.resolved)),
        DashboardFigure(gettext_lazy("Resolution ratio (cases)"), _percent(total.cases.ratio)),
        DashboardFigure(gettext_lazy("Resolution ratio (money)"), _percent(total.money.ratio)),
    ]
    if table.targets_set:
        figures.append(
            DashboardFigure(
                gettext_lazy("Agencies meeting their target"),
                f"{table.targets_met}/{table.targets_set}",
                met=table.targets_met == table.targets_set,
            )
        )
    rows = [
        DashboardItem(
            label=row.unit.display_name,
            url=f"{reverse('enforcement:report')}?year={period.year}&unit={row.unit.code}",
            note=_("{ratio} against a target of {target}").format(
                ratio=_percent(row.cases.ratio), target=_percent(row.case_target)
            ),
            emphasis="" if row.case_target_met is not False else _("below target"),
        )
        for row in table.rows
        if row.case_target is not None
    ]
    return [
        DashboardBlock(
            key="key_figures",
            title=_("Key figures of the statistical year {year}").format(year=period.year),
            count=len(table.rows),
            url=f"{reverse('enforcement:report')}?year={period.year}",
            figures=figures,
            items=rows,
        )
    ]


def _percent(value: Decimal | None) -> str:
    return format_percent(value) if value is not None else DASH
