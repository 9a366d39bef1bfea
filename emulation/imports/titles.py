"""Title history in a spreadsheet: who held which title, in which year.

An award is matched by title, year and its recipient (a person's staff code or a unit's code,
exactly one). People and units outside the user's units are refused, and the title must suit
the recipient, by the services' rules (``title_award_check``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
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
)
from emulation.models import Title, TitleAward
from organizations.imports.exporting import DayWidget, SafeModelResource
from organizations.imports.specs import (
    Column,
    ImportContext,
    ImportSpec,
    RowError,
    register,
    row_error,
)
from organizations.imports.units import find_unit, unit_codes, unit_lookup
from organizations.imports.values import fold, parse_text
from organizations.models import Person, Unit

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

TITLE = "Danh hiệu"
COLLECTIVE = "Tập thể"
DECIDED_BY = "Cơ quan ban hành"
NOTES = "Ghi chú"

_AWARD_OPTIONAL = ("decision_date", "decided_by", "notes")


class TitleAwardResource(SafeModelResource):
    year = fields.Field(attribute="year", column_name=YEAR)
    title = fields.Field(attribute="title__name", column_name=TITLE)
    person = fields.Field(attribute="person__staff_code", column_name=STAFF_CODE)
    full_name = fields.Field(attribute="person__full_name", column_name=FULL_NAME)
    unit = fields.Field(attribute="unit__code", column_name=COLLECTIVE)
    decision_number = fields.Field(attribute="decision_number", column_name=DECISION_NUMBER)
    decision_date = fields.Field(
        attribute="decision_date", column_name=DECISION_DATE, widget=DayWidget()
    )
    decided_by = fields.Field(attribute="decided_by", column_name=DECIDED_BY)
    notes = fields.Field(attribute="notes", column_name=NOTES)

    class Meta:
        model = TitleAward
        fields = (
            "year",
            "title",
            "person",
            "full_name",
            "unit",
            "decision_number",
            "decision_date",
            "decided_by",
            "notes",
        )
        export_order = fields


@register
class TitleAwardImport(ImportSpec):
    key = "emulation.titleaward"
    title = _("Title history")
    model = TitleAward
    permissions = ("emulation.add_titleaward", "emulation.change_titleaward")
    key_columns = ("year", "title", "person", "unit")
    compared_columns = ("decision_number", *_AWARD_OPTIONAL)

    @property
    def columns(self) -> list[Column]:
        """Return the columns; the titles a file may name are the catalogue's, read now."""
        titles = tuple(Title.objects.filter(is_active=True).values_list("name", flat=True))
        return [
            Column("year", YEAR, parse_year, required=True, example=2024),
            Column(
                "title",
                TITLE,
                parse_text(255),
                required=True,
                example="Lao động tiên tiến",
                allowed=titles,
                help=_("Name or code of a title of the catalogue."),
            ),
            Column(
                "person",
                STAFF_CODE,
                parse_text(30),
                example="DN-STP-001",
                help=_(
                    "For a title awarded to a person: the staff code of one of your people. "
                    "Leave blank for a collective."
                ),
            ),
            Column(
                "full_name",
                FULL_NAME,
                parse_text(200),
                help=_(
                    "May be left blank; when given it must be the name of the staff code's "
                    "person, which catches a mistyped code."
                ),
            ),
            Column(
                "unit",
                COLLECTIVE,
                parse_text(255),
                aliases=("Mã đơn vị", "Đơn vị được tặng"),
                help=_(
                    "For a title awarded to a collective: the code or exact name of one of your "
                    "units. Leave blank for a person."
                ),
            ),
            Column(
                "decision_number",
                DECISION_NUMBER,
                parse_text(60),
                required=True,
                example="25/QĐ-STP",
            ),
            Column("decision_date", DECISION_DATE, parse_date_or_blank, example="20/12/2024"),
            Column(
                "decided_by",
                DECIDED_BY,
                parse_text(255),
                aliases=("Cơ quan quyết định", "Cấp quyết định"),
                example="Giám đốc Sở Tư pháp",
            ),
            Column("notes", NOTES, parse_text(4000)),
        ]

    def prepare(self, *, user: AbstractBaseUser) -> ImportContext:
        titles: dict[str, Title] = {}
        ambiguous: set[str] = set()
        for title in Title.objects.all():
            for spelling in {fold(title.code), fold(title.name), fold(title.name_en)} - {""}:
                if spelling in titles and titles[spelling] != title:
                    ambiguous.add(spelling)
                titles[spelling] = title
        return ImportContext(
            user=user,
            lookups={
                "titles": titles,
                "ambiguous": ambiguous,
                "people": PersonFinder(self.writable(Person.objects.all(), user)),
                "units": unit_lookup(self.writable(Unit.objects.all(), user)),
                "all_units": unit_lookup(Unit.objects.all()),
            },
        )

    def clean(self, *, values: dict[str, object], context: ImportContext) -> dict[str, object]:
        lookups = context.lookups
        spelling = fold(values["title"])
        if spelling in lookups["ambiguous"]:
            raise RowError("title", _("Several titles have this name: write the title's code."))
        title = lookups["titles"].get(spelling)
        if title is None:
            raise RowError(
                "title",
                _("No such title: write the name or the code of a catalogue title."),
                allowed=context.accepted(
                    "titles",
                    lambda: Title.objects.filter(is_active=True).values_list("name", flat=True),
                ),
            )
        if bool(values["person"]) == bool(values["unit"]):
            raise RowError(
                "person" if values["person"] else "unit",
                _(
                    "Fill in exactly one of “%(person)s” (a title awarded to a person) and "
                    "“%(unit)s” (a title awarded to a collective)."
                )
                % {"person": STAFF_CODE, "unit": COLLECTIVE},
            )
        person = unit = None
        if values["person"]:
            person = lookups["people"].get(values["person"])
            lookups["people"].check_name(person, values["full_name"])
        else:
            unit = find_unit(values["unit"], lookups["units"])
            if unit is None:
                if find_unit(values["unit"], lookups["all_units"]) is not None:
                    raise RowError("unit", _("This unit is outside yours."))
                raise RowError("unit", _("No such unit among yours."), allowed=unit_codes(context))
        existing = TitleAward.objects.filter(
            title=title, year=values["year"], person=person, unit=unit
        ).first()
        try:
            services.title_award_check(
                title=title, year=values["year"], person=person, unit=unit, award=existing
            )
        except ValidationError as error:
            raise row_error(
                error, default="title", codes={"recipient": "person", "duplicate": "title"}
            ) from None
        values["year"] = shown_year(values["year"])
        values["title"] = title.name
        values["title_code"] = title.code
        values["title_id"] = title.pk
        values["person"] = person.staff_code if person else ""
        values["full_name"] = person.full_name if person else ""
        values["person_id"] = person.pk if person else None
        values["unit"] = unit.code if unit else ""
        values["unit_id"] = unit.pk if unit else None
        values["_given"] = given_columns(values, _AWARD_OPTIONAL)
        values["decision_date"] = values["decision_date"] or None
        return values

    def natural_key(self, values: dict[str, object]) -> tuple:
        # By code: two titles may share a name, never a code.
        return (values["year"], values["title_code"], values["person"], values["unit"])

    def load_existing(self, *, context: ImportContext, keys: Iterable[tuple]) -> None:
        wanted = set(keys)
        stored = TitleAward.objects.filter(
            year__in={key[0] for key in wanted}, title__code__in={key[1] for key in wanted}
        ).values(
            "pk",
            "year",
            "title__code",
            "person__staff_code",
            "unit__code",
            "decision_number",
            *_AWARD_OPTIONAL,
        )
        for row in stored:
            key = (
                shown_year(row["year"]),
                row["title__code"],
                row["person__staff_code"] or "",
                row["unit__code"] or "",
            )
            if key in wanted:
                context.existing[key] = row

    def lock(self, *, rows: list[dict[str, object]], context: ImportContext) -> None:
        lock_recipients(rows)

    def new_record(self, row: Mapping[str, object]) -> TitleAward:
        return TitleAward(
            title_id=row["title_id"],
            year=int(row["year"]),
            person_id=row["person_id"],
            unit_id=row["unit_id"],
            decision_number=row["decision_number"],
            decision_date=row["decision_date"],
            decided_by=row["decided_by"] or "",
            notes=row["notes"] or "",
        )

    def change_record(self, record: TitleAward, row: Mapping[str, object]) -> None:
        record.decision_number = row["decision_number"]
        copy_given(record, row, _AWARD_OPTIONAL)

    def save_records(
        self,
        *,
        created: list[TitleAward],
        updated: list[TitleAward],
        user: AbstractBaseUser,
        reason: str,
    ) -> None:
        services.title_award_bulk_save(user=user, created=created, updated=updated, reason=reason)
