"""Enforcement cases, their events, targets, statistical years and the frozen yearly figures."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.models import ImportJob, Unit
from organizations.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

# The statistical year N runs from 1 October of N-1 to 30 September of N.
YEAR_START_MONTH = 10


def statistical_year_of(day: datetime.date) -> int:
    """Return the statistical year a day belongs to."""
    return day.year + 1 if day.month >= YEAR_START_MONTH else day.year


def statistical_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day of a statistical year."""
    return datetime.date(year - 1, YEAR_START_MONTH, 1), datetime.date(year, 9, 30)


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


class EnforcementCaseQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def open_on(self, day: datetime.date) -> EnforcementCaseQuerySet:
        """Return the cases accepted by the day and not closed before it."""
        return self.filter(accepted_on__lte=day).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=day)
        )

    def in_statistical_year(self, year: int) -> EnforcementCaseQuerySet:
        """Return the cases counted in a statistical year: accepted by its end, open at start."""
        start, end = statistical_year_bounds(year)
        return self.filter(accepted_on__lte=end).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=start)
        )


class EnforcementCase(models.Model):
    """One enforcement decision (quyết định thi hành án) and its current state."""

    # No index of its own: (unit, decision_number) and (unit, accepted_on) below lead with it.
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="enforcement_cases",
        db_index=False,
    )
    decision_number = models.CharField(_("enforcement decision number"), max_length=50)
    decision_date = models.DateField(_("decision date"))
    accepted_on = models.DateField(_("accepted on"))
    judgment = models.CharField(_("judgment or decision enforced"), max_length=255)
    judgment_kind = models.CharField(
        _("judgment kind"), max_length=30, choices=JudgmentKind.choices, default=JudgmentKind.CIVIL
    )
    initiation = models.CharField(_("initiation"), max_length=20, choices=Initiation.choices)
    debtor = models.CharField(_("debtor"), max_length=255)
    creditor = models.CharField(_("creditor"), max_length=255, blank=True)
    amount_due = models.BigIntegerField(_("amount to enforce (VND)"), default=0)
    amount_recovered = models.BigIntegerField(_("amount recovered (VND)"), default=0)
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
                fields=["unit", "decision_number"],
                name="enforcement_case_unique_number_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(amount_due__gte=0), name="enforcement_case_amount_due_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(amount_recovered__gte=0),
                name="enforcement_case_amount_recovered_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_recovered__lte=F("amount_due")),
                name="enforcement_case_recovered_not_above_due",
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
        ]
        indexes = [
            models.Index(fields=["unit", "accepted_on"], name="enforcement_case_unit_accepted"),
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
        ]

    def __str__(self) -> str:
        return self.decision_number

    @property
    def is_open(self) -> bool:
        """Tell whether the case is still being enforced."""
        return self.status in OPEN_STATUSES

    @property
    def amount_outstanding(self) -> int:
        """Return what is left to recover."""
        return self.amount_due - self.amount_recovered


class CaseEventQuerySet(ScopedQuerySet):
    scope_field = "case__unit"


class CaseEvent(models.Model):
    """A dated change of a case: who recorded what, with the state it left the case in."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("opened")
        # A case a bulk import brought in: one event, dated the day its imported state began
        # (the closing date of a closed case, else the accepted date), carrying that state.
        IMPORTED = "imported", _("imported from a file")
        ELIGIBILITY_CHANGED = "eligibility_changed", _("eligibility changed")
        POSTPONED = "postponed", _("postponed")
        RESUMED = "resumed", _("resumed")
        SUSPENDED = "suspended", _("suspended")
        COMPLETED = "completed", _("completed")
        TERMINATED = "terminated", _("terminated")
        ENTRUSTED = "entrusted", _("entrusted out")
        WITHDRAWN = "withdrawn", _("withdrawn / cancelled")
        PAYMENT = "payment", _("payment recorded")
        CORRECTED = "corrected", _("corrected")
        MOVED = "moved", _("moved to successor unit")

    # Indexed by (case, occurred_on, id) below, which also serves the foreign key.
    case = models.ForeignKey(
        EnforcementCase,
        verbose_name=_("enforcement case"),
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,
    )
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Empty on an imported case's first event: its import job names the user (see
    # ``author``). Indexed only where set (see Meta).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    amount = models.BigIntegerField(_("amount (VND)"), default=0)
    note = models.TextField(_("note"), blank=True)
    # The import the event came from: a status-update file, or the file that created the
    # case (its first event, written when the case first changes; see ImportedCases).
    import_job = models.ForeignKey(
        "organizations.ImportJob",
        verbose_name=_("import"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_events",
    )
    status_after = models.CharField(_("status after"), max_length=20, choices=Status.choices)
    eligibility_after = models.CharField(
        _("eligibility after"), max_length=20, choices=Eligibility.choices
    )

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["occurred_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="enforcement_caseevent_amount_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["case", "occurred_on", "id"], name="enforcement_event_case_day"),
            models.Index(
                fields=["recorded_by"],
                name="enforcement_event_recorder",
                condition=Q(recorded_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()} · {self.occurred_on:%d/%m/%Y}"

    @property
    def author(self) -> AbstractBaseUser | None:
        """Return who recorded the event: its user, or the user of the import it came from."""
        if self.recorded_by_id is None and self.import_job_id is not None:
            return self.import_job.uploaded_by
        return self.recorded_by


class TargetQuerySet(ScopedQuerySet):
    scope_field = "unit"


class Target(models.Model):
    """The resolution ratios the ministry assigns to a unit for a statistical year."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="enforcement_targets"
    )
    year = models.PositiveSmallIntegerField(_("statistical year"))
    case_ratio = models.DecimalField(_("target ratio in cases (%)"), max_digits=5, decimal_places=2)
    money_ratio = models.DecimalField(
        _("target ratio in money (%)"), max_digits=5, decimal_places=2
    )

    objects = TargetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-year", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="enforcement_target_unique_per_unit_year"
            ),
            models.CheckConstraint(
                condition=Q(case_ratio__gte=0) & Q(case_ratio__lte=100),
                name="enforcement_target_case_ratio_percent",
            ),
            models.CheckConstraint(
                condition=Q(money_ratio__gte=0) & Q(money_ratio__lte=100),
                name="enforcement_target_money_ratio_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"


class StatisticalYear(models.Model):
    """A statistical year that has been opened for work, closed or reopened."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    year = models.PositiveSmallIntegerField(_("statistical year"), unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statistical year")
        verbose_name_plural = _("statistical years")
        ordering = ["-year"]
        permissions = [
            ("close_statistical_year", _("Can close a statistical year")),
            ("reopen_statistical_year", _("Can reopen a statistical year and correct its cases")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="open") | Q(closed_at__isnull=False),
                name="enforcement_statisticalyear_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_closed(self) -> bool:
        """Tell whether the year's figures are frozen."""
        return self.state == self.State.CLOSED

    @property
    def bounds(self) -> tuple[datetime.date, datetime.date]:
        """Return the year's first and last day."""
        return statistical_year_bounds(self.year)


class YearLogEntry(models.Model):
    """Who closed or reopened a statistical year, when and why; corrections made meanwhile."""

    class Action(models.TextChoices):
        CLOSED = "closed", _("closed")
        REOPENED = "reopened", _("reopened")
        CORRECTED = "corrected", _("case corrected in a closed year")

    statistical_year = models.ForeignKey(
        StatisticalYear,
        verbose_name=_("statistical year"),
        on_delete=models.CASCADE,
        related_name="log_entries",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    case = models.ForeignKey(
        EnforcementCase,
        verbose_name=_("enforcement case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("statistical year log entry")
        verbose_name_plural = _("statistical year log")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action="closed") | ~Q(reason=""),
                name="enforcement_yearlogentry_reason_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statistical_year} · {self.get_action_display()}"


class AnnualSnapshotQuerySet(ScopedQuerySet):
    scope_field = "unit"


class AnnualSnapshot(models.Model):
    """The frozen figures of a closed statistical year for one unit's own cases.

    Only the independent lines are stored; totals, ratios and differences are derived
    exactly as for live figures, so a snapshot cannot disagree with itself.
    """

    statistical_year = models.ForeignKey(
        StatisticalYear,
        verbose_name=_("statistical year"),
        on_delete=models.CASCADE,
        related_name="snapshots",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="enforcement_snapshots"
    )
    carried_over = models.PositiveIntegerField(_("carried over"))
    newly_accepted = models.PositiveIntegerField(_("newly accepted"))
    entrusted = models.PositiveIntegerField(_("entrusted out"))
    withdrawn = models.PositiveIntegerField(_("withdrawn / cancelled"))
    not_eligible = models.PositiveIntegerField(_("not yet eligible"))
    completed = models.PositiveIntegerField(_("completed"))
    terminated = models.PositiveIntegerField(_("terminated"))
    postponed = models.PositiveIntegerField(_("postponed"))
    suspended = models.PositiveIntegerField(_("suspended"))
    in_progress = models.PositiveIntegerField(_("in progress"))
    carried_over_money = models.BigIntegerField(_("carried over (VND)"))
    newly_accepted_money = models.BigIntegerField(_("newly accepted (VND)"))
    entrusted_money = models.BigIntegerField(_("entrusted out (VND)"))
    withdrawn_money = models.BigIntegerField(_("withdrawn / cancelled (VND)"))
    not_eligible_money = models.BigIntegerField(_("not yet eligible (VND)"))
    completed_money = models.BigIntegerField(_("completed (VND)"))
    terminated_money = models.BigIntegerField(_("terminated (VND)"))
    postponed_money = models.BigIntegerField(_("postponed (VND)"))
    suspended_money = models.BigIntegerField(_("suspended (VND)"))
    in_progress_money = models.BigIntegerField(_("in progress (VND)"))
    case_target = models.DecimalField(
        _("target ratio in cases (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    money_target = models.DecimalField(
        _("target ratio in money (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    objects = AnnualSnapshotQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual snapshot")
        verbose_name_plural = _("annual snapshots")
        ordering = ["-statistical_year__year", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["statistical_year", "unit"],
                name="enforcement_snapshot_unique_per_unit_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.statistical_year}"


class CaseSearchText(models.Model):
    """What the admin searches in a case: its decision number, debtor, creditor and judgment.

    One text per case, the four fields in capitals joined by newlines (a search term never
    holds one, so it cannot match across two fields), under one trigram index on PostgreSQL:
    the bulk import's writes to the case table then carry no search index (enforcement.search).
    """

    case = models.OneToOneField(
        EnforcementCase,
        verbose_name=_("enforcement case"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_text",
    )
    text = models.TextField(_("search text"))

    class Meta:
        verbose_name = _("case search text")
        verbose_name_plural = _("case search texts")

    def __str__(self) -> str:
        return str(self.case_id)


class CaseIdRange(models.Model):
    """Cases with ids from ``first_id`` to ``last_id``: how bulk writes name what they wrote."""

    first_id = models.BigIntegerField(_("first case id"))
    last_id = models.BigIntegerField(_("last case id"))

    class Meta:
        abstract = True
        ordering = ["first_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_id__gte=F("first_id")),
                name="%(app_label)s_%(class)s_range_in_order",
            ),
        ]


class CaseSearchBacklog(CaseIdRange):
    """Cases with ids from ``first_id`` to ``last_id`` may still lack their search text.

    A bulk import writes one such range in its transaction; the background task indexes it
    and deletes it, and until then the search reads those cases' own fields.
    """

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta(CaseIdRange.Meta):
        verbose_name = _("case search backlog")
        verbose_name_plural = _("case search backlog")

    def __str__(self) -> str:
        return f"{self.first_id}–{self.last_id}"


class ImportedCases(CaseIdRange):
    """The cases an import created: ids ``first_id`` to ``last_id``, from ``import_job``.

    A bulk import writes one row per run of consecutive ids it took, not one row per case:
    this is how an imported case names its file, user and time. The case's first event is
    written only when the case first changes (``services.cases.record_imported_states``),
    carrying the state the file gave it; until then the case row alone is its state.
    """

    import_job = models.ForeignKey(
        "organizations.ImportJob",
        verbose_name=_("import"),
        on_delete=models.PROTECT,
        related_name="case_ranges",
    )

    class Meta(CaseIdRange.Meta):
        verbose_name = _("imported cases")
        verbose_name_plural = _("imported cases")
        indexes = [
            models.Index(fields=["first_id", "last_id"], name="enforcement_imported_range"),
        ]

    def __str__(self) -> str:
        return f"{self.import_job} · {self.first_id}–{self.last_id}"

    @classmethod
    def job_of(cls, case_id: int) -> ImportJob | None:
        """Return the import that created the case, or None for a case entered by hand."""
        found = (
            cls.objects.filter(first_id__lte=case_id, last_id__gte=case_id)
            .select_related("import_job__uploaded_by")
            .order_by("-first_id")
            .first()
        )
        return found.import_job if found is not None else None
