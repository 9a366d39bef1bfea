"""Pacts, their scored criteria, and the units' indicator results against them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation.measures import Measure
from emulation.models.clusters import Cluster, Movement
from emulation.scoring import Direction, Rule, ScoringTable
from organizations.models import Unit
from organizations.scoping import ScopedQuerySet, unit_scope_ids, view_permission

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

POINTS = {"max_digits": 7, "decimal_places": 2}
FIGURE = {"max_digits": 18, "decimal_places": 2}


class PactQuerySet(ScopedQuerySet):
    scope_field = "cluster__head"

    def for_user(
        self, user: AbstractBaseUser | AnonymousUser, permission: str | None = None
    ) -> Self:
        """Return the pacts of the clusters the user may see."""
        permission = permission or view_permission(self.model)
        if unit_scope_ids(user, permission) is None:
            return self
        return self.filter(cluster__in=Cluster.objects.for_user(user, permission).values("pk"))


class Pact(models.Model):
    """A cluster's signed emulation pact (giao ước thi đua) for its year."""

    cluster = models.OneToOneField(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="pact"
    )
    name = models.CharField(_("name"), max_length=255)
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("emulation movement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pacts",
    )
    signed_on = models.DateField(
        _("signing date"),
        null=True,
        blank=True,
        help_text=_("Blank while the pact is a draft; results are entered once it is signed."),
    )
    document_reference = models.CharField(_("document reference"), max_length=255, blank=True)

    objects = PactQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emulation pact")
        verbose_name_plural = _("emulation pacts")
        ordering = ["-cluster__year", "cluster__name"]

    def __str__(self) -> str:
        return self.name

    @property
    def year(self) -> int:
        """Return the year of the pact, which is its cluster's year."""
        return self.cluster.year

    @property
    def is_signed(self) -> bool:
        """Tell whether the members have signed the pact."""
        return self.signed_on is not None


class CriterionQuerySet(ScopedQuerySet):
    scope_field = "pact__cluster__head"

    def for_user(
        self, user: AbstractBaseUser | AnonymousUser, permission: str | None = None
    ) -> Self:
        """Return the criteria of the pacts the user may see."""
        permission = permission or view_permission(self.model)
        if unit_scope_ids(user, permission) is None:
            return self
        clusters = Cluster.objects.for_user(user, permission).values("pk")
        return self.filter(pact__cluster__in=clusters)


class Criterion(models.Model):
    """One scored criterion of a pact: what is measured, the target, and how it scores."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("entered by the units")
        CASE_RATIO = "case_ratio", _("computed: enforcement resolution ratio in cases")
        MONEY_RATIO = "money_ratio", _("computed: enforcement resolution ratio in money")

    pact = models.ForeignKey(
        Pact, verbose_name=_("pact"), on_delete=models.CASCADE, related_name="criteria"
    )
    number = models.PositiveSmallIntegerField(_("criterion number"))
    name = models.CharField(_("name"), max_length=255)
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    target = models.DecimalField(
        _("target"),
        **FIGURE,
        null=True,
        blank=True,
        help_text=_(
            "Required for entered criteria. Blank for a computed criterion: each unit's own "
            "enforcement target counts."
        ),
    )
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    rule = models.CharField(_("scoring rule"), max_length=20, choices=Rule.choices)
    base_points = models.DecimalField(_("base points"), **POINTS, null=True, blank=True)
    bonus_per_point = models.DecimalField(
        _("bonus per point above target"), **POINTS, null=True, blank=True
    )
    deduction_per_point = models.DecimalField(
        _("deduction per point below target"), **POINTS, null=True, blank=True
    )
    floor_points = models.DecimalField(_("floor"), **POINTS, null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.ENTERED
    )
    description = models.TextField(_("how it is measured"), blank=True)

    objects = CriterionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["pact", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["pact", "number"],
                name="emulation_criterion_unique_number_per_pact",
                violation_error_message=_("The pact already has a criterion with this number."),
            ),
            models.CheckConstraint(
                condition=Q(max_points__gt=0),
                name="emulation_criterion_max_points_positive",
                violation_error_message=_("The maximum points must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0),
                name="emulation_criterion_target_not_negative",
                violation_error_message=_("The target cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(source="entered") | Q(target__isnull=False),
                name="emulation_criterion_entered_has_target",
                violation_error_message=_("A criterion entered by the units needs a target."),
            ),
            models.CheckConstraint(
                condition=Q(source="entered") | Q(measure="percent"),
                name="emulation_criterion_computed_is_percent",
                violation_error_message=_(
                    "A criterion computed from enforcement statistics is a percentage."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(rule="base_bonus")
                | Q(
                    base_points__isnull=False,
                    bonus_per_point__isnull=False,
                    deduction_per_point__isnull=False,
                    floor_points__isnull=False,
                    bonus_per_point__gte=0,
                    deduction_per_point__gte=0,
                    floor_points__lte=models.F("base_points"),
                    base_points__lte=models.F("max_points"),
                ),
                name="emulation_criterion_base_bonus_complete",
                violation_error_message=_(
                    "Base points, bonus and deduction (not negative) and a floor are needed "
                    "for this rule, with floor ≤ base points ≤ maximum points."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def is_computed(self) -> bool:
        """Tell whether the values come from enforcement statistics rather than the units."""
        return self.source != self.Source.ENTERED

    @property
    def scoring_table(self) -> ScoringTable:
        """Return the criterion's scoring parameters for the pure scoring functions."""
        return ScoringTable(
            rule=self.rule,
            direction=self.direction,
            max_points=self.max_points,
            base_points=self.base_points,
            bonus_per_point=self.bonus_per_point,
            deduction_per_point=self.deduction_per_point,
            floor_points=self.floor_points,
        )


class IndicatorResultQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def for_user(
        self, user: AbstractBaseUser | AnonymousUser, permission: str | None = None
    ) -> Self:
        """Return the user's units' results and, for a cluster head, all its members' results."""
        permission = permission or view_permission(self.model)
        scope = unit_scope_ids(user, permission)
        if scope is None:
            return self
        headed = self.filter(criterion__pact__cluster__head__in=scope)
        return super().for_user(user, permission) | headed


class IndicatorResult(models.Model):
    """A member unit's value for one criterion, entered, submitted, then locked on review."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        LOCKED = "locked", _("locked after review")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="indicator_results"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="results"
    )
    value = models.DecimalField(_("value"), **FIGURE)
    numerator = models.DecimalField(_("numerator"), **FIGURE, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), **FIGURE, null=True, blank=True)
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("The reports or documents the figure comes from."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)

    objects = IndicatorResultQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator result")
        verbose_name_plural = _("indicator results")
        ordering = ["criterion__pact", "criterion__number", "unit__code"]
        permissions = [
            ("submit_indicator_result", _("Can submit the indicator results of own units")),
            ("lock_indicator_result", _("Can lock indicator results after review")),
            ("unlock_indicator_result", _("Can unlock a locked indicator result")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "criterion"],
                name="emulation_indicator_result_unique_per_unit_criterion",
                violation_error_message=_(
                    "This unit already has a result for this criterion; change that one instead."
                ),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="emulation_indicator_result_value_not_negative",
                violation_error_message=_("The value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True, denominator__isnull=True)
                | Q(numerator__gte=0, denominator__gt=0),
                name="emulation_indicator_result_fraction_complete",
                violation_error_message=_(
                    "Enter both the numerator and a denominator greater than zero, or neither."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="locked") | Q(locked_at__isnull=False),
                name="emulation_indicator_result_locked_has_time",
                violation_error_message=_("A locked result records when it was locked."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.criterion}"

    @property
    def is_locked(self) -> bool:
        """Tell whether the result was locked after review and can no longer change."""
        return self.status == self.Status.LOCKED
