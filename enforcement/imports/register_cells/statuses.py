"""The status columns of a register row: the latest decision tells the case's state.

A register keeps one column per later decision (not yet eligible, withdrawn, postponed,
resumed after postponement, suspended, resumed after suspension, terminated, completed),
each holding that decision (số; ngày) when it happened. The latest one gives the state; a
row whose columns contradict each other (terminated and completed, a decision after the
case was closed, a resumption of what was never paused) is refused.

The note column says whether the decision was made on request ("QĐ thi hành án theo yêu
cầu") or proactively (empty): ``read_initiation_note``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from enforcement.imports.register_cells.values import RegisterCellError, read_date
from enforcement.register.vocabulary import DECISION_NUMBER, StatusColumn
from organizations.imports.values import clean_text, fold

# The case's status after each decision (``enforcement.models.Status`` values).
_STATUS_AFTER = {
    StatusColumn.NOT_ELIGIBLE: "in_progress",
    StatusColumn.WITHDRAWN: "withdrawn",
    StatusColumn.POSTPONED: "postponed",
    StatusColumn.RESUMED_AFTER_POSTPONEMENT: "in_progress",
    StatusColumn.SUSPENDED: "suspended",
    StatusColumn.RESUMED_AFTER_SUSPENSION: "in_progress",
    StatusColumn.TERMINATED: "terminated",
    StatusColumn.COMPLETED: "completed",
}
_DATE = re.compile(r"(?<![\d/.-])\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?!\d)|\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class StatusDecision:
    """One filled status column: which, the decision's number (if written) and date."""

    column: str
    number: str
    date: datetime.date


@dataclass(frozen=True)
class RegisterStatus:
    """The state the status columns give: status and eligibility, since when, and why."""

    status: str
    eligibility: str
    since: datetime.date | None
    decisions: tuple[StatusDecision, ...] = ()


def read_status_decision(
    column: str, value: object, *, today: datetime.date | None = None
) -> StatusDecision | None:
    """Read one status cell: a decision (số; ngày), or a date alone; None when empty."""
    if isinstance(value, datetime.date) or (
        isinstance(value, int | float) and not isinstance(value, bool)
    ):
        return StatusDecision(column=column, number="", date=read_date(value, today=today))
    cell = clean_text(value)
    if not cell:
        return None
    numbers = {number.upper() for number in DECISION_NUMBER.findall(cell)}
    if len(numbers) > 1:
        raise RegisterCellError(
            cell,
            _("the cell holds several decision numbers (%(numbers)s): one decision a cell")
            % {"numbers": ", ".join(sorted(numbers))},
        )
    dates = _DATE.findall(cell)
    if len(dates) != 1:
        raise RegisterCellError(
            cell,
            _("expected one date of the decision (dd/mm/yyyy)")
            if not dates
            else _("the cell holds several dates: expected the decision's one date"),
        )
    return StatusDecision(
        column=column,
        number=DECISION_NUMBER.search(cell).group(1) if numbers else "",
        date=read_date(dates[0], today=today, cell=cell),
    )


def read_status_columns(
    cells: Mapping[str, object],
    *,
    accepted_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> RegisterStatus:
    """Return the state the status columns give (``StatusColumn`` keys), or refuse them.

    Nothing filled: in progress and eligible since acceptance.
    """
    unknown = set(cells) - set(StatusColumn.ORDER)
    if unknown:
        raise ValueError(f"Not status columns: {sorted(unknown)}")
    found = [
        decision
        for column in StatusColumn.ORDER
        if (decision := read_status_decision(column, cells.get(column), today=today))
    ]
    if not found:
        return RegisterStatus(status="in_progress", eligibility="eligible", since=accepted_on)
    by_column = {decision.column: decision for decision in found}
    shown = "; ".join(f"{clean_text(cells[d.column])}" for d in found)
    closing = [column for column in StatusColumn.CLOSING if column in by_column]
    if len(closing) > 1:
        raise RegisterCellError(
            shown,
            _("the case cannot be both %(first)s and %(second)s")
            % {"first": _label(closing[0]), "second": _label(closing[1])},
        )
    if accepted_on is not None:
        early = [decision for decision in found if decision.date < accepted_on]
        if early:
            raise RegisterCellError(
                clean_text(cells[early[0].column]),
                _("the decision is dated before the case was accepted (%(date)s)")
                % {"date": f"{accepted_on:%d/%m/%Y}"},
            )
    if closing:
        closed = by_column[closing[0]]
        later = [d for d in found if d.column != closed.column and d.date > closed.date]
        if later:
            raise RegisterCellError(
                shown,
                _("a decision (%(later)s) comes after the case was %(closed)s")
                % {"later": _label(later[0].column), "closed": _label(closed.column)},
            )
    for resumed, paused in StatusColumn.RESUMES.items():
        if resumed in by_column and (
            paused not in by_column or by_column[paused].date > by_column[resumed].date
        ):
            raise RegisterCellError(
                shown,
                _("%(resumed)s without an earlier %(paused)s")
                % {"resumed": _label(resumed), "paused": _label(paused)},
            )
    # The latest decision; on one day, the later column (a resumption after its pause).
    latest = max(found, key=lambda d: (d.date, StatusColumn.ORDER.index(d.column)))
    eligibility = "not_eligible" if latest.column == StatusColumn.NOT_ELIGIBLE else "eligible"
    return RegisterStatus(
        status=_STATUS_AFTER[latest.column],
        eligibility=eligibility,
        since=latest.date,
        decisions=tuple(found),
    )


def read_initiation_note(value: object) -> str:
    """Return "on_request" when the note says so ("… theo yêu cầu"), else "proactive".

    The registers mark a decision made on request in the note and leave a proactive one's
    note empty or for other remarks.
    """
    return "on_request" if "theo yeu cau" in fold(value) else "proactive"


# The note's mark of a decision made on request, folded: "QĐ thi hành án theo yêu cầu",
# "THA theo yêu cầu", "Theo yêu cầu". It says the initiation; it is not a remark.
_ON_REQUEST_MARK = re.compile(r"^(?:qd\s+)?(?:thi hanh an|tha)?\s*theo yeu cau$")


def note_remarks(value: object) -> str:
    """Return the note's remarks: the note without its on-request mark (``read_initiation_note``
    reads that), its other parts as written, joined by "; "."""
    parts = [part.strip() for part in clean_text(value).split(";")]
    kept = [part for part in parts if part and not _ON_REQUEST_MARK.match(fold(part).strip(" ."))]
    return "; ".join(kept)


def _label(column: str) -> str:
    labels = {
        StatusColumn.NOT_ELIGIBLE: _("not yet eligible"),
        StatusColumn.WITHDRAWN: _("withdrawn / cancelled"),
        StatusColumn.POSTPONED: _("postponed"),
        StatusColumn.RESUMED_AFTER_POSTPONEMENT: _("resumed after postponement"),
        StatusColumn.SUSPENDED: _("suspended"),
        StatusColumn.RESUMED_AFTER_SUSPENSION: _("resumed after suspension"),
        StatusColumn.TERMINATED: _("terminated"),
        StatusColumn.COMPLETED: _("completed"),
    }
    return str(labels[column])
