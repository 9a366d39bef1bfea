"""What the national benchmark measures: the direct computation of the statistics, the lists.

Each figure is the median of several runs after one run that warms the caches, beside the
goal of issue 19 for ten million cases. The statistics are computed from the cases and
their events (``computed_lines``), whatever figures are kept: the baseline that figures
maintained by the services are to be measured against.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import connection
from django.test import Client, override_settings

from enforcement.selectors import Period, computed_lines
from organizations.models import Unit
from organizations.roles import Role
from organizations.services import membership_grant
from tests.benchmarks.national_check import _subtree, check_national
from tests.benchmarks.national_run import (
    CHANGELIST,
    CLERK_UNIT,
    FILTERED,
    MERGED_PROVINCE,
    PROVINCE,
    SEARCH,
    YEAR,
    load_average,
)

# Issue 19, item 3: medians at ten million cases, in milliseconds.
GOALS_MS = {
    "yearly": 100,
    "period": 100,
    "unit": 30,
    "enforcers": 100,
    "first page": 100,
    "filtered": 150,
    "search": 200,
}
# Admin pages with static files served as in the tests (no collected manifest).
STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def median_ms(work: Callable[[], object], runs: int) -> float:
    """Return the median milliseconds of ``runs`` runs of the work, after one warming run."""
    work()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def persona(username: str, unit_code: str, role: Role) -> AbstractUser:
    """Return a staff user holding one role in one unit (created on the first run)."""
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "first_name": username}
    )
    membership_grant(user=user, unit=Unit.objects.get(code=unit_code), role=role)
    return user


def check() -> bool:
    """Print the reconciliation of the statistics with the cases; tell whether it held."""
    started = time.perf_counter()
    findings, problems = check_national(
        year=YEAR, successor_code=PROVINCE, predecessor_code=MERGED_PROVINCE
    )
    print(f"\nStatistics against the cases ({time.perf_counter() - started:.0f} s):")
    for line in findings:
        print(f"  {line}")
    for line in problems:
        print(f"  PROBLEM: {line}")
    print("  reconciled: lines 1, 3, 4, 5, 9, 10, 13 and 13 = 7 + 12 (cases and money), "
          "for all units and the sample" if not problems else "  NOT RECONCILED")  # fmt: skip
    return not problems


def measure(runs: int) -> list[tuple[str, str, float]]:
    """Print and return each measurement: (goal, label, median ms)."""
    province = Unit.objects.get(code=PROVINCE)
    units = sorted(_subtree(province))
    period = Period(YEAR)
    results: list[tuple[str, str, float]] = []

    def timed(goal: str, label: str, work: Callable[[], object]) -> None:
        results.append((goal, label, median_ms(work, runs)))
        print(f"  {label}: {results[-1][2]:.0f} ms", flush=True)

    print(f"\nMeasuring (median of {runs}; load {load_average()}):", flush=True)
    timed("yearly", f"yearly statistics {YEAR}, all units", lambda: computed_lines(period=period))
    timed(
        "period",
        f"9-month period of {YEAR} (to 30/06, before the merger), all units",
        lambda: computed_lines(period=Period(YEAR, 9)),
    )
    timed(
        "period",
        f"3-month period of {YEAR} (to 31/12/{YEAR - 1}), all units",
        lambda: computed_lines(period=Period(YEAR, 3)),
    )
    timed(
        "unit",
        f"yearly statistics {YEAR}, one unit ({province.code} and its {len(units) - 1} units)",
        lambda: computed_lines(period=period, unit_ids=units),
    )
    timed(
        "enforcers",
        f"yearly statistics {YEAR} per enforcer, one province ({province.code})",
        lambda: computed_lines(period=period, unit_ids=units, by="enforcer"),
    )
    clerk = persona("national.clerk", CLERK_UNIT, Role.ENFORCEMENT_CLERK)
    leader = persona("national.leader", "BTP", Role.LEADER)
    pages = {
        "first page": ("case list, first page", {}),
        "filtered": ("case list filtered (year, carried over, postponed)", FILTERED),
        "search": (f"debtor search without accents ({SEARCH!r})", {"q": SEARCH}),
    }
    with override_settings(STORAGES=STATIC):
        for who, user in ((f"clerk of {CLERK_UNIT}", clerk), ("ministry leader", leader)):
            client = Client()
            client.force_login(user)
            for goal, (label, query) in pages.items():

                def get(client: Client = client, query: dict = query) -> None:
                    response = client.get(CHANGELIST, query)
                    assert response.status_code == 200, response.status_code

                timed(goal, f"{who}: {label}", get)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM enforcement_enforcementcase")
        (cases,) = cursor.fetchone()
    print(f"\nDirect computation at {cases:,} cases (median of {runs}; load {load_average()}):")
    print(f"{'measurement':<84} {'median':>9} {'goal':>8}")
    for goal, label, median in results:
        verdict = "met" if median <= GOALS_MS[goal] else "missed"
        print(f"{label:<84} {median:>7.0f}ms {GOALS_MS[goal]:>6}ms {verdict}")
    return results
