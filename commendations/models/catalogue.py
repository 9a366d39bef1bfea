"""Award forms (Certificates of Merit, Letters of Commendation) and their rules, as data."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation.models import Level, PhysicalItem, Title
from emulation.models.rules import alternative_field, alternative_letter
from emulation.models.titles import MULTIPLE_VALIDATORS, THRESHOLD_VALIDATORS
from organizations.i18n import in_user_language
from organizations.models import QualityRating


class Recipients(models.TextChoices):
    """Who an award form or one of its rules is for."""

    INDIVIDUALS = "individuals", _("individuals")
    COLLECTIVES = "collectives", _("collectives")
    BOTH = "both", _("individuals and collectives")


class DocumentKind(models.TextChoices):
    """Which document of a nomination's dossier a file is, or a requirement asks for."""

    PROPOSAL_LETTER = "proposal_letter", _("proposal letter")
    ACHIEVEMENT_REPORT = "achievement_report", _("achievement report")
    MINUTES = "minutes", _("minutes of the unit's council")
    INITIATIVE_RECOGNITION = (
        "initiative_recognition",
        _("copy of the decision recognising the initiative"),
    )
    OTHER = "other", _("other document")


class AwardForm(models.Model):
    """A form of commendation: the Minister's or the Prime Minister's Certificate of Merit…

    Its eligibility rules are ``AwardFormRule`` rows and its council vote threshold is a
    field: both are data an administrator keeps, not code.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    recipients = models.CharField(
        _("awarded to"), max_length=12, choices=Recipients.choices, default=Recipients.BOTH
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    authority = models.CharField(
        _("conferring authority"),
        max_length=255,
        help_text=_("As printed above the certificate's title, e.g. Bộ trưởng Bộ Tư pháp."),
    )
    certificate_title = models.CharField(
        _("certificate title"),
        max_length=60,
        help_text=_("The word printed large on the certificate, e.g. Bằng khen or Giấy khen."),
    )
    council_vote_threshold = models.DecimalField(
        _("council vote threshold (%)"),
        max_digits=5,
        decimal_places=2,
        validators=THRESHOLD_VALIDATORS,
        help_text=_("Yes votes needed, as a share of all council members."),
    )
    reward_multiple_individual = models.DecimalField(
        _("reward of an individual (times the base salary)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=MULTIPLE_VALIDATORS,
    )
    reward_multiple_collective = models.DecimalField(
        _("reward of a collective (times the base salary)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=MULTIPLE_VALIDATORS,
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
        help_text=_("e.g. Decree 152/2025/NĐ-CP, Article 54"),
    )
    secret_ballot = models.BooleanField(
        _("secret ballot"),
        default=False,
        help_text=_(
            "The council votes on this award form by secret ballot: tallies only, never a "
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
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award form")
        verbose_name_plural = _("award forms")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(council_vote_threshold__gt=0, council_vote_threshold__lte=100),
                name="commendations_award_form_vote_threshold_in_range",
                violation_error_message=_("The vote threshold lies between 0 and 100 %."),
            ),
            models.CheckConstraint(
                condition=Q(reward_multiple_individual__gte=0, reward_multiple_collective__gte=0),
                name="commendations_award_form_reward_multiples_not_negative",
                violation_error_message=_("A reward multiple cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """Return the name in the user's language."""
        return in_user_language(self.name, self.name_en)

    @property
    def carries_certificate(self) -> bool:
        """Tell whether the law gives a printed certificate with the form."""
        return self.physical_item == PhysicalItem.CERTIFICATE

    def reward_multiple_for(self, *, individual: bool) -> Decimal:
        """Return the multiple of the base salary an individual (or a collective) receives."""
        return self.reward_multiple_individual if individual else self.reward_multiple_collective

    def is_for(self, *, individual: bool) -> bool:
        """Tell whether the form may go to an individual (or to a collective)."""
        wanted = Recipients.INDIVIDUALS if individual else Recipients.COLLECTIVES
        return self.recipients in (wanted, Recipients.BOTH)


class AwardFormRule(models.Model):
    """One condition of an award form, for individuals, collectives or both.

    Conditions sharing an alternative number must all hold; one alternative that holds is
    enough (the law's "one of the following cases").
    """

    class Kind(models.TextChoices):
        SAME_YEAR_TITLE = "same_year_title", _("holds a title in the same year")
        CONSECUTIVE_TITLES = "consecutive_titles", _("holds a title several years in a row")
        INITIATIVE = "initiative", _("has a recognised initiative of a level")
        PRIOR_AWARD = "prior_award", _("received another award form in the preceding years")
        PRIOR_AWARD_AT_LEAST = (
            "prior_award_at_least",
            _("received another award form at least a number of years earlier"),
        )
        QUALITY_RATING = "quality_rating", _("is rated at least a grade, years in a row")
        LEADS_CLUSTER = "leads_cluster", _("leads its emulation cluster")
        DOSSIER_CHECK = "dossier_check", _("checked on the dossier by the council")

    award_form = models.ForeignKey(
        AwardForm, verbose_name=_("award form"), on_delete=models.CASCADE, related_name="rules"
    )
    alternative = alternative_field()
    applies_to = models.CharField(
        _("applies to"), max_length=12, choices=Recipients.choices, default=Recipients.BOTH
    )
    kind = models.CharField(_("condition"), max_length=30, choices=Kind.choices)
    required_title = models.ForeignKey(
        Title,
        verbose_name=_("required title"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    required_award_form = models.ForeignKey(
        AwardForm,
        verbose_name=_("required award form"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    count = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_(
            "Years in a row for a title or a rating; years within which initiatives or a "
            "prior award count; for an award received earlier, at least that many years before."
        ),
    )
    initiative_level = models.CharField(
        _("lowest initiative level"), max_length=12, choices=Level.choices, blank=True
    )
    initiatives_needed = models.PositiveSmallIntegerField(
        _("initiatives needed"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("For an initiative condition: how many recognised initiatives it needs."),
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
        verbose_name = _("award form rule")
        verbose_name_plural = _("award form rules")
        ordering = ["award_form", "alternative", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(required_award_form=F("award_form")),
                name="commendations_award_form_rule_not_self_referring",
                violation_error_message=_("A rule cannot require the award form itself."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="same_year_title", required_title__isnull=False)
                    | Q(kind="consecutive_titles", required_title__isnull=False, count__gte=2)
                    | Q(kind="initiative", count__gte=1, initiatives_needed__gte=1)
                    & ~Q(initiative_level="")
                    | Q(kind="prior_award", required_award_form__isnull=False, count__gte=1)
                    | Q(
                        kind="prior_award_at_least",
                        required_award_form__isnull=False,
                        count__gte=1,
                    )
                    | Q(kind="quality_rating", count__gte=1) & ~Q(min_rating="")
                    | Q(kind="leads_cluster")
                    | Q(kind="dossier_check") & ~Q(note="")
                ),
                name="commendations_award_form_rule_parameters_complete",
                violation_error_message=_(
                    "The condition is missing a parameter: a required title or award form, a "
                    "number (at least 2 for titles in a row), an initiative level, a lowest "
                    "rating or a note."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_form} · {self.get_kind_display()}"

    @property
    def display_note(self) -> str:
        """Return the note in the user's language."""
        return in_user_language(self.note, self.note_en)

    @property
    def letter(self) -> str:
        """Return the letter of the rule's alternative: (a), (b)…"""
        return alternative_letter(self.alternative)

    def applies(self, *, individual: bool) -> bool:
        """Tell whether the rule concerns an individual (or a collective) nominee."""
        wanted = Recipients.INDIVIDUALS if individual else Recipients.COLLECTIVES
        return self.applies_to in (wanted, Recipients.BOTH)

    def clean(self) -> None:
        if self.required_award_form_id is None or self.award_form_id is None:
            return
        if self.required_award_form_id == self.award_form_id:
            raise ValidationError(
                {"required_award_form": _("A rule cannot require the award form itself.")}
            )
        if _form_requires(self.required_award_form_id, self.award_form_id, exclude=self.pk):
            raise ValidationError(
                {
                    "required_award_form": _(
                        "“{required}” already requires “{form}”: the rules would go round "
                        "in a circle."
                    ).format(required=self.required_award_form, form=self.award_form)
                }
            )


def _form_requires(start_id: int, wanted_id: int, *, exclude: int | None) -> bool:
    """Tell whether the award form ``start_id`` requires ``wanted_id``, directly or not."""
    rules = AwardFormRule.objects.filter(required_award_form__isnull=False)
    if exclude is not None:
        rules = rules.exclude(pk=exclude)
    edges: dict[int, set[int]] = {}
    for form_id, required_id in rules.values_list("award_form_id", "required_award_form_id"):
        edges.setdefault(form_id, set()).add(required_id)
    seen: set[int] = set()
    pending = [start_id]
    while pending:
        current = pending.pop()
        if current == wanted_id:
            return True
        if current not in seen:
            seen.add(current)
            pending.extend(edges.get(current, ()))
    return False


class DossierRequirement(models.Model):
    """A document a nomination's dossier must carry before it is submitted, per award form.

    The list is data an administrator keeps on the award form's page (Law on Emulation and
    Commendation 2022, Art. 84, and the justice ministry's guidance name the usual
    documents; a later decree may change them), not code. Titles ask for none here: their
    dossiers are checked by the reviewers as before.
    """

    award_form = models.ForeignKey(
        AwardForm,
        verbose_name=_("award form"),
        on_delete=models.CASCADE,
        related_name="dossier_requirements",
    )
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    applies_to = models.CharField(
        _("applies to"), max_length=12, choices=Recipients.choices, default=Recipients.BOTH
    )
    only_with_initiatives = models.BooleanField(
        _("only when initiatives are cited"),
        default=False,
        help_text=_("Required only of nominations that cite the nominee's initiatives."),
    )
    note = models.CharField(_("note (Vietnamese)"), max_length=500, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("required dossier document")
        verbose_name_plural = _("required dossier documents")
        ordering = ["award_form", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["award_form", "kind", "applies_to"],
                name="commendations_dossier_requirement_unique_kind",
                violation_error_message=_(
                    "This document is already required of these nominees for this award form."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_form} · {self.get_kind_display()}"

    @property
    def display_note(self) -> str:
        """Return the note in the user's language."""
        return in_user_language(self.note, self.note_en)

    def applies(self, *, individual: bool, with_initiatives: bool) -> bool:
        """Tell whether the nominee's kind and the initiatives cited make the document needed."""
        wanted = Recipients.INDIVIDUALS if individual else Recipients.COLLECTIVES
        if self.applies_to not in (wanted, Recipients.BOTH):
            return False
        return with_initiatives or not self.only_with_initiatives
