"""One grid per unit and pact: every criterion's figure typed in one page and saved at once."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emulation import services
from emulation.measures import is_fraction
from emulation.models import ClusterMember, Criterion, IndicatorResult, Pact
from emulation.views import criterion_target
from organizations.forms import add_service_error
from organizations.models import Unit
from organizations.numbers import FigureField
from organizations.params import MAX_ID, int_value

ENTER = "emulation.add_indicatorresult"
FIGURES = ("numerator", "denominator", "value")


@dataclass(frozen=True)
class GridRow:
    """A criterion of the pact and the unit's stored result for it, if any."""

    criterion: Criterion
    result: IndicatorResult | None


def stored_figures(result: IndicatorResult | None) -> str:
    """Return the stored figures of a result as one text, to tell whether they changed."""
    if result is None:
        return ""
    return "|".join(str(getattr(result, name)) for name in FIGURES)


class ResultRowForm(forms.Form):
    """The figures of one criterion: its value, or the numerator and denominator of a ratio."""

    numerator = FigureField(label=gettext_lazy("numerator"), required=False)
    denominator = FigureField(label=gettext_lazy("denominator"), required=False)
    value = FigureField(label=gettext_lazy("value"), required=False)
    # The stored figures as the page showed them: a figure someone else saved since is not
    # overwritten with the one this page still shows.
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, row: GridRow, unit: Unit, position: tuple[int, int], **kwargs: Any
    ) -> None:
        self.row, self.unit = row, unit
        result = row.result
        kwargs["initial"] = {"seen": stored_figures(result)}
        if result is not None:
            kwargs["initial"].update({name: getattr(result, name) for name in FIGURES})
        super().__init__(*args, **kwargs)
        # A ratio is typed as its parts, its value derived; a count as its value alone.
        for name in (
            ("value",) if is_fraction(row.criterion.measure) else ("numerator", "denominator")
        ):
            del self.fields[name]
        if result is not None and result.is_locked:
            for field in self.fields.values():
                field.disabled = True
        # Tab goes down a column, then to the top of the next: a clerk copies a column of
        # figures from the unit's report.
        index, count = position
        for column, name in enumerate(FIGURES):
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"tabindex": str(1 + column * count + index), "data-grid-cell": ""}
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("seen", "") != stored_figures(self.row.result):
            raise ValidationError(
                _(
                    "Someone else changed this result after you opened the page. Nothing was "
                    "saved: open the page again to see their figures."
                )
            )
        if self.errors or not self.has_changed():
            return cleaned
        typed = [cleaned.get(name) for name in self.fields]
        if all(value is None for value in typed):
            if self.row.result is not None:
                raise ValidationError(
                    _("A recorded result cannot be emptied here; delete it from its own page.")
                )
            return cleaned
        try:
            services.indicator_result_check(
                unit=self.unit,
                criterion=self.row.criterion,
                value=cleaned.get("value"),
                numerator=cleaned.get("numerator"),
                denominator=cleaned.get("denominator"),
                result=self.row.result,
            )
        except ValidationError as error:
            add_service_error(self, error)
        return cleaned

    def entry(self) -> services.GridEntry | None:
        """Return what to write for this criterion, or None when nothing was typed or changed."""
        if not self.has_changed() or all(
            self.cleaned_data.get(name) is None for name in self.fields
        ):
            return None
        figures: dict[str, Decimal | None] = {name: self.cleaned_data.get(name) for name in FIGURES}
        return services.GridEntry(criterion=self.row.criterion, result=self.row.result, **figures)


class BaseResultGrid(forms.BaseFormSet):
    """The rows of the grid, one per criterion, in the pact's order."""

    def __init__(self, *args: Any, rows: list[GridRow], unit: Unit, **kwargs: Any) -> None:
        self.rows, self.unit = rows, unit
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int) -> dict[str, Any]:
        return {"row": self.rows[index], "unit": self.unit, "position": (index, len(self.rows))}


def result_grid_formset(rows: list[GridRow]) -> type[BaseResultGrid]:
    """Return the formset class of exactly these rows: a posted count cannot add or drop one."""
    count = len(rows)
    return forms.formset_factory(
        ResultRowForm,
        formset=BaseResultGrid,
        extra=count,
        min_num=0,
        max_num=count,
        absolute_max=count,
        validate_max=True,
    )


def writable_units(request: HttpRequest) -> Any:
    """Return the units whose results the user enters."""
    return Unit.objects.for_user(request.user, ENTER)


def grid_rows(unit: Unit, pact: Pact) -> list[GridRow]:
    """Return the pact's criteria entered by hand, each with the unit's stored result."""
    criteria = list(
        pact.criteria.filter(source=Criterion.Source.ENTERED)
        .select_related("pact__cluster")
        .order_by("number")
    )
    stored = {
        result.criterion_id: result
        for result in IndicatorResult.objects.filter(unit=unit, criterion__in=criteria)
    }
    return [GridRow(criterion, stored.get(criterion.pk)) for criterion in criteria]


def grid_choices(request: HttpRequest, pact_id: int | None) -> list[tuple[Unit, Pact, str]]:
    """Return each unit of the user's with a signed pact, newest year first, with its grid."""
    memberships = ClusterMember.objects.filter(
        unit__in=writable_units(request), cluster__pact__signed_on__isnull=False
    )
    if pact_id is not None:
        memberships = memberships.filter(cluster__pact=pact_id)
    memberships = memberships.select_related("unit", "cluster__pact").order_by(
        "-cluster__year", "cluster__name", "unit__code"
    )
    return [
        (
            member.unit,
            member.cluster.pact,
            reverse(
                "admin:emulation_indicatorresult_grid",
                args=[member.unit_id, member.cluster.pact.pk],
            ),
        )
        for member in memberships
    ]


def grid_index_view(model_admin: ModelAdmin, request: HttpRequest) -> HttpResponse:
    """List the grids the user may fill in: one per unit of theirs and signed pact."""
    if not request.user.has_perm(ENTER):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Enter results by unit"),
        "choices": grid_choices(
            request, int_value(request.GET.get("pact"), name="pact", minimum=1, maximum=MAX_ID)
        ),
    }
    return TemplateResponse(request, "admin/emulation/result_grid_index.html", context)


def grid_view(
    model_admin: ModelAdmin, request: HttpRequest, unit_id: int, pact_id: int
) -> HttpResponse:
    """Show and save one unit's figures for every criterion of a pact, all or none."""
    unit = get_object_or_404(writable_units(request), pk=unit_id)
    pact = get_object_or_404(
        Pact.objects.filter(signed_on__isnull=False, cluster__members__unit=unit).select_related(
            "cluster"
        ),
        pk=pact_id,
    )
    rows = grid_rows(unit, pact)
    grid_class = result_grid_formset(rows)
    if request.method == "POST":
        grid = grid_class(request.POST, rows=rows, unit=unit, prefix="grid")
        if grid.is_valid() and _save(request, grid, unit):
            return HttpResponseRedirect(request.path)
    else:
        grid = grid_class(rows=rows, unit=unit, prefix="grid")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Results of %(unit)s for %(pact)s") % {"unit": unit, "pact": pact},
        "unit": unit,
        "pact": pact,
        "grid": grid,
        "lines": [(form, form.row, criterion_target(form.row.criterion)) for form in grid.forms],
        "index_url": reverse("admin:emulation_indicatorresult_grids"),
        "save_tabindex": len(FIGURES) * len(rows) + 1,
    }
    return TemplateResponse(request, "admin/emulation/result_grid.html", context)


def _save(request: HttpRequest, grid: BaseResultGrid, unit: Unit) -> bool:
    """Write the grid's changed rows in one transaction; show why when it is refused."""
    entries = [entry for form in grid.forms if (entry := form.entry()) is not None]
    if not entries:
        messages.info(request, _("Nothing was changed."))
        return True
    try:
        with transaction.atomic():
            written = services.indicator_results_enter(
                user=request.user, unit=unit, entries=entries
            )
    except ValidationError as error:
        # Another officer wrote meanwhile, or a rule only the write checks: nothing is kept.
        messages.error(request, " ".join(error.messages))
        return False
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Your role does not allow this change."))
        return False
    messages.success(
        request,
        _("%(count)s results of %(unit)s were saved.") % {"count": written, "unit": unit},
    )
    return True
