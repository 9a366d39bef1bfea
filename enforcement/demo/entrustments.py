"""Entrustments received in the demo: a few cases one city entrusted, accepted by another.

The demo's figures are published ones, so no case is added: a few cases each city entrusted
to another in 2025 get their entrustment decision, and as many cases the receiving city
accepted after it (still open, its own so far) are marked received from the sender with that
decision. The linking service then links each pair as it links an import's (``services``).
Only the origin changes: every line of every table stays as it was.
"""

from __future__ import annotations

import itertools

from enforcement.demo.figures import CITY_AGENCIES, YEAR_2025_START
from enforcement.models import OPEN_STATUSES, EnforcementCase, Status
from enforcement.services import received_cases_link
from organizations.models import Unit
from organizations.selectors import agency_id_of, unit_parents

# How many cases each city receives from each other city.
PER_PAIR = 2


def entrust_demo_cases(units: dict[str, Unit]) -> int:
    """Record a few entrustments received between the cities, linked; return how many."""
    tree = unit_parents()
    agencies = {units[code].pk: units[code] for code in CITY_AGENCIES}
    numbers = itertools.count(101)
    taken: set[int] = set()
    received_ids: list[int] = []
    for sender_id, receiver_id in itertools.permutations(agencies, 2):
        sent_cases = (
            EnforcementCase.objects.filter(
                issuing_agency_id=sender_id,
                status=Status.ENTRUSTED,
                closed_on__gte=YEAR_2025_START,
                entrustment_decision_number="",
            )
            .select_related("entrusted_to")
            .order_by("closed_on", "pk")
        )
        found = 0
        for sent in sent_cases.iterator(chunk_size=500):
            if found == PER_PAIR:
                break
            if agency_id_of(sent.entrusted_to_id, tree) != receiver_id:
                continue
            received = (
                EnforcementCase.objects.filter(
                    issuing_agency_id=receiver_id,
                    accepted_on__gte=sent.closed_on,
                    status__in=OPEN_STATUSES,
                    received_from__isnull=True,
                )
                .exclude(pk__in=taken)
                .order_by("accepted_on", "pk")
                .first()
            )
            if received is None:
                break
            number = f"{next(numbers)}/QĐ-THADS"
            EnforcementCase.objects.filter(pk=sent.pk).update(
                entrustment_decision_number=number, entrustment_decision_date=sent.closed_on
            )
            EnforcementCase.objects.filter(pk=received.pk).update(
                received_from_id=sender_id,
                received_decision_number=number,
                received_decision_date=sent.closed_on,
            )
            taken.add(received.pk)
            received_ids.append(received.pk)
            found += 1
    return received_cases_link([(pk, pk) for pk in received_ids])
