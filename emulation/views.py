"""Pages of emulation: the cluster ranking report and the eligibility answers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from emulation import selectors
from emulation.measures import Measure
from emulation.models import Criterion
from emulation.scoring import Direction, Rule
from emulation.selectors import ClusterRanking
from organizations.formatting import format_decimal, format_figure
from organizations.models import Person, Unit
from organizations.params import year_param
from organizations.replica import reads_from_replica

# Chart geometry, in the SVG's own units: the drawing scales to the page's width.
CHART_WIDTH = 1000
BAR_START = 240
BAR_WIDTH = 640
ROW_HEIGHT = 34
BAR_HEIGHT = 22
SEGMENT_COLOURS = 8


@dataclass(frozen=True)
class Segment:
    """One criterion's part of a member's bar; coordinates are plain SVG numbers."""

    x: str
    width: str
    colour: int
    label: str


@dataclass(frozen=True)
class ChartRow:
    """A member's bar: its label, its segments and its total."""

    y: int
    text_y: int
    label: str
    total: str
    total_x: str
    segments: list[Segment]
    is_candidate: bool


@dataclass(frozen=True)
class Chart:
    """A cluster's chart, laid out for an inline SVG drawn without any script."""

    height: int
    axis_x: int
    rows: list[ChartRow]
    width: int = CHART_WIDTH
    bar_start: int = BAR_START
    bar_width: int = BAR_WIDTH
    bar_height: int = BAR_HEIGHT


@dataclass(frozen=True)
class LegendRow:
    """A criterion explained under the table: what it measures and how it scores."""

    criterion: Criterion
    colour: int
    target: str
    scoring: str


def criterion_target(criterion: Criterion) -> str:
    """Return the target as read in the legend; computed criteria use each unit's own."""
    if criterion.target is None:
        return _("each unit's own enforcement target")
    text = format_figure(criterion.target)
    if criterion.measure == Measure.PERCENT:
        text = f"{text} %"
    comparison = "≤" if criterion.direction == Direction.LOWER else "≥"
    return f"{comparison} {text}"


def criterion_scoring(criterion: Criterion) -> str:
    """Return how the criterion scores, with its parameters."""
    if criterion.rule == Rule.BASE_BONUS:
        return _(
            "{base} points at the target, +{bonus} per point above, −{deduction} per point "
            "below, at least {floor}, at most {maximum}"
        ).format(
            base=format_figure(criterion.base_points),
            bonus=format_figure(criterion.bonus_per_point),
            deduction=format_figure(criterion.deduction_per_point),
            floor=format_figure(criterion.floor_points),
            maximum=format_figure(criterion.max_points),
        )
    if criterion.rule == Rule.PASS_FAIL:
        return _("{maximum} points when the target is reached, 0 otherwise").format(
            maximum=format_figure(criterion.max_points)
        )
    return _("up to {maximum} points, in proportion to the target reached").format(
        maximum=format_figure(criterion.max_points)
    )


def ranking_legend(ranking: ClusterRanking) -> list[LegendRow]:
    """Return the legend rows of a ranking's criteria, with their chart colours."""
    return [
        LegendRow(
            criterion=criterion,
            colour=index % SEGMENT_COLOURS + 1,
            target=criterion_target(criterion),
            scoring=criterion_scoring(criterion),
        )
        for index, criterion in enumerate(ranking.criteria)
    ]


def ranking_chart(ranking: ClusterRanking) -> Chart:
    """Lay out one stacked bar per member: its points per criterion, to the maximum total."""
    scale = Decimal(BAR_WIDTH) / ranking.max_total if ranking.max_total else Decimal(0)
    rows = []
    for index, member in enumerate(ranking.members):
        y = 8 + index * ROW_HEIGHT
        x = Decimal(BAR_START)
        segments = []
        for number, score in enumerate(member.scores):
            width = (score.points * scale).quantize(Decimal("0.1"))
            if width > 0:
                segments.append(
                    Segment(
                        x=str(x),
                        width=str(width),
                        colour=number % SEGMENT_COLOURS + 1,
                        label=_("{unit} – criterion {number}: {points} points").format(
                            unit=member.unit.display_name,
                            number=score.criterion.number,
                            points=format_decimal(score.points),
                        ),
                    )
                )
            x += width
        rows.append(
            ChartRow(
                y=y,
                text_y=y + BAR_HEIGHT - 6,
                label=f"{member.rank}. {member.unit.display_name}",
                total=format_decimal(member.total),
                total_x=str(x + 8),
                segments=segments,
                is_candidate=member.is_flag_candidate and ranking.is_final,
            )
        )
    return Chart(height=16 + len(rows) * ROW_HEIGHT, axis_x=BAR_START + BAR_WIDTH, rows=rows)


@login_required
@permission_required("emulation.view_cluster", raise_exception=True)
@require_GET
@reads_from_replica
def ranking(request: HttpRequest) -> HttpResponse:
    """Show each cluster's ranking for the year, with points per criterion and a chart."""
    years = selectors.ranking_years(user=request.user)
    default = years[0] if years else timezone.localdate().year
    year = year_param(request, default=default, invalid=None)
    if year is None:
        return render(
            request,
            "emulation/ranking.html",
            {
                "years": years,
                "year": None,
                "rankings": [],
                "error": _("Choose a year between 2000 and 2100."),
            },
            status=400,
        )
    rankings = selectors.rankings_for_user(user=request.user, year=year)
    linkable: set[int] = set()
    if request.user.has_perm("emulation.view_titleaward"):
        linkable = set(
            Unit.objects.for_user(request.user, "emulation.view_titleaward").values_list(
                "pk", flat=True
            )
        )
    return render(
        request,
        "emulation/ranking.html",
        {
            "years": years if year in years else sorted({*years, year}, reverse=True),
            "year": year,
            "rankings": [
                (ranking, ranking_chart(ranking), ranking_legend(ranking)) for ranking in rankings
            ],
            "linkable_unit_ids": linkable,
        },
    )


@login_required
@permission_required("emulation.view_titleaward", raise_exception=True)
@require_GET
def eligibility(request: HttpRequest) -> HttpResponse:
    """Show which titles a person or unit of the user's units qualifies for, and why not."""
    year = year_param(request, default=timezone.localdate().year, invalid=None)
    titles = "emulation.view_titleaward"
    units = Unit.objects.for_user(request.user, titles).order_by("code")
    context: dict = {"year": year, "units": units, "answers": None}
    if year is None:
        context["error"] = _("Choose a year between 2000 and 2100.")
        return render(request, "emulation/eligibility.html", context, status=400)
    staff_code = request.GET.get("person", "").strip()
    unit_code = request.GET.get("unit", "").strip()
    if staff_code:
        person = get_object_or_404(
            Person.objects.for_user(request.user, titles).select_related("unit"),
            staff_code=staff_code,
        )
        context.update(
            person=person,
            unit_code=person.unit.code,
            answers=selectors.title_eligibility(year=year, person=person),
        )
    elif unit_code:
        unit = get_object_or_404(units, code=unit_code)
        context.update(
            unit=unit,
            unit_code=unit.code,
            answers=selectors.title_eligibility(year=year, unit=unit),
            people=Person.objects.filter(unit=unit).order_by("staff_code"),
        )
    return render(request, "emulation/eligibility.html", context)
