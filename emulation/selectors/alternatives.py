"""Conditions grouped into alternatives: readable sentences and what is met or missing.

Titles (``TitleRule``) and award forms (``AwardFormRule``) keep their conditions as rows
with an alternative number. Every condition of an alternative must hold; one alternative
that holds is enough. Conditions checked by the council on the dossier are listed, never
evaluated: an alternative made of such checks only is left to the council, and the
records decide only through the alternatives they can check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from emulation.models.rules import alternative_letter
from emulation.models.titles import Level
from organizations.formatting import format_percent
from organizations.models import QualityRating

DOSSIER_CHECK = "dossier_check"


def rule_sentence(rule: Any) -> str:
    """Return what a title's or award form's condition asks, as a sentence of the user's."""
    kind = rule.kind
    values = {
        "required": getattr(rule, "required_title", None) or "",
        "count": rule.count,
    }
    if kind == "same_year_title":
        return _("Holds “{required}” the same year.").format(**values)
    if kind == "consecutive_titles":
        every = getattr(rule, "every_years", 1) or 1
        if every > 1:
            return _("Holds “{required}” {count} times in a row, every {every} years.").format(
                every=every, **values
            )
        return _("Holds “{required}” {count} years in a row.").format(**values)
    if kind == "initiative":
        needed = getattr(rule, "initiatives_needed", 1) or 1
        level = Level(rule.initiative_level).label
        return ngettext(
            "Has {needed} initiative recognised at {level} level or higher within {count} years.",
            "Has {needed} initiatives recognised at {level} level or higher within {count} years.",
            needed,
        ).format(needed=needed, level=level, count=rule.count)
    if kind == "member_share":
        message = (
            _("More than {percent} of its members hold “{required}” the same year.")
            if rule.share_strict
            else _("At least {percent} of its members hold “{required}” the same year.")
        )
        return message.format(percent=format_percent(rule.share_percent), **values)
    if kind == "member_count":
        return ngettext(
            "At least {count} member holds “{required}” the same year.",
            "At least {count} members hold “{required}” the same year.",
            rule.count,
        ).format(**values)
    if kind == "leads_cluster":
        return _("Leads its emulation cluster, on a final ranking.")
    if kind == "quality_rating":
        grade = QualityRating.Grade(rule.min_rating).label
        if rule.count == 1:
            return _("Rated “{grade}” or better in the year.").format(grade=grade)
        return _("Rated “{grade}” or better {count} years in a row.").format(
            grade=grade, count=rule.count
        )
    if kind == "service_months":
        return _("Served at least {count} months in the year.").format(count=rule.count)
    if kind == "prior_award":
        return _("Received “{form}” within the {count} preceding years.").format(
            form=rule.required_award_form, count=rule.count
        )
    if kind == "prior_award_at_least":
        return _("Received “{form}” at least {count} years earlier.").format(
            form=rule.required_award_form, count=rule.count
        )
    return rule.display_note


def _with_source(rule: Any) -> str:
    """Return the rule's sentence followed by its note (the article it comes from)."""
    sentence = rule_sentence(rule)
    note = rule.display_note
    if rule.kind == DOSSIER_CHECK or not note:
        return sentence
    return f"{sentence} ({note})"


def _numbers(rules: Iterable[Any]) -> dict[int, list[Any]]:
    groups: dict[int, list[Any]] = {}
    for rule in sorted(rules, key=lambda r: (r.alternative, r.pk or 0)):
        groups.setdefault(rule.alternative, []).append(rule)
    return groups


def rules_description(rules: Iterable[Any]) -> list[str]:
    """Return the rules as readable lines: one per alternative, lettered when several."""
    groups = _numbers(rules)
    lines = [" ".join(_with_source(rule) for rule in group) for group in groups.values()]
    if len(lines) <= 1:
        return lines
    return [
        _("One of the following cases:"),
        *(
            f"({alternative_letter(number)}) {line}"
            for number, line in zip(groups, lines, strict=True)
        ),
    ]


@dataclass(frozen=True)
class ConditionOutcome:
    """One condition of an alternative: what it asks and what the records show."""

    sentence: str
    met: str | None = None
    missing: str | None = None
    is_check: bool = False
    # Whether a penalty's end may have cut short the achievements it counts.
    counts_past: bool = False


@dataclass(frozen=True)
class Alternative:
    """One alternative of a title or award form, evaluated for a recipient."""

    number: int
    conditions: list[ConditionOutcome] = field(default_factory=list)

    @property
    def letter(self) -> str:
        return alternative_letter(self.number)

    @property
    def is_checkable(self) -> bool:
        """Tell whether the records can decide it (it is not left to the council only)."""
        return any(not condition.is_check for condition in self.conditions)

    @property
    def is_met(self) -> bool:
        """Tell whether every condition the records can check holds."""
        return self.is_checkable and not self.missing

    @property
    def met(self) -> list[str]:
        return [c.met for c in self.conditions if c.met]

    @property
    def missing(self) -> list[str]:
        return [c.missing for c in self.conditions if c.missing]

    @property
    def checks(self) -> list[str]:
        return [c.sentence for c in self.conditions if c.is_check]


def group_outcomes(outcomes: Iterable[tuple[int, ConditionOutcome]]) -> list[Alternative]:
    """Return the alternatives of (alternative number, outcome) pairs, in their order."""
    groups: dict[int, list[ConditionOutcome]] = {}
    for number, outcome in outcomes:
        groups.setdefault(number, []).append(outcome)
    return [Alternative(number=n, conditions=groups[n]) for n in sorted(groups)]


@dataclass(frozen=True)
class Verdict:
    """What the alternatives say together: the reasons against, what is met, the checks."""

    reasons: list[str]
    met: list[str]
    checks: list[str]
    counts_past: bool


def alternatives_verdict(alternatives: list[Alternative]) -> Verdict:
    """Combine the alternatives: one that is met suffices; else say what each one lacks."""
    checkable = [a for a in alternatives if a.is_checkable]
    several = len(alternatives) > 1
    checks = [
        f"({a.letter}) {check}" if several else check for a in alternatives for check in a.checks
    ]
    chosen = next((a for a in checkable if a.is_met), None)
    if chosen is not None or not checkable:
        met = chosen.met if chosen is not None else []
        return Verdict(reasons=[], met=list(met), checks=checks, counts_past=False)
    counts_past = any(
        c.counts_past and c.missing for a in checkable for c in a.conditions if not c.is_check
    )
    met = list(dict.fromkeys(item for a in checkable for item in a.met))
    if len(checkable) == 1:
        return Verdict(
            reasons=list(checkable[0].missing), met=met, checks=checks, counts_past=counts_past
        )
    reasons = [_("None of the cases is met:")]
    reasons.extend(f"({a.letter}) {' '.join(a.missing)}" for a in checkable)
    return Verdict(reasons=reasons, met=met, checks=checks, counts_past=counts_past)
