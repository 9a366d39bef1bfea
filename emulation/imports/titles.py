"""Title history and initiatives in a spreadsheet: who held which title, whose initiative.

Rows are matched by what identifies them for a clerk: a title award by title, year and its
recipient (a person's staff code or a unit's code, exactly one); an initiative by its author's
staff code, the year and its name. People and units outside the user's units are refused, and
the title must suit the recipient, by the services' rules (``title_award_check``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from emulation import services
from emulation.imports.common import (
    DECISION_DATE,
    DECISION_NUMBER,
    FULL_NAME,
    STAFF_CODE,
    YEAR,
    DayWidget,
    PersonFinder,
    given_columns,
    parse_date_or_blank,
    parse_year,
    row_error,
    shown_year,
    vietnamese_labels,
)
from emulation.models import Initiative, Level, Title, TitleAward
from organizations.audit import change_reason
from organizations.imports.exporting import SafeModelResource
from organizations.imports.specs import Column, ImportContext, ImportSpec, RowError, register
from organizations.imports.units import find_unit, unit_lookup
from organizations.imports.values import choice_lookup, clean_text, fold, parse_choice, parse_text
from organizations.models import ImportJob, Person, Unit

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

TITLE = "Danh hiệu"
COLLECTIVE = "Tập thể"
DECIDED_BY = "Cơ quan ban hành"
NOTES = "Ghi chú"
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
_AWARD_OPTIONAL = ("decision_date", "decided_by", "notes")
_INITIATIVE_OPTIONAL = ("decision_date", "recognised_by", "description")


def _lock_recipients(rows: list[dict[str, object]]) -> None:
    """Serialise imports touching the same people or units, without blocking their readers."""
    people = {row["person_id"] for row in rows if row.get("person_id")}
    units = {row["unit_id"] for row in rows if row.get("unit_id")}
    for model, ids in ((Person, people), (Unit, units)):
        if ids:
            list(
                model.objects.select_for_update(no_key=True)
                .filter(pk__in=ids)
                .order_by("pk")
                .values_list("pk")
            )


def _update_given(obj: object, row: dict[str, object], names: Iterable[str]) -> None:
    """Copy the optional columns the file holds; a column left out keeps the stored value."""
    for name in names:
        if name in row["_given"]:
            setattr(obj, name, row[name])


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
                "title", _("No such title: write the name or the code of a catalogue title.")
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
                raise RowError("unit", _("No such unit among yours."))
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
        _lock_recipients(rows)

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
                TitleAward(
                    title_id=row["title_id"],
                    year=int(row["year"]),
                    person_id=row["person_id"],
                    unit_id=row["unit_id"],
                    decision_number=row["decision_number"],
                    decision_date=row["decision_date"],
                    decided_by=row["decided_by"] or "",
                    notes=row["notes"] or "",
                )
                for row in new
            ],
            TitleAward,
            default_user=job.uploaded_by,
            default_change_reason=reason,
        )
        awards = TitleAward.objects.in_bulk([row["_existing"]["pk"] for row in changed])
        updated = []
        for row in changed:
            award = awards[row["_existing"]["pk"]]
            award.decision_number = row["decision_number"]
            _update_given(award, row, _AWARD_OPTIONAL)
            updated.append(award)
        bulk_update_with_history(
            updated,
            TitleAward,
            ["decision_number", *_AWARD_OPTIONAL],
            default_user=job.uploaded_by,
            default_change_reason=reason,
        )


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
        _lock_recipients(rows)

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
                Initiative(
                    person_id=row["person_id"],
                    year=int(row["year"]),
                    name=row["name"],
                    level=row["level"],
                    decision_number=row["decision_number"],
                    decision_date=row["decision_date"],
                    recognised_by=row["recognised_by"] or "",
                    description=row["description"] or "",
                )
                for row in new
            ],
            Initiative,
            default_user=job.uploaded_by,
            default_change_reason=reason,
        )
        initiatives = Initiative.objects.in_bulk([row["_existing"]["pk"] for row in changed])
        updated = []
        for row in changed:
            initiative = initiatives[row["_existing"]["pk"]]
            initiative.level = row["level"]
            initiative.decision_number = row["decision_number"]
            _update_given(initiative, row, _INITIATIVE_OPTIONAL)
            updated.append(initiative)
        bulk_update_with_history(
            updated,
            Initiative,
            ["level", "decision_number", *_INITIATIVE_OPTIONAL],
            default_user=job.uploaded_by,
            default_change_reason=reason,
        )
