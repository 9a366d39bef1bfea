"""Emulation movements, and the clusters and blocs whose members sign a pact each year."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.models import Unit
from organizations.params import FIRST_YEAR, LAST_YEAR
from organizations.scoping import ScopedQuerySet, unit_scope_ids, view_permission

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


def year_in_range(field: str = "year") -> Q:
    """Return the condition that keeps a year column within the years the system handles."""
    return Q(**{f"{field}__gte": FIRST_YEAR, f"{field}__lte": LAST_YEAR})


class Movement(models.Model):
    """A named emulation campaign (phong trào thi đua), who launched it and when it runs.

    Movements are sector-wide information, readable by every role; only administrators
    keep them, so the model is not unit-scoped.
    """

    name = models.CharField(_("name"), max_length=255)
    launched_by = models.ForeignKey(
        Unit,
        verbose_name=_("launched by"),
        on_delete=models.PROTECT,
        related_name="launched_movements",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="emulation_movement_ends_after_start",
                violation_error_message=_("A movement cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ClusterQuerySet(ScopedQuerySet):
    scope_field = "head"

    def for_user(
        self, user: AbstractBaseUser | AnonymousUser, permission: str | None = None
    ) -> Self:
        """Return the clusters the user's units head or, to read them, belong to.

        A member reads its cluster and pact; only the head's units (or the ministry) change
        them, since a change reaches every member.
        """
        permission = permission or view_permission(self.model)
        scope = unit_scope_ids(user, permission)
        if scope is None:
            return self
        headed = super().for_user(user, permission)
        if not permission.partition(".")[2].startswith("view_"):
            return headed
        member_of = ClusterMember.objects.filter(unit__in=scope).values("cluster")
        return headed | self.filter(pk__in=member_of)


class Cluster(models.Model):
    """A cluster or bloc (cụm, khối thi đua) of units for one year, with its head.

    A member is the unit that signs the pact and is ranked. A department of justice that
    signs for its city is scored on enforcement criteria with the figures of the unit named
    by its membership (by default its city's enforcement agency): see ``ClusterMember``.
    """

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("emulation cluster")
        BLOC = "bloc", _("emulation bloc")

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CLUSTER)
    name = models.CharField(_("name"), max_length=255)
    head = models.ForeignKey(
        Unit,
        verbose_name=_("head unit"),
        on_delete=models.PROTECT,
        related_name="headed_clusters",
    )
    deputy_head = models.ForeignKey(
        Unit,
        verbose_name=_("deputy head unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputy_headed_clusters",
    )
    decision_number = models.CharField(_("establishing decision number"), max_length=60)
    decision_date = models.DateField(_("establishing decision date"))
    decided_by = models.CharField(_("establishing authority"), max_length=255, blank=True)

    objects = ClusterQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emulation cluster or bloc")
        verbose_name_plural = _("emulation clusters and blocs")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "name"],
                name="emulation_cluster_unique_name_per_year",
                violation_error_message=_("A cluster of this name already exists for the year."),
            ),
            models.CheckConstraint(
                condition=~Q(deputy_head=F("head")),
                name="emulation_cluster_head_not_deputy",
                violation_error_message=_("The head and the deputy head must be different units."),
            ),
            models.CheckConstraint(
                condition=year_in_range(),
                name="emulation_cluster_year_in_range",
                violation_error_message=_("The year must lie between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class ClusterMemberQuerySet(ScopedQuerySet):
    scope_field = "unit"


class ClusterMember(models.Model):
    """A unit's membership of a cluster for its year.

    ``statistics_unit`` names the unit whose enforcement statistics count for the member's
    computed criteria. Left blank it is the member itself when the member is an enforcement
    agency, and otherwise its city's enforcement agency: the cluster of the centrally-run
    cities is signed by each city's Department of Justice for the city's justice sector, and
    the enforcement figures are kept (and counted once) by the city's agency.
    """

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="members"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("member unit"),
        on_delete=models.PROTECT,
        related_name="cluster_memberships",
    )
    statistics_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit whose enforcement statistics count"),
        help_text=_(
            "Blank: the member itself if it is an enforcement agency, "
            "otherwise the enforcement agency of its city."
        ),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ClusterMemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cluster member")
        verbose_name_plural = _("cluster members")
        ordering = ["cluster", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "unit"],
                name="emulation_cluster_member_unique_unit",
                violation_error_message=_("This unit is already a member of the cluster."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.cluster}"
