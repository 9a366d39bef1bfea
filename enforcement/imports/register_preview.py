"""How a register row reads, cell by cell: the cell as written beside what was read from it.

Shown on the import's page after checking and before applying, for the first rows, so that
the clerk sees the numbers, dates, amounts, quantities, parties and status the import took.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import enforcement.imports.register_columns as col
from enforcement.imports.register_rows import RegisterRow, status_label
from enforcement.models import (
    Court,
    Eligibility,
    Initiation,
    Judgment,
    ObligationKind,
    PartyKind,
    PartyRole,
    QuantityUnit,
)
from enforcement.models.obligations import months_between
from enforcement.services.register import RegisterEntry, RegisterJudgment, RegisterObligation
from organizations.formatting import format_figure, format_money, paper_date
from organizations.imports.specs import ImportContext
from organizations.imports.values import clean_text


def _written(value: object) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M:%S") if hasattr(value, "hour") else paper_date(value)
    return clean_text(value)


def _money(amount: int) -> str:
    return _("%(amount)s VND") % {"amount": format_money(amount)}


def _obligation(obligation: RegisterObligation) -> str:
    label = obligation.description or "—"
    if obligation.kind == ObligationKind.MONEY:
        return _("Money: %(label)s, %(amount)s") % {
            "label": label,
            "amount": _money(obligation.amount),
        }
    if obligation.kind == ObligationKind.PERIODIC_MONEY:
        months = months_between(obligation.first_period, obligation.last_period)
        return _(
            "Money by month: %(label)s, %(amount)s a month from %(first)s to %(last)s "
            "(%(months)s months)"
        ) % {
            "label": label,
            "amount": _money(obligation.amount),
            "first": obligation.first_period.strftime("%m/%Y"),
            "last": obligation.last_period.strftime("%m/%Y"),
            "months": months,
        }
    if obligation.kind == ObligationKind.PROPERTY:
        return _("To hand over: %(what)s, %(quantity)s %(unit)s") % {
            "what": label,
            "quantity": format_figure(obligation.quantity),
            "unit": QuantityUnit(obligation.quantity_unit).label,
        }
    return _("Act: %(what)s") % {"what": label}


def preview_cells(
    values: Mapping[str, object], row: RegisterRow, entry: RegisterEntry, context: ImportContext
) -> dict[str, object]:
    """Return the row's cells as written beside as read, and its title."""
    catalogues = context.lookups["catalogues"]
    courts = {court.pk: court for court in catalogues.courts.values()}
    grounds = {ground.pk: ground for ground in catalogues.grounds.values()}
    read: dict[str, str] = {
        col.UNIT: f"{entry.unit.code} — {entry.unit.name} ({entry.issuing_agency.code})",
        col.ACCEPTED_ON: paper_date(row.accepted_on),
        col.JUDGMENTS: "\n".join(
            _judgment(judgment, courts[judgment.court_id]) for judgment in entry.judgments
        ),
        col.DEBTORS: _parties(entry, PartyRole.DEBTOR),
        col.CREDITORS: _parties(entry, PartyRole.CREDITOR),
        col.DECISION: "\n".join(
            [
                _("Decision %(number)s of %(date)s")
                % {"number": row.decision.number, "date": paper_date(row.decision.date)},
                *(_obligation(obligation) for obligation in entry.obligations),
                *(
                    _("Advance taken (not due): %(label)s, %(amount)s")
                    % {"label": item.label, "amount": _money(item.amount)}
                    for item in row.decision.advances
                ),
                _("Amount to enforce: %(amount)s") % {"amount": _money(entry.amount_due)},
            ]
        ),
        col.NOTES: str(Initiation(entry.initiation).label),
    }
    for step in entry.steps:
        text = (
            _("Decision %(number)s of %(date)s")
            % {"number": step.number, "date": paper_date(step.on)}
            if step.number
            else _("On %(date)s") % {"date": paper_date(step.on)}
        )
        if step.ground_id and step.column in row.grounds_chosen:
            text += " · " + _("ground %(code)s (chosen on the upload form)") % {
                "code": grounds[step.ground_id].code
            }
        elif step.ground_id:
            text += " · " + _("ground %(code)s") % {"code": grounds[step.ground_id].code}
        if step.to_unit_id:
            text += " · " + _("entrusted to %(unit)s") % {
                "unit": context.lookups["unit_by_id"][step.to_unit_id].name
            }
        read[step.column] = text
    if row.received is not None:
        read[col.ENTRUSTED_IN] = _("Decision %(number)s of %(date)s by %(agency)s") % {
            "number": row.received.number,
            "date": paper_date(row.received.on),
            "agency": row.received.sender.name,
        }
    cells = [
        {
            "column": column.header,
            "written": _written(values.get(column.key)),
            "read": read.get(column.key, ""),
        }
        for column in col.REGISTER_COLUMNS
        if column.key in read or _written(values.get(column.key))
    ]
    cells.append(
        {
            "column": _("Status"),
            "written": "",
            "read": f"{status_label(row.status)} · {Eligibility(row.eligibility).label}",
        }
    )
    order = _written(values.get(col.ORDER))
    title = (
        _("No. %(order)s · decision %(number)s") % {"order": order, "number": entry.decision_number}
        if order
        else _("Decision %(number)s") % {"number": entry.decision_number}
    )
    return {"title": title, "cells": cells}


def _judgment(judgment: RegisterJudgment, court: Court) -> str:
    kind, instance = Judgment.Kind(judgment.kind).label, Judgment.Instance(judgment.instance).label
    return f"{kind} {judgment.number} · {paper_date(judgment.issued_on)} · {court} · {instance}"


_PARTY_KINDS = {
    PartyKind.PERSON: gettext_lazy("a person"),
    PartyKind.ORGANISATION: gettext_lazy("an organisation"),
    PartyKind.AGENCY: gettext_lazy("the agency itself, for court fees and fines"),
}


def _parties(entry: RegisterEntry, role: str) -> str:
    lines = []
    for party in entry.parties:
        if party.role != role:
            continue
        line = f"{party.name} ({_PARTY_KINDS[party.kind]})"
        if party.address:
            line += " — " + _("address: %(address)s") % {"address": party.address}
        lines.append(line)
    return "\n".join(lines)
