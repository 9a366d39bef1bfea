"""The targets file: each unit's resolution ratios for a statistical year."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext_lazy as _
from import_export import fields

from enforcement.imports.common import closed_year_numbers
from enforcement.models import Target
from enforcement.services import TARGET_RATIOS, target_bulk_save
from organizations.imports.exporting import SafeModelResource
from organizations.imports.specs import Column, ImportContext, ImportSpec, RowError, register
from organizations.imports.units import find_unit, unit_codes, unit_lookup
from organizations.imports.values import CellError, clean_text, parse_decimal, parse_whole
from organizations.models import Unit


def _year(value: object) -> int | None:
    return parse_whole(
        value, least=2000, most=2100, message=_("Not a statistical year: write it as 2024.")
    )


def _percent(value: object) -> Decimal | None:
    number = parse_decimal(value)
    if number is not None and not Decimal(0) <= number <= Decimal(100):
        raise CellError(_("A ratio is between 0 and 100."))
    return number


def _unit_code(value: object) -> str:
    return clean_text(value)[:255]


class TargetResource(SafeModelResource):
    unit = fields.Field(attribute="unit__code", column_name="Đơn vị")
    year = fields.Field(attribute="year", column_name="Năm thống kê")
    case_ratio = fields.Field(attribute="case_ratio", column_name="Chỉ tiêu về việc (%)")
    money_ratio = fields.Field(attribute="money_ratio", column_name="Chỉ tiêu về tiền (%)")

    class Meta:
        model = Target
        fields = ("unit", "year", "case_ratio", "money_ratio")
        export_order = fields


@register
class TargetImport(ImportSpec):
    key = "enforcement.target"
    title = _("Targets")
    model = Target
    permissions = ("enforcement.add_target", "enforcement.change_target")
    key_columns = ("unit", "year")
    columns = [
        Column(
            "unit",
            "Đơn vị",
            _unit_code,
            required=True,
            example="THADS-DN",
            help=_("Unit code or exact name; one of your units."),
        ),
        Column(
            "year",
            "Năm thống kê",
            _year,
            required=True,
            example=2025,
            help=_("Statistical year N runs from 1 October of N-1 to 30 September of N."),
            aliases=("năm",),
        ),
        Column(
            "case_ratio",
            "Chỉ tiêu về việc (%)",
            _percent,
            required=True,
            example="83,25",
            aliases=("chi tieu viec", "case ratio"),
        ),
        Column(
            "money_ratio",
            "Chỉ tiêu về tiền (%)",
            _percent,
            required=True,
            example="46,45",
            aliases=("chi tieu tien", "money ratio"),
        ),
    ]

    def prepare(self, *, user: AbstractBaseUser) -> ImportContext:
        return ImportContext(
            user=user,
            lookups={
                "units": unit_lookup(self.writable(Unit.objects.all(), user)),
                "closed_years": closed_year_numbers(),
            },
        )

    def clean(self, *, values: dict[str, object], context: ImportContext) -> dict[str, object]:
        unit = find_unit(values["unit"], context.lookups["units"])
        if unit is None:
            raise RowError("unit", _("No such unit among yours."), allowed=unit_codes(context))
        if values["year"] in context.lookups["closed_years"]:
            raise RowError("year", _("This statistical year is closed; its targets are frozen."))
        values["unit"] = unit.code
        values["unit_id"] = unit.pk
        return values

    def load_existing(self, *, context: ImportContext, keys: Iterable[tuple]) -> None:
        wanted = set(keys)
        years = {year for _unit, year in wanted}
        for row in Target.objects.filter(year__in=years).values(
            "pk", "unit__code", "year", "case_ratio", "money_ratio"
        ):
            key = (row["unit__code"], row["year"])
            if key in wanted:
                context.existing[key] = row

    updated_fields = TARGET_RATIOS

    def new_record(self, row: Mapping[str, object]) -> Target:
        return Target(
            unit_id=row["unit_id"],
            year=row["year"],
            case_ratio=row["case_ratio"],
            money_ratio=row["money_ratio"],
        )

    def save_records(
        self, *, created: list[Target], updated: list[Target], user: AbstractBaseUser, reason: str
    ) -> None:
        target_bulk_save(user=user, created=created, updated=updated, reason=reason)
