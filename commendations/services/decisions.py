"""Writes of decisions: recording a signed decision, its title awards and certificates; printing."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from commendations.models import (
    Certificate,
    CertificateSerial,
    Decision,
    DecisionLine,
    Nomination,
    PrintJob,
)
from commendations.selectors import decides_here, printable_certificates, unit_level
from commendations.services.workflow import (
    move,
    require_eligible,
    require_independent,
    require_permission,
)
from emulation.models import BaseSalary, Level, PhysicalItem, reward_amount
from emulation.services import title_award_confer
from organizations.jobs import enqueue_on_commit
from organizations.models import Unit
from organizations.scoping import unit_in_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)
DEFAULT_PRINT_INLINE_MAX = 20


_DECIDE = "commendations.decide_nomination"


def print_inline_max() -> int:
    """Return how many certificates print in the request; more go to a background worker."""
    return int(getattr(settings, "COMMENDATIONS_PRINT_INLINE_MAX", DEFAULT_PRINT_INLINE_MAX))


def _next_serial(year: int) -> int:
    counter, _created = CertificateSerial.objects.get_or_create(year=year)
    counter = CertificateSerial.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save()
    return counter.last_number


def achievement_line(nomination: Nomination) -> str:
    """Return the line a certificate prints under the recipient, in the document's language."""
    # Certificates are Vietnamese official documents whatever the interface language.
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "For outstanding achievements in the patriotic emulation movement and the work "
            "of the justice sector in {year}"
        ).format(year=nomination.year)


def _recipient(nomination: Nomination) -> tuple[str, str]:
    if nomination.person_id:
        person = nomination.person
        details = ", ".join(part for part in (person.position, person.unit.name) if part)
        return person.full_name, details
    return nomination.unit.name, ""


def decision_check(
    *,
    user: AbstractBaseUser,
    number: str,
    date: datetime.date | None,
    issuing_unit: Unit | None,
    authority: str,
    signer_name: str,
    signer_title: str,
    nominations: Iterable[Nomination],
) -> None:
    """Refuse a decision's content with every reason, field by field."""
    require_permission(
        user, "commendations.decide_nomination", _("Your role does not record award decisions.")
    )
    errors: dict[str, list[str]] = {}
    # Decision numbers are written in capitals (1234/QĐ-BTP): compare them that way.
    number = (number or "").strip().upper()
    if not number:
        errors["number"] = [_("Give the decision's number, e.g. 1234/QĐ-BTP.")]
    elif Decision.objects.filter(number=number).exists():
        errors["number"] = [_("Decision {number} is already recorded.").format(number=number)]
    if issuing_unit is None:
        errors["issuing_unit"] = [_("Choose the issuing unit.")]
    elif not unit_in_scope(user, issuing_unit.pk, _DECIDE):
        raise PermissionDenied(_("You may record the decisions of your own units only."))
    if date is not None and BaseSalary.objects.in_force_on(date) is None:
        errors["date"] = [
            _(
                "No base salary is recorded in force on {date}: the administrator adds it "
                "before decisions of that day can state their rewards."
            ).format(date=date.strftime("%d/%m/%Y"))
        ]
    for field, value, message in (
        ("date", date, _("Give the decision's date.")),
        ("authority", authority, _("Give the issuing authority.")),
        ("signer_name", signer_name, _("Give the name of the signer.")),
        ("signer_title", signer_title, _("Give the signer's title.")),
    ):
        if not value or (isinstance(value, str) and not value.strip()):
            errors[field] = [message]
    chosen = list(nominations)
    problems: list[str] = []
    if not chosen:
        problems.append(_("Choose at least one approved nomination."))
    for nomination in chosen:
        if not unit_in_scope(user, nomination.nominating_unit_id, _DECIDE):
            raise PermissionDenied(_("This nomination belongs to a unit outside yours."))
        if nomination.status != Nomination.Status.APPROVED:
            problems.append(
                _("“{nomination}” is “{status}”: only approved nominations can be decided.").format(
                    nomination=nomination, status=nomination.get_status_display()
                )
            )
            continue
        require_independent(user, nomination)
        refusal = issuing_refusal(nomination, issuing_unit)
        if refusal:
            problems.append(refusal)
            continue
        try:
            require_eligible(nomination)
        except ValidationError as error:
            problems.append(f"{nomination}: " + " ".join(error.messages))
    if problems:
        errors["nominations"] = problems
    if errors:
        raise ValidationError(errors)


def issuing_refusal(nomination: Nomination, issuing_unit: Unit | None) -> str | None:
    """Return why the unit's decision cannot name the nomination: the level that decides it.

    A nomination submitted upwards is closed by the higher unit's decision only; a unit
    whose councils decide lower forms cannot confer a higher one (it submits it upwards).
    """
    if issuing_unit is None:
        return None
    if nomination.forwarded_to_id and issuing_unit.pk != nomination.forwarded_to_id:
        return _("“{nomination}” was submitted to {unit}: only its decision closes it.").format(
            nomination=nomination, unit=nomination.forwarded_to.name
        )
    level = unit_level(issuing_unit.pk)
    if level is not None and not decides_here(nomination, issuing_unit.pk):
        return _(
            "{unit} decides {level}-level forms: “{nomination}” is submitted to the higher "
            "level that confers it."
        ).format(unit=issuing_unit.name, level=Level(level).label, nomination=nomination)
    return None


# What a decision form asks for, as ``decision_record`` takes it.
DECISION_FIELDS = (
    "number",
    "date",
    "issuing_unit",
    "authority",
    "signer_name",
    "signer_title",
    "place",
    "nominations",
)


@transaction.atomic
def decision_record(
    *,
    user: AbstractBaseUser,
    number: str,
    date: datetime.date,
    issuing_unit: Unit,
    authority: str,
    signer_name: str,
    signer_title: str,
    nominations: Iterable[Nomination],
    place: str = "Hà Nội",
) -> Decision:
    """Record a signed decision: its list with each reward, title awards and certificates."""
    chosen = sorted({nomination.pk for nomination in nominations})
    # Lock first, then check what the rows hold now: a second decision waits here.
    locked = [lock_for_decision(pk) for pk in chosen]
    decision_check(
        user=user,
        number=number,
        date=date,
        issuing_unit=issuing_unit,
        authority=authority,
        signer_name=signer_name,
        signer_title=signer_title,
        nominations=locked,
    )
    number = number.strip().upper()
    decision = Decision(
        number=number,
        date=date,
        issuing_unit=issuing_unit,
        authority=authority.strip(),
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        place=(place or "").strip() or "Hà Nội",
        recorded_by=user,
    )
    decision.full_clean()
    decision.save()
    base_salary = BaseSalary.objects.in_force_on(decision.date)
    for nomination in locked:
        move(nomination, "decide", user=user, comment=str(decision), decision=decision)
        if nomination.proposed_title_id:
            title_award_confer(
                title=nomination.proposed_title,
                year=nomination.year,
                person=nomination.person,
                unit=nomination.unit,
                decision_number=decision.number,
                decision_date=decision.date,
                decided_by=decision.authority,
                commendation_type=nomination.commendation_type,
            )
        name, details = _recipient(nomination)
        awarded = nomination.award_form or nomination.proposed_title
        multiple = awarded.reward_multiple_for(individual=nomination.person_id is not None)
        DecisionLine.objects.create(
            decision=decision,
            nomination=nomination,
            recipient_name=name,
            award_name=awarded.name,
            physical_item=awarded.physical_item,
            reward_multiple=multiple,
            base_salary=base_salary.amount,
            amount=reward_amount(multiple, base_salary.amount),
        )
        if not awarded.carries_certificate:
            # The law gives this title money (or a flag) only: no certificate, no serial.
            continue
        Certificate.objects.create(
            decision=decision,
            nomination=nomination,
            year=decision.date.year,
            number=_next_serial(decision.date.year),
            person=nomination.person,
            unit=nomination.unit,
            award_form=nomination.award_form,
            title=nomination.proposed_title,
            recipient_name=name,
            recipient_details=details,
            award_name=awarded.name,
            achievement=achievement_line(nomination),
        )
    return decision


def lock_for_decision(pk: int) -> Nomination:
    """Lock a nomination's row for the decision; its state is checked once locked."""
    return Nomination.objects.select_for_update().get(pk=pk)


@transaction.atomic
def print_job_start(*, user: AbstractBaseUser, decision: Decision) -> PrintJob:
    """Print a decision's certificates: now when few, in the background when many."""
    require_permission(
        user, "commendations.print_certificate", _("Your role does not print certificates.")
    )
    printing = "commendations.print_certificate"
    if not Decision.objects.for_user(user, printing).filter(pk=decision.pk).exists():
        raise PermissionDenied(_("This decision is outside your units."))
    total = len(printable_certificates(user=user, decision=decision))
    if not total:
        without = sorted(
            {
                line.award_name
                for line in DecisionLine.objects.for_user(user, printing).filter(decision=decision)
                if line.physical_item != PhysicalItem.CERTIFICATE
            }
        )
        if without:
            raise ValidationError(
                _(
                    "The law gives no certificate with “{awards}”: this decision has nothing "
                    "to print."
                ).format(awards="”, “".join(without))
            )
        raise ValidationError(_("This decision has issued no certificate to print."))
    job = PrintJob.objects.create(decision=decision, requested_by=user, total=total)
    if total > print_inline_max():
        enqueue_on_commit("commendations.tasks.print_certificates", job.pk)
        return job
    return print_job_run(job=job)


def print_job_run(*, job: PrintJob) -> PrintJob:
    """Render every certificate of the job's decision into one PDF, recording progress."""
    from commendations.pdf import certificates_pdf

    claimed = PrintJob.objects.claim(
        job, source=PrintJob.Status.PENDING, target=PrintJob.Status.RUNNING
    )
    job.refresh_from_db()
    if not claimed:
        return job

    def progress(done: int) -> None:
        PrintJob.objects.beat(job, done=done)

    try:
        # Only the certificates its requester may see: a decision may list several units.
        certificates = printable_certificates(user=job.requested_by, decision=job.decision)
        content = certificates_pdf(certificates, progress=progress)
        job.refresh_from_db()
        job.file.save(
            f"{job.decision.number.replace('/', '-')}-{job.pk}.pdf".replace(" ", "_"),
            ContentFile(content),
            save=False,
        )
        job.status = PrintJob.Status.DONE
        job.done = len(certificates)
        job.save()
    except Exception:
        logger.exception("Printing the certificates of job %s failed", job.pk)
        PrintJob.objects.filter(pk=job.pk).update(
            status=PrintJob.Status.FAILED,
            message=_("Printing failed unexpectedly; the administrators have been told."),
        )
        job.refresh_from_db()
    return job
