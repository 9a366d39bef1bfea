"""People, their postings in units, and the memberships that give users roles and scope."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.roles import Role
from organizations.scoping import ScopedQuerySet

if TYPE_CHECKING:
    pass
from organizations.models.units import Unit


class PersonQuerySet(ScopedQuerySet):
    scope_field = "unit"


class Person(models.Model):
    """A civil servant who can be nominated for titles and awards."""

    staff_code = models.CharField(_("staff code"), max_length=30, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people"
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    hired_on = models.DateField(
        _("in service from"),
        null=True,
        blank=True,
        help_text=_("Day of recruitment into the sector; blank when not on record."),
    )
    left_on = models.DateField(
        _("in service until"),
        null=True,
        blank=True,
        help_text=_("Last day of service (retired, moved away); blank while in service."),
    )

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "staff_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(hired_on__isnull=True)
                | Q(left_on__gte=F("hired_on")),
                name="organizations_person_left_after_hired",
                violation_error_message=_("The last day of service cannot come before the first."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def service_in_year(self, year: int) -> tuple[datetime.date, datetime.date] | None:
        """Return the first and last day of service within the year, or None if not serving.

        A person without a recorded first day counts as serving since before the year: the
        staff files of earlier years carry no dates.
        """
        first = max(self.hired_on or datetime.date(year, 1, 1), datetime.date(year, 1, 1))
        last = min(self.left_on or datetime.date(year, 12, 31), datetime.date(year, 12, 31))
        return (first, last) if first <= last else None

    def months_of_service(self, year: int) -> int:
        """Return the whole months served in the year (1 March to 31 December is ten)."""
        span = self.service_in_year(year)
        if span is None:
            return 0
        first, last = span
        after = last + datetime.timedelta(days=1)
        months = (after.year - first.year) * 12 + after.month - first.month
        return months if after.day >= first.day else months - 1


class MembershipQuerySet(ScopedQuerySet):
    scope_field = "unit"


class Membership(models.Model):
    """A user's role in a unit; it grants the role's group and the unit's scope."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__username", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                name="organizations_membership_unique_role_per_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class PostingQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def overlapping(self, start: datetime.date, end: datetime.date) -> PostingQuerySet:
        """Return the postings that last at least one day between start and end."""
        return self.filter(valid_from__lte=end).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start)
        )


class Posting(models.Model):
    """A person's time in a unit: transfers close one posting and open the next."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="postings"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="postings"
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    objects = PostingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["person", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="organizations_posting_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(valid_to__isnull=True),
                name="organizations_posting_one_open_per_person",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "valid_from"], name="org_posting_unit_from"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.unit}"
