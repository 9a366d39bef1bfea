"""The intake register of a unit and period: a page to print, and its workbook.

``/reports/enforcement/register/?unit=<id>&start=01/10/2024&end=30/09/2025`` shows the cases
the unit (and the offices below it) accepted in the period, in the register's layout;
``&format=xlsx`` sends the workbook. The case list's export (admin) writes the same file
from the list as filtered.
"""

from __future__ import annotations

import datetime
import io

from django import forms
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Min, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from enforcement.models import EnforcementCase, statistical_year_bounds, statistical_year_of
from enforcement.register.cells import PRINTED_COLUMNS, printed_columns, register_rows
from enforcement.register.workbook import RegisterHeading, period_text, write_register
from enforcement.selectors import ENFORCEMENT_UNIT_KINDS
from enforcement.selectors.register import spans_units, unit_register_cases
from organizations.formatting import paper_date
from organizations.models import Unit
from organizations.params import id_value, refuse_unknown_parameters
from organizations.selectors import agency_of, unit_name_on
from organizations.spreadsheets import download_name, scope_of, xlsx_response

PARAMETERS = ("unit", "start", "end", "format")
VIEW_CASES = "enforcement.view_enforcementcase"
# A register written in one request: a regional office's year is a few thousand cases, a
# city's agency with all its offices a few tens of thousands.
ROW_LIMIT = 30_000
# The page shows the first rows; the workbook holds them all.
PAGE_ROWS = 500
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class RegisterForm(forms.Form):
    """The unit (by its id) and the days of acceptance, the statistical year by default."""

    unit = forms.CharField(label=gettext_lazy("Unit"), required=False)
    start = forms.DateField(
        label=gettext_lazy("Accepted from"), input_formats=DATE_FORMATS, required=False
    )
    end = forms.DateField(
        label=gettext_lazy("Accepted until"), input_formats=DATE_FORMATS, required=False
    )

    def clean_unit(self) -> int | None:
        text = self.cleaned_data["unit"]
        if not text:
            return None
        unit_id = id_value(text)
        if unit_id is None:
            raise ValidationError(
                _("“%(value)s” is not a unit: choose one of the list."), params={"value": text}
            )
        return unit_id

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise ValidationError(
                _("The period starts (%(start)s) after it ends (%(end)s)."),
                params={"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")},
            )
        return cleaned


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """Return the statistical year running today: 1 October to 30 September."""
    return statistical_year_bounds(statistical_year_of(today or timezone.localdate()))


def unit_heading(unit: Unit, start: datetime.date, end: datetime.date) -> RegisterHeading:
    """Return the title block of a unit's register, the unit named as it was in the period.

    An office's register names its agency above it, as the offices head their papers.
    """
    day = min(end, timezone.localdate())
    agency = agency_of(unit)
    name = unit_name_on(unit, day)
    above = unit_name_on(agency, day).upper() if agency.pk != unit.pk else ""
    return RegisterHeading(
        agency=name.upper() if not above else name,
        above=above,
        period=period_text(start, end),
    )


def register_file(
    *,
    heading: RegisterHeading,
    cases: QuerySet[EnforcementCase],
    subject: str,
    day: datetime.date,
    unit: Unit | None = None,
) -> HttpResponse:
    """Send the cases' register as a workbook named after its subject and last day; a
    register of several units, or of cases ``unit`` handed over, names each case's unit in a
    last column."""
    buffer = io.BytesIO()
    write_register(
        buffer,
        heading=heading,
        rows=register_rows(cases.iterator(chunk_size=500)),
        printed=printed_columns(with_unit=spans_units(cases, unit=unit)),
    )
    return xlsx_response(buffer.getvalue(), download_name(subject, day))


def list_heading(
    *, user: AbstractBaseUser, cases: QuerySet[EnforcementCase], year: int | None
) -> RegisterHeading:
    """Return the title block of a filtered list's register.

    The period is the statistical year the list is filtered by, else the days of acceptance
    its cases span; the agency is the one unit (or issuing agency) of its cases, else the
    units of the user.
    """
    if year is not None:
        start, end = statistical_year_bounds(year)
    else:
        span = cases.aggregate(start=Min("accepted_on"), end=Max("accepted_on"))
        start, end = span["start"], span["end"]
    period = period_text(start, end) if start is not None else ""
    day = min(end or timezone.localdate(), timezone.localdate())
    for field in ("unit", "issuing_agency"):
        ids = list(cases.order_by().values_list(field, flat=True).distinct()[:2])
        if len(ids) == 1:
            unit = Unit.objects.get(pk=ids[0])
            if start is None:
                return RegisterHeading(agency=unit_name_on(unit, day).upper(), period=period)
            return unit_heading(unit, start, end)
    return RegisterHeading(agency=scope_of(user), period=period)


def too_many(count: int) -> str:
    """Return the message of a register too long to write at once."""
    return _(
        "The register holds %(count)s cases, more than the %(limit)s written at once: choose "
        "one office or a shorter period."
    ) % {
        "count": f"{count:,}".replace(",", "."),
        "limit": f"{ROW_LIMIT:,}".replace(",", "."),
    }


def pickable_units(user: AbstractBaseUser) -> list[Unit]:
    """Return the enforcement units whose register the user may read."""
    return list(
        Unit.objects.for_user(user, VIEW_CASES)
        .filter(kind__in=ENFORCEMENT_UNIT_KINDS)
        .order_by("parent__code", "code")
    )


@login_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """Show a unit's register for a period, to print, or send it as a workbook."""
    if not request.user.has_perm(VIEW_CASES):
        raise PermissionDenied
    refuse_unknown_parameters(request, PARAMETERS)
    units = pickable_units(request.user)
    start, end = default_period()
    data = request.GET.copy()
    data.setdefault("start", start.strftime("%d/%m/%Y"))
    data.setdefault("end", end.strftime("%d/%m/%Y"))
    if not data.get("unit") and units:
        data["unit"] = str(units[0].pk)
    form = RegisterForm(data)
    context: dict[str, object] = {"form": form, "units": units, "columns": PRINTED_COLUMNS}
    if not form.is_valid():
        return render(request, "enforcement/register.html", context, status=400)
    unit_id = form.cleaned_data["unit"]
    if unit_id is None:
        # No enforcement unit in the user's scope: the form alone.
        return render(request, "enforcement/register.html", context)
    unit = next((unit for unit in units if unit.pk == unit_id), None)
    if unit is None:
        # Another unit's id answers as if it did not exist.
        raise Http404(_("This unit does not exist or is outside your units."))
    # A date left empty is the statistical year's.
    start, end = form.cleaned_data["start"] or start, form.cleaned_data["end"] or end
    if start > end:
        form.add_error(
            None,
            _("The period starts (%(start)s) after it ends (%(end)s).")
            % {"start": paper_date(start), "end": paper_date(end)},
        )
        return render(request, "enforcement/register.html", context, status=400)
    cases = unit_register_cases(
        EnforcementCase.objects.for_user(request.user), unit=unit, start=start, end=end
    )
    with translation.override(settings.LANGUAGE_CODE):
        # A register is a paper of the office: its heading in Vietnamese whatever the interface.
        heading = unit_heading(unit, start, end)
    count = cases.count()
    query = data.copy()
    query["format"] = "xlsx"
    context.update(
        {"unit": unit, "heading": heading, "count": count, "xlsx_query": query.urlencode()}
    )
    if request.GET.get("format") == "xlsx":
        if count > ROW_LIMIT:
            context["error"] = too_many(count)
            return render(request, "enforcement/register.html", context, status=400)
        subject = f"so-thu-ly {unit.code} {start:%d-%m-%Y} {end:%d-%m-%Y}"
        return register_file(heading=heading, cases=cases, subject=subject, day=end, unit=unit)
    if request.GET.get("format"):
        context["error"] = _("The register is shown here or sent as XLSX (format=xlsx).")
        return render(request, "enforcement/register.html", context, status=400)
    printed = printed_columns(with_unit=spans_units(cases, unit=unit))
    context["columns"] = printed
    context["rows"] = [
        [
            paper_date(value) if isinstance(value, datetime.date) else value
            for value in row.values(printed)
        ]
        for row in register_rows(cases[:PAGE_ROWS])
    ]
    context["shown"] = min(count, PAGE_ROWS)
    return render(request, "enforcement/register.html", context)
