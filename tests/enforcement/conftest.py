"""Fixtures of enforcement tests: cases of the two cities of the test world."""

from __future__ import annotations

import pytest

from enforcement.models import EnforcementCase
from tests.enforcement.factories import EnforcementCaseFactory


@pytest.fixture
def hanoi_case(world) -> EnforcementCase:
    return EnforcementCaseFactory(
        unit=world.hanoi_agency, decision_number="101/QĐ-CTHADS", debtor="Nguyễn Văn Nợ"
    )


@pytest.fixture
def danang_case(world) -> EnforcementCase:
    return EnforcementCaseFactory(
        unit=world.danang_agency, decision_number="202/QĐ-CTHADS", debtor="Trần Thị Đà"
    )
