"""The parties of a case, its judgments and the catalogue of the courts that issue them.

A register row names several debtors and creditors with their addresses ("Ông Hoàng Đình Lâm -
Bà Nguyễn Thị Thuý; Đ/c: Xã Tân Kỳ, tỉnh Nghệ An"), the agency itself as creditor of court
fees and fines, and one or more judgments (first instance and appeal) with their court: a
"TAND KV7 - NA" of the 2025 regional courts (Nghị quyết 81/2025/UBTVQH15).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.scoping import ScopedQuerySet


class PartyRole(models.TextChoices):
    DEBTOR = "debtor", _("debtor")
    CREDITOR = "creditor", _("creditor")


class PartyKind(models.TextChoices):
    PERSON = "person", _("person")
    ORGANISATION = "organisation", _("organisation")
    # Court fees and fines are owed to the State: the enforcement agency collects them itself.
    AGENCY = "agency", _("the enforcement agency itself (court fees, fines)")


class CasePartyQuerySet(ScopedQuerySet):
    scope_field = "case__unit"


class CaseParty(models.Model):
    """A debtor (người phải thi hành án) or creditor (người được thi hành án) of a case.

    The case's ``debtor`` and ``creditor`` texts are the parties' names as the lists, exports
    and search read them (``services.parties``), kept from these rows.
    """

    # Indexed by (case, role, position) below, which also serves the foreign key.
    case = models.ForeignKey(
        "enforcement.EnforcementCase",
        verbose_name=_("enforcement case"),
        on_delete=models.CASCADE,
        related_name="parties",
        db_index=False,
    )
    role = models.CharField(_("role"), max_length=10, choices=PartyRole.choices)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PartyKind.choices, default=PartyKind.PERSON
    )
    name = models.CharField(_("name"), max_length=255)
    address = models.CharField(_("postal address"), max_length=255, blank=True)
    # The order the register writes them in: the first debtor heads the case's line.
    position = models.PositiveSmallIntegerField(_("order in the register"), default=0)

    objects = CasePartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["case", "role", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=PartyRole.values), name="enforcement_party_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PartyKind.values), name="enforcement_party_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="enforcement_party_name_not_empty",
                violation_error_message=_("A party needs a name."),
            ),
            # The agency collects court fees and fines: it is a creditor, never a debtor.
            models.CheckConstraint(
                condition=~Q(kind=PartyKind.AGENCY) | Q(role=PartyRole.CREDITOR),
                name="enforcement_party_agency_only_creditor",
                violation_error_message=_("The enforcement agency can only be a creditor."),
            ),
        ]
        indexes = [
            models.Index(fields=["case", "role", "position"], name="enforcement_party_case"),
        ]

    def __str__(self) -> str:
        return self.name


class Court(models.Model):
    """A court that issues judgments: reference data every user reads, kept by the ministry.

    Loaded from ``enforcement/reference/courts.csv`` (``manage.py load_courts``); a court that
    ceased (the high courts and the district courts on 1 July 2025) keeps its rows, dated.
    """

    class Kind(models.TextChoices):
        SUPREME = "supreme", _("supreme people's court")
        HIGH = "high", _("high people's court")
        PROVINCIAL = "provincial", _("provincial people's court")
        REGIONAL = "regional", _("regional people's court")
        DISTRICT = "district", _("district people's court")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # As the registers write it: "TAND KV7 - NA".
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    province = models.CharField(_("province"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("court")
        verbose_name_plural = _("courts")
        ordering = ["kind", "province", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["supreme", "high", "provincial", "regional", "district"]),
                name="enforcement_court_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="enforcement_court_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class JudgmentQuerySet(ScopedQuerySet):
    scope_field = "case__unit"


class Judgment(models.Model):
    """A judgment (bản án) or decision (quyết định) of a court that the case enforces."""

    class Kind(models.TextChoices):
        JUDGMENT = "judgment", _("court judgment")
        DECISION = "decision", _("court decision")

    class Instance(models.TextChoices):
        FIRST = "first", _("first instance")
        APPEAL = "appeal", _("appeal")
        OTHER = "other", _("other")

    # Indexed by the unique (case, court, number) below, which also serves the foreign key.
    case = models.ForeignKey(
        "enforcement.EnforcementCase",
        verbose_name=_("enforcement case"),
        on_delete=models.CASCADE,
        related_name="judgments",
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.JUDGMENT)
    number = models.CharField(_("judgment number"), max_length=50)
    issued_on = models.DateField(_("date issued"))
    court = models.ForeignKey(
        Court, verbose_name=_("issuing court"), on_delete=models.PROTECT, related_name="judgments"
    )
    instance = models.CharField(
        _("instance"), max_length=10, choices=Instance.choices, default=Instance.FIRST
    )

    objects = JudgmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("judgment")
        verbose_name_plural = _("judgments")
        ordering = ["case", "issued_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "court", "number"],
                name="enforcement_judgment_unique_per_case",
                violation_error_message=_("The case already names this judgment of this court."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["judgment", "decision"]),
                name="enforcement_judgment_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(instance__in=["first", "appeal", "other"]),
                name="enforcement_judgment_instance_valid",
            ),
            models.CheckConstraint(
                condition=~Q(number=""), name="enforcement_judgment_number_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.issued_on:%d/%m/%Y} · {self.court}"
