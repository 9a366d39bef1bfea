"""Whether a nominee qualifies for what is proposed: emulation's rules, award forms' rules, quotas.

A proposed title is answered by emulation's eligibility service (its rules and its quota);
the quota is then also counted against the other nominations of the same title that are on
their way (recommended, before the council, approved), which would use it up once decided.
An award form's rules are data (``AwardFormRule``), evaluated here against the title
history, the initiatives, the cluster rankings and the certificates already issued.

Only results of commendations for merit over a period count towards these rules: titles and
certificates of a movement's (thematic) or a one-off commendation do not. Quotas are
counted per commendation type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from commendations.models import AwardForm, AwardFormRule, Certificate, Nomination
from emulation.models import CommendationType, Initiative, Level, Title, TitleAward
from emulation.models.titles import LEVEL_ORDER, level_reaches
from emulation.selectors import QuotaStatus, flag_candidates, title_eligibility
from emulation.selectors.standing import Standing, recipient_standing
from organizations.models import Person, Unit

# Nominations that will use a quota when they are decided.
QUOTA_PENDING = (
    Nomination.Status.RECOMMENDED,
    Nomination.Status.COUNCIL_VOTE,
    Nomination.Status.APPROVED,
)


@dataclass(frozen=True)
class EligibilityResult:
    """The answer for one nominee and proposal: the reasons against, and what to check."""

    reasons: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    quota: QuotaStatus | None = None
    quota_pending: int = 0
    # The conditions of the staff record that are met (rating, service, no discipline).
    met: list[str] = field(default_factory=list)

    @property
    def is_eligible(self) -> bool:
        """Tell whether every rule recorded in data is met (the council's checks aside)."""
        return not self.reasons


def _years(first: int, last: int) -> str:
    return str(last) if first == last else f"{first}–{last}"


def _title_answer(
    *,
    year: int,
    person: Person | None,
    unit: Unit | None,
    title: Title,
    exclude: int | None,
    commendation_type: str,
) -> EligibilityResult:
    answers = title_eligibility(
        year=year, person=person, unit=unit, commendation_type=commendation_type
    )
    answer = next((a for a in answers if a.title == title), None)
    if answer is None:
        return EligibilityResult(
            reasons=[_("“{title}” is not in use for this kind of nominee.").format(title=title)]
        )
    if answer.is_held:
        return EligibilityResult(
            reasons=[
                _("{nominee} already holds “{title}” for {year}.").format(
                    nominee=person or unit, title=title, year=year
                )
            ]
        )
    reasons = list(answer.reasons)
    pending = 0
    quota = answer.quota
    if quota is not None:
        others = Nomination.objects.filter(
            year=year,
            proposed_title=title,
            status__in=QUOTA_PENDING,
            commendation_type=commendation_type,
        )
        if exclude is not None:
            others = others.exclude(pk=exclude)
        if person is not None:
            others = others.filter(person__unit=quota.group)
        else:
            others = others.filter(unit__parent=quota.group) | others.filter(unit=quota.group)
        pending = others.count()
        if not quota.is_full and quota.used + pending >= quota.allowed:
            reasons.append(
                _(
                    "The quota in {group} would be exceeded: {used} awarded and {pending} other "
                    "nominations on their way, of {allowed} allowed."
                ).format(group=quota.group, used=quota.used, pending=pending, allowed=quota.allowed)
            )
    return EligibilityResult(
        reasons=reasons,
        checks=list(answer.checks),
        quota=quota,
        quota_pending=pending,
        met=list(answer.met),
    )


def _holds(
    *, person: Person | None, unit: Unit | None, title_id: int, years: list[int], standing: Standing
) -> set:
    awards = TitleAward.objects.filter(
        title_id=title_id, year__in=years, commendation_type=CommendationType.MERIT
    )
    awards = awards.filter(person=person) if person is not None else awards.filter(unit=unit)
    # Titles before the end of a penalty no longer count.
    return {year for year in awards.values_list("year", flat=True) if standing.counts(year)}


def _rule_reason(
    rule: AwardFormRule,
    *,
    year: int,
    person: Person | None,
    unit: Unit | None,
    standing: Standing,
) -> str | None:
    nominee = person or unit
    if rule.kind == AwardFormRule.Kind.SAME_YEAR_TITLE:
        if _holds(
            person=person,
            unit=unit,
            title_id=rule.required_title_id,
            years=[year],
            standing=standing,
        ):
            return None
        return _("Needs the title “{required}” in {year}; it is not recorded.").format(
            required=rule.required_title, year=year
        )
    if rule.kind == AwardFormRule.Kind.CONSECUTIVE_TITLES:
        years = list(range(year - rule.count + 1, year + 1))
        held = _holds(
            person=person,
            unit=unit,
            title_id=rule.required_title_id,
            years=years,
            standing=standing,
        )
        missing = [str(y) for y in years if y not in held]
        if not missing:
            return None
        return _(
            "Needs the title “{required}” {count} years in a row ({years}); missing for {missing}."
        ).format(
            required=rule.required_title,
            count=rule.count,
            years=_years(years[0], years[-1]),
            missing=", ".join(missing),
        )
    if rule.kind == AwardFormRule.Kind.INITIATIVE:
        first = year - rule.count + 1
        within = [
            initiative
            for initiative in Initiative.objects.filter(
                person=person, year__gte=first, year__lte=year
            )
            if standing.counts(initiative.year)
        ]
        if any(level_reaches(i.level, rule.initiative_level) for i in within):
            return None
        required = Level(rule.initiative_level).label
        if not within:
            return _(
                "Needs an initiative recognised at {level} level or higher in {years}; none "
                "is recorded."
            ).format(level=required, years=_years(first, year))
        best = max(within, key=lambda i: LEVEL_ORDER[Level(i.level)])
        return _(
            "Needs an initiative recognised at {level} level or higher in {years}; the "
            "highest recorded, “{initiative}”, is at {found} level."
        ).format(
            level=required,
            years=_years(first, year),
            initiative=best.name,
            found=best.get_level_display(),
        )
    if rule.kind == AwardFormRule.Kind.PRIOR_AWARD:
        first = year - rule.count
        prior = Certificate.objects.filter(
            award_form_id=rule.required_award_form_id,
            nomination__year__gte=first,
            nomination__year__lt=year,
            nomination__commendation_type=CommendationType.MERIT,
        )
        prior = prior.filter(person=person) if person is not None else prior.filter(unit=unit)
        if any(
            standing.counts(prior_year)
            for prior_year in prior.values_list("nomination__year", flat=True)
        ):
            return None
        return _("Needs “{required}” awarded in {years}; none is recorded.").format(
            required=rule.required_award_form, years=_years(first, year - 1)
        )
    if rule.kind == AwardFormRule.Kind.LEADS_CLUSTER:
        if unit is not None and any(c.unit.pk == unit.pk for c in flag_candidates(year=year)):
            return None
        return _(
            "{nominee} does not lead an emulation cluster with a final ranking in {year}."
        ).format(nominee=nominee, year=year)
    return None


def _form_answer(
    *, year: int, person: Person | None, unit: Unit | None, award_form: AwardForm
) -> EligibilityResult:
    individual = person is not None
    if not award_form.is_active:
        return EligibilityResult(
            reasons=[_("“{form}” is no longer in use.").format(form=award_form)]
        )
    if not award_form.is_for(individual=individual):
        message = (
            _("“{form}” is awarded to collectives, not to a person.")
            if individual
            else _("“{form}” is awarded to individuals, not to a unit.")
        )
        return EligibilityResult(reasons=[message.format(form=award_form)])
    standing = recipient_standing(year=year, person=person, unit=unit)
    reasons: list[str] = standing.discipline_reasons()
    met = [standing.discipline_met()] if standing.discipline_met() else []
    checks: list[str] = []
    counted = False
    for rule in award_form.rules.select_related("required_title", "required_award_form"):
        if not rule.applies(individual=individual):
            continue
        if rule.kind == AwardFormRule.Kind.DOSSIER_CHECK:
            checks.append(rule.display_note)
            continue
        reason = _rule_reason(rule, year=year, person=person, unit=unit, standing=standing)
        if reason:
            reasons.append(reason)
            counted = counted or rule.kind != AwardFormRule.Kind.LEADS_CLUSTER
    note = standing.counting_note()
    if counted and note:
        reasons.append(note)
    return EligibilityResult(reasons=reasons, checks=checks, met=met)


def proposal_eligibility(
    *,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    title: Title | None = None,
    award_form: AwardForm | None = None,
    exclude: int | None = None,
    commendation_type: str = CommendationType.MERIT,
) -> EligibilityResult:
    """Return whether the person or unit qualifies in the year for the title or award form.

    ``exclude`` is the nomination being checked, left out of the quota's pending count;
    ``commendation_type`` the type whose quota is counted.
    """
    if title is not None:
        return _title_answer(
            year=year,
            person=person,
            unit=unit,
            title=title,
            exclude=exclude,
            commendation_type=commendation_type,
        )
    return _form_answer(year=year, person=person, unit=unit, award_form=award_form)


def nomination_eligibility(*, nomination: Nomination) -> EligibilityResult:
    """Return the eligibility of a nomination's nominee for what it proposes."""
    return proposal_eligibility(
        year=nomination.year,
        person=nomination.person,
        unit=nomination.unit,
        title=nomination.proposed_title,
        award_form=nomination.award_form,
        exclude=nomination.pk,
        commendation_type=nomination.commendation_type,
    )
