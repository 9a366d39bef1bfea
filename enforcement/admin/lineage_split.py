"""The split page of the lineage admin: a unit's open cases shared among its successors.

The administrator pastes one line per open case (copied from a spreadsheet: the decision
number, the decision's year when the number was given in two years, the successor's code);
the page fills in the predecessor's open cases to start from. The service refuses unless
every open case goes to exactly one successor, and then records the whole split at once.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enforcement import services
from enforcement.models import OPEN_STATUSES, EnforcementCase
from enforcement.services.lineage import LINEAGE_PERMISSION
from organizations.forms import add_service_error
from organizations.models import Unit
from organizations.scoping import unit_scope_ids

# A line's cells: a tab (pasted from a spreadsheet) or a semicolon between them.
CELLS = re.compile(r"\t|;")


def open_case_lines(predecessor: Unit) -> str:
    """Return one line per open case of the unit, its successor left to fill in."""
    return "\n".join(
        f"{number};{year};"
        for number, year in EnforcementCase.objects.filter(
            unit=predecessor, status__in=OPEN_STATUSES
        )
        .order_by("decision_year", "decision_number")
        .values_list("decision_number", "decision_year")
    )


def shares_from_lines(predecessor: Unit, text: str) -> dict[Unit, list[int]]:
    """Read the pasted lines into each successor's open cases of the predecessor."""
    cases: dict[tuple[str, int | None], list[int]] = {}
    for pk, number, year in EnforcementCase.objects.filter(
        unit=predecessor, status__in=OPEN_STATUSES
    ).values_list("pk", "decision_number", "decision_year"):
        cases.setdefault((number.casefold(), year), []).append(pk)
        cases.setdefault((number.casefold(), None), []).append(pk)
    units = {unit.code.casefold(): unit for unit in Unit.objects.all()}
    shares: dict[Unit, list[int]] = {}
    errors = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        cells = [cell.strip() for cell in CELLS.split(line)]
        if not any(cells):
            continue
        # A successor alone takes part of the unit but none of its open cases.
        number, year, code = ("", "", cells[0]) if len(cells) == 1 else ("", "", "")
        if len(cells) == 2:
            number, code = cells
        elif len(cells) == 3:
            number, year, code = cells
        successor = units.get(code.casefold()) if code else None
        if not code or (len(cells) > 1 and not number):
            errors.append(
                _("Line %(line)s: write the decision number, its year if needed and the code.")
                % {"line": line_number}
            )
        elif successor is None:
            errors.append(
                _("Line %(line)s: no unit has the code %(code)s.")
                % {"line": line_number, "code": code}
            )
        elif not number:
            shares.setdefault(successor, [])
        else:
            found = cases.get(
                (number.casefold(), int(year) if year.isascii() and year.isdigit() else None), []
            )
            if not found:
                errors.append(
                    _("Line %(line)s: %(number)s is not an open case of %(unit)s.")
                    % {"line": line_number, "number": number, "unit": predecessor}
                )
            elif len(found) > 1:
                errors.append(
                    _("Line %(line)s: %(number)s was given in two years: add the year.")
                    % {"line": line_number, "number": number}
                )
            else:
                shares.setdefault(successor, []).append(found[0])
    if errors:
        raise ValidationError(errors)
    return shares


class UnitSplitForm(forms.Form):
    """What a split needs: the unit, the day, the ordering decision and where each case goes."""

    predecessor = forms.ModelChoiceField(
        label=gettext_lazy("Unit split"), queryset=Unit.objects.none()
    )
    taken_over_on = forms.DateField(
        label=gettext_lazy("taken over on"),
        help_text=gettext_lazy("The successors' first day (the unit's last is the day before)."),
    )
    decision_number = forms.CharField(
        label=gettext_lazy("ordering decision number"), max_length=100, required=False
    )
    decision_date = forms.DateField(label=gettext_lazy("ordering decision date"), required=False)
    reason = forms.CharField(
        label=gettext_lazy("reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=gettext_lazy("Required when the date falls in a closed statistical year."),
    )
    distribution = forms.CharField(
        label=gettext_lazy("Where each open case goes"),
        widget=forms.Textarea(attrs={"rows": 16, "cols": 60}),
        help_text=gettext_lazy(
            "One line per open case of the unit: the decision number, the year of the "
            "decision (needed only when the number was given in two years) and the code of "
            "its successor, separated by a tab or a semicolon (paste from a spreadsheet). "
            "Every open case goes to exactly one successor; a line with a code alone names "
            "a successor that takes none of them."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.shares: dict[Unit, list[int]] = {}
        scope = unit_scope_ids(user, LINEAGE_PERMISSION)
        units = Unit.objects.order_by("code")
        self.fields["predecessor"].queryset = units if scope is None else units.filter(pk__in=scope)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            self.shares = shares_from_lines(data["predecessor"], data["distribution"])
        except ValidationError as error:
            self.add_error("distribution", error)
            return data
        try:
            services.unit_split_check(predecessor=data["predecessor"], shares=self.shares)
            for successor in self.shares:
                services.unit_lineage_check(
                    user=self.user,
                    predecessor=data["predecessor"],
                    successor=successor,
                    kind="split",
                    taken_over_on=data["taken_over_on"],
                    reason=data.get("reason", ""),
                )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, ValidationError) and not hasattr(error, "error_dict"):
                self.add_error("distribution", error)
            else:
                add_service_error(self, error)
        return data
