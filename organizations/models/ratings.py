"""Yearly quality ratings and discipline records of people and collectives."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.params import FIRST_YEAR, LAST_YEAR
from organizations.scoping import ScopedQuerySet, unit_scope_ids, view_permission

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
from organizations.models.people import Person
from organizations.models.units import Unit


class PersonOrUnitQuerySet(ScopedQuerySet):
    """Rows that belong to a person or to a unit: scoped by the unit or the person's unit."""

    scope_field = "unit"

    def for_user(
        self, user: AbstractBaseUser | AnonymousUser, permission: str | None = None
    ) -> Self:
        """Return the rows of the user's units and of their people."""
        permission = permission or view_permission(self.model)
        scope = unit_scope_ids(user, permission)
        if scope is None:
            return self
        return super().for_user(user, permission) | self.filter(person__unit__in=scope)


class QualityRating(models.Model):
    """The yearly quality rating of a civil servant or a collective (xếp loại chất lượng).

    The rating is decided once a year by the unit's head on the assessment of Decree
    90/2020/NĐ-CP (amended by Decree 48/2023/NĐ-CP); the Law on Emulation and Commendation
    2022 (Art. 24 and following) and its decrees (98/2023/NĐ-CP, then 152/2025/NĐ-CP) read
    it: "Lao động tiên tiến" needs at least "hoàn thành tốt nhiệm vụ".
    """

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("completed tasks excellently")
        GOOD = "good", _("completed tasks well")
        COMPLETED = "completed", _("completed tasks")
        NOT_COMPLETED = "not_completed", _("did not complete tasks")

    # From best to worst: a rule asking for "good" is met by "good" and "excellent".
    GRADE_ORDER = {
        Grade.EXCELLENT: 4,
        Grade.GOOD: 3,
        Grade.COMPLETED: 2,
        Grade.NOT_COMPLETED: 1,
    }

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quality_ratings",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("collective"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quality_ratings",
    )
    grade = models.CharField(_("rating"), max_length=20, choices=Grade.choices)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decided_by = models.CharField(_("issued by"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = PersonOrUnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quality rating")
        verbose_name_plural = _("quality ratings")
        ordering = ["-year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="organizations_quality_rating_one_recipient",
                violation_error_message=_("A rating is of exactly one person or one collective."),
            ),
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(person__isnull=False),
                name="organizations_quality_rating_unique_per_person_year",
                violation_error_message=_("This person already has a rating for the year."),
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(unit__isnull=False),
                name="organizations_quality_rating_unique_per_unit_year",
                violation_error_message=_("This collective already has a rating for the year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="organizations_quality_rating_year_in_range",
                violation_error_message=_("The year must lie between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.year} · {self.get_grade_display()}"

    @property
    def recipient(self) -> Person | Unit | None:
        """Return the person or the collective rated."""
        return self.person if self.person_id else self.unit

    def reaches(self, grade: str) -> bool:
        """Tell whether the rating is the given grade or better."""
        return self.GRADE_ORDER[self.Grade(self.grade)] >= self.GRADE_ORDER[self.Grade(grade)]


class DisciplineQuerySet(ScopedQuerySet):
    scope_field = "person__unit"

    def running_between(self, first: datetime.date, last: datetime.date) -> DisciplineQuerySet:
        """Return the records that run on at least one day from ``first`` to ``last``."""
        return self.filter(starts_on__lte=last).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=first)
        )


class Discipline(models.Model):
    """A disciplinary penalty of a civil servant, or the investigation that may lead to one.

    The penalties are those of the Law on Cadres and Civil Servants (Art. 79, amended 2019)
    and Decree 112/2020/NĐ-CP. While a penalty or an investigation runs the person is not
    considered for titles or awards, and after a penalty ends achievements count again from
    the day after it ended (the decrees detailing the Law on Emulation and Commendation
    2022: 98/2023/NĐ-CP, then 152/2025/NĐ-CP).
    """

    class Kind(models.TextChoices):
        INVESTIGATION = "investigation", _("under investigation or disciplinary review")
        REPRIMAND = "reprimand", _("reprimand")
        WARNING = "warning", _("warning")
        SALARY_DOWNGRADE = "salary_downgrade", _("salary downgrade")
        DEMOTION = "demotion", _("demotion")
        REMOVAL = "removal", _("removal from office")
        DISMISSAL = "dismissal", _("dismissal")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="disciplines"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Blank while it still runs.")
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decided_by = models.CharField(_("issued by"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = DisciplineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discipline record")
        verbose_name_plural = _("discipline records")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="organizations_discipline_ends_after_start",
                violation_error_message=_("A discipline record cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} · {self.decision_number}"

    @property
    def is_penalty(self) -> bool:
        """Tell whether the record is a penalty (after which achievements count anew)."""
        return self.kind != self.Kind.INVESTIGATION
