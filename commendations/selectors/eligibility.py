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
from django.utils.translation import ngettext

from commendations.models import AwardForm, AwardFormRule, Certificate, Nomination
from emulation.models import CommendationType, Initiative, Level, Title, TitleAward
from emulation.models.titles import LEVEL_ORDER, level_reaches
from emulation.selectors import QuotaStatus, flag_candidates, title_eligibility
from emulation.selectors.alternatives import (
    Alternative,
    ConditionOutcome,
    alternatives_verdict,
    group_outcomes,
    rule_sentence,
)
from emulation.selectors.standing import Standing, rating_outcome, recipient_standing
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
    # What is met: no discipline, and the conditions of the alternative that holds (or of
    # every alternative, when none does).
    met: list[str] = field(default_factory=list)
    # Each alternative of the proposal's rules with what is met and missing in it.
    alternatives: list[Alternative] = field(default_factory=list)

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
        alternatives=list(answer.alternatives),
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
        return _initiative_reason(rule, year=year, person=person, standing=standing)
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
    if rule.kind == AwardFormRule.Kind.PRIOR_AWARD_AT_LEAST:
        latest = year - rule.count
        prior = Certificate.objects.filter(
            award_form_id=rule.required_award_form_id,
            nomination__year__lte=latest,
            nomination__commendation_type=CommendationType.MERIT,
        )
        prior = prior.filter(person=person) if person is not None else prior.filter(unit=unit)
        if any(
            standing.counts(prior_year)
            for prior_year in prior.values_list("nomination__year", flat=True)
        ):
            return None
        return _(
            "Needs “{required}” received in {latest} or earlier ({count} years before {year}); "
            "none is recorded."
        ).format(required=rule.required_award_form, latest=latest, count=rule.count, year=year)
    if rule.kind == AwardFormRule.Kind.LEADS_CLUSTER:
        if unit is not None and any(c.unit.pk == unit.pk for c in flag_candidates(year=year)):
            return None
        return _(
            "{nominee} does not lead an emulation cluster with a final ranking in {year}."
        ).format(nominee=nominee, year=year)
    return None


def _initiative_reason(
    rule: AwardFormRule, *, year: int, person: Person | None, standing: Standing
) -> str | None:
    first = year - rule.count + 1
    within = [
        initiative
        for initiative in Initiative.objects.filter(person=person, year__gte=first, year__lte=year)
        if standing.counts(initiative.year)
    ]
    reaching = [i for i in within if level_reaches(i.level, rule.initiative_level)]
    needed = rule.initiatives_needed
    if len(reaching) >= needed:
        return None
    required = Level(rule.initiative_level).label
    if needed > 1:
        return ngettext(
            "Needs {needed} initiatives recognised at {level} level or higher in {years}; "
            "{found} is recorded.",
            "Needs {needed} initiatives recognised at {level} level or higher in {years}; "
            "{found} are recorded.",
            len(reaching),
        ).format(needed=needed, level=required, years=_years(first, year), found=len(reaching))
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


def _form_outcome(
    rule: AwardFormRule,
    *,
    year: int,
    person: Person | None,
    unit: Unit | None,
    standing: Standing,
) -> ConditionOutcome:
    """Return what one condition of an award form asks and what the records show of it."""
    sentence = rule_sentence(rule)
    if rule.kind == AwardFormRule.Kind.DOSSIER_CHECK:
        return ConditionOutcome(sentence=rule.display_note, is_check=True)
    if rule.kind == AwardFormRule.Kind.QUALITY_RATING:
        met, missing = rating_outcome(standing, lowest=rule.min_rating, years=rule.count)
        return ConditionOutcome(sentence=sentence, met=met, missing=missing, counts_past=True)
    missing = _rule_reason(rule, year=year, person=person, unit=unit, standing=standing)
    return ConditionOutcome(
        sentence=sentence,
        met=None if missing else sentence,
        missing=missing or None,
        counts_past=rule.kind != AwardFormRule.Kind.LEADS_CLUSTER,
    )


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
    rules = award_form.rules.select_related("required_title", "required_award_form")
    alternatives = group_outcomes(
        (
            rule.alternative,
            _form_outcome(rule, year=year, person=person, unit=unit, standing=standing),
        )
        for rule in rules
        if rule.applies(individual=individual)
    )
    verdict = alternatives_verdict(alternatives)
    reasons: list[str] = [*standing.discipline_reasons(), *verdict.reasons]
    met = [standing.discipline_met()] if standing.discipline_met() else []
    met.extend(verdict.met)
    note = standing.counting_note()
    if verdict.reasons and note and verdict.counts_past:
        reasons.append(note)
    return EligibilityResult(
        reasons=reasons, checks=verdict.checks, met=met, alternatives=alternatives
    )


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
