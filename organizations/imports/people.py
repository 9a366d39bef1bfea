"""The staff file: the people of the user's units, by staff code."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _
from import_export import fields
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from organizations.audit import change_reason
from organizations.imports.exporting import SafeModelResource
from organizations.imports.specs import Column, ImportContext, ImportSpec, RowError, register
from organizations.imports.units import find_unit, unit_lookup
from organizations.imports.values import parse_text
from organizations.models import ImportJob, Person, Unit


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
            raise RowError("unit", _("No such unit among yours."))
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

    def apply(
        self,
        *,
        new: list[dict[str, object]],
        changed: list[dict[str, object]],
        context: ImportContext,
        job: ImportJob,
    ) -> None:
        reason = change_reason(job)
        bulk_create_with_history(
            [
                Person(
                    staff_code=row["staff_code"],
                    full_name=row["full_name"],
                    unit_id=row["unit_id"],
                    position=row["position"] or "",
                    email=row["email"] or "",
                )
                for row in new
            ],
            Person,
            default_user=job.uploaded_by,
            default_change_reason=reason,
        )
        # Whole rows, so that each history record holds every field, not only the changed.
        stored = Person.objects.in_bulk([row["_existing"]["pk"] for row in changed])
        for row in changed:
            person = stored[row["_existing"]["pk"]]
            person.full_name = row["full_name"]
            person.unit_id = row["unit_id"]
            person.position = row["position"] or ""
            person.email = row["email"] or ""
        bulk_update_with_history(
            list(stored.values()),
            Person,
            ["full_name", "unit_id", "position", "email"],
            default_user=job.uploaded_by,
            default_change_reason=reason,
        )
