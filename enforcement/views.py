"""The enforcement statistics report: the official table, a chart, and its spreadsheet."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from enforcement.report import (
    COLUMNS,
    MONEY_COLUMNS,
    column_values,
    issuing_unit,
    printed_rows,
    report_heading,
    statistics_workbook,
)
from enforcement.selectors import (
    ENFORCEMENT_UNIT_KINDS,
    Period,
    StatisticsTable,
    UnitStatistics,
    available_years,
    default_report_year,
    enforcement_statistics,
    report_units,
    statistics_breakdown,
    unit_statistics_table,
)
from organizations.formatting import short_date
from organizations.models import Unit
from organizations.params import refuse_unknown_parameters

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportForm(forms.Form):
    """The period and scope pickers."""

    year = forms.TypedChoiceField(label=gettext_lazy("Statistical year"), coerce=int)
    months = forms.TypedChoiceField(
        label=gettext_lazy("Period"), coerce=int, initial=12, required=False
    )
    unit = forms.ChoiceField(label=gettext_lazy("Units"), required=False)
    breakdown = forms.ChoiceField(
        label=gettext_lazy("Broken down by"),
        required=False,
        choices=[
            ("", gettext_lazy("no breakdown")),
            ("initiation", gettext_lazy("initiation (proactive / on request)")),
            ("judgment_kind", gettext_lazy("kind of judgment")),
        ],
    )

    def __init__(self, *args: object, units: list[Unit], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in available_years()]
        self.fields["months"].choices = [
            (months, _("first %(months)s months") % {"months": months}) for months in range(1, 12)
        ] + [(12, _("whole year"))]
        self.fields["unit"].choices = [("", _("All units in my scope"))] + [
            (unit.code, unit.display_name) for unit in units
        ]


@dataclass(frozen=True)
class ChartBar:
    """One unit's bar: its ratio and its target, placed on the chart's scale."""

    label: str
    ratio: Decimal | None
    target: Decimal | None
    met: bool | None
    y: int
    width: float
    target_x: float | None
    value_x: float


CHART_LEFT, CHART_WIDTH, CHART_ROW = 210, 560, 34


def chart_bars(rows: list[UnitStatistics]) -> tuple[list[ChartBar], list[tuple[float, int]], int]:
    """Place ratio bars and target ticks on a scale that starts just below the lowest value."""
    values = [
        value for row in rows for value in (row.cases.ratio, row.case_target) if value is not None
    ]
    floor = max(0, (int(min(values)) // 5) * 5 - 5) if values else 0

    def x(value: Decimal) -> float:
        return round(CHART_WIDTH * float(value - floor) / (100 - floor), 1)

    bars = []
    for index, row in enumerate(rows):
        width = x(row.cases.ratio) if row.cases.ratio is not None else 0
        target_x = x(row.case_target) if row.case_target is not None else None
        bars.append(
            ChartBar(
                label=row.unit.display_name,
                ratio=row.cases.ratio,
                target=row.case_target,
                met=row.case_target_met,
                y=index * CHART_ROW,
                width=width,
                target_x=target_x,
                # The figures start past both the bar and the target mark, never over them.
                value_x=max(width, target_x or 0) + 8,
            )
        )
    ticks = [
        (x(Decimal(value)), value) for value in range(floor, 101, 5 if 100 - floor <= 30 else 10)
    ]
    return bars, ticks, len(rows) * CHART_ROW


def _table_rows(table: StatisticsTable, *, money: bool) -> list[tuple[UnitStatistics, list[int]]]:
    return [
        (row, column_values(lines, money=money)) for row, lines in printed_rows(table, money=money)
    ]


# What the report's form and its spreadsheet link send.
REPORT_PARAMETERS = ("year", "months", "unit", "breakdown", "format")


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """Show the official yearly table of the user's units, or send it as a spreadsheet."""
    if not request.user.has_perm("enforcement.view_statistics"):
        raise PermissionDenied
    scope = Unit.objects.for_user(request.user, "enforcement.view_statistics")
    pickable = list(scope.filter(kind__in=ENFORCEMENT_UNIT_KINDS).order_by("parent__code", "code"))
    data = request.GET.copy()
    data.setdefault("year", str(default_report_year()))
    data.setdefault("months", "12")
    form = ReportForm(data, units=pickable)
    if not form.is_valid():
        if "unit" in form.errors and request.GET.get("unit"):
            # A unit outside the scope answers as if it did not exist.
            raise Http404(_("This unit does not exist or is outside your units."))
        return render(request, "enforcement/report.html", {"form": form}, status=400)
    period = Period(year=form.cleaned_data["year"], months=form.cleaned_data["months"] or 12)
    chosen_code = form.cleaned_data["unit"]
    chosen = scope.get(code=chosen_code) if chosen_code else None
    if chosen is not None:
        table, chart_rows = unit_statistics_table(unit=chosen, period=period)
    else:
        units = report_units(scope=scope, period=period)
        table = enforcement_statistics(units=units, period=period)
        chart_rows = table.rows
    heading = report_heading(
        user=request.user,
        period=period,
        agency=issuing_unit(user=request.user, table=table, chosen=chosen),
    )
    by = form.cleaned_data["breakdown"]
    breakdown = None
    if by:
        # The same scope as the table: the unit chosen, or the units shown, each with its
        # descendants.
        scope_units = [chosen] if chosen is not None else [row.unit for row in table.rows]
        breakdown = statistics_breakdown(units=scope_units, period=period, by=by)
    breakdown_title = str(dict(form.fields["breakdown"].choices).get(by, "")).split(" (")[0]
    if request.GET.get("format") == "xlsx":
        refuse_unknown_parameters(request, REPORT_PARAMETERS)
        workbook = statistics_workbook(
            table, heading, breakdown=breakdown, breakdown_title=breakdown_title.capitalize()
        )
        response = HttpResponse(workbook, content_type=XLSX)
        name = f"thong-ke-thads-{period.year}-{period.months}thang.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    bars, ticks, chart_height = chart_bars(chart_rows)
    # Which rows drill down, in one query rather than one per row and table.
    parent_ids = set(
        Unit.objects.filter(parent__in=[row.unit for row in table.rows]).values_list(
            "parent_id", flat=True
        )
    )
    query = request.GET.copy()
    query["format"] = "xlsx"
    return render(
        request,
        "enforcement/report.html",
        {
            "form": form,
            "table": table,
            "chosen": chosen,
            "parent_ids": parent_ids,
            "case_columns": COLUMNS,
            "money_columns": MONEY_COLUMNS,
            "heading": heading,
            "case_rows": _table_rows(table, money=False),
            "money_rows": _table_rows(table, money=True),
            "breakdown": breakdown,
            "breakdown_title": breakdown_title,
            "breakdown_case_rows": _table_rows(breakdown, money=False) if breakdown else [],
            "breakdown_money_rows": _table_rows(breakdown, money=True) if breakdown else [],
            "bars": bars,
            "ticks": ticks,
            "chart_left": CHART_LEFT,
            "chart_width": CHART_WIDTH,
            "chart_height": chart_height,
            "chart_total_height": chart_height + 40,
            "chart_total_width": CHART_LEFT + CHART_WIDTH + 90,
            "period_start": short_date(period.start),
            "period_end": short_date(period.end),
            "xlsx_query": query.urlencode(),
        },
    )
