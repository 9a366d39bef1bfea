"""The staff file: the people of the user's units, by staff code."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from import_export import fields

from organizations.imports.exporting import SafeModelResource
from organizations.imports.specs import Column, ImportContext, ImportSpec, RowError, register
from organizations.imports.units import find_unit, unit_codes, unit_lookup
from organizations.imports.values import parse_text
from organizations.models import Person, Unit
from organizations.services import person_bulk_upsert

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


class PersonResource(SafeModelResource):
    unit = fields.Field(attribute="unit__code", column_name="Đơn vị")
    staff_code = fields.Field(attribute="staff_code", column_name="Mã công chức")
    full_name = fields.Field(attribute="full_name", column_name="Họ và tên")
    position = fields.Field(attribute="position", column_name="Chức vụ")
    email = fields.Field(attribute="email", column_name="Thư điện tử")

    class Meta:
        model = Person
        fields = ("unit", "staff_code", "full_name", "position", "email")
        export_order = fields


@register
class PersonImport(ImportSpec):
    key = "organizations.person"
    title = _("Staff")
    model = Person
    permissions = ("organizations.add_person", "organizations.change_person")
    key_columns = ("staff_code",)
    columns = [
        Column(
            "unit",
            "Đơn vị",
            parse_text(255),
            required=True,
            example="STP-DN",
            help=_("Unit code or exact name; one of your units."),
        ),
        Column(
            "staff_code",
            "Mã công chức",
            parse_text(30),
            required=True,
            example="DN-STP-101",
            help=_("Unique in the whole sector."),
        ),
        Column("full_name", "Họ và tên", parse_text(200), required=True, example="Nguyễn Văn An"),
        Column("position", "Chức vụ", parse_text(200), example="Chuyên viên"),
        Column("email", "Thư điện tử", parse_text(254), aliases=("email", "e-mail")),
    ]
    compared_columns = ("unit", "full_name", "position", "email")

    def prepare(self, *, user: object) -> ImportContext:
        units = list(self.writable(Unit.objects.all(), user))
        scoped = self.writable(Person.objects.all(), user).values("pk")
        return ImportContext(
            user=user,
            lookups={
                "units": unit_lookup(units),
                "foreign_codes": set(
                    Person.objects.exclude(pk__in=scoped).values_list("staff_code", flat=True)
                ),
            },
        )

    def clean(self, *, values: dict[str, object], context: ImportContext) -> dict[str, object]:
        unit = find_unit(values["unit"], context.lookups["units"])
        if unit is None:
            raise RowError("unit", _("No such unit among yours."), allowed=unit_codes(context))
        if values["staff_code"] in context.lookups["foreign_codes"]:
            raise RowError("staff_code", _("This staff code belongs to a unit outside yours."))
        values["unit"] = unit.code
        values["unit_id"] = unit.pk
        return values

    def load_existing(self, *, context: ImportContext, keys: Iterable[tuple]) -> None:
        codes = [key[0] for key in keys]
        for start in range(0, len(codes), 5000):
            for row in Person.objects.filter(staff_code__in=codes[start : start + 5000]).values(
                "pk", "staff_code", "unit__code", "full_name", "position", "email"
            ):
                context.existing[(row["staff_code"],)] = {**row, "unit": row["unit__code"]}

    def new_record(self, row: Mapping[str, object]) -> Person:
        return Person(
            staff_code=row["staff_code"],
            full_name=row["full_name"],
            unit_id=row["unit_id"],
            position=row["position"] or "",
            email=row["email"] or "",
        )

    def change_record(self, record: Person, row: Mapping[str, object]) -> None:
        # Whole rows, so that each history record holds every field, not only the changed.
        record.full_name = row["full_name"]
        record.unit_id = row["unit_id"]
        record.position = row["position"] or ""
        record.email = row["email"] or ""

    def save_records(
        self, *, created: list[Person], updated: list[Person], user: AbstractBaseUser, reason: str
    ) -> None:
        person_bulk_upsert(user=user, created=created, updated=updated, reason=reason)
