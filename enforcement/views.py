"""The enforcement statistics report: the official table, a chart, and its spreadsheet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from enforcement import report_document
from enforcement.background_figures import computed_in_background_when_too_long
from enforcement.report import (
    COLUMNS,
    MONEY_COLUMNS,
    column_values,
    issuing_unit,
    printed_rows,
    report_heading,
    rows_named_on,
    statistics_workbook,
    table_named_on,
)
from enforcement.report_requests import (
    ReportForm,
    enforcer_figures,
    own_enforcer,
    pickable_units,
    report_figures,
)
from enforcement.selectors import (
    EnforcerStatistics,
    EnforcerTable,
    Lines,
    Period,
    StatisticsTable,
    UnitStatistics,
    default_report_year,
    enforcement_statistics,
    enforcer_statistics,
    merged_tables,
    report_units,
    round_table,
    statistics_breakdown,
    unit_statistics_table,
)
from enforcement.selectors.lineage import merged_into
from organizations.formatting import short_date
from organizations.models import Unit
from organizations.params import refuse_unknown_parameters
from organizations.replica import reads_from_replica
from organizations.scoping import unit_in_scope
from organizations.selectors import unit_as_on
from organizations.spreadsheets import attachment, download_name, xlsx_response


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
@computed_in_background_when_too_long(report_figures)
@reads_from_replica
def report(request: HttpRequest) -> HttpResponse:
    """Show the official yearly table of the user's units, or send it as a spreadsheet."""
    if not request.user.has_perm("enforcement.view_statistics"):
        raise PermissionDenied
    scope = Unit.objects.for_user(request.user, "enforcement.view_statistics")
    pickable = pickable_units(scope)
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
        table = table_named_on(table, period.end)
        chart_rows = rows_named_on(chart_rows, period.end)
        # The page names the chosen unit as the table does.
        chosen = unit_as_on(chosen, period.end)
    else:
        units = report_units(scope=scope, period=period)
        table = table_named_on(enforcement_statistics(units=units, period=period), period.end)
        chart_rows = table.rows
    agency = issuing_unit(user=request.user, table=table, chosen=chosen)
    heading = report_heading(user=request.user, period=period, agency=agency)
    by = form.cleaned_data["breakdown"]
    breakdown = None
    if by:
        # The same scope as the table: the unit chosen, or the units shown, each with its
        # descendants.
        scope_units = [chosen] if chosen is not None else [row.unit for row in table.rows]
        breakdown = table_named_on(
            statistics_breakdown(units=scope_units, period=period, by=by), period.end
        )
    breakdown_title = str(dict(form.fields["breakdown"].choices).get(by, "")).split(" (")[0]
    if request.GET.get("format") == "xlsx":
        refuse_unknown_parameters(request, REPORT_PARAMETERS)
        workbook = statistics_workbook(
            table, heading, breakdown=breakdown, breakdown_title=breakdown_title.capitalize()
        )
        subject = f"thong-ke-thi-hanh-an-dan-su-{period.year}-{period.months}-thang"
        return xlsx_response(workbook, download_name(subject, period.end))
    if request.GET.get("format") in report_document.FORMATS:
        refuse_unknown_parameters(request, REPORT_PARAMETERS)
        return _report_document(
            request,
            form,
            period=period,
            table=table,
            agency=agency,
            chosen=chosen,
            breakdown=breakdown,
        )
    bars, ticks, chart_height = chart_bars(chart_rows)
    # Which rows drill down, in one query rather than one per row and table.
    parent_ids = set(
        Unit.objects.filter(parent__in=[row.unit for row in table.rows]).values_list(
            "parent_id", flat=True
        )
    )
    query = request.GET.copy()
    query["format"] = "xlsx"
    document_queries = {}
    for file_format in report_document.FORMATS:
        query_of_format = request.GET.copy()
        query_of_format["format"] = file_format
        document_queries[file_format] = query_of_format.urlencode()
    return render(
        request,
        "enforcement/report.html",
        {
            "form": form,
            "table": table,
            "chosen": chosen,
            "merged_into": merged_into(chosen, period.end) if chosen is not None else None,
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
            "docx_query": document_queries["docx"],
            "pdf_query": document_queries["pdf"],
        },
    )


def _report_document(
    request: HttpRequest,
    form: ReportForm,
    *,
    period: Period,
    table: StatisticsTable,
    agency: Unit | None,
    chosen: Unit | None,
    breakdown: StatisticsTable | None,
) -> HttpResponse:
    """Send the report with its forms as DOCX or PDF, or say what it lacks on the page."""
    with translation.override(settings.LANGUAGE_CODE):
        # An official paper: its heading and captions in Vietnamese whatever the interface.
        heading = report_heading(user=request.user, period=period, agency=agency)
        by = form.cleaned_data["breakdown"]
        breakdown_title = str(dict(form.fields["breakdown"].choices).get(by, "")).split(" (")[0]
    try:
        document = report_document.statistics_document(
            period=period,
            table=table,
            heading=heading,
            agency=agency,
            breakdown=breakdown,
            breakdown_title=breakdown_title,
            chosen=chosen,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        query = request.GET.copy()
        query.pop("format", None)
        return redirect(f"{reverse('enforcement:report')}?{query.urlencode()}")
    file_format = request.GET["format"]
    content, content_type = report_document.render(document, file_format)
    subject = f"bao-cao-thi-hanh-an-dan-su-{period.year}-{period.months}-thang"
    return attachment(
        HttpResponse(content, content_type=content_type),
        download_name(subject, period.end, file_format),
    )


# The columns the enforcers' table sorts by (``?sort=``, a leading "-" for descending): the
# name, the unit, and each line and ratio in cases and in money.
ENFORCER_SORTS: dict[str, Callable[[EnforcerStatistics], object]] = {
    "name": lambda row: (row.enforcer.full_name, row.enforcer.staff_code),
    "unit": lambda row: (row.enforcer.unit.display_name, row.enforcer.full_name),
    "ratio": lambda row: row.cases.ratio,
    "money_ratio": lambda row: row.money.ratio,
    **{
        f"{kind}_{column.number}": (
            lambda row, kind=kind, column=column: column.value(getattr(row, kind))
        )
        for kind in ("cases", "money")
        for column in COLUMNS
    },
}
DEFAULT_ENFORCER_SORT = "name"


def sorted_enforcer_rows(
    rows: list[tuple[EnforcerStatistics, Lines]], sort: str
) -> list[tuple[EnforcerStatistics, Lines]]:
    """Sort enforcers' rows (each with its printed money) by a whitelisted column.

    Rows without a value (no ratio) come last either way, and the unassigned cases' row
    stays at the bottom; ties keep the order by name.
    """
    key = ENFORCER_SORTS[sort.removeprefix("-")]
    named = [pair for pair in rows if pair[0].enforcer is not None]
    valued = [pair for pair in named if key(pair[0]) is not None]
    valued.sort(key=lambda pair: ENFORCER_SORTS[DEFAULT_ENFORCER_SORT](pair[0]))
    valued.sort(key=lambda pair: key(pair[0]), reverse=sort.startswith("-"))
    missing = [pair for pair in named if key(pair[0]) is None]
    unassigned = [pair for pair in rows if pair[0].enforcer is None]
    return [*valued, *missing, *unassigned]


def _printed_money(table: EnforcerTable) -> tuple[list[Lines], Lines]:
    """Return the money of the rows and of the total in thousand đồng, reconciled."""
    return round_table([row.money for row in table.rows], table.total.money)


@login_required
@require_GET
@computed_in_background_when_too_long(enforcer_figures)
@reads_from_replica
def enforcers(request: HttpRequest) -> HttpResponse:
    """Show the lines per enforcer of the user's units; an enforcer alone sees their own row.

    A user who reads the statistics of a unit sees every enforcer of its cases; an enforcer
    (a person whose user account this is) without that permission on their own unit sees
    only their own row and total, never their colleagues'.
    """
    user = request.user
    may_read = user.has_perm("enforcement.view_statistics")
    scope = (
        Unit.objects.for_user(user, "enforcement.view_statistics")
        if may_read
        else Unit.objects.none()
    )
    pickable = pickable_units(scope)
    me = own_enforcer(user)
    # An enforcer reads their own row even where they may not read their unit's statistics;
    # nobody else's is added.
    own_row = me is not None and not unit_in_scope(user, me.unit_id, "enforcement.view_statistics")
    if not pickable and not own_row:
        raise PermissionDenied
    own_only = not pickable
    data = request.GET.copy()
    data.setdefault("year", str(default_report_year()))
    data.setdefault("months", "12")
    form = ReportForm(data, units=pickable, breakdowns=False)
    context: dict[str, object] = {"form": form, "own_only": own_only}
    if not form.is_valid():
        if "unit" in form.errors and request.GET.get("unit"):
            raise Http404(_("This unit does not exist or is outside your units."))
        return render(request, "enforcement/enforcers.html", context, status=400)
    period = Period(year=form.cleaned_data["year"], months=form.cleaned_data["months"] or 12)
    chosen_code = form.cleaned_data["unit"]
    chosen = scope.get(code=chosen_code) if chosen_code else None
    tables = []
    if pickable:
        units = [chosen] if chosen is not None else report_units(scope=scope, period=period)
        tables.append(enforcer_statistics(units=units, period=period))
    if own_row and chosen is None:
        tables.append(enforcer_statistics(units=[me.unit], period=period, enforcer_ids=[me.pk]))
    table = merged_tables(tables)
    sort = request.GET.get("sort", DEFAULT_ENFORCER_SORT)
    if sort.removeprefix("-") not in ENFORCER_SORTS:
        sort = DEFAULT_ENFORCER_SORT  # an unknown column: the default order, never an error
    printed, total_money = _printed_money(table)
    rows = [
        (row, column_values(row.cases), column_values(money))
        for row, money in sorted_enforcer_rows(list(zip(table.rows, printed, strict=True)), sort)
    ]
    query = request.GET.copy()

    def header(key: str) -> dict[str, str]:
        # A header links to its column's order; the sorted column's link reverses it.
        query["sort"] = f"-{key}" if sort == key else key
        marker = "▲" if sort == key else "▼" if sort == f"-{key}" else ""
        return {"href": f"?{query.urlencode()}", "marker": marker, "key": key}

    context.update(
        {
            "table": table,
            "chosen": chosen,
            "me": me,
            "rows": rows,
            "total": (
                table.total,
                column_values(table.total.cases),
                column_values(total_money),
            ),
            "columns": COLUMNS,
            "sort": sort,
            "name_header": header("name"),
            "unit_header": header("unit"),
            "headers": {
                kind: [(column, header(f"{kind}_{column.number}")) for column in COLUMNS]
                + [(None, header("ratio" if kind == "cases" else "money_ratio"))]
                for kind in ("cases", "money")
            },
            "period_start": short_date(period.start),
            "period_end": short_date(period.end),
        }
    )
    return render(request, "enforcement/enforcers.html", context)
