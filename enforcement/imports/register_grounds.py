"""The legal ground a register's decision rests on: cited in its cell, or chosen on the form.

Real registers write a postponement as "Số: 12/QĐ-THADS ngày 01/11/2025", usually without
the ground it rests on (điểm, khoản, Điều of the Law on Civil Judgment Enforcement). The
clerk then chooses on the upload form, for each kind of decision that needs one (not yet
eligible — Art. 44a, postponed — Art. 48, suspended — Art. 49, terminated — Art. 50), the
ground its decisions written without one take. A ground cited in the cell always wins; with
neither, the row is refused and told where the ground may be chosen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import enforcement.imports.register_columns as col
from enforcement.models import GroundAction, LegalGround
from organizations.imports.specs import RowError
from organizations.imports.values import fold

# The decisions that rest on a legal ground, and the action whose ground each takes.
GROUND_ACTIONS = {
    col.NOT_ELIGIBLE: GroundAction.NOT_ELIGIBLE,
    col.POSTPONED: GroundAction.POSTPONEMENT,
    col.SUSPENDED: GroundAction.SUSPENSION,
    col.TERMINATED: GroundAction.TERMINATION,
}
# The upload form's choice of each column's ground, by its name (also ``import_data
# --option ground_postponed=48.1.c``).
GROUND_OPTIONS = {
    col.NOT_ELIGIBLE: "ground_not_eligible",
    col.POSTPONED: "ground_postponed",
    col.SUSPENDED: "ground_suspended",
    col.TERMINATED: "ground_terminated",
}
_LABELS = {
    col.NOT_ELIGIBLE: gettext_lazy("Ground of the “not yet eligible” decisions (Article 44a)"),
    col.POSTPONED: gettext_lazy("Ground of the postponements (Article 48)"),
    col.SUSPENDED: gettext_lazy("Ground of the suspensions (Article 49)"),
    col.TERMINATED: gettext_lazy("Ground of the terminations (Article 50)"),
}
# A ground cited in a status cell: "điểm c khoản 1 Điều 48", "khoản 1 Điều 49", "Điều 44a",
# or its code "48.1.c".
_CITED = re.compile(
    r"(?:điểm\s+(?P<point>[a-zđ])\s+)?(?:khoản\s+(?P<clause>\d+)\s+)?Điều\s+(?P<article>\d+[a-z]?)"
    r"|\b(?P<code>\d{2}[a-z]?\.\d+(?:\.[a-zđ])?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DecisionGround:
    """The ground a decision rests on, and whether it was chosen on the upload form."""

    ground: LegalGround
    chosen: bool = False


def in_use_for(ground: LegalGround, column: str) -> bool:
    """Tell whether a decision of the column may rest on the ground."""
    return ground.action == GROUND_ACTIONS[column] and ground.is_active


def chosen_grounds(options: Mapping[str, object]) -> dict[str, str]:
    """Return the code chosen on the upload form for each column that has one."""
    return {
        column: str(options[name]) for column, name in GROUND_OPTIONS.items() if options.get(name)
    }


def decision_ground(
    column: str,
    text: str,
    *,
    grounds: Mapping[str, LegalGround],
    chosen: Mapping[str, str],
) -> DecisionGround | None:
    """Return the ground of a status cell's decision: cited, else chosen; or raise RowError.

    None for a column whose decisions rest on no ground (withdrawn, resumed, completed).
    """
    if column not in GROUND_ACTIONS:
        return None
    cited = _cited_ground(column, text, grounds)
    if cited is not None:
        if not in_use_for(cited, column):
            raise RowError(
                column,
                _("Ground %(code)s is not a ground in use for this decision.")
                % {"code": cited.code},
            )
        return DecisionGround(cited)
    code = chosen.get(column)
    if not code:
        raise RowError(
            column,
            _(
                "Expected the legal ground the decision rests on, as “%(example)s” or its code "
                "(%(code)s); or choose the ground of these decisions on the upload form."
            )
            % {"example": "điểm c khoản 1 Điều 48", "code": "48.1.c"},
        )
    ground = _found(code, grounds)
    # Chosen when the file was uploaded: the catalogue may have changed since.
    if ground is None or not in_use_for(ground, column):
        raise RowError(
            column,
            _(
                "The ground %(code)s chosen on the upload form is not a ground in use for this "
                "decision."
            )
            % {"code": code},
        )
    return DecisionGround(ground, chosen=True)


def _cited_ground(column: str, text: str, grounds: Mapping[str, LegalGround]) -> LegalGround | None:
    match = _CITED.search(text)
    if match is None:
        return None
    if match.group("code"):
        code = match.group("code")
    else:
        parts = [match.group("article"), match.group("clause"), match.group("point")]
        code = ".".join(part for part in parts if part)
    found = _found(code, grounds)
    if found is None:
        raise RowError(column, _("No legal ground %(code)s in the catalogue.") % {"code": code})
    return found


def _found(code: str, grounds: Mapping[str, LegalGround]) -> LegalGround | None:
    # ``grounds`` is ``statuses.ground_lookup``: codes as written, and folded where unique.
    return grounds.get(code.strip().casefold()) or grounds.get(fold(code))


class GroundChoiceField(forms.ChoiceField):
    """One column's ground, among the catalogue's grounds in use for its decisions.

    A code typed on the command line is read as the catalogue writes it (48.1.C is 48.1.c);
    one outside the choices is refused saying why: not in the catalogue, of another kind of
    decision, or no longer in use.
    """

    def __init__(self, *, column: str, grounds: Mapping[str, LegalGround]) -> None:
        self.column = column
        self.catalogue = grounds
        usable = sorted(
            {ground for ground in grounds.values() if in_use_for(ground, column)},
            key=lambda ground: (ground.order, ground.code),
        )
        super().__init__(
            label=_LABELS[column],
            required=False,
            choices=[("", "—"), *((ground.code, _choice_label(ground)) for ground in usable)],
            help_text=_(
                "Taken by the decisions of column “%(column)s” written without their ground; a "
                "ground written in the cell is kept."
            )
            % {"column": col.COLUMN_BY_KEY[column].header},
        )

    def to_python(self, value: object) -> str:
        text = super().to_python(value).strip()
        found = _found(text, self.catalogue) if text else None
        return found.code if found is not None else text

    def validate(self, value: str) -> None:
        if value and not self.valid_value(value):
            raise ValidationError(self._refusal(value), code="invalid_choice")
        super().validate(value)

    def _refusal(self, code: str) -> str:
        ground = _found(code, self.catalogue)
        if ground is None:
            return _("No legal ground %(code)s in the catalogue.") % {"code": code}
        if ground.action != GROUND_ACTIONS[self.column]:
            return _("Ground %(code)s is a ground of %(kind)s, not of %(action)s.") % {
                "code": ground.code,
                "kind": GroundAction(ground.action).label,
                "action": GroundAction(GROUND_ACTIONS[self.column]).label,
            }
        return _("Ground %(code)s is not a ground in use for this decision.") % {"code": code}


def _choice_label(ground: LegalGround) -> str:
    return f"{ground.code} — {ground.provision}: {Truncator(ground.description).chars(90)}"


def ground_fields(grounds: Mapping[str, LegalGround]) -> dict[str, GroundChoiceField]:
    """Return the upload form's choice of ground for each column whose decisions need one."""
    return {
        name: GroundChoiceField(column=column, grounds=grounds)
        for column, name in GROUND_OPTIONS.items()
    }
