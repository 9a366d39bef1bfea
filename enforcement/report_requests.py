"""What a report request asks: the pickers' form, the period, and the figures it reads.

Both statistics pages (by unit, by enforcer) read their request here, and so does the
decision to compute their figures in the background (``background_figures``), before the
view runs: a request the user may not make asks for nothing.
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enforcement.background_figures import Grouping
from enforcement.selectors import (
    BREAKDOWNS,
    ENFORCEMENT_UNIT_KINDS,
    Period,
    available_years,
    default_report_year,
    is_enforcer_position,
)
from organizations.models import Person, Unit


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
            ("origin", gettext_lazy("origin (of which received by entrustment)")),
        ],
    )

    def __init__(
        self,
        *args: object,
        units: list[tuple[str, str]],
        breakdowns: bool = True,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not breakdowns:
            # A table per enforcer is not broken down further.
            del self.fields["breakdown"]
        self.fields["year"].choices = [(year, str(year)) for year in available_years()]
        self.fields["months"].choices = [
            (months, _("first %(months)s months") % {"months": months}) for months in range(1, 12)
        ] + [(12, _("whole year"))]
        self.fields["unit"].choices = [("", _("All units in my scope")), *units]

    def pickers(self) -> list[tuple[forms.BoundField, list[tuple[str, str, bool]]]]:
        """Return each picker with its options as (value, label, selected).

        The value chosen is read once per picker, not once per option: a ministry's unit
        picker holds every enforcement unit of the country, a thousand and more.
        """
        pickers = []
        for field in self:
            chosen = str(field.value())
            options = [
                (str(value), label, str(value) == chosen) for value, label in field.field.choices
            ]
            pickers.append((field, options))
        return pickers


def pickable_units(scope: QuerySet[Unit]) -> list[tuple[str, str]]:
    """Return the enforcement units of a scope a report may pick, as (code, name shown).

    Read as values, not units: a ministry's picker offers every enforcement unit of the
    country (a thousand and more rows, three times the time as model instances).
    """
    rows = (
        scope.filter(kind__in=ENFORCEMENT_UNIT_KINDS)
        .order_by("parent__code", "code")
        .values_list("code", "short_name", "name")
    )
    # As ``Unit.display_name``: the short name where there is one.
    return [(code, short_name or name) for code, short_name, name in rows]


def period_asked(request: HttpRequest, *, own_row: bool = False) -> Period | None:
    """Return the period a report request asks, as its form reads it.

    None when the request is not a valid one or the user may not read it (``own_row``: an
    enforcer may read their own row): the view then answers as it always does (the form's
    errors, 403 or 404), never that figures are being computed.
    """
    user = request.user
    may_read = user.has_perm("enforcement.view_statistics")
    if not may_read and not (own_row and own_enforcer(user) is not None):
        return None
    code = request.GET.get("unit")
    if code and not (
        may_read
        and Unit.objects.for_user(user, "enforcement.view_statistics").filter(code=code).exists()
    ):
        return None
    data = request.GET.copy()
    data.setdefault("year", str(default_report_year()))
    data.setdefault("months", "12")
    form = ReportForm(data, units=[])
    form.is_valid()
    if "year" not in form.cleaned_data or "months" not in form.cleaned_data:
        return None
    return Period(year=form.cleaned_data["year"], months=form.cleaned_data["months"] or 12)


def report_figures(request: HttpRequest) -> tuple[Period, list[Grouping]] | None:
    # The table by unit, and the breakdown asked for, if any.
    period = period_asked(request)
    if period is None:
        return None
    breakdown = request.GET.get("breakdown", "")
    groupings: list[Grouping] = [("unit", None)]
    if breakdown in BREAKDOWNS:
        groupings.append(("unit", breakdown))
    return period, groupings


def enforcer_figures(request: HttpRequest) -> tuple[Period, list[Grouping]] | None:
    period = period_asked(request, own_row=True)
    return None if period is None else (period, [("enforcer", None)])


def own_enforcer(user: object) -> Person | None:
    """Return the enforcer the user is (their person, if their position is an enforcer's)."""
    person = Person.objects.filter(user=user).select_related("unit").first()
    if person is None or not is_enforcer_position(person.position):
        return None
    return person
