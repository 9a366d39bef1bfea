"""Writes and checks of a case's parties and judgments.

A case's ``debtor`` and ``creditor`` texts are what the lists, exports, PDFs and the search
read: the names of its parties of that role, in order, joined by "; ". A case opened from a
text (a form, a file) gets one party per role from it; parties edited on the case page write
the texts again (``case_parties_summarize``); a text a later file corrects names that role's
parties anew (``parties_follow_texts``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from enforcement.models import CaseParty, Court, EnforcementCase, Judgment, PartyKind, PartyRole
from enforcement.search import refresh_case_text
from enforcement.services.copying import Statement
from enforcement.services.guards import short_date, today
from enforcement.services.records import save_case

SEPARATOR = "; "
TEXT_LENGTH = EnforcementCase._meta.get_field("debtor").max_length
ROLE_FIELDS = {PartyRole.DEBTOR: "debtor", PartyRole.CREDITOR: "creditor"}


def party_check(*, role: str, kind: str, name: str) -> None:
    """Refuse a party without a name, or the agency itself as a debtor."""
    if not name.strip():
        raise ValidationError({"name": _("Enter the party's name.")}, code="empty_name")
    if kind == PartyKind.AGENCY and role != PartyRole.CREDITOR:
        raise ValidationError(
            {"kind": _("The enforcement agency itself can only be a creditor.")},
            code="agency_debtor",
        )


def judgment_check(
    *, accepted_on: datetime.date | None, issued_on: datetime.date, court: Court | None
) -> None:
    """Refuse a judgment dated in the future, after the case's acceptance, or before its court."""
    if issued_on > today():
        raise ValidationError(
            {"issued_on": _("The judgment's date %(date)s is in the future.")},
            params={"date": short_date(issued_on)},
            code="future",
        )
    if accepted_on is not None and issued_on > accepted_on:
        raise ValidationError(
            {
                "issued_on": _(
                    "The judgment's date %(date)s is after the case was accepted (%(accepted)s): "
                    "a case enforces a judgment already issued."
                )
            },
            params={"date": short_date(issued_on), "accepted": short_date(accepted_on)},
            code="after_accepted",
        )
    if court is None:
        return
    if (court.valid_from is not None and issued_on < court.valid_from) or (
        court.valid_to is not None and issued_on > court.valid_to
    ):
        raise ValidationError(
            {"court": _("%(court)s did not exist on %(date)s.")},
            params={"court": court.name, "date": short_date(issued_on)},
            code="court_not_in_operation",
        )


def summary_text(names: Iterable[str]) -> str:
    """Return the names joined as the case's text, cut to the text's length with an ellipsis."""
    text = SEPARATOR.join(name.strip() for name in names if name.strip())
    if len(text) > TEXT_LENGTH:
        return text[: TEXT_LENGTH - 1] + "…"
    return text


def parties_from_texts(case: EnforcementCase) -> None:
    """Give a newly opened case one debtor and, if named, one creditor from its texts."""
    CaseParty.objects.bulk_create(
        CaseParty(case=case, role=role, name=getattr(case, field).strip())
        for role, field in ROLE_FIELDS.items()
        if getattr(case, field).strip()
    )


def party_statements(first_id: int, last_id: int) -> list[Statement]:
    """Return the SQL that writes the parties of the cases first_id to last_id from their texts.

    Two INSERT … SELECT statements, no row read into Python: a bulk writer runs them in the
    cases' transaction, on its own connection's thread (``services.copying.ChunkCopy``).
    """
    party_table = CaseParty._meta.db_table
    case_table = EnforcementCase._meta.db_table
    return [
        (
            f"INSERT INTO {party_table} (case_id, role, kind, name, address, position) "  # noqa: S608
            f"SELECT id, %s, %s, TRIM({field}), '', 0 FROM {case_table} "
            f"WHERE id BETWEEN %s AND %s AND TRIM({field}) <> ''",
            [role.value, PartyKind.PERSON.value, first_id, last_id],
        )
        for role, field in ROLE_FIELDS.items()
    ]


def parties_from_texts_in_range(first_id: int, last_id: int) -> int:
    """Write the parties of the cases with ids first_id to last_id from their texts, in SQL.

    The demo data calls it in the cases' transaction. Returns the parties written.
    """
    written = 0
    with connection.cursor() as cursor:
        for sql, params in party_statements(first_id, last_id):
            cursor.execute(sql, params)
            written += cursor.rowcount
    return written


def _names_by_role(case: EnforcementCase) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {role: [] for role in ROLE_FIELDS}
    for role, name in (
        CaseParty.objects.filter(case=case).order_by("position", "id").values_list("role", "name")
    ):
        names[role].append(name)
    return names


def case_parties_summarize(*, case: EnforcementCase, user: AbstractBaseUser | None) -> None:
    """Write the case's texts from its parties (after they changed) and its search text.

    A case keeps at least one debtor; the caller's form says so before anything is written.
    """
    names = _names_by_role(case)
    if not names[PartyRole.DEBTOR]:
        raise ValidationError(_("A case needs at least one debtor."), code="no_debtor")
    changed = False
    for role, field in ROLE_FIELDS.items():
        text = summary_text(names[role])
        if getattr(case, field) != text:
            setattr(case, field, text)
            changed = True
    if changed:
        save_case(case, user=user)
    refresh_case_text(case)


def parties_follow_texts(case: EnforcementCase, fields: Iterable[str]) -> None:
    """Name a role's parties anew from its corrected text, unless it names them already.

    A file that corrects a debtor text ("Ông A - Bà B" for "Ông A") states who the debtors
    are; the parties of that role become the one the text names. A text equal to the
    parties' summary changes nothing, so re-sending an exported file keeps the addresses.
    """
    names = _names_by_role(case)
    for role, field in ROLE_FIELDS.items():
        if field not in fields:
            continue
        text = getattr(case, field).strip()
        if text == summary_text(names[role]):
            continue
        CaseParty.objects.filter(case=case, role=role).delete()
        if text:
            CaseParty.objects.create(case=case, role=role, name=text)


def judgment_add(
    *,
    case: EnforcementCase,
    kind: str,
    number: str,
    issued_on: datetime.date,
    court: Court,
    instance: str,
) -> Judgment:
    """Record a judgment the case enforces (demo data, imports); the admin's inline checks alike."""
    judgment_check(accepted_on=case.accepted_on, issued_on=issued_on, court=court)
    judgment = Judgment(
        case=case,
        kind=kind,
        number=number.strip(),
        issued_on=issued_on,
        court=court,
        instance=instance,
    )
    judgment.full_clean()
    judgment.save()
    return judgment
