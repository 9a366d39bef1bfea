"""Enforcement cases: the decision, its parties' sums, its state and its enforcer."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enforcement.models.entrustment import (
    EntrustmentFields,
    entrustment_constraints,
    entrustment_indexes,
)
from enforcement.models.years import statistical_year_bounds
from organizations.models import Unit
from organizations.scoping import ScopedQuerySet

# The day an open case is treated as closed on, when asking whether it was open on a day
# (``selectors.outcomes.later_than``; the index of each unit's cases open since a day).
NEVER_CLOSED = datetime.date.max


class Status(models.TextChoices):
    IN_PROGRESS = "in_progress", _("in progress")
    POSTPONED = "postponed", _("postponed")
    SUSPENDED = "suspended", _("suspended")
    COMPLETED = "completed", _("completed")
    TERMINATED = "terminated", _("terminated")
    ENTRUSTED = "entrusted", _("entrusted out")
    WITHDRAWN = "withdrawn", _("withdrawn / cancelled")


OPEN_STATUSES = (Status.IN_PROGRESS, Status.POSTPONED, Status.SUSPENDED)
CLOSED_STATUSES = (Status.COMPLETED, Status.TERMINATED, Status.ENTRUSTED, Status.WITHDRAWN)


class Eligibility(models.TextChoices):
    ELIGIBLE = "eligible", _("eligible")
    NOT_ELIGIBLE = "not_eligible", _("not yet eligible")


class JudgmentKind(models.TextChoices):
    CIVIL = "civil", _("civil")
    CRIMINAL = "criminal", _("criminal")
    ADMINISTRATIVE = "administrative", _("administrative")
    MARRIAGE_FAMILY = "marriage_family", _("marriage and family")
    BUSINESS_COMMERCIAL = "business_commercial", _("business and commercial")
    LABOUR = "labour", _("labour")
    BANKRUPTCY = "bankruptcy", _("bankruptcy")
    ARBITRATION = "arbitration", _("arbitration")
    OTHER = "other", _("other")


class Initiation(models.TextChoices):
    PROACTIVE = "proactive", _("proactive")
    ON_REQUEST = "on_request", _("on request")


class DecisionYear(models.Func):
    """The year of a date, as a stored generated column may compute it on both databases."""

    output_field = models.PositiveSmallIntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        # SQLite keeps dates as ISO text: the year is its first four characters (the
        # built-in functions only: a generated column cannot call Django's own).
        return self.as_sql(
            compiler, connection, template="CAST(substr(%(expressions)s, 1, 4) AS integer)"
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        return self.as_sql(
            compiler, connection, template="(EXTRACT(YEAR FROM %(expressions)s))::smallint"
        )


class EnforcementCaseQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def in_statistical_year(self, year: int) -> EnforcementCaseQuerySet:
        """Return the cases counted in a statistical year: accepted by its end, open at start."""
        start, end = statistical_year_bounds(year)
        return self.filter(accepted_on__lte=end).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=start)
        )


class EnforcementCase(EntrustmentFields):
    """One enforcement decision (quyết định thi hành án) and its current state.

    The fields of an entrustment sent or received are in ``EntrustmentFields``.
    """

    # The office that handles the case (a regional office of the issuing agency, or the
    # agency itself); scoping follows it. No index of its own: (unit, accepted_on) below
    # leads with it.
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("handling office"),
        on_delete=models.PROTECT,
        related_name="enforcement_cases",
        db_index=False,
    )
    # The provincial agency that issued the enforcement decision: from 1 July 2025 only the
    # 34 provincial agencies are legal entities and issue decisions, which their regional
    # offices handle (Nghị quyết 202/2025/QH15; Luật Thi hành án dân sự sửa đổi 2025).
    # No index of its own: the unique (agency, year, number) below leads with it.
    issuing_agency = models.ForeignKey(
        Unit,
        verbose_name=_("issuing agency"),
        on_delete=models.PROTECT,
        related_name="issued_cases",
        db_index=False,
    )
    # The unit that accepted the case, kept when another unit has handled it since (a
    # merger, or from 1 July 2025 a reassignment within one agency), and the first day of
    # the handling unit: a period that ended before that day counts the case under the
    # accepting unit (followed through the units' lineage, ``selectors.lineage``). Both are
    # empty for a case its unit accepted.
    accepting_unit = models.ForeignKey(
        Unit,
        verbose_name=_("accepting unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accepted_cases",
        db_index=False,
    )
    handled_since = models.DateField(_("handled by its unit since"), null=True, blank=True)
    decision_number = models.CharField(_("enforcement decision number"), max_length=50)
    decision_date = models.DateField(_("decision date"))
    # The year of the decision, kept by the database itself: decision numbers restart every
    # year ("46/QĐ-THADS"), so they are unique per agency and year (see Meta).
    decision_year = models.GeneratedField(
        expression=DecisionYear("decision_date"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        verbose_name=_("decision year"),
    )
    accepted_on = models.DateField(_("accepted on"))
    judgment = models.CharField(_("judgment or decision enforced"), max_length=255)
    judgment_kind = models.CharField(
        _("judgment kind"), max_length=30, choices=JudgmentKind.choices, default=JudgmentKind.CIVIL
    )
    initiation = models.CharField(_("initiation"), max_length=20, choices=Initiation.choices)
    debtor = models.CharField(_("debtor"), max_length=255)
    creditor = models.CharField(_("creditor"), max_length=255, blank=True)
    amount_due = models.BigIntegerField(_("amount to enforce (VND)"), default=0)
    # The money collected and the reductions or exemptions (giảm, miễn) granted so far: the
    # sums of the case's events (``CaseEvent.collected``, ``CaseEvent.reduced``), kept on
    # the row for the lists and the statistics.
    amount_recovered = models.BigIntegerField(_("amount recovered (VND)"), default=0)
    amount_reduced = models.BigIntegerField(
        _("amount reduced or exempted (VND)"), default=0, db_default=0
    )
    eligibility = models.CharField(_("eligibility"), max_length=20, choices=Eligibility.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    closed_on = models.DateField(_("closing date"), null=True, blank=True)
    # The day of the last change of status or eligibility: statistics of a period that ended
    # before it read the state at the period's end from the events instead of this row.
    state_changed_on = models.DateField(_("state changed on"))
    # The state before the last change and the day it began: statistics of a period that
    # ended between the two read it from here, and only cases changed twice since the
    # period's end need their events.
    previous_status = models.CharField(
        _("previous status"), max_length=20, choices=Status.choices, blank=True
    )
    previous_eligibility = models.CharField(
        _("previous eligibility"), max_length=20, choices=Eligibility.choices, blank=True
    )
    previous_state_changed_on = models.DateField(_("previous state since"), null=True, blank=True)
    # Indexed only where set (see Meta): a few cases in a hundred are entrusted out.
    entrusted_to = models.ForeignKey(
        Unit,
        verbose_name=_("entrusted to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entrusted_cases",
        db_index=False,
    )
    # The legal ground of the current state (postponed, suspended, terminated or not yet
    # eligible), and of the previous one: statistics count by it (see direct_lines).
    # Indexed only where set (see Meta).
    ground = models.ForeignKey(
        "enforcement.LegalGround",
        verbose_name=_("legal ground"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    previous_ground = models.ForeignKey(
        "enforcement.LegalGround",
        verbose_name=_("previous legal ground"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # The enforcer (chấp hành viên) the case is assigned to, a person of its unit, and the
    # day of the last assignment: statistics of a period that ended before that day read the
    # enforcer then from the case's REASSIGNED events (see enforcement.selectors.enforcers).
    # Indexed only where set (see Meta).
    enforcer = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("enforcer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_cases",
        db_index=False,
    )
    enforcer_since = models.DateField(_("enforcer assigned on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = EnforcementCaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enforcement case")
        verbose_name_plural = _("enforcement cases")
        ordering = ["-accepted_on", "-id"]
        permissions = [
            ("change_case_status", _("Can change the status of an enforcement case")),
            ("view_statistics", _("Can read the enforcement statistics")),
            ("merge_unit_cases", _("Can move a closed unit's open cases to its successor")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_agency", "decision_year", "decision_number"],
                name="enforcement_case_unique_number_per_agency_year",
                violation_error_message=_(
                    "The issuing agency already has an enforcement decision with this number "
                    "in this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount_due__gte=0), name="enforcement_case_amount_due_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(amount_recovered__gte=0),
                name="enforcement_case_amount_recovered_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_reduced__gte=0),
                name="enforcement_case_amount_reduced_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_recovered__lte=F("amount_due") - F("amount_reduced")),
                name="enforcement_case_settled_not_above_due",
            ),
            models.CheckConstraint(
                condition=(Q(status__in=OPEN_STATUSES) & Q(closed_on__isnull=True))
                | (Q(status__in=CLOSED_STATUSES) & Q(closed_on__isnull=False)),
                name="enforcement_case_closed_iff_closing_date",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("accepted_on")),
                name="enforcement_case_closed_not_before_accepted",
            ),
            models.CheckConstraint(
                condition=Q(state_changed_on__gte=F("accepted_on")),
                name="enforcement_case_state_change_not_before_accepted",
            ),
            models.CheckConstraint(
                condition=Q(previous_state_changed_on__isnull=True)
                | (
                    Q(previous_state_changed_on__lte=F("state_changed_on"))
                    & Q(previous_state_changed_on__gte=F("accepted_on"))
                ),
                name="enforcement_case_previous_state_in_order",
            ),
            models.CheckConstraint(
                condition=(Q(status=Status.ENTRUSTED) & Q(entrusted_to__isnull=False))
                | (~Q(status=Status.ENTRUSTED) & Q(entrusted_to__isnull=True)),
                name="enforcement_case_entrusted_iff_receiving_unit",
            ),
            models.CheckConstraint(
                condition=~Q(entrusted_to=F("unit")),
                name="enforcement_case_not_entrusted_to_itself",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[choice.value for choice in Status]),
                name="enforcement_case_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(eligibility__in=[choice.value for choice in Eligibility]),
                name="enforcement_case_eligibility_valid",
            ),
            models.CheckConstraint(
                condition=Q(enforcer__isnull=True, enforcer_since__isnull=True)
                | Q(enforcer__isnull=False, enforcer_since__gte=F("accepted_on")),
                name="enforcement_case_enforcer_since_iff_enforcer",
            ),
            # A closed case's enforcer at closing is its enforcer now (statistics rely on it).
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(enforcer_since__isnull=True)
                | Q(enforcer_since__lte=F("closed_on")),
                name="enforcement_case_closed_not_before_assignment",
                violation_error_message=_(
                    "A case cannot be closed before the day it was last assigned to an "
                    "enforcer: record changes in the order they happened."
                ),
            ),
            *entrustment_constraints(Status.ENTRUSTED),
        ]
        indexes = [
            models.Index(fields=["unit", "accepted_on"], name="enforcement_case_unit_accepted"),
            # A few units' statistics of a period: their cases still open at its start and
            # accepted by its end, not the ten years of cases they closed before (24,926
            # cases read for 3,329 counted, four times, in one office's yearly figures).
            models.Index(
                F("unit"),
                Coalesce(F("closed_on"), Value(NEVER_CLOSED)),
                F("accepted_on"),
                name="enforcement_case_unit_open",
            ),
            models.Index(fields=["accepted_on", "id"], name="enforcement_case_accepted_id"),
            models.Index(fields=["closed_on"], name="enforcement_case_closed_on"),
            # The changelist filtered by status, newest first, and its capped count.
            models.Index(
                fields=["status", "accepted_on", "id"], name="enforcement_case_status_day"
            ),
            # Statistics of a period look up the events of cases changed after its end.
            models.Index(fields=["state_changed_on"], name="enforcement_case_state_changed"),
            models.Index(
                fields=["previous_state_changed_on"], name="enforcement_case_previous_day"
            ),
            models.Index(
                fields=["entrusted_to"],
                name="enforcement_case_entrusted",
                condition=Q(entrusted_to__isnull=False),
            ),
            models.Index(
                fields=["ground"],
                name="enforcement_case_ground",
                condition=Q(ground__isnull=False),
            ),
            models.Index(
                fields=["previous_ground"],
                name="enforcement_case_prev_ground",
                condition=Q(previous_ground__isnull=False),
            ),
            # The changelist filtered by enforcer, and the per-enforcer statistics' lookup of
            # cases reassigned after a period's end.
            models.Index(
                fields=["enforcer", "accepted_on"],
                name="enforcement_case_enforcer",
                condition=Q(enforcer__isnull=False),
            ),
            models.Index(
                fields=["enforcer_since"],
                name="enforcement_case_enforcer_day",
                condition=Q(enforcer_since__isnull=False),
            ),
            # Statistics of a period before a handover find the few cases handed over since,
            # and the accepting unit's own.
            models.Index(
                fields=["handled_since"],
                name="enforcement_case_handed_over",
                condition=Q(handled_since__isnull=False),
            ),
            models.Index(
                fields=["accepting_unit", "handled_since"],
                name="enforcement_case_accepting",
                condition=Q(accepting_unit__isnull=False),
            ),
            *entrustment_indexes(),
        ]

    def __str__(self) -> str:
        return self.decision_number

    @property
    def accepted_by_id(self) -> int:
        """Return the id of the unit that accepted the case (its unit, unless handed over)."""
        return self.accepting_unit_id or self.unit_id

    @property
    def is_open(self) -> bool:
        """Tell whether the case is still being enforced."""
        return self.status in OPEN_STATUSES

    @property
    def amount_outstanding(self) -> int:
        """Return the balance: the amount due less what was collected, reduced or exempted."""
        return self.amount_due - self.amount_recovered - self.amount_reduced
