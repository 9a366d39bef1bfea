"""The status-update file: status changes, eligibility and payments of stored cases, as of a day."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from enforcement import services
from enforcement.imports.common import (
    AMBIGUOUS_NUMBER,
    ELIGIBILITY_LABELS,
    ELIGIBILITY_LOOKUP,
    RULE_COLUMNS,
    STATUS_LABELS,
    STATUS_LOOKUP,
    choice,
    enforcement_units,
    load_cases,
    past_date,
    receiving_units,
)
from enforcement.models import (
    CLOSED_STATUSES,
    STATUS_GROUND_ACTIONS,
    Eligibility,
    EnforcementCase,
    GroundAction,
    LegalGround,
    Status,
)
from enforcement.services import StatusUpdate, lock_units
from organizations.audit import change_reason
from organizations.imports.specs import (
    Column,
    ImportContext,
    ImportSpec,
    RowError,
    register,
    row_error,
)
from organizations.imports.units import find_unit, unit_codes
from organizations.imports.values import fold, parse_amount, parse_text
from organizations.models import ImportJob, Unit


def ground_lookup() -> dict[str, LegalGround]:
    """Map each ground's code, as written and folded, to the ground.

    The folded code (no diacritics, lower case) is kept only where it names one ground:
    48.1.đ and 48.1.d fold alike, so each is then found only by its exact code.
    """
    grounds = list(LegalGround.objects.all())
    lookup = {ground.code.casefold(): ground for ground in grounds}
    folded: dict[str, list[LegalGround]] = {}
    for ground in grounds:
        folded.setdefault(fold(ground.code), []).append(ground)
    for key, found in folded.items():
        if len(found) == 1:
            lookup.setdefault(key, found[0])
    return lookup


def _ground_action(values: dict[str, object]) -> str | None:
    """Return the action whose ground the row needs: its status's, else not yet eligible's."""
    status = values.get("status")
    if status in STATUS_GROUND_ACTIONS:
        return STATUS_GROUND_ACTIONS[status]
    if values.get("eligibility") == Eligibility.NOT_ELIGIBLE:
        return GroundAction.NOT_ELIGIBLE
    return None


@register
class CaseStatusImport(ImportSpec):
    """Status changes, eligibility and payments of stored cases, as of a date."""

    key = "enforcement.casestatus"
    title = _("Case status updates")
    model = EnforcementCase
    permissions = ("enforcement.change_case_status",)
    key_columns = ("unit", "number")
    allow_new = False
    blank_keeps_stored = True
    unknown_record_message = _("No such case among your units.")
    columns = [
        Column("unit", "Đơn vị", parse_text(255), required=True, example="THADS-DN"),
        Column(
            "number", "Số quyết định THA", parse_text(50), required=True, example="125/QĐ-THADS"
        ),
        Column(
            "on",
            "Ngày",
            past_date,
            required=True,
            example="20/09/2024",
            aliases=("ngày thay đổi", "ngay cap nhat", "date"),
            help=_("The day the change happened; not before the case's last change."),
        ),
        Column(
            "status",
            "Trạng thái",
            choice(STATUS_LOOKUP),
            example="Thi hành xong",
            allowed=STATUS_LABELS,
        ),
        Column(
            "eligibility",
            "Điều kiện thi hành",
            choice(ELIGIBILITY_LOOKUP),
            example="Có điều kiện",
            allowed=ELIGIBILITY_LABELS,
        ),
        Column(
            "amount_recovered",
            "Số tiền đã thi hành",
            parse_amount,
            example="150.000.000",
            help=_("The total recovered so far, in đồng; it can only grow."),
        ),
        Column(
            "amount_reduced",
            "Số tiền được giảm, miễn",
            parse_amount,
            example="0",
            aliases=("so tien duoc giam, mien", "giảm, miễn", "giam, mien"),
            help=_("The total reduced or exempted so far, in đồng; it can only grow."),
        ),
        Column("entrusted_to", "Ủy thác cho", parse_text(255)),
        Column(
            "ground",
            "Căn cứ",
            parse_text(20),
            example="48.1.c",
            aliases=("căn cứ pháp lý", "can cu phap ly", "ground"),
            help=_(
                "The legal ground by its code (article.clause.point of the Law on Civil "
                "Judgment Enforcement, e.g. 48.1.c); needed to postpone, suspend, terminate "
                "or mark not yet eligible."
            ),
        ),
        Column("note", "Ghi chú", parse_text(2000)),
    ]
    compared_columns = ("status", "eligibility", "amount_recovered", "amount_reduced")

    def prepare(self, *, user: AbstractBaseUser) -> ImportContext:
        return ImportContext(
            user=user,
            lookups={
                "units": enforcement_units(self.writable(Unit.objects.all(), user)),
                "receivers": receiving_units(),
                "grounds": ground_lookup(),
            },
        )

    def clean(self, *, values: dict[str, object], context: ImportContext) -> dict[str, object]:
        unit = find_unit(values["unit"], context.lookups["units"])
        if unit is None:
            raise RowError(
                "unit", _("No such enforcement unit among yours."), allowed=unit_codes(context)
            )
        values["unit"], values["unit_id"] = unit.code, unit.pk
        if values.get("status") == Status.ENTRUSTED:
            receiver = find_unit(values["entrusted_to"], context.lookups["receivers"])
            if receiver is None:
                raise RowError(
                    "entrusted_to",
                    _("Name the enforcement unit the case goes to."),
                    allowed=unit_codes(context, "receivers"),
                )
            values["entrusted_to"] = receiver
        if values.get("ground"):
            code = str(values["ground"])
            grounds = context.lookups["grounds"]
            ground = grounds.get(code.strip().casefold()) or grounds.get(fold(code))
            if ground is None:
                raise RowError(
                    "ground",
                    _("No such legal ground."),
                    allowed=context.accepted("grounds", lambda: (g.code for g in grounds.values())),
                )
            values["ground"] = ground
        action = _ground_action(values)
        if action is not None:
            try:
                services.legal_ground_check(ground=values.get("ground") or None, action=action)
            except ValidationError as error:
                raise row_error(error, default="ground") from None
        return values

    def load_existing(self, *, context: ImportContext, keys: Iterable[tuple]) -> None:
        load_cases(
            context,
            keys,
            (
                "status",
                "eligibility",
                "amount_recovered",
                "amount_reduced",
                "amount_due",
                "accepted_on",
                "closed_on",
                "entrusted_to_id",
            ),
        )

    def check_change(
        self, *, values: dict[str, object], stored: dict[str, object], context: ImportContext
    ) -> None:
        if stored.get(AMBIGUOUS_NUMBER):
            raise RowError(
                "number",
                _(
                    "Two open cases of the unit bear this number (decided in different years): "
                    "update them through the case list."
                ),
            )
        on = values["on"]
        if on < stored["state_changed_on"]:
            raise RowError("on", _("The date is before the case's last change."))
        status = values.get("status") or stored["status"]
        changes_status = status != stored["status"]
        if changes_status and stored["status"] in CLOSED_STATUSES:
            raise RowError("status", _("The case is already closed; its status cannot change."))
        recovered = values.get("amount_recovered")
        if recovered is not None and recovered < stored["amount_recovered"]:
            raise RowError(
                "amount_recovered",
                _("The total recovered cannot go down; correct a wrong payment on the case."),
            )
        reduced = values.get("amount_reduced")
        if reduced is not None and reduced < stored["amount_reduced"]:
            raise RowError(
                "amount_reduced",
                _("The total reduced or exempted cannot go down."),
            )
        # One ground per row: a postponement (suspension, termination) and a change to not
        # yet eligible would each need their own.
        if (
            values.get("status") in STATUS_GROUND_ACTIONS
            and values.get("eligibility") == Eligibility.NOT_ELIGIBLE
            and stored["eligibility"] != Eligibility.NOT_ELIGIBLE
        ):
            raise RowError(
                "eligibility",
                _(
                    "A row records one legal ground: mark the case not yet eligible on "
                    "a row of its own."
                ),
            )
        # The case as the row leaves it, by the rules of every case.
        closes = changes_status and status in CLOSED_STATUSES
        entrusted = values["entrusted_to"] if closes and status == Status.ENTRUSTED else None
        try:
            services.case_rules_check(
                unit_id=values["unit_id"],
                status=status,
                accepted_on=stored["accepted_on"],
                closed_on=on if closes else stored["closed_on"],
                amount_due=stored["amount_due"],
                amount_recovered=stored["amount_recovered"] if recovered is None else recovered,
                amount_reduced=stored["amount_reduced"] if reduced is None else reduced,
                entrusted_to_id=entrusted.pk if entrusted else stored["entrusted_to_id"],
            )
        except ValidationError as error:
            raise row_error(error, default="status", fields=RULE_COLUMNS) from None

    def lock(self, *, rows: list[dict[str, object]], context: ImportContext) -> None:
        lock_units({row["unit_id"] for row in rows})

    def apply(
        self,
        *,
        new: list[dict[str, object]],
        changed: list[dict[str, object]],
        context: ImportContext,
        job: ImportJob,
    ) -> None:
        reason = change_reason(job)
        services.case_status_bulk_update(
            user=job.uploaded_by,
            updates=[
                StatusUpdate(
                    case_id=row["_existing"]["pk"],
                    on=row["on"],
                    note=row["note"] or reason,
                    status=row.get("status"),
                    eligibility=row.get("eligibility"),
                    amount_recovered=row.get("amount_recovered"),
                    amount_reduced=row.get("amount_reduced"),
                    entrusted_to=row["entrusted_to"]
                    if row.get("status") == Status.ENTRUSTED
                    else None,
                    ground=row.get("ground") or None,
                )
                for row in changed
            ],
            reason=reason,
        )
