"""Factories of enforcement: cases as the services would leave them, a year of cases, targets."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import factory

from enforcement.models import (
    CaseEvent,
    Eligibility,
    EnforcementCase,
    Initiation,
    JudgmentKind,
    LegalGround,
    Status,
    Target,
)
from enforcement.search import refresh_case_text
from enforcement.services.parties import parties_from_texts
from organizations.models import Unit
from organizations.selectors import agency_of
from tests.factories import UnitFactory, ensure_reference_data

_case_numbers = itertools.count(1)


class EnforcementCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnforcementCase
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    # The handling office's agency, as case_open gives it.
    issuing_agency = factory.LazyAttribute(lambda case: agency_of(case.unit))
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-CTHADS")
    decision_date = datetime.date(2024, 3, 1)
    accepted_on = datetime.date(2024, 3, 1)
    judgment = factory.Sequence(lambda n: f"Bản án số {n}/2023/DS-ST")
    judgment_kind = JudgmentKind.CIVIL
    initiation = Initiation.ON_REQUEST
    debtor = factory.Sequence(lambda n: f"Người phải thi hành {n}")
    creditor = "Ngân hàng TMCP Á Châu"
    amount_due = 10_000_000
    amount_recovered = 0
    eligibility = Eligibility.ELIGIBLE
    status = Status.IN_PROGRESS
    state_changed_on = factory.LazyAttribute(lambda case: case.accepted_on)

    @factory.post_generation
    def parties(self, create: bool, extracted: object, **kwargs: object) -> None:
        # One debtor and one creditor from the texts, as case_open writes them.
        if create:
            parties_from_texts(self)

    @factory.post_generation
    def search_text(self, create: bool, extracted: object, **kwargs: object) -> None:
        # Searchable at once, as case_open leaves a case.
        if create:
            refresh_case_text(self)

    @factory.post_generation
    def opened(self, create: bool, extracted: object, **kwargs: object) -> None:
        # Every case has its opening event, as case_open writes it.
        if create and self.status == Status.IN_PROGRESS:
            CaseEvent.objects.create(
                case=self,
                kind=CaseEvent.Kind.OPENED,
                occurred_on=self.accepted_on,
                amount=self.amount_due,
                status_after=self.status,
                eligibility_after=self.eligibility,
            )


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    unit = factory.SubFactory(UnitFactory)
    year = 2024
    case_ratio = Decimal("83.25")
    money_ratio = Decimal("46.45")


def make_cases(
    unit: Unit,
    *,
    completed: int,
    in_progress: int,
    amount_due: int = 1_000_000,
    recovered_share: Decimal = Decimal("0.5"),
    year: int = 2024,
) -> None:
    """Create eligible cases of a statistical year: some completed, some still in progress."""
    accepted = datetime.date(year - 1, 11, 1)
    closed = datetime.date(year, 6, 30)
    agency = agency_of(unit)
    for index in range(completed + in_progress):
        done = index < completed
        EnforcementCase.objects.create(
            unit=unit,
            issuing_agency=agency,
            decision_number=f"{next(_case_numbers)}/QĐ-CCTHADS",
            decision_date=accepted,
            accepted_on=accepted,
            judgment="Bản án số 1/2023/DS-ST",
            initiation=Initiation.ON_REQUEST,
            debtor="Nguyễn Văn A",
            amount_due=amount_due,
            amount_recovered=amount_due if done else int(amount_due * recovered_share),
            eligibility=Eligibility.ELIGIBLE,
            status=Status.COMPLETED if done else Status.IN_PROGRESS,
            closed_on=closed if done else None,
            state_changed_on=closed if done else accepted,
        )


def legal_ground(code: str) -> LegalGround:
    """Return a ground of the catalogue the migrations seed (e.g. "48.1.c")."""
    ensure_reference_data()
    return LegalGround.objects.get(code=code)
