"""Eligibility conditions of titles, as data: groups of conditions, any group suffices.

A title's conditions are grouped into alternatives, the law's "one of the following cases"
(đạt một trong các tiêu chuẩn sau): every condition of an alternative must hold, and one
alternative that holds is enough. An alternative is the number its conditions share,
shown as (a), (b), (c)… Rules stored before alternatives existed are all in alternative 1.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation.models.titles import PERCENT_VALIDATORS, Level, Title
from organizations.i18n import in_user_language
from organizations.models import QualityRating

# Up to 26 alternatives, one letter each.
ALTERNATIVE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(26)]


def alternative_letter(number: int) -> str:
    """Return the letter of an alternative, as the law numbers its points: 1 → a, 2 → b."""
    return "abcdefghijklmnopqrstuvwxyz"[number - 1]


def alternative_field() -> models.PositiveSmallIntegerField:
    """Return the field that puts a condition in an alternative (shared with award forms)."""
    return models.PositiveSmallIntegerField(
        _("alternative"),
        default=1,
        validators=ALTERNATIVE_VALIDATORS,
        help_text=_(
            "Conditions with the same number must all hold; one alternative that holds is "
            "enough (1 = case a, 2 = case b…)."
        ),
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
    alternative = alternative_field()
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
        ordering = ["title", "alternative", "pk"]
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
    def letter(self) -> str:
        """Return the letter of the rule's alternative: (a), (b)…"""
        return alternative_letter(self.alternative)

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
