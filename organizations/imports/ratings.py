"""A unit's rating results in a spreadsheet: each person's or collective's rating of a year.

A rating is matched by year and its recipient (a person's staff code or a unit's code,
exactly one). People and units outside the user's units are refused, and so is a rating for
a year the person was not in service, by the service's rules (``quality_rating_check``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields

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
from organizations.imports.values import (
    choice_lookup,
    clean_text,
    fold,
    parse_choice,
    parse_date,
    parse_text,
    parse_whole,
)
from organizations.models import Person, QualityRating, Unit
from organizations.params import FIRST_YEAR, LAST_YEAR
from organizations.services import quality_rating_bulk_save, quality_rating_check

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

YEAR = "Năm"
STAFF_CODE = "Mã công chức"
FULL_NAME = "Họ và tên"
COLLECTIVE = "Tập thể"
GRADE = "Xếp loại"
DECISION_NUMBER = "Số quyết định"
DECISION_DATE = "Ngày quyết định"
DECIDED_BY = "Cơ quan ban hành"
NOTES = "Ghi chú"

_OPTIONAL = ("decision_date", "decided_by", "notes")

# The grades as the assessment forms write them (Decree 90/2020/NĐ-CP).
GRADE_LABELS = {
    QualityRating.Grade.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    QualityRating.Grade.GOOD: "Hoàn thành tốt nhiệm vụ",
    QualityRating.Grade.COMPLETED: "Hoàn thành nhiệm vụ",
    QualityRating.Grade.NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
}
GRADES = {
    **choice_lookup(QualityRating.Grade.choices),
    **{fold(label): grade for grade, label in GRADE_LABELS.items()},
    # Clerks often leave out "nhiệm vụ".
    **{fold(label.removesuffix(" nhiệm vụ")): grade for grade, label in GRADE_LABELS.items()},
}


def parse_rating_year(value: object) -> int | None:
    """Read the year of a rating, such as 2024."""
    return parse_whole(
        value,
        least=FIRST_YEAR,
        most=LAST_YEAR,
        message=_("Write a year between %(first)s and %(last)s, for example 2024."),
        params={"first": FIRST_YEAR, "last": LAST_YEAR},
    )


def _date_or_blank(value: object) -> object:
    # A blank cell gives "" so that it differs from a column left out (None).
    return parse_date(value) or ""


class QualityRatingResource(SafeModelResource):
    year = fields.Field(attribute="year", column_name=YEAR)
    person = fields.Field(attribute="person__staff_code", column_name=STAFF_CODE)
    full_name = fields.Field(attribute="person__full_name", column_name=FULL_NAME)
    unit = fields.Field(attribute="unit__code", column_name=COLLECTIVE)
    grade = fields.Field(attribute="get_grade_display", column_name=GRADE)
    decision_number = fields.Field(attribute="decision_number", column_name=DECISION_NUMBER)
    decision_date = fields.Field(
        attribute="decision_date", column_name=DECISION_DATE, widget=DayWidget()
    )
    decided_by = fields.Field(attribute="decided_by", column_name=DECIDED_BY)
    notes = fields.Field(attribute="notes", column_name=NOTES)

    class Meta:
        model = QualityRating
        fields = (
            "year",
            "person",
            "full_name",
            "unit",
            "grade",
            "decision_number",
            "decision_date",
            "decided_by",
            "notes",
        )
        export_order = fields


@register
class QualityRatingImport(ImportSpec):
    key = "organizations.qualityrating"
    title = _("Quality ratings")
    model = QualityRating
    permissions = ("organizations.add_qualityrating", "organizations.change_qualityrating")
    key_columns = ("year", "person", "unit")
    compared_columns = ("grade", "decision_number", *_OPTIONAL)

    @property
    def columns(self) -> list[Column]:
        """Return the columns; the grades are offered by their Vietnamese labels."""
        labels = tuple(GRADE_LABELS.values())
        return [
            Column("year", YEAR, parse_rating_year, required=True, example=2024, repeats=True),
            Column(
                "person",
                STAFF_CODE,
                parse_text(30),
                example="DN-STP-001",
                help=_(
                    "For the rating of a person: the staff code of one of your people. "
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
                aliases=("Mã đơn vị",),
                help=_(
                    "For the rating of a collective: the code or exact name of one of your "
                    "units. Leave blank for a person."
                ),
            ),
            Column(
                "grade",
                GRADE,
                lambda value: parse_choice(value, GRADES),
                required=True,
                example=labels[1],
                allowed=labels,
                aliases=("Xếp loại chất lượng", "Mức xếp loại"),
                repeats=True,
            ),
            Column(
                "decision_number",
                DECISION_NUMBER,
                parse_text(60),
                required=True,
                example="12/QĐ-STP",
                help=_("The decision that approved the unit's rating results."),
            ),
            Column("decision_date", DECISION_DATE, _date_or_blank, example="25/12/2024"),
            Column(
                "decided_by",
                DECIDED_BY,
                parse_text(255),
                example="Giám đốc Sở Tư pháp",
                repeats=True,
            ),
            Column("notes", NOTES, parse_text(4000)),
        ]

    def prepare(self, *, user: AbstractBaseUser) -> ImportContext:
        people = self.writable(Person.objects.all(), user).select_related("unit")
        return ImportContext(
            user=user,
            lookups={
                "people": {fold(person.staff_code): person for person in people},
                "units": unit_lookup(self.writable(Unit.objects.all(), user)),
                "all_units": unit_lookup(Unit.objects.all()),
            },
        )

    def clean(self, *, values: dict[str, object], context: ImportContext) -> dict[str, object]:
        lookups = context.lookups
        if bool(values["person"]) == bool(values["unit"]):
            raise RowError(
                "person" if values["person"] else "unit",
                _(
                    "Fill in exactly one of “%(person)s” (the rating of a person) and "
                    "“%(unit)s” (the rating of a collective)."
                )
                % {"person": STAFF_CODE, "unit": COLLECTIVE},
            )
        person = unit = None
        if values["person"]:
            person = self._person(values["person"], values["full_name"], lookups)
        else:
            unit = find_unit(values["unit"], lookups["units"])
            if unit is None:
                if find_unit(values["unit"], lookups["all_units"]) is not None:
                    raise RowError("unit", _("This unit is outside yours."))
                raise RowError("unit", _("No such unit among yours."), allowed=unit_codes(context))
        existing = QualityRating.objects.filter(
            year=values["year"], person=person, unit=unit
        ).first()
        try:
            quality_rating_check(year=values["year"], person=person, unit=unit, rating=existing)
        except ValidationError as error:
            raise row_error(error, default="year", codes={"recipient": "person"}) from None
        values["year"] = str(values["year"])
        values["person"] = person.staff_code if person else ""
        values["full_name"] = person.full_name if person else ""
        values["person_id"] = person.pk if person else None
        values["unit"] = unit.code if unit else ""
        values["unit_id"] = unit.pk if unit else None
        values["_given"] = frozenset(name for name in _OPTIONAL if values[name] is not None)
        values["decision_date"] = values["decision_date"] or None
        return values

    @staticmethod
    def _person(code: object, full_name: object, lookups: dict[str, object]) -> Person:
        person = lookups["people"].get(fold(code))
        if person is None:
            if Person.objects.filter(staff_code__iexact=clean_text(code)).exists():
                raise RowError("person", _("This staff code belongs to a unit outside yours."))
            raise RowError("person", _("No person of your units has this staff code."))
        if full_name and fold(full_name) != fold(person.full_name):
            raise RowError(
                "full_name",
                _("The staff code %(code)s belongs to %(name)s; check the code or the name.")
                % {"code": person.staff_code, "name": person.full_name},
            )
        return person

    def load_existing(self, *, context: ImportContext, keys: Iterable[tuple]) -> None:
        wanted = set(keys)
        stored = QualityRating.objects.filter(year__in={int(key[0]) for key in wanted}).values(
            "pk",
            "year",
            "person__staff_code",
            "unit__code",
            "grade",
            "decision_number",
            *_OPTIONAL,
        )
        for row in stored:
            key = (str(row["year"]), row["person__staff_code"] or "", row["unit__code"] or "")
            if key in wanted:
                context.existing[key] = row

    def lock(self, *, rows: list[dict[str, object]], context: ImportContext) -> None:
        # Serialise imports rating the same people or units, without blocking their readers.
        for model, name in ((Person, "person_id"), (Unit, "unit_id")):
            ids = {row[name] for row in rows if row.get(name)}
            if ids:
                list(
                    model.objects.select_for_update(no_key=True)
                    .filter(pk__in=ids)
                    .order_by("pk")
                    .values_list("pk")
                )

    def new_record(self, row: Mapping[str, object]) -> QualityRating:
        return QualityRating(
            year=int(row["year"]),
            person_id=row["person_id"],
            unit_id=row["unit_id"],
            grade=row["grade"],
            decision_number=row["decision_number"],
            decision_date=row["decision_date"],
            decided_by=row["decided_by"] or "",
            notes=row["notes"] or "",
        )

    def change_record(self, record: QualityRating, row: Mapping[str, object]) -> None:
        record.grade = row["grade"]
        record.decision_number = row["decision_number"]
        for name in _OPTIONAL:
            if name in row["_given"]:
                setattr(record, name, row[name] or ("" if name != "decision_date" else None))

    def save_records(
        self,
        *,
        created: list[QualityRating],
        updated: list[QualityRating],
        user: AbstractBaseUser,
        reason: str,
    ) -> None:
        quality_rating_bulk_save(user=user, created=created, updated=updated, reason=reason)
