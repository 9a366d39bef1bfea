"""Recognised initiatives in a spreadsheet: whose initiative, in which year, at which level.

An initiative is matched by its author's staff code, the year and its name; authors outside
the user's units are refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from import_export import fields

from emulation import services
from emulation.imports.common import (
    DECISION_DATE,
    DECISION_NUMBER,
    FULL_NAME,
    STAFF_CODE,
    YEAR,
    PersonFinder,
    copy_given,
    given_columns,
    lock_recipients,
    parse_date_or_blank,
    parse_year,
    shown_year,
    vietnamese_labels,
)
from emulation.models import Initiative, Level
from organizations.imports.exporting import DayWidget, SafeModelResource
from organizations.imports.specs import Column, ImportContext, ImportSpec, register
from organizations.imports.values import choice_lookup, clean_text, fold, parse_choice, parse_text
from organizations.models import Person

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

INITIATIVE = "Tên sáng kiến"
LEVEL = "Cấp công nhận"
RECOGNISED_BY = "Cơ quan công nhận"
DESCRIPTION = "Mô tả"

LEVELS = {
    **choice_lookup(Level.choices),
    # What clerks write without the word "cấp".
    fold("cơ sở"): Level.GRASSROOTS,
    fold("Bộ"): Level.MINISTRY,
    fold("toàn quốc"): Level.NATIONAL,
}
_INITIATIVE_OPTIONAL = ("decision_date", "recognised_by", "description")


class InitiativeResource(SafeModelResource):
    person = fields.Field(attribute="person__staff_code", column_name=STAFF_CODE)
    full_name = fields.Field(attribute="person__full_name", column_name=FULL_NAME)
    year = fields.Field(attribute="year", column_name=YEAR)
    name = fields.Field(attribute="name", column_name=INITIATIVE)
    level = fields.Field(attribute="get_level_display", column_name=LEVEL)
    decision_number = fields.Field(attribute="decision_number", column_name=DECISION_NUMBER)
    decision_date = fields.Field(
        attribute="decision_date", column_name=DECISION_DATE, widget=DayWidget()
    )
    recognised_by = fields.Field(attribute="recognised_by", column_name=RECOGNISED_BY)
    description = fields.Field(attribute="description", column_name=DESCRIPTION)

    class Meta:
        model = Initiative
        fields = (
            "person",
            "full_name",
            "year",
            "name",
            "level",
            "decision_number",
            "decision_date",
            "recognised_by",
            "description",
        )
        export_order = fields


@register
class InitiativeImport(ImportSpec):
    key = "emulation.initiative"
    title = _("Initiatives")
    model = Initiative
    permissions = ("emulation.add_initiative", "emulation.change_initiative")
    key_columns = ("person", "year", "name")
    compared_columns = ("level", "decision_number", *_INITIATIVE_OPTIONAL)
    columns = [
        Column(
            "person",
            STAFF_CODE,
            parse_text(30),
            required=True,
            example="DN-STP-003",
            help=_("The author's staff code; one of your people."),
        ),
        Column(
            "full_name",
            FULL_NAME,
            parse_text(200),
            help=_(
                "May be left blank; when given it must be the name of the staff code's person, "
                "which catches a mistyped code."
            ),
        ),
        Column(
            "year",
            YEAR,
            parse_year,
            required=True,
            example=2024,
            help=_("The year the initiative was recognised."),
        ),
        Column(
            "name",
            INITIATIVE,
            parse_text(500),
            required=True,
            example="Số hóa quy trình thẩm định dự thảo văn bản",
            aliases=("Sáng kiến",),
        ),
        Column(
            "level",
            LEVEL,
            lambda value: parse_choice(value, LEVELS),
            required=True,
            example=vietnamese_labels(Level.choices)[0],
            allowed=vietnamese_labels(Level.choices),
            help=_("The level that recognised the initiative."),
        ),
        Column(
            "decision_number",
            DECISION_NUMBER,
            parse_text(60),
            required=True,
            example="30/QĐ-HĐSK",
            help=_("Number of the recognising decision."),
        ),
        Column("decision_date", DECISION_DATE, parse_date_or_blank, example="30/11/2024"),
        Column("recognised_by", RECOGNISED_BY, parse_text(255), example="Sở Tư pháp"),
        Column("description", DESCRIPTION, parse_text(4000)),
    ]

    def prepare(self, *, user: AbstractBaseUser) -> ImportContext:
        people = PersonFinder(self.writable(Person.objects.all(), user))
        return ImportContext(user=user, lookups={"people": people})

    def clean(self, *, values: dict[str, object], context: ImportContext) -> dict[str, object]:
        people: PersonFinder = context.lookups["people"]
        person = people.get(values["person"])
        people.check_name(person, values["full_name"])
        values["person"] = person.staff_code
        values["person_id"] = person.pk
        values["full_name"] = person.full_name
        values["year"] = shown_year(values["year"])
        values["_given"] = given_columns(values, _INITIATIVE_OPTIONAL)
        values["decision_date"] = values["decision_date"] or None
        return values

    def load_existing(self, *, context: ImportContext, keys: Iterable[tuple]) -> None:
        wanted = set(keys)
        stored = Initiative.objects.filter(
            person__staff_code__in={key[0] for key in wanted},
            year__in={key[1] for key in wanted},
        ).values(
            "pk",
            "person__staff_code",
            "year",
            "name",
            "level",
            "decision_number",
            *_INITIATIVE_OPTIONAL,
        )
        for row in stored:
            # Names are compared as a file holds them: trimmed, single-spaced.
            key = (row["person__staff_code"], shown_year(row["year"]), clean_text(row["name"]))
            if key in wanted:
                context.existing[key] = row

    def lock(self, *, rows: list[dict[str, object]], context: ImportContext) -> None:
        lock_recipients(rows)

    def new_record(self, row: Mapping[str, object]) -> Initiative:
        return Initiative(
            person_id=row["person_id"],
            year=int(row["year"]),
            name=row["name"],
            level=row["level"],
            decision_number=row["decision_number"],
            decision_date=row["decision_date"],
            recognised_by=row["recognised_by"] or "",
            description=row["description"] or "",
        )

    def change_record(self, record: Initiative, row: Mapping[str, object]) -> None:
        record.level = row["level"]
        record.decision_number = row["decision_number"]
        copy_given(record, row, _INITIATIVE_OPTIONAL)

    def save_records(
        self,
        *,
        created: list[Initiative],
        updated: list[Initiative],
        user: AbstractBaseUser,
        reason: str,
    ) -> None:
        services.initiative_bulk_save(user=user, created=created, updated=updated, reason=reason)
