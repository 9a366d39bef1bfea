"""A recipient's standing for a year: quality ratings, service, discipline and investigations.

The Law on Emulation and Commendation 2022 and its decrees (98/2023/NĐ-CP until mid-2025,
152/2025/NĐ-CP after) read three facts of the staff record: the yearly quality rating
(Art. 24 and following: "hoàn thành tốt nhiệm vụ" or better), the months of service in the
year, and discipline. Nobody is considered while a penalty or an investigation runs, and
after a penalty ends, achievements count again only from the end of it (Decree 112/2020/NĐ-CP
on the penalties of civil servants). Every eligibility check, of titles and of award forms,
reads the standing from here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.formatting import format_years, short_date
from organizations.models import Discipline, Person, QualityRating, Unit


@dataclass(frozen=True)
class Standing:
    """What the staff record says of a person or a unit, for eligibility in one year."""

    year: int
    person: Person | None
    unit: Unit | None
    ratings: dict[int, QualityRating] = field(default_factory=dict)
    # Penalties and investigations running in the year, or today while the case is heard.
    running: list[Discipline] = field(default_factory=list)
    # The last penalty that ended by the end of the year: achievements count after it. One
    # that ends later runs in the year, which refuses the recipient anyway.
    last_penalty: Discipline | None = None

    @property
    def counts_from(self) -> int | None:
        """Return the first year whose achievements count, after the last penalty's end."""
        if self.last_penalty is None or self.last_penalty.ends_on is None:
            return None
        return self.last_penalty.ends_on.year + 1

    def counts(self, year: int) -> bool:
        """Tell whether an achievement of the year counts (it is after the last penalty)."""
        first = self.counts_from
        return first is None or year >= first

    def discipline_reasons(self) -> list[str]:
        """Return why the recipient may not be considered now: every record that runs."""
        return [running_message(record, year=self.year) for record in self.running]

    def discipline_met(self) -> str | None:
        """Return what the record shows of discipline when nothing runs (people only)."""
        if self.person is None or self.running:
            return None
        return _("No penalty or investigation runs in {year} or now.").format(year=self.year)

    def counting_note(self) -> str | None:
        """Return why achievements before a penalty's end are left out, if one ended."""
        penalty = self.last_penalty
        if penalty is None or penalty.ends_on is None:
            return None
        return _(
            "Achievements before {first} are not counted: the penalty “{kind}” (decision "
            "{number}) ended on {end}."
        ).format(
            first=self.counts_from,
            kind=penalty.get_kind_display(),
            number=penalty.decision_number,
            end=short_date(penalty.ends_on),
        )


def running_message(record: Discipline, *, year: int) -> str:
    """Return the reason a running penalty or investigation gives, in the user's language."""
    values = {
        "kind": record.get_kind_display(),
        "start": short_date(record.starts_on),
        "number": record.decision_number,
        "year": year,
    }
    if record.ends_on is None:
        return _(
            "“{kind}” since {start} (decision {number}) still runs: nobody is considered for a "
            "title or an award while it does."
        ).format(**values)
    return _(
        "“{kind}” from {start} to {end} (decision {number}) runs in {year}: nobody is "
        "considered for a title or an award while it does."
    ).format(**values, end=short_date(record.ends_on))


def recipient_standing(
    *,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    today: datetime.date | None = None,
) -> Standing:
    """Return the ratings, running discipline and last penalty of a person or a unit."""
    today = today or timezone.localdate()
    ratings = (
        QualityRating.objects.filter(person=person)
        if person is not None
        else QualityRating.objects.filter(unit=unit)
    )
    by_year = {rating.year: rating for rating in ratings}
    if person is None:
        return Standing(year=year, person=None, unit=unit, ratings=by_year)
    records = Discipline.objects.filter(person=person)
    year_start, year_end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    running = list(
        records.running_between(year_start, year_end) | records.running_between(today, today)
    )
    running.sort(key=lambda record: (record.starts_on, record.pk))
    last_penalty = (
        records.exclude(kind=Discipline.Kind.INVESTIGATION)
        .filter(ends_on__isnull=False, ends_on__lte=year_end)
        .order_by("-ends_on", "-pk")
        .first()
    )
    return Standing(
        year=year,
        person=person,
        unit=None,
        ratings=by_year,
        running=running,
        last_penalty=last_penalty,
    )


def rating_outcome(standing: Standing, *, lowest: str, years: int) -> tuple[str | None, str | None]:
    """Return (met, missing) for "rated ``lowest`` or better, ``years`` years in a row"."""
    span = list(range(standing.year - years + 1, standing.year + 1))
    required = QualityRating.Grade(lowest).label
    short = [
        year
        for year in span
        if not standing.counts(year)
        or year not in standing.ratings
        or not standing.ratings[year].reaches(lowest)
    ]
    if not short:
        if years == 1:
            rating = standing.ratings[standing.year]
            return (
                _("Rated “{grade}” in {year}.").format(
                    grade=rating.get_grade_display(), year=standing.year
                ),
                None,
            )
        return (
            _("Rated “{required}” or better in {years}.").format(
                required=required, years=format_years(span)
            ),
            None,
        )
    if years == 1:
        rating = standing.ratings.get(standing.year)
        if rating is None:
            return None, _(
                "Needs a quality rating of “{required}” or better in {year}; none is recorded."
            ).format(required=required, year=standing.year)
        return None, _(
            "Needs a quality rating of “{required}” or better in {year}; rated “{grade}”."
        ).format(required=required, year=standing.year, grade=rating.get_grade_display())
    return None, _(
        "Needs a quality rating of “{required}” or better {count} years in a row ({years}); "
        "missing for {missing}."
    ).format(
        required=required,
        count=years,
        years=format_years(span),
        missing=format_years(short),
    )


def service_outcome(standing: Standing, *, months: int) -> tuple[str | None, str | None]:
    """Return (met, missing) for "at least ``months`` months of service in the year"."""
    served = standing.person.months_of_service(standing.year)
    if served >= months:
        return _("{months} months of service in {year}.").format(
            months=served, year=standing.year
        ), None
    return None, _(
        "Needs at least {count} months of service in {year}; {months} on record."
    ).format(count=months, year=standing.year, months=served)
