"""Indicator results in a spreadsheet: a unit's figure for each criterion of its cluster's pact.

A row names the year, the unit and the criterion's number; the pact is the one of the cluster
the unit belongs to that year. The rules are the services' own (``indicator_result_check``):
computed criteria, unsigned pacts, units outside the cluster, values outside the measure's
range and locked results are refused. A cluster head's officers read every member's results
but write only their own: the rows of other units pass only when they change nothing, so that
an exported file comes back unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields

from emulation import selectors, services
from emulation.imports.common import (
    YEAR,
    FigureWidget,
    parse_figure,
    parse_whole_number,
    parse_year,
    plain_figure,
    shown_year,
)
from emulation.measures import measured_value
from emulation.models import Cluster, ClusterMember, Criterion, IndicatorResult, Pact
from organizations.imports.exporting import SafeModelResource
from organizations.imports.specs import (
    Column,
    ImportContext,
    ImportSpec,
    RowError,
    register,
    row_error,
)
from organizations.imports.units import find_unit, unit_lookup
from organizations.imports.values import fold, parse_text
from organizations.models import Unit
from organizations.scoping import unit_scope_ids

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

UNIT = "Đơn vị"
CRITERION = "Tiêu chí số"
CRITERION_NAME = "Tên tiêu chí"
VALUE = "Giá trị"
NUMERATOR = "Tử số"
DENOMINATOR = "Mẫu số"
EVIDENCE = "Minh chứng"
CLUSTER = "Cụm thi đua"

# Where the services' refusals belong in the file: by the field they name, else by code.
_FIELD_COLUMNS = {
    "unit": "unit",
    "criterion": "criterion",
    "value": "value",
    "numerator": "numerator",
    "denominator": "denominator",
}
_CODE_COLUMNS = {
    "locked": "criterion",
    "duplicate": "criterion",
    "fraction_required": "numerator",
    "fraction_not_allowed": "numerator",
}


class IndicatorResultResource(SafeModelResource):
    year = fields.Field(attribute="criterion__pact__cluster__year", column_name=YEAR)
    unit = fields.Field(attribute="unit__code", column_name=UNIT)
    criterion = fields.Field(attribute="criterion__number", column_name=CRITERION)
    criterion_name = fields.Field(attribute="criterion__name", column_name=CRITERION_NAME)
    value = fields.Field(attribute="value", column_name=VALUE, widget=FigureWidget())
    numerator = fields.Field(attribute="numerator", column_name=NUMERATOR, widget=FigureWidget())
    denominator = fields.Field(
        attribute="denominator", column_name=DENOMINATOR, widget=FigureWidget()
    )
    evidence = fields.Field(attribute="evidence", column_name=EVIDENCE)
    cluster = fields.Field(attribute="criterion__pact__cluster__name", column_name=CLUSTER)

    class Meta:
        model = IndicatorResult
        fields = (
            "year",
            "unit",
            "criterion",
            "criterion_name",
            "value",
            "numerator",
            "denominator",
            "evidence",
            "cluster",
        )
        export_order = fields


def _recorded(values: dict[str, object], criterion: Criterion) -> Decimal | None:
    """Return the value the row's figures record for the criterion, or None if they cannot."""
    try:
        return measured_value(
            measure=criterion.measure,
            value=values["value"],
            numerator=values["numerator"],
            denominator=values["denominator"],
        )
    except ValidationError:
        return None


def _same(values: dict[str, object], result: IndicatorResult) -> bool:
    """Tell whether the row repeats what the stored result holds."""
    recorded = _recorded(values, result.criterion)
    if recorded is None:
        return False
    figures = (recorded, values["numerator"], values["denominator"])
    if figures != (result.value, result.numerator, result.denominator):
        return False
    return values["evidence"] is None or values["evidence"] == result.evidence


@register
class IndicatorResultImport(ImportSpec):
    key = "emulation.indicatorresult"
    title = _("Indicator results")
    model = IndicatorResult
    permissions = ("emulation.add_indicatorresult", "emulation.change_indicatorresult")
    key_columns = ("year", "unit", "criterion", "cluster")
    compared_columns = ("value", "numerator", "denominator", "evidence")
    columns = [
        Column(
            "year",
            YEAR,
            parse_year,
            required=True,
            example=2025,
            help=_("The year of the cluster and of its pact."),
        ),
        Column(
            "unit",
            UNIT,
            parse_text(255),
            required=True,
            example="STP-DN",
            help=_("Code or exact name of one of your units, a member of the year's cluster."),
        ),
        Column(
            "criterion",
            CRITERION,
            parse_whole_number,
            required=True,
            example=5,
            aliases=("Tiêu chí", "STT tiêu chí"),
            help=_(
                "The criterion's number in the pact. Criteria computed from the enforcement "
                "statistics are not imported."
            ),
        ),
        Column(
            "criterion_name",
            CRITERION_NAME,
            parse_text(255),
            example="Tỷ lệ xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật",
            help=_(
                "May be left blank; when given it must be the name of the criterion of that "
                "number, which catches a mistyped number."
            ),
        ),
        Column(
            "value",
            VALUE,
            parse_figure,
            help=_(
                "For a count, the whole number. A percentage or a ratio is computed from its "
                "numerator and denominator; if a value is given as well, it must match them."
            ),
        ),
        Column(
            "numerator",
            NUMERATOR,
            parse_figure,
            example=55,
            help=_("For a percentage or a ratio only."),
        ),
        Column(
            "denominator",
            DENOMINATOR,
            parse_figure,
            example=56,
            help=_("For a percentage or a ratio only; greater than zero."),
        ),
        Column(
            "evidence",
            EVIDENCE,
            parse_text(4000),
            example="Báo cáo tổng kết công tác tư pháp năm 2025",
            help=_("The reports or documents the figure comes from."),
        ),
        Column(
            "cluster",
            CLUSTER,
            parse_text(255),
            aliases=("Khối thi đua", "Cụm, khối thi đua"),
            help=_(
                "Name of the cluster or bloc; needed only for a unit that belongs to both a "
                "cluster and a bloc in the year."
            ),
        ),
    ]

    def prepare(self, *, user: AbstractBaseUser) -> ImportContext:
        memberships: dict[tuple[int, int], list[Cluster]] = {}
        for member in ClusterMember.objects.select_related("cluster"):
            memberships.setdefault((member.unit_id, member.cluster.year), []).append(member.cluster)
        # Results the user reads without writing them: the other members' of a cluster headed.
        readable: dict[tuple[int, int], list[IndicatorResult]] = {}
        scope = unit_scope_ids(user, "emulation.change_indicatorresult")
        if scope is not None:
            others = (
                IndicatorResult.objects.for_user(user)
                .exclude(unit__in=scope)
                .select_related("criterion__pact__cluster")
            )
            for result in others:
                year = result.criterion.pact.cluster.year
                readable.setdefault((result.unit_id, year), []).append(result)
        return ImportContext(
            user=user,
            lookups={
                "units": unit_lookup(Unit.objects.all()),
                "memberships": memberships,
                "pacts": {pact.cluster_id: pact for pact in Pact.objects.all()},
                "criteria": {
                    (criterion.pact_id, criterion.number): criterion
                    for criterion in Criterion.objects.select_related("pact__cluster")
                },
                "readable": readable,
                # The units quoted to a row naming an unknown one: those the user writes for.
                "writable": Unit.objects.all()
                if scope is None
                else Unit.objects.filter(pk__in=scope),
            },
        )

    def clean(self, *, values: dict[str, object], context: ImportContext) -> dict[str, object]:
        unit = find_unit(values["unit"], context.lookups["units"])
        if unit is None:
            raise RowError(
                "unit",
                _("No such unit: write its code or its exact name."),
                allowed=context.accepted(
                    "writable", lambda: context.lookups["writable"].values_list("code", flat=True)
                ),
            )
        values["unit"] = unit.code
        if selectors.may_write_for_unit(context.user, unit):
            criterion = self._criterion(values, unit, context)
            self._check_name(values, criterion)
            values["value"] = self._checked_value(values, unit, criterion)
        else:
            stored = self._readable(values, unit, context)
            if stored is None or not _same(values, stored):
                raise RowError(
                    "unit",
                    _(
                        "%(unit)s is not one of your units: you enter and change the results "
                        "of your own units only."
                    )
                    % {"unit": unit},
                )
            criterion = stored.criterion
            self._check_name(values, criterion)
            values["value"] = stored.value
        values["value"] = plain_figure(values["value"])
        values["year"] = shown_year(values["year"])
        values["cluster"] = criterion.pact.cluster.name
        values["criterion"] = criterion.number
        values["criterion_name"] = criterion.name
        values["unit_id"] = unit.pk
        values["criterion_id"] = criterion.pk
        return values

    def _criterion(
        self, values: dict[str, object], unit: Unit, context: ImportContext
    ) -> Criterion:
        """Return the criterion the row means, from the unit's cluster of the year."""
        year = values["year"]
        clusters = context.lookups["memberships"].get((unit.pk, year), [])
        if values["cluster"]:
            clusters = [c for c in clusters if fold(c.name) == fold(values["cluster"])]
            if not clusters:
                raise RowError(
                    "cluster",
                    _("%(unit)s is not a member of a cluster or bloc of this name in %(year)s.")
                    % {"unit": unit, "year": year},
                )
        elif not clusters:
            raise RowError(
                "unit",
                _("%(unit)s is not a member of any emulation cluster or bloc in %(year)s.")
                % {"unit": unit, "year": year},
            )
        elif len(clusters) > 1:
            raise RowError(
                "cluster",
                _(
                    "%(unit)s belongs to more than one cluster or bloc in %(year)s: write the "
                    "name of the one meant in the column “%(column)s”."
                )
                % {"unit": unit, "year": year, "column": CLUSTER},
            )
        cluster = clusters[0]
        values["cluster"] = cluster.name
        pact = context.lookups["pacts"].get(cluster.pk)
        if pact is None:
            raise RowError("cluster", _("This cluster has no emulation pact yet."))
        criterion = context.lookups["criteria"].get((pact.pk, values["criterion"]))
        if criterion is None:
            raise RowError(
                "criterion",
                _("The pact “%(pact)s” has no criterion number %(number)s.")
                % {"pact": pact, "number": values["criterion"]},
            )
        return criterion

    @staticmethod
    def _check_name(values: dict[str, object], criterion: Criterion) -> None:
        name = values["criterion_name"]
        if name and fold(name) != fold(criterion.name):
            raise RowError(
                "criterion_name",
                _("Criterion %(number)s of the pact is “%(name)s”; check the number or the name.")
                % {"number": criterion.number, "name": criterion.name},
            )

    @staticmethod
    def _checked_value(values: dict[str, object], unit: Unit, criterion: Criterion) -> Decimal:
        """Return the value to record, by the services' rules; a locked result may only repeat."""
        existing = (
            IndicatorResult.objects.filter(unit=unit, criterion=criterion)
            .select_related("criterion")
            .first()
        )
        if existing is not None and existing.is_locked and _same(values, existing):
            return existing.value
        try:
            return services.indicator_result_check(
                unit=unit,
                criterion=criterion,
                value=values["value"],
                numerator=values["numerator"],
                denominator=values["denominator"],
                result=existing,
            )
        except ValidationError as error:
            raise row_error(
                error, default="value", fields=_FIELD_COLUMNS, codes=_CODE_COLUMNS
            ) from None

    @staticmethod
    def _readable(
        values: dict[str, object], unit: Unit, context: ImportContext
    ) -> IndicatorResult | None:
        """Return the stored result of another unit the row names, if the user may read it."""
        found = [
            result
            for result in context.lookups["readable"].get((unit.pk, values["year"]), [])
            if result.criterion.number == values["criterion"]
            and (
                not values["cluster"]
                or fold(values["cluster"]) == fold(result.criterion.pact.cluster.name)
            )
        ]
        return found[0] if len(found) == 1 else None

    def load_existing(self, *, context: ImportContext, keys: Iterable[tuple]) -> None:
        wanted = set(keys)
        stored = IndicatorResult.objects.filter(
            unit__code__in={key[1] for key in wanted},
            criterion__pact__cluster__year__in={key[0] for key in wanted},
        ).values(
            "pk",
            "unit__code",
            "criterion__pact__cluster__year",
            "criterion__pact__cluster__name",
            "criterion__number",
            "value",
            "numerator",
            "denominator",
            "evidence",
        )
        for row in stored:
            key = (
                shown_year(row["criterion__pact__cluster__year"]),
                row["unit__code"],
                row["criterion__number"],
                row["criterion__pact__cluster__name"],
            )
            if key in wanted:
                context.existing[key] = row

    def lock(self, *, rows: list[dict[str, object]], context: ImportContext) -> None:
        # The criteria are where the services serialise entering results; lock the same rows.
        criteria = {row["criterion_id"] for row in rows}
        list(
            Criterion.objects.select_for_update(no_key=True)
            .filter(pk__in=criteria)
            .order_by("pk")
            .values_list("pk")
        )
        list(
            IndicatorResult.objects.select_for_update(no_key=True)
            .filter(criterion__in=criteria, unit__in={row["unit_id"] for row in rows})
            .order_by("pk")
            .values_list("pk")
        )

    def new_record(self, row: Mapping[str, object]) -> IndicatorResult:
        return IndicatorResult(
            unit_id=row["unit_id"],
            criterion_id=row["criterion_id"],
            value=row["value"],
            numerator=row["numerator"],
            denominator=row["denominator"],
            evidence=row["evidence"] or "",
        )

    def change_record(self, record: IndicatorResult, row: Mapping[str, object]) -> None:
        record.value = row["value"]
        record.numerator = row["numerator"]
        record.denominator = row["denominator"]
        if row["evidence"] is not None:
            record.evidence = row["evidence"]

    def save_records(
        self,
        *,
        created: list[IndicatorResult],
        updated: list[IndicatorResult],
        user: AbstractBaseUser,
        reason: str,
    ) -> None:
        services.indicator_result_bulk_save(
            user=user, created=created, updated=updated, reason=reason
        )
