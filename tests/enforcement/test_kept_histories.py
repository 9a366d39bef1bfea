"""Random histories through every way of writing: kept figures always equal the cases' own.

Each history mixes the services (payments, reductions, corrections and reversals of a
payment, every status, entrustment, a hand-over between offices, enforcers), an import
of the case file, a merger of an office into its agency, the closing and reopening of a
year, refreshes of the outdated figures and reports. After every step the report of one
period equals the figures computed from the cases; at the end, every figure still kept
as fresh is compared by a rebuild (``rebuild_statistics``), and every period of both
years is compared once more.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enforcement import services
from enforcement.models import CaseEvent, CaseHandover, EnforcementCase
from enforcement.selectors import Period, computed_lines, direct_lines
from enforcement.services.figures import KEPT_GROUPINGS, figures_rebuild
from enforcement.services.years import statistical_year_close, statistical_year_reopen
from organizations.models import UnitLineage
from tests.benchmarks.casefile import HEADERS
from tests.enforcement.factories import EnforcementCaseFactory, legal_ground
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

YEARS = (2024, 2025)
STEP_KINDS = (
    "open",
    "import",
    "pay",
    "reduce",
    "correct",
    "reverse",
    "postpone",
    "resume",
    "suspend",
    "complete",
    "terminate",
    "withdraw",
    "entrust",
    "hand_over",
    "assign",
    "merge",
    "close_year",
    "reopen_year",
    "refresh",
    "report",
)
STEPS = st.lists(
    st.tuples(
        st.sampled_from(STEP_KINDS),
        st.integers(0, 7),
        st.sampled_from(YEARS),
        st.integers(1, 12),
    ),
    min_size=1,
    max_size=12,
)


def _import_row(unit_code: str, number: int) -> list[str]:
    # One new case of the sector's case file, completed when the number is odd.
    row = dict.fromkeys(HEADERS, "")
    row.update(
        {
            "Đơn vị": unit_code,
            "Số quyết định THA": f"{900 + number}/QĐ-CCTHADS",
            "Ngày ra quyết định": "10/10/2023",
            "Ngày thụ lý": f"{12 + number}/10/2023",
            "Bản án, quyết định": "Bản án số 45/2023/DS-ST của TAND quận Hải Châu",
            "Loại việc": "Dân sự",
            "Hình thức thi hành": "Theo yêu cầu",
            "Người phải thi hành": "Nguyễn Văn Nợ",
            "Người được thi hành": "Trần Thị Được",
            "Số tiền phải thi hành": "20.000.000",
            "Số tiền đã thi hành": "5.000.000",
            "Điều kiện thi hành": "Có điều kiện",
            "Trạng thái": "Thi hành xong" if number % 2 else "Đang thi hành",
            "Ngày kết thúc": "20/02/2024" if number % 2 else "",
        }
    )
    return [row[header] for header in HEADERS]


def _import(user, unit_code: str, number: int) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADERS, _import_row(unit_code, number)])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.csv"
        path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode())
        # A refused file (a number already taken) writes nothing.
        with contextlib.suppress(CommandError):
            call_command("import_data", "enforcementcase", str(path), user=user.username)


class History:
    def __init__(self, world, user) -> None:
        self.world = world
        self.user = user
        self.units = [world.hanoi_agency, world.hanoi_office, world.danang_agency]
        self.enforcers = [
            PersonFactory(unit=world.hanoi_agency, position="Chấp hành viên"),
            PersonFactory(unit=world.hanoi_office, position="Chấp hành viên"),
        ]

    def apply(self, step: str, number: int, year: int, months: int) -> None:
        cases = list(EnforcementCase.objects.order_by("pk"))
        case = cases[number % len(cases)] if cases else None
        # From November 2023 to July 2025: a write of 2025 leaves the figures of 2024 kept.
        on = datetime.date(2023, 11, 1) + datetime.timedelta(days=90 * number)
        user = self.user
        if step == "open" or case is None:
            EnforcementCaseFactory(
                unit=self.units[number % len(self.units)],
                accepted_on=datetime.date(2023, 9 + number % 3, 1),
                amount_due=10_000_000 * (number + 1),
            )
        elif step == "import":
            _import(user, self.units[number % len(self.units)].code, number)
        elif step == "pay":
            services.case_record_payment(user=user, case=case, on=on, amount=700_000 * (number + 1))
        elif step == "reduce":
            services.case_record_reduction(user=user, case=case, on=on, amount=300_000)
        elif step in ("correct", "reverse"):
            payment = (
                CaseEvent.objects.filter(case=case, kind__in=services.CORRECTABLE_PAYMENTS)
                .exclude(collected=0)
                .last()
            )
            if payment is not None:
                services.case_correct_payment(
                    user=user,
                    case=case,
                    payment=payment,
                    amount=0 if step == "reverse" else payment.collected // 2,
                    reason="Nhập nhầm số tiền",
                )
        elif step == "postpone":
            services.case_postpone(user=user, case=case, on=on, ground=legal_ground("48.1.c"))
        elif step == "resume":
            services.case_resume(user=user, case=case, on=on)
        elif step == "suspend":
            services.case_suspend(user=user, case=case, on=on)
        elif step == "complete":
            services.case_complete(user=user, case=case, on=on)
        elif step == "terminate":
            services.case_terminate(user=user, case=case, on=on)
        elif step == "withdraw":
            services.case_withdraw(user=user, case=case, on=on)
        elif step == "entrust":
            services.case_entrust(user=user, case=case, on=on, to_unit=self.world.danang_agency)
        elif step == "hand_over":
            target = (
                self.world.hanoi_office
                if case.unit_id != self.world.hanoi_office.pk
                else (self.world.hanoi_agency)
            )
            services.case_reassign_office(user=user, case=case, on=on, to_unit=target)
        elif step == "assign":
            enforcer = self.enforcers[number % len(self.enforcers)]
            services.case_assign_enforcer(user=user, case=case, enforcer=enforcer, on=on)
        elif step == "merge":
            self.merge(on)
        elif step == "close_year":
            statistical_year_close(user=user, year=2024)
        elif step == "reopen_year":
            statistical_year_reopen(user=user, year=2024, reason="Sửa số liệu đã chốt")
        elif step == "refresh":
            figures_rebuild(years=[year], months=[months], only_outdated=True)

    def merge(self, on: datetime.date) -> None:
        # Hà Nội's office merges into its agency once, its open cases handed over.
        office = self.world.hanoi_office
        if UnitLineage.objects.filter(predecessor=office).exists():
            return
        services.unit_lineage_record(
            user=self.user,
            predecessor=office,
            successor=self.world.hanoi_agency,
            taken_over_on=on,
            reason="Sắp xếp tổ chức",
        )
        office.refresh_from_db()
        services.unit_merge_into_successor(user=self.user, unit=office)


def _counted_as_at_commit() -> None:
    """Raise the counters now, as the step's commit would (PostgreSQL).

    The history runs in one transaction, rolled back at its end; PostgreSQL raises the
    counters at commit, each write in the year its commit resolves (migration 0037), so that
    the reports between the steps read the counters as they would after each commit.
    Setting the counting trigger immediate runs it at once over what is pending.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS enforcement_count_pending IMMEDIATE")
            cursor.execute("SET CONSTRAINTS enforcement_count_pending DEFERRED")


def _same(period: Period, unit_ids: list[int] | None) -> None:
    for by, split in KEPT_GROUPINGS:
        kept = direct_lines(period=period, unit_ids=unit_ids, by=by, split=split)
        assert kept == computed_lines(period=period, unit_ids=unit_ids, by=by, split=split), (
            period,
            by,
            split,
        )


@settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_kept_figures_equal_the_cases_after_any_history(world, administrator, steps):
    unit_ids = [world.hanoi_agency.pk, world.hanoi_office.pk, world.danang_agency.pk]
    with transaction.atomic():
        history = History(world, administrator)
        reported = set()
        for step, number, year, months in steps:
            try:
                with transaction.atomic():
                    history.apply(step, number, year, months)
            except ValidationError:
                pass  # refused by a service: nothing was written
            _counted_as_at_commit()
            period = Period(year, months)
            reported.add(period)
            _same(period, unit_ids if number % 2 else None)
        # Every figure kept along the way and still fresh equals the cases' own (a merger
        # outdates every figure kept before it: those are computed, not compared).
        compared = 0
        for period in sorted(reported, key=lambda period: (period.year, period.months)):
            rebuilt = figures_rebuild(years=[period.year], months=[period.months])
            assert [item.differences for item in rebuilt] == [[] for _ in rebuilt]
            compared += sum(item.compared for item in rebuilt)
        # At least the last period reported was fresh, in every unit and grouping.
        assert compared >= len(KEPT_GROUPINGS) * len(unit_ids)
        # Each handover is marked relayed exactly when its unit had not accepted the case.
        relayed = CaseHandover.objects.exclude(from_unit=F("case__accepting_unit"))
        assert set(CaseHandover.objects.filter(relayed=True)) == set(relayed)
        for year in YEARS:
            for months in range(1, 13):
                period = Period(year, months)
                assert direct_lines(period=period) == computed_lines(period=period), period
        transaction.set_rollback(True)
