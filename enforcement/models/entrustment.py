"""Entrustment between enforcement agencies (ủy thác thi hành án), as both sides record it.

The sending agency closes its case by entrustment (``Status.ENTRUSTED``, ``entrusted_to``)
and records the entrustment decision it issued; the receiving agency accepts the case as a
new one of its own (Luật Thi hành án dân sự, Art. 55 and 56: the receiver issues its own
enforcement decision on the entrustment decision it received) and records where it came
from. When both agencies keep their cases here the receiver's case is linked to the
sender's, so that the national totals count the work once: the sender's case leaves at line
4 (entrusted out), the receiver's comes in at line 2 (newly accepted).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Unit


class EntrustmentFields(models.Model):
    """The two sides of an entrustment on a case: the decision sent, the decision received."""

    # The sender's side: the entrustment decision it issued when it entrusted the case out
    # (number and date; empty for a case entrusted before it was recorded).
    entrustment_decision_number = models.CharField(
        _("entrustment decision number"), max_length=50, blank=True, db_default=""
    )
    entrustment_decision_date = models.DateField(
        _("entrustment decision date"), null=True, blank=True
    )
    # The receiver's side: the agency that entrusted the case and its decision. Indexed only
    # where set (see ``entrustment_indexes``): a few cases in a hundred are received.
    received_from = models.ForeignKey(
        Unit,
        verbose_name=_("received by entrustment from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_entrusted_in",
        db_index=False,
    )
    received_decision_number = models.CharField(
        _("received entrustment decision number"), max_length=50, blank=True, db_default=""
    )
    received_decision_date = models.DateField(
        _("received entrustment decision date"), null=True, blank=True
    )
    # The sender's entrusted-out case, when the sending agency keeps its cases here too.
    received_from_case = models.OneToOneField(
        "self",
        verbose_name=_("sender's case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_as",
    )

    class Meta:
        abstract = True

    @property
    def is_received(self) -> bool:
        """Tell whether the case was received by entrustment from another agency."""
        return self.received_from_id is not None


def entrustment_constraints(entrusted: str) -> list[models.BaseConstraint]:
    """Return the case table's constraints of entrustment (``entrusted``: the status value)."""
    return [
        models.CheckConstraint(
            condition=Q(
                entrustment_decision_number="",
                entrustment_decision_date__isnull=True,
            )
            | (
                Q(status=entrusted)
                & ~Q(entrustment_decision_number="")
                & Q(entrustment_decision_date__gte=F("accepted_on"))
                & Q(entrustment_decision_date__lte=F("closed_on"))
            ),
            name="enforcement_case_entrustment_decision_of_entrusted",
            violation_error_message=_(
                "Only an entrusted case records the entrustment decision, with its number and "
                "a date between acceptance and the entrustment."
            ),
        ),
        models.CheckConstraint(
            condition=Q(
                received_from__isnull=True,
                received_decision_number="",
                received_decision_date__isnull=True,
            )
            | (
                Q(received_from__isnull=False)
                & ~Q(received_decision_number="")
                & Q(received_decision_date__isnull=False)
            ),
            name="enforcement_case_received_from_iff_decision",
            violation_error_message=_(
                "A case received by entrustment names the sending agency with the number and "
                "the date of its entrustment decision; a case not received names none."
            ),
        ),
        models.CheckConstraint(
            condition=Q(received_from__isnull=True)
            | (~Q(received_from=F("unit")) & ~Q(received_from=F("issuing_agency"))),
            name="enforcement_case_not_received_from_itself",
            violation_error_message=_("A case cannot be received from its own agency."),
        ),
        models.CheckConstraint(
            condition=Q(received_decision_date__isnull=True)
            | Q(received_decision_date__lte=F("accepted_on")),
            name="enforcement_case_received_decision_not_after_accepted",
            violation_error_message=_(
                "The entrustment decision received cannot be dated after the case's acceptance."
            ),
        ),
        models.CheckConstraint(
            condition=Q(received_from_case__isnull=True)
            | (Q(received_from__isnull=False) & ~Q(received_from_case=F("pk"))),
            name="enforcement_case_linked_only_when_received",
            violation_error_message=_(
                "Only a case received by entrustment is linked to the sender's case, never to "
                "itself."
            ),
        ),
    ]


def entrustment_indexes() -> list[models.Index]:
    """Return the case table's indexes of entrustment: partial, as few cases are entrusted."""
    return [
        # The statistics' "of which received by entrustment" and the admin's filter.
        models.Index(
            fields=["received_from", "accepted_on"],
            name="enforcement_case_received",
            condition=Q(received_from__isnull=False),
        ),
        # The receiver's case finds the sender's by the sending agency and its decision.
        models.Index(
            fields=["issuing_agency", "entrustment_decision_number"],
            name="enforcement_case_entrustment",
            condition=~Q(entrustment_decision_number=""),
        ),
    ]
