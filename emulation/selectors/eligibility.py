"""Eligibility for emulation titles: which titles a person or unit qualifies for, and why not.

Every answer is evaluated from the catalogue's rules (data an administrator edits), the
title history, the recognised initiatives and the cluster rankings. Reasons are written in
the active language when the answer is computed.

A unit's members in a year are the people posted to that unit (not its sub-units) at some
time during the year: a transfer in July counts the person in both units. A quota is
counted among the people of the person's unit, or among the units under the same parent
unit for a collective title, and per commendation type: a movement's or a one-off title
does not use the year's merit quota. Only titles for merit over a period count towards
the rules of other titles.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from emulation.models import (
    Cluster,
    CommendationType,
    Initiative,
    Level,
    Title,
    TitleAward,
    TitleRule,
)
from emulation.models.titles import LEVEL_ORDER, level_reaches
from emulation.selectors.alternatives import (
    DOSSIER_CHECK,
    Alternative,
    ConditionOutcome,
    alternatives_verdict,
    group_outcomes,
    rule_sentence,
)
from emulation.selectors.ranking import ClusterRanking, cluster_rankings
from emulation.selectors.standing import (
    Standing,
    rating_outcome,
    recipient_standing,
    service_outcome,
)
from organizations.formatting import format_percent, format_years
from organizations.models import Person, Unit
from organizations.selectors import unit_members_during

HUNDRED = Decimal(100)


def _window(first: int, last: int) -> str:
    return str(last) if first == last else f"{first}–{last}"


@dataclass(frozen=True)
class QuotaStatus:
    """How much of a title's quota is used in a unit (or among sibling units) in a year."""

    title: Title
    base_title: Title
    group: Unit
    base_count: int
    allowed: int
    used: int

    @property
    def is_full(self) -> bool:
        """Tell whether no further award fits within the quota."""
        return self.used >= self.allowed


@dataclass(frozen=True)
class TitleEligibility:
    """The answer for one title: held already, eligible, or not and why."""

    title: Title
    held: TitleAward | None = None
    reasons: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    quota: QuotaStatus | None = None
    # What is met: no discipline, and the conditions of the alternative that holds (or of
    # every alternative, when none does).
    met: list[str] = field(default_factory=list)
    # Each alternative of the title's rules with what is met and missing in it.
    alternatives: list[Alternative] = field(default_factory=list)

    @property
    def is_held(self) -> bool:
        """Tell whether the recipient already holds the title for the year."""
        return self.held is not None

    @property
    def is_eligible(self) -> bool:
        """Tell whether every rule recorded in data is met (dossier checks aside)."""
        return not self.reasons


def title_quota(
    *,
    title: Title,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    commendation_type: str = CommendationType.MERIT,
) -> QuotaStatus | None:
    """Return the quota of a commendation type in the person's unit or among sibling units."""
    if title.quota_of_id is None or title.quota_percent is None:
        return None
    if person is not None:
        group = person.unit
        holders = TitleAward.objects.filter(year=year, person__unit=group)
    else:
        group = unit.parent if unit.parent_id else unit
        siblings = Unit.objects.filter(parent=unit.parent) if unit.parent_id else [unit]
        holders = TitleAward.objects.filter(year=year, unit__in=siblings)
    base_count = holders.filter(
        title_id=title.quota_of_id, commendation_type=CommendationType.MERIT
    ).count()
    used = holders.filter(title=title, commendation_type=commendation_type).count()
    allowed = int(
        (Decimal(base_count) * title.quota_percent / HUNDRED).to_integral_value(ROUND_FLOOR)
    )
    return QuotaStatus(
        title=title,
        base_title=title.quota_of,
        group=group,
        base_count=base_count,
        allowed=allowed,
        used=used,
    )


class _History:
    """The titles and initiatives of one recipient, read once for all titles."""

    def __init__(self, *, person: Person | None, unit: Unit | None, year: int) -> None:
        self.person = person
        self.unit = unit
        self.year = year
        self.standing: Standing = recipient_standing(year=year, person=person, unit=unit)
        awards = (
            TitleAward.objects.filter(person=person)
            if person
            else TitleAward.objects.filter(unit=unit)
        )
        self.awards: dict[tuple[int, int], TitleAward] = {
            (award.title_id, award.year): award for award in awards
        }
        # The rules of merit-based titles count merit only, not a movement's or one-off title.
        self.merit_awards = {
            key
            for key, award in self.awards.items()
            if award.commendation_type == CommendationType.MERIT
        }
        # Titles and initiatives before the end of a penalty no longer count.
        self.initiatives = (
            [
                initiative
                for initiative in Initiative.objects.filter(person=person).order_by("-year")
                if self.standing.counts(initiative.year)
            ]
            if person
            else []
        )
        self._member_holders: dict[int, int] | None = None
        self._member_count: int | None = None
        self._rankings: list[ClusterRanking] | None = None

    def holds(self, title_id: int, year: int) -> bool:
        """Tell whether the recipient holds the title for merit in a year that counts."""
        return (title_id, year) in self.merit_awards and self.standing.counts(year)

    def _members(self) -> QuerySet[Person]:
        """Return the unit's members during the year under review, not today's."""
        return unit_members_during(
            self.unit, datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)
        )

    @property
    def member_count(self) -> int:
        if self._member_count is None:
            self._member_count = self._members().count()
        return self._member_count

    def member_holders(self, title_id: int) -> int:
        if self._member_holders is None:
            self._member_holders = dict(
                TitleAward.objects.filter(
                    person__in=self._members(),
                    year=self.year,
                    commendation_type=CommendationType.MERIT,
                )
                .values("title")
                .annotate(holders=Count("person", distinct=True))
                .values_list("title", "holders")
            )
        return self._member_holders.get(title_id, 0)

    @property
    def rankings(self) -> list[ClusterRanking]:
        if self._rankings is None:
            clusters = Cluster.objects.filter(Q(members__unit=self.unit), year=self.year)
            self._rankings = cluster_rankings(clusters=clusters.order_by("kind", "name"))
        return self._rankings


def _same_year_title(rule: TitleRule, history: _History) -> str | None:
    if history.holds(rule.required_title_id, history.year):
        return None
    return _("Needs the title “{required}” in {year}; it is not recorded.").format(
        required=rule.required_title, year=history.year
    )


def _consecutive_titles(rule: TitleRule, history: _History) -> str | None:
    years = [
        history.year - rule.every_years * (rule.count - 1 - index) for index in range(rule.count)
    ]
    missing = [year for year in years if not history.holds(rule.required_title_id, year)]
    if not missing:
        return None
    return _(
        "Needs the title “{required}” {count} times in a row ({years}); missing for {missing}."
    ).format(
        required=rule.required_title,
        count=rule.count,
        years=format_years(years),
        missing=format_years(missing),
    )


def _initiative(rule: TitleRule, history: _History) -> str | None:
    first = history.year - rule.count + 1
    within = [i for i in history.initiatives if first <= i.year <= history.year]
    if any(level_reaches(i.level, rule.initiative_level) for i in within):
        return None
    required = Level(rule.initiative_level).label
    if not within:
        return _(
            "Needs an initiative recognised at {level} level or higher in {years}; "
            "none is recorded."
        ).format(level=required, years=_window(first, history.year))
    best = max(within, key=lambda i: LEVEL_ORDER[Level(i.level)])
    return _(
        "Needs an initiative recognised at {level} level or higher in {years}; the highest "
        "recorded, “{initiative}”, is at {found} level."
    ).format(
        level=required,
        years=_window(first, history.year),
        initiative=best.name,
        found=best.get_level_display(),
    )


def _member_share(rule: TitleRule, history: _History) -> str | None:
    members = history.member_count
    holders = history.member_holders(rule.required_title_id)
    if members == 0:
        return _("Has no members on record to count the holders of “{required}”.").format(
            required=rule.required_title
        )
    share = Decimal(holders) * HUNDRED / Decimal(members)
    met = share > rule.share_percent if rule.share_strict else share >= rule.share_percent
    if met:
        return None
    message = (
        _(
            "Needs more than {percent} of its members holding “{required}” in {year}; "
            "{holders} of {members} do ({share})."
        )
        if rule.share_strict
        else _(
            "Needs at least {percent} of its members holding “{required}” in {year}; "
            "{holders} of {members} do ({share})."
        )
    )
    return message.format(
        percent=format_percent(rule.share_percent),
        required=rule.required_title,
        year=history.year,
        holders=holders,
        members=members,
        share=format_percent(share),
    )


def _member_count(rule: TitleRule, history: _History) -> str | None:
    holders = history.member_holders(rule.required_title_id)
    if holders >= rule.count:
        return None
    return ngettext(
        "Needs at least {count} member holding “{required}” in {year}; {holders} does.",
        "Needs at least {count} members holding “{required}” in {year}; {holders} do.",
        rule.count,
    ).format(count=rule.count, required=rule.required_title, year=history.year, holders=holders)


def _leads_cluster(rule: TitleRule, history: _History) -> str | None:
    rankings = history.rankings
    if not rankings:
        return _("Is not a member of any emulation cluster in {year}.").format(year=history.year)
    reasons = []
    for ranking in rankings:
        score = ranking.score_of(history.unit)
        if not ranking.is_final:
            reasons.append(
                ngettext(
                    "The ranking of {cluster} is not final yet: {pending} result is not locked.",
                    "The ranking of {cluster} is not final yet: {pending} results are not locked.",
                    ranking.pending,
                ).format(cluster=ranking.cluster, pending=ranking.pending)
            )
        elif score is not None and score.is_flag_candidate:
            return None
        elif score is not None and score.rank == 1:
            reasons.append(
                _(
                    "Shares first place in {cluster}; the cluster decides between the leaders."
                ).format(cluster=ranking.cluster)
            )
        elif score is not None:
            reasons.append(
                _("Ranks {rank} of {count} in {cluster}; only the leader qualifies.").format(
                    rank=score.rank, count=len(ranking.members), cluster=ranking.cluster
                )
            )
    return " ".join(reasons)


_EVALUATORS = {
    TitleRule.Kind.SAME_YEAR_TITLE: _same_year_title,
    TitleRule.Kind.CONSECUTIVE_TITLES: _consecutive_titles,
    TitleRule.Kind.INITIATIVE: _initiative,
    TitleRule.Kind.MEMBER_SHARE: _member_share,
    TitleRule.Kind.MEMBER_COUNT: _member_count,
    TitleRule.Kind.LEADS_CLUSTER: _leads_cluster,
}


def _quality_rating(rule: TitleRule, history: _History) -> tuple[str | None, str | None]:
    return rating_outcome(history.standing, lowest=rule.min_rating, years=rule.count or 1)


def _service_months(rule: TitleRule, history: _History) -> tuple[str | None, str | None]:
    if history.person is None:
        return None, None
    return service_outcome(history.standing, months=rule.count)


# Conditions of the staff record: they say what is met as well as what is missing.
_RECORD_EVALUATORS = {
    TitleRule.Kind.QUALITY_RATING: _quality_rating,
    TitleRule.Kind.SERVICE_MONTHS: _service_months,
}
# Conditions that count past years' achievements, which a penalty's end cuts short.
_COUNTING_KINDS = (TitleRule.Kind.CONSECUTIVE_TITLES, TitleRule.Kind.INITIATIVE)


def rule_outcome(rule: TitleRule, history: _History) -> ConditionOutcome:
    """Return what one condition asks and what the recipient's records show of it."""
    sentence = rule_sentence(rule)
    if rule.kind == DOSSIER_CHECK:
        return ConditionOutcome(sentence=rule.display_note, is_check=True)
    if rule.kind in _RECORD_EVALUATORS:
        fulfilled, missing = _RECORD_EVALUATORS[rule.kind](rule, history)
        return ConditionOutcome(sentence=sentence, met=fulfilled, missing=missing)
    missing = _EVALUATORS[rule.kind](rule, history)
    return ConditionOutcome(
        sentence=sentence,
        met=None if missing else sentence,
        missing=missing or None,
        counts_past=rule.kind in _COUNTING_KINDS,
    )


def _quota_reason(quota: QuotaStatus) -> str:
    return _(
        "The quota is used up in {group}: {used} of {allowed} allowed ({percent} of the "
        "{base} holders of “{base_title}”)."
    ).format(
        group=quota.group,
        used=quota.used,
        allowed=quota.allowed,
        percent=format_percent(quota.title.quota_percent),
        base=quota.base_count,
        base_title=quota.base_title,
    )


def title_eligibility(
    *,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    commendation_type: str = CommendationType.MERIT,
) -> list[TitleEligibility]:
    """Return every title in use for a person or a unit, with its answer for the year.

    ``commendation_type`` is the type of the commendation asked about: its quota is counted
    among the awards of the same type.
    """
    if (person is None) == (unit is None):
        raise ValueError("Ask about exactly one person or one unit.")
    recipient = Title.Recipient.INDIVIDUAL if person is not None else Title.Recipient.COLLECTIVE
    titles = (
        Title.objects.filter(is_active=True, recipient=recipient)
        .select_related("quota_of")
        .prefetch_related("rules__required_title")
        .order_by("order", "name")
    )
    history = _History(person=person, unit=unit, year=year)
    answers = []
    for title in titles:
        held = history.awards.get((title.pk, year))
        if held is not None:
            answers.append(TitleEligibility(title=title, held=held))
            continue
        standing = history.standing
        alternatives = group_outcomes(
            (rule.alternative, rule_outcome(rule, history)) for rule in title.rules.all()
        )
        verdict = alternatives_verdict(alternatives)
        reasons: list[str] = [*standing.discipline_reasons(), *verdict.reasons]
        met: list[str] = [standing.discipline_met()] if standing.discipline_met() else []
        met.extend(verdict.met)
        note = standing.counting_note()
        if verdict.reasons and note and verdict.counts_past:
            reasons.append(note)
        quota = title_quota(
            title=title,
            year=year,
            person=person,
            unit=unit,
            commendation_type=commendation_type,
        )
        if quota is not None and quota.is_full:
            reasons.append(_quota_reason(quota))
        answers.append(
            TitleEligibility(
                title=title,
                reasons=reasons,
                checks=verdict.checks,
                quota=quota,
                met=met,
                alternatives=alternatives,
            )
        )
    return answers


def eligible_titles(
    *, year: int, person: Person | None = None, unit: Unit | None = None
) -> list[Title]:
    """Return the titles the person or unit qualifies for in the year and does not hold yet."""
    return [
        answer.title
        for answer in title_eligibility(year=year, person=person, unit=unit)
        if answer.is_eligible and not answer.is_held
    ]
