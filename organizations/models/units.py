"""Localities and units, with the dated names a unit had."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.scoping import ScopedQuerySet

if TYPE_CHECKING:
    pass


class Locality(models.Model):
    """A province-level locality (tỉnh, thành phố trực thuộc trung ương)."""

    class Kind(models.TextChoices):
        CENTRAL_CITY = "central_city", _("centrally-run city")
        PROVINCE = "province", _("province")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(ScopedQuerySet):
    scope_field = "pk"

    def active_on(self, day: datetime.date) -> UnitQuerySet:
        """Return the units that exist on the given day."""
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Unit(models.Model):
    """An organisational unit: the ministry, a department of justice, an enforcement agency…"""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministry")
        DEPARTMENT_OF_JUSTICE = "department_of_justice", _("department of justice")
        ENFORCEMENT_AGENCY = "enforcement_agency", _("civil judgment enforcement agency")
        REGIONAL_ENFORCEMENT_OFFICE = (
            "regional_enforcement_office",
            _("regional enforcement office"),
        )
        OTHER = "other", _("other")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    locality = models.ForeignKey(
        Locality,
        verbose_name=_("locality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), default=datetime.date(2000, 1, 1))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="organizations_unit_valid_to_after_valid_from",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="organizations_unit_not_own_parent",
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("pk")),
                name="organizations_unit_not_own_successor",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """Return the short name where there is one, for tight tables."""
        return self.short_name or self.name

    def is_active_on(self, day: datetime.date) -> bool:
        """Tell whether the unit exists on the given day."""
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class UnitVersionQuerySet(ScopedQuerySet):
    scope_field = "unit"


class UnitVersion(models.Model):
    """A unit's name, kind and parent from a day on: renamed, not replaced (2025 reform)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="versions"
    )
    valid_from = models.DateField(_("valid from"))
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Unit.Kind.choices)
    parent = models.ForeignKey(
        Unit,
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.CharField(
        _("decision"), max_length=255, blank=True, help_text=_("e.g. 1234/QĐ-BTP of 30/06/2025")
    )

    objects = UnitVersionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dated name of a unit")
        verbose_name_plural = _("dated names of the unit")
        ordering = ["unit", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "valid_from"],
                name="organizations_unitversion_one_per_day",
                violation_error_message=_("The unit already has a version from this date."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("unit")),
                name="organizations_unitversion_not_own_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"

    @property
    def display_name(self) -> str:
        """Return the short name where there is one, as ``Unit.display_name``."""
        return self.short_name or self.name
