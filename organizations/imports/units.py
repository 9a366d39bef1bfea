"""The units file, and how every import finds a unit by its code or exact name."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from import_export import fields

from organizations.audit import change_reason
from organizations.imports.exporting import SafeModelResource
from organizations.imports.specs import Column, ImportContext, ImportSpec, RowError, register
from organizations.imports.values import (
    choice_lookup,
    clean_text,
    fold,
    fold_cell,
    parse_choice,
    parse_date,
    parse_text,
)
from organizations.models import ImportJob, Locality, Unit, UnitLineage
from organizations.selectors import may_shape_every_unit
from organizations.services import UnitDetails, unit_bulk_save

UNIT_KINDS = choice_lookup(Unit.Kind.choices)


def unit_lookup(units: Iterable[Unit]) -> dict[str, Unit]:
    """Map folded codes and exact (NFC) names of units to the units."""
    lookup: dict[str, Unit] = {}
    for unit in units:
        lookup[clean_text(unit.name)] = unit
        lookup[fold(unit.code)] = unit
    return lookup


def unit_codes(context: ImportContext, key: str = "units") -> tuple[str, ...]:
    """Return the codes of the units of a lookup of the import, to quote in a message."""
    return context.accepted(key, lambda: (unit.code for unit in context.lookups[key].values()))


def find_unit(value: object, lookup: dict[str, Unit]) -> Unit | None:
    """Return the unit written as its code or exact name, or None."""
    text = clean_text(value)
    return lookup.get(text) or lookup.get(fold_cell(text))


class UnitResource(SafeModelResource):
    code = fields.Field(attribute="code", column_name="Mã đơn vị")
    name = fields.Field(attribute="name", column_name="Tên đơn vị")
    short_name = fields.Field(attribute="short_name", column_name="Tên viết tắt")
    kind = fields.Field(attribute="get_kind_display", column_name="Loại đơn vị")
    locality = fields.Field(attribute="locality__code", column_name="Địa phương")
    parent = fields.Field(attribute="parent__code", column_name="Đơn vị cấp trên")
    valid_from = fields.Field(attribute="valid_from", column_name="Hiệu lực từ")
    valid_to = fields.Field(attribute="valid_to", column_name="Hiệu lực đến")
    successor = fields.Field(attribute="successor__code", column_name="Đơn vị kế thừa")

    class Meta:
        model = Unit
        fields = (
            "code",
            "name",
            "short_name",
            "kind",
            "locality",
            "parent",
            "valid_from",
            "valid_to",
            "successor",
        )
        export_order = fields


@register
class UnitImport(ImportSpec):
    key = "organizations.unit"
    title = _("Units")
    model = Unit
    permissions = ("organizations.add_unit", "organizations.change_unit")
    key_columns = ("code",)
    columns = [
        Column("code", "Mã đơn vị", parse_text(30), required=True, example="THADS-DN-KV3"),
        Column(
            "name",
            "Tên đơn vị",
            parse_text(255),
            required=True,
            example="Phòng Thi hành án dân sự khu vực 3 – Đà Nẵng",
        ),
        Column("short_name", "Tên viết tắt", parse_text(100), example="Phòng THADS KV3 Đà Nẵng"),
        Column(
            "kind",
            "Loại đơn vị",
            lambda value: parse_choice(value, UNIT_KINDS),
            required=True,
            example=str(Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE.label),
            allowed=tuple(str(label) for _code, label in Unit.Kind.choices),
        ),
        Column("locality", "Địa phương", parse_text(20), example="DN", help=_("Locality code.")),
        Column(
            "parent",
            "Đơn vị cấp trên",
            parse_text(255),
            example="THADS-DN",
            help=_("Code or exact name of a unit that exists or comes earlier in the file."),
        ),
        Column("valid_from", "Hiệu lực từ", parse_date, required=True, example="01/07/2025"),
        Column("valid_to", "Hiệu lực đến", parse_date),
        Column(
            "successor",
            "Đơn vị kế thừa",
            parse_text(255),
            help=_(
                "Set by the unit's merger in Unit lineage; leave empty or repeat it. A file "
                "cannot merge units."
            ),
        ),
    ]

    def prepare(self, *, user: object) -> ImportContext:
        writable = self.writable(Unit.objects.all(), user)
        everywhere = may_shape_every_unit(user)
        return ImportContext(
            user=user,
            lookups={
                "units": unit_lookup(writable),
                "localities": {
                    fold(code): pk for pk, code in Locality.objects.values_list("pk", "code")
                },
                "file_codes": set(),
                # A city's administrator changes only their units and keeps new ones under
                # them (see ``unit_shape_check``); a ministry's administrator, every unit.
                "everywhere": everywhere,
                "foreign_codes": set()
                if everywhere
                else {
                    code.upper()
                    for code in Unit.objects.exclude(pk__in=writable.values("pk")).values_list(
                        "code", flat=True
                    )
                },
                # Each stored unit's successor and end as its lineage copies them (see
                # ``_lineage_check``).
                "ends": {
                    code.upper(): (successor or "", valid_to, merged_or_split)
                    for code, successor, valid_to, merged_or_split in Unit.objects.annotate(
                        merged_or_split=Exists(
                            UnitLineage.objects.filter(predecessor=OuterRef("pk"))
                        )
                    ).values_list("code", "successor__code", "valid_to", "merged_or_split")
                },
                "roots": {
                    code.upper()
                    for code in writable.filter(parent__isnull=True).values_list("code", flat=True)
                },
            },
        )

    def clean(self, *, values: dict[str, object], context: ImportContext) -> dict[str, object]:
        if values["valid_to"] and values["valid_to"] < values["valid_from"]:
            raise RowError("valid_to", _("A unit cannot end before it starts."))
        if not context.lookups["everywhere"]:
            code = str(values["code"]).upper()
            if code in context.lookups["foreign_codes"]:
                raise RowError(
                    "code", _("This unit is outside yours: you change your own units only.")
                )
            if values["kind"] == Unit.Kind.MINISTRY:
                raise RowError(
                    "kind", _("Only an administrator at the ministry may make a unit a ministry.")
                )
            if not values["parent"] and code not in context.lookups["roots"]:
                raise RowError("parent", _("Place the unit under one of your units."))
        if values["locality"]:
            if fold(values["locality"]) not in context.lookups["localities"]:
                raise RowError(
                    "locality",
                    _("No such locality code."),
                    allowed=context.accepted(
                        "localities", lambda: Locality.objects.values_list("code", flat=True)
                    ),
                )
            values["locality"] = fold(values["locality"]).upper()
        for reference in ("parent", "successor"):
            text = values[reference]
            if not text:
                continue
            unit = find_unit(text, context.lookups["units"])
            if unit is not None:
                values[reference] = unit.code
            elif text.upper() in context.lookups["file_codes"] and reference == "parent":
                values[reference] = text.upper()
            else:
                raise RowError(
                    reference, _("No such unit among yours."), allowed=unit_codes(context)
                )
            if values[reference] == values["code"]:
                raise RowError(reference, _("A unit cannot refer to itself."))
        self._lineage_check(values, context)
        context.lookups["file_codes"].add(str(values["code"]).upper())
        return values

    @staticmethod
    def _lineage_check(values: dict[str, object], context: ImportContext) -> None:
        """Refuse a row that would merge a unit, or move the end of a merged one.

        A merger is dated lineage recorded by its service (with the ordering decision, the
        closed-year and loop checks, and the open cases handed over); the unit's successor
        and end are that record's copies. A file that set them would bypass all of it.
        """
        successor, valid_to, merged_or_split = context.lookups["ends"].get(
            str(values["code"]).upper(), ("", None, False)
        )
        # An empty cell (or no such column) keeps what the lineage set.
        if not values["successor"]:
            values["successor"] = successor
        elif values["successor"] != successor:
            raise RowError(
                "successor",
                _(
                    "A merger is recorded in Unit lineage, with its date and ordering decision, "
                    "which also hands the open cases over; a units file does not change a "
                    "unit's successor."
                ),
            )
        if merged_or_split and values["valid_to"] is None:
            values["valid_to"] = valid_to
        elif merged_or_split and values["valid_to"] != valid_to:
            raise RowError(
                "valid_to",
                _(
                    "The unit ended with its merger or split (Unit lineage): its end date "
                    "follows that record and a units file does not change it."
                ),
            )

    def load_existing(self, *, context: ImportContext, keys: Iterable[tuple]) -> None:
        codes = [key[0] for key in keys]
        for row in Unit.objects.filter(code__in=codes).values(
            "pk",
            "code",
            "name",
            "short_name",
            "kind",
            "locality__code",
            "parent__code",
            "valid_from",
            "valid_to",
            "successor__code",
        ):
            context.existing[(row["code"],)] = {
                **row,
                "locality": row["locality__code"] or "",
                "parent": row["parent__code"] or "",
                "successor": row["successor__code"] or "",
            }

    def lock(self, *, rows: list[dict[str, object]], context: ImportContext) -> None:
        list(
            Unit.objects.select_for_update()
            .filter(Q(code__in=[row["code"] for row in rows]))
            .values_list("pk")
        )

    def apply(
        self,
        *,
        new: list[dict[str, object]],
        changed: list[dict[str, object]],
        context: ImportContext,
        job: ImportJob,
    ) -> None:
        unit_bulk_save(
            user=job.uploaded_by,
            units=[
                UnitDetails(
                    code=row["code"],
                    name=row["name"],
                    short_name=row["short_name"] or "",
                    kind=row["kind"],
                    locality_code=row["locality"] or None,
                    parent_code=row["parent"] or None,
                    successor_code=row["successor"] or None,
                    valid_from=row["valid_from"],
                    valid_to=row["valid_to"],
                )
                for row in [*new, *changed]
            ],
            reason=change_reason(job),
        )
