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
from organizations.models import Person, QualityRating, Unit
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


class TitleRule(models.Model):
    """One eligibility condition of a title, with its parameters."""

    class Kind(models.TextChoices):
        SAME_YEAR_TITLE = "same_year_title", _("holds another title in the same year")
        CONSECUTIVE_TITLES = "consecutive_titles", _("holds a title several times in a row")
        INITIATIVE = "initiative", _("has a recognised initiative of a level")
        MEMBER_SHARE = "member_share", _("a share of the unit's members hold a title")
        MEMBER_COUNT = "member_count", _("a number of the unit's members hold a title")
        LEADS_CLUSTER = "leads_cluster", _("leads its emulation cluster")
        QUALITY_RATING = "quality_rating", _("is rated at least a grade, years in a row")
        SERVICE_MONTHS = "service_months", _("has served a number of months in the year")
        DOSSIER_CHECK = "dossier_check", _("checked on the dossier by the council")

    PERSON_KINDS = (Kind.INITIATIVE, Kind.SERVICE_MONTHS)
    UNIT_KINDS = (Kind.MEMBER_SHARE, Kind.MEMBER_COUNT, Kind.LEADS_CLUSTER)

    title = models.ForeignKey(
        Title, verbose_name=_("title"), on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField(_("condition"), max_length=30, choices=Kind.choices)
    required_title = models.ForeignKey(
        Title,
        verbose_name=_("required title"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="required_by_rules",
    )
    count = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_(
            "Times in a row; years within which an initiative counts; or members holding "
            "the required title."
        ),
    )
    every_years = models.PositiveSmallIntegerField(
        _("every … years"),
        default=1,
        help_text=_("For titles held several times in a row: the years between two awards."),
    )
    initiative_level = models.CharField(
        _("lowest initiative level"), max_length=12, choices=Level.choices, blank=True
    )
    share_percent = models.DecimalField(
        _("share of members (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    share_strict = models.BooleanField(
        _("strictly more than the share"),
        default=False,
        help_text=_("Ticked: more than the share; not ticked: at least the share."),
    )
    min_rating = models.CharField(
        _("lowest quality rating"),
        max_length=20,
        choices=QualityRating.Grade.choices,
        blank=True,
        help_text=_("For a rating condition: the lowest yearly rating that meets it."),
    )
    note = models.CharField(_("note (Vietnamese)"), max_length=500, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("title rule")
        verbose_name_plural = _("title rules")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(required_title=F("title")),
                name="emulation_title_rule_not_self_referring",
                violation_error_message=_("A title's rule cannot require the title itself."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="same_year_title", required_title__isnull=False)
                    | Q(
                        kind="consecutive_titles",
                        required_title__isnull=False,
                        count__gte=2,
                        every_years__gte=1,
                    )
                    | Q(kind="initiative", count__gte=1) & ~Q(initiative_level="")
                    | Q(
                        kind="member_share",
                        required_title__isnull=False,
                        share_percent__gt=0,
                        share_percent__lte=100,
                    )
                    | Q(kind="member_count", required_title__isnull=False, count__gte=1)
                    | Q(kind="leads_cluster")
                    | Q(kind="quality_rating", count__gte=1) & ~Q(min_rating="")
                    | Q(kind="service_months", count__gte=1, count__lte=12)
                    | Q(kind="dossier_check") & ~Q(note="")
                ),
                name="emulation_title_rule_parameters_complete",
                violation_error_message=_(
                    "The condition is missing a parameter: a required title, a number (at "
                    "least 2 for titles in a row, 1 to 12 months of service), an initiative "
                    "level, a share, a lowest rating or a note."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.get_kind_display()}"

    @property
    def display_note(self) -> str:
        """Return the note in the user's language."""
        return in_user_language(self.note, self.note_en)

    def clean(self) -> None:
        try:
            # Set even before the title is saved, when the rule comes in with a new title.
            title = self.title
        except Title.DoesNotExist:
            return
        if self.kind in self.PERSON_KINDS and title.recipient != Title.Recipient.INDIVIDUAL:
            raise ValidationError(
                {"kind": _("This condition applies to titles awarded to individuals.")}
            )
        if self.kind in self.UNIT_KINDS and title.recipient != Title.Recipient.COLLECTIVE:
            raise ValidationError(
                {"kind": _("This condition applies to titles awarded to collectives.")}
            )
        if self.required_title_id is None:
            return
        if title.pk is not None and self.required_title_id == title.pk:
            raise ValidationError(
                {"required_title": _("A title's rule cannot require the title itself.")}
            )
        if title.pk is not None and _requires(self.required_title_id, title.pk, exclude=self.pk):
            raise ValidationError(
                {
                    "required_title": _(
                        "“{required}” already requires “{title}”: the rules would go round "
                        "in a circle."
                    ).format(required=self.required_title, title=title)
                }
            )


def _requires(start_id: int, wanted_id: int, *, exclude: int | None) -> bool:
    """Tell whether the title ``start_id`` requires ``wanted_id``, directly or through others."""
    edges: dict[int, set[int]] = {}
    rules = TitleRule.objects.filter(required_title__isnull=False)
    if exclude is not None:
        rules = rules.exclude(pk=exclude)
    for title_id, required_id in rules.values_list("title_id", "required_title_id"):
        edges.setdefault(title_id, set()).add(required_id)
    seen: set[int] = set()
    pending = [start_id]
    while pending:
        current = pending.pop()
        if current == wanted_id:
            return True
        if current in seen:
            continue
        seen.add(current)
        pending.extend(edges.get(current, ()))
    return False


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
