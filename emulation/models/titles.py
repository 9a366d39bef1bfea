"""The emulation titles catalogue with its rules as data, title awards and initiatives."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Self

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from emulation.models.clusters import YEAR_VALIDATORS, year_in_range
from emulation.models.rewards import PhysicalItem
from organizations.i18n import in_user_language
from organizations.models import Person, Unit
from organizations.scoping import ScopedQuerySet, unit_scope_ids, view_permission

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
MULTIPLE_VALIDATORS = [MinValueValidator(0)]
THRESHOLD_RANGE_MESSAGE = _(
    "The vote threshold lies above 0 and at most 100 per cent of all council members."
)
# A threshold of 0 would pass a motion nobody voted for; the form says so before the database.
THRESHOLD_VALIDATORS = [
    MinValueValidator(Decimal("0.01"), message=THRESHOLD_RANGE_MESSAGE),
    MaxValueValidator(100, message=THRESHOLD_RANGE_MESSAGE),
]


class Level(models.TextChoices):
    """The level that confers a title or recognises an initiative, from lowest to highest."""

    GRASSROOTS = "grassroots", pgettext_lazy("level", "grassroots")
    MINISTRY = "ministry", pgettext_lazy("level", "ministry")
    NATIONAL = "national", pgettext_lazy("level", "national")


LEVEL_ORDER = {Level.GRASSROOTS: 1, Level.MINISTRY: 2, Level.NATIONAL: 3}


class CommendationType(models.TextChoices):
    """What a commendation honours: công trạng, chuyên đề or đột xuất (Law of 2022).

    Only merit over a period counts towards later merit-based titles and awards; the results
    of a movement's or theme's commendation and of a one-off commendation do not.
    """

    MERIT = "merit", _("merit over a period")
    THEMATIC = "thematic", _("a movement or theme")
    ONE_OFF = "one_off", _("one-off")


def level_reaches(level: str, required: str) -> bool:
    """Tell whether a level is the required one or higher."""
    return LEVEL_ORDER[Level(level)] >= LEVEL_ORDER[Level(required)]


class Title(models.Model):
    """An emulation title of the catalogue (danh hiệu thi đua) and its per-title settings.

    Its eligibility rules are ``TitleRule`` rows, editable by administrators: the legal
    conditions that are not certain live in data, not in code.
    """

    class Recipient(models.TextChoices):
        INDIVIDUAL = "individual", _("individual")
        COLLECTIVE = "collective", _("collective")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    recipient = models.CharField(_("awarded to"), max_length=12, choices=Recipient.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    council_vote_threshold = models.DecimalField(
        _("council vote threshold (%)"),
        max_digits=5,
        decimal_places=2,
        validators=THRESHOLD_VALIDATORS,
        help_text=_("Yes votes needed, as a share of all council members."),
    )
    quota_percent = models.DecimalField(
        _("quota (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
        help_text=_("At most this share of the holders of the title below, in the same unit."),
    )
    quota_of = models.ForeignKey(
        "self",
        verbose_name=_("quota counted against"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reward_multiple = models.DecimalField(
        _("reward (times the base salary)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=MULTIPLE_VALIDATORS,
        help_text=_("The money the title carries, as a multiple of the base salary; 0: none."),
    )
    physical_item = models.CharField(
        _("handed over"),
        max_length=12,
        choices=PhysicalItem.choices,
        default=PhysicalItem.CERTIFICATE,
        help_text=_("Whether the law gives a certificate, a flag or only the money."),
    )
    reward_basis = models.CharField(
        _("legal basis of the reward"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Decree 98/2023/NĐ-CP, Article 54"),
    )
    secret_ballot = models.BooleanField(
        _("secret ballot"),
        default=False,
        help_text=_(
            "The council votes on this title by secret ballot: tallies only, never a "
            "member's vote by name."
        ),
    )
    council_basis = models.CharField(
        _("legal basis of the council's vote"),
        max_length=500,
        blank=True,
        help_text=_("The article that sets the ballot and the threshold."),
    )
    public_comment_days = models.PositiveSmallIntegerField(
        _("public comment (working days)"),
        default=0,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "Working days the nomination is published for comment before the council of "
            "the level that decides it votes; 0: no public comment."
        ),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emulation title")
        verbose_name_plural = _("emulation titles")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(council_vote_threshold__gt=0, council_vote_threshold__lte=100),
                name="emulation_title_vote_threshold_in_range",
                violation_error_message=_("The vote threshold lies between 0 and 100 %."),
            ),
            models.CheckConstraint(
                condition=Q(quota_percent__isnull=True, quota_of__isnull=True)
                | Q(quota_percent__gt=0, quota_percent__lte=100, quota_of__isnull=False),
                name="emulation_title_quota_complete",
                violation_error_message=_(
                    "A quota needs both its share (above 0, at most 100 %) and the title it "
                    "is counted against."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(quota_of=F("pk")),
                name="emulation_title_quota_not_self",
                violation_error_message=_("A title's quota cannot be counted against itself."),
            ),
            models.CheckConstraint(
                condition=Q(reward_multiple__gte=0),
                name="emulation_title_reward_multiple_not_negative",
                violation_error_message=_("A reward multiple cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """Return the name in the user's language: the English name when it is asked for."""
        return in_user_language(self.name, self.name_en)

    @property
    def carries_certificate(self) -> bool:
        """Tell whether the law gives a printed certificate with the title."""
        return self.physical_item == PhysicalItem.CERTIFICATE

    def reward_multiple_for(self, *, individual: bool) -> Decimal:
        """Return the multiple of the base salary the title carries (one recipient kind)."""
        return self.reward_multiple

    def clean(self) -> None:
        if self.pk is not None and self.quota_of_id == self.pk:
            raise ValidationError(
                {"quota_of": _("A title's quota cannot be counted against itself.")},
            )


class TitleAwardQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def for_user(
        self, user: AbstractBaseUser | AnonymousUser, permission: str | None = None
    ) -> Self:
        """Return the awards of the user's units and of their people."""
        permission = permission or view_permission(self.model)
        scope = unit_scope_ids(user, permission)
        if scope is None:
            return self
        return super().for_user(user, permission) | self.filter(person__unit__in=scope)


class TitleAward(models.Model):
    """A title conferred on a person or a unit for a year, by a decision."""

    title = models.ForeignKey(
        Title, verbose_name=_("title"), on_delete=models.PROTECT, related_name="awards"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="title_awards",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="title_awards",
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decided_by = models.CharField(_("issued by"), max_length=255, blank=True)
    commendation_type = models.CharField(
        _("commendation type"),
        max_length=10,
        choices=CommendationType.choices,
        default=CommendationType.MERIT,
        help_text=_("Only merit over a period counts towards later merit-based awards."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = TitleAwardQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("title award")
        verbose_name_plural = _("title awards")
        ordering = ["-year", "title__order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="emulation_title_award_one_recipient",
                violation_error_message=_("A title goes to exactly one person or one unit."),
            ),
            models.UniqueConstraint(
                fields=["title", "year", "person"],
                condition=Q(person__isnull=False),
                name="emulation_title_award_unique_per_person_year",
                violation_error_message=_("This person already holds this title for the year."),
            ),
            models.UniqueConstraint(
                fields=["title", "year", "unit"],
                condition=Q(unit__isnull=False),
                name="emulation_title_award_unique_per_unit_year",
                violation_error_message=_("This unit already holds this title for the year."),
            ),
            models.CheckConstraint(
                condition=year_in_range(),
                name="emulation_title_award_year_in_range",
                violation_error_message=_("The year must lie between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year} · {self.recipient}"

    @property
    def recipient(self) -> Person | Unit | None:
        """Return the person or unit that holds the title."""
        return self.person if self.person_id else self.unit


class InitiativeQuerySet(ScopedQuerySet):
    scope_field = "person__unit"


class Initiative(models.Model):
    """A person's initiative (sáng kiến) recognised at a level by a decision."""

    person = models.ForeignKey(
        Person, verbose_name=_("author"), on_delete=models.PROTECT, related_name="initiatives"
    )
    year = models.PositiveSmallIntegerField(_("year recognised"), validators=YEAR_VALIDATORS)
    name = models.CharField(_("initiative"), max_length=500)
    level = models.CharField(_("recognised at level"), max_length=12, choices=Level.choices)
    decision_number = models.CharField(_("recognising decision number"), max_length=60)
    decision_date = models.DateField(_("recognising decision date"), null=True, blank=True)
    recognised_by = models.CharField(_("recognised by"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = InitiativeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-year", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year", "name"],
                name="emulation_initiative_unique_per_person_year",
                violation_error_message=_(
                    "This initiative is already recorded for this person and year."
                ),
            ),
            models.CheckConstraint(
                condition=year_in_range(),
                name="emulation_initiative_year_in_range",
                violation_error_message=_("The year must lie between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.person}, {self.year})"
