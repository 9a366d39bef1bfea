"""What emulation's spreadsheets share: cell parsers, people by staff code, rule refusals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from import_export import widgets

from emulation.models.clusters import FIRST_YEAR, LAST_YEAR
from organizations.imports.specs import RowError
from organizations.imports.values import (
    CellError,
    clean_text,
    fold,
    parse_date,
    parse_decimal,
    parse_whole,
)
from organizations.models import Person, Unit

# Headers shared by the files of emulation, so that the same thing reads the same everywhere.
YEAR = "Năm"
STAFF_CODE = "Mã công chức"
FULL_NAME = "Họ và tên"
DECISION_NUMBER = "Số quyết định"
DECISION_DATE = "Ngày quyết định"

# Figures are stored with 18 digits, two of them decimals.
FIGURE_LIMIT = Decimal(10) ** 16


def parse_year(value: object) -> int | None:
    """Read a year such as 2024, typed as text or stored as a number cell."""
    return parse_whole(
        value,
        least=FIRST_YEAR,
        most=LAST_YEAR,
        message=_("Write a year between %(first)s and %(last)s, for example 2024."),
        params={"first": FIRST_YEAR, "last": LAST_YEAR},
    )


def parse_whole_number(value: object) -> int | None:
    """Read a positive whole number such as a criterion's number."""
    return parse_whole(value, least=1, message=_("Write a whole number, for example 3."))


def parse_figure(value: object) -> Decimal | None:
    """Read a figure with up to two decimals, such as 55, 98,21 or 98.21."""
    number = parse_decimal(value)
    if number is None:
        return None
    if abs(number) >= FIGURE_LIMIT:
        raise CellError(_("The number is too large."))
    return plain_figure(number)


def plain_figure(number: Decimal) -> Decimal:
    """Return a figure without needless decimals (55, not 55.00), as reports show it."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def shown_year(year: int) -> str:
    """Return a checked year as text: the import's sample groups integers like amounts (2.025)."""
    return str(year)


def parse_date_or_blank(value: object) -> object:
    """Read a date; a blank cell gives "" so that it differs from a column left out (None)."""
    return parse_date(value) or ""


def vietnamese_labels(choices: Iterable[tuple[str, object]]) -> tuple[str, ...]:
    """Return the Vietnamese labels of Django choices, as the templates offer them."""
    with translation.override("vi"):
        return tuple(str(label) for _code, label in choices)


def given_columns(values: dict[str, object], names: Iterable[str]) -> frozenset[str]:
    """Return which optional columns the file holds: a column left out reads as None."""
    return frozenset(name for name in names if values[name] is not None)


class PersonFinder:
    """Find the people of the user's units by staff code, telling strangers from unknowns."""

    def __init__(self, people: QuerySet[Person]) -> None:
        self.scoped = people.select_related("unit")
        self.found: dict[str, Person | None] = {}

    def get(self, code: str) -> Person:
        """Return the person of the staff code, or refuse the row with the reason."""
        key = clean_text(code).casefold()
        if key not in self.found:
            self.found[key] = self.scoped.filter(staff_code__iexact=clean_text(code)).first()
        person = self.found[key]
        if person is not None:
            return person
        if Person.objects.filter(staff_code__iexact=clean_text(code)).exists():
            raise RowError("person", _("This staff code belongs to a unit outside yours."))
        raise RowError("person", _("No person of your units has this staff code."))

    @staticmethod
    def check_name(person: Person, full_name: object) -> None:
        """Refuse a row whose full name is not the staff code's person: a mistyped code."""
        if full_name and fold(full_name) != fold(person.full_name):
            raise RowError(
                "full_name",
                _("The staff code %(code)s belongs to %(name)s; check the code or the name.")
                % {"code": person.staff_code, "name": person.full_name},
            )


class FigureWidget(widgets.DecimalWidget):
    """Write a figure without grouping or needless decimals; a number cell in XLSX."""

    def render(self, value: object, obj: object = None, **kwargs: object) -> object:
        if not isinstance(value, Decimal):
            return ""
        if kwargs.get("force_native_type"):
            return value
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        return number_format(value, use_l10n=True, force_grouping=False)


def lock_recipients(rows: list[dict[str, object]]) -> None:
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


def copy_given(record: object, row: Mapping[str, object], names: Iterable[str]) -> None:
    """Copy the optional columns the file holds; a column left out keeps the stored value."""
    for name in names:
        if name in row["_given"]:
            setattr(record, name, row[name])
