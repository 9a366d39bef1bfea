"""Load run: many signed-in users at once against gunicorn and PostgreSQL holding a million cases.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loadrun \\
        .venv/bin/python -m tests.benchmarks.load_run --users 50 --seconds 60 --cases 1000000

It prepares the database named in DATABASE_URL (its name must contain ``loadrun``; kept
between runs, see ``load_prepare``), collects the static files into a temporary folder,
starts gunicorn on 127.0.0.1 with production settings (DEBUG off), signs every virtual user
in through the login form, lets them work for the given time (or until the request budget is
spent), stops gunicorn, and prints per page type the count, errors, median, 95th percentile
and maximum latency. It then counts in the database the writes the users saw succeed:
payments and status changes of cases, and steps of nominations. It exits 1 on any error or
any write lost or duplicated. Only the loopback interface is used, for the server and the
database alike.

With ``--national`` it runs against the national benchmark's database instead (ten million
cases, 34 agencies and 355 offices; issue 19), which ``national_run --build-only`` builds:
the clerks work in agencies and regional offices of the cities, and the run adds only its
users and nominations to the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_national \\
        .venv/bin/python -m tests.benchmarks.load_run --national --users 100 --seconds 120
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tests.benchmarks.load_client import (
    NATIONAL_ROLES,
    ROLES,
    Browser,
    Recorder,
    RunOverError,
    percentile,
)

if TYPE_CHECKING:
    import datetime

    # Imported for its types only: the module needs Django set up first.
    from tests.benchmarks.load_prepare import LoadUser

ROOT = Path(__file__).resolve().parents[2]
LOOPBACK = "127.0.0.1"
MAX_USERS = 200
MAX_SECONDS = 900
CASE_EVENT_KINDS = {"payment": "payment", "postponed": "postponed", "resumed": "resumed"}
NOMINATION_STEPS = {"in_review": "take", "recommended": "recommend", "returned": "return"}
# Issue 19: the server-side 95th percentile of every page type, on the national database.
SERVER_P95_GOAL_MS = 300


@dataclass(frozen=True)
class Database:
    url: str
    host: str
    port: int
    user: str
    name: str


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.load_run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--users", type=int, default=50, help="virtual users (default 50)")
    parser.add_argument("--seconds", type=float, default=60, help="length of the run (60)")
    parser.add_argument("--cases", type=int, default=1_000_000, help="cases in the database")
    parser.add_argument(
        "--max-requests", type=int, default=100_000, help="stop after this many requests"
    )
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean pause between pages, seconds (1.0)"
    )
    parser.add_argument("--nominations", type=int, default=1000, help="nominations in the queue")
    parser.add_argument("--host", default=LOOPBACK, help="address to serve on (127.0.0.1 only)")
    parser.add_argument("--port", type=int, default=8765)
    # One sync worker per core: the database runs on the same cores, and a worker waiting
    # for its query leaves its core to it. More workers than cores only make requests wait
    # for a core inside the server (counted in its time) instead of in the listen queue
    # (counted by the users): on two cores, 5 workers served 19.8 requests/s, 2 workers 19.9
    # to 21.1, with half the server-side time.
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="gunicorn workers (one per core)"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--prepare-only", action="store_true", help="prepare the database and stop")
    parser.add_argument(
        "--national",
        action="store_true",
        help="run against the national benchmark's database (built by national_run)",
    )
    arguments = parser.parse_args(argv)
    if arguments.host != LOOPBACK:
        parser.error("the load run serves and loads on 127.0.0.1 only")
    if not 1 <= arguments.users <= MAX_USERS:
        parser.error(f"--users must lie between 1 and {MAX_USERS}")
    if not 0 < arguments.seconds <= MAX_SECONDS:
        parser.error(f"--seconds must lie between 0 and {MAX_SECONDS}")
    if arguments.max_requests < 1:
        parser.error("--max-requests must be positive")
    return arguments


def database_from_environment(*, national: bool = False) -> Database:
    """Read DATABASE_URL; refuse anything but a loopback PostgreSQL database of load runs.

    A load run's database has ``loadrun`` in its name; with ``national``, the national
    benchmark's, ``national``: the run writes to it, so it must not be any other database.
    """
    marker = "national" if national else "loadrun"
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        example = "bench_national" if national else "loadrun"
        sys.exit(f"Set DATABASE_URL to postgres://postgres@127.0.0.1:5432/{example}")
    if parts.hostname not in (LOOPBACK, "localhost"):
        sys.exit("The load run's database must be on 127.0.0.1.")
    name = parts.path.lstrip("/")
    if marker not in name:
        sys.exit(f"The database {name!r} is not a load run's: its name must contain {marker!r}.")
    return Database(
        url=url,
        host=LOOPBACK,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        name=name,
    )


def setup_django() -> None:
    # The preparing process loads demo data, which is for development only.
    os.environ["DEBUG"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # The dossiers of the nominations it prepares are kept outside the tree, like the database.
    os.environ.setdefault("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "justice-loadrun-media"))
    import django

    django.setup()


def server_environment(database: Database, static_root: Path, port: int) -> dict[str, str]:
    """Production settings on the loopback: DEBUG off, no HTTPS redirect, no mail sent."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT")
    }
    environment.update(
        DEBUG="0",
        DJANGO_SETTINGS_MODULE="tests.benchmarks.load_settings",
        LOADRUN_STATIC_ROOT=str(static_root),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=LOOPBACK,
        CSRF_TRUSTED_ORIGINS=f"http://{LOOPBACK}:{port}",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database.url,
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        MEDIA_ROOT=str(static_root.parent / "media"),
        LOG_LEVEL="WARNING",
    )
    return environment


class Server:
    """Gunicorn serving ``config.wsgi`` on the loopback, stopped whatever happens."""

    def __init__(self, *, environment: dict[str, str], port: int, workers: int, threads: int):
        self.environment = environment
        self.port = port
        self.workers = workers
        self.threads = threads
        self.process: subprocess.Popen | None = None
        self.log = Path(environment["LOADRUN_STATIC_ROOT"]).parent / "gunicorn.log"
        self.access_log = self.log.with_name("access.log")
        self.log_end: int | None = None

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"{LOOPBACK}:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--error-logfile",
            str(self.log),
            "--access-logfile",
            str(self.access_log),
            # Milliseconds the worker spent, the page type the client named, the status.
            "--access-logformat",
            "%(M)s\t%({x-load-page}i)s\t%(s)s",
        ]
        # In the run's process group: whoever ends the run's group ends gunicorn with it.
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.environment)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start; see {self.log}")
            try:
                with urllib.request.urlopen(
                    f"http://{LOOPBACK}:{self.port}/health/", timeout=5
                ) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /health/ within 60 s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # SIGTERM to the master: it stops its workers gracefully and waits for them.
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def mark_log(self) -> None:
        """Remember where the log stands: what the shutdown writes after it is not an error."""
        self.log_end = self.log.stat().st_size if self.log.exists() else 0

    def logged_errors(self) -> list[str]:
        if not self.log.exists():
            return []
        with self.log.open("rb") as log:
            text = log.read(-1 if self.log_end is None else self.log_end).decode(errors="replace")
        markers = ("Traceback", "[ERROR]", "[CRITICAL]")
        return [line for line in text.splitlines() if any(m in line for m in markers)]

    def worker_times(self) -> dict[str, list[float]]:
        """Return the milliseconds workers spent per page type, from the access log."""
        times: dict[str, list[float]] = {}
        if not self.access_log.exists():
            return times
        for line in self.access_log.read_text(errors="replace").splitlines():
            ms, _sep, rest = line.partition("\t")
            page = rest.rpartition("\t")[0]
            if ms.isdigit():
                times.setdefault(page, []).append(float(ms))
        return times


def port_is_free(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        return probe.connect_ex((LOOPBACK, port)) != 0


def collect_static(environment: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )


class CpuSampler(threading.Thread):
    """Sample the machine's load average and busy CPU share while the run lasts."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.done = threading.Event()
        self.loads: list[float] = []
        self.first = self._cpu()
        self.last = self.first

    @staticmethod
    def _cpu() -> tuple[int, int]:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        idle = fields[3] + fields[4]
        return sum(fields), idle

    def run(self) -> None:
        while not self.done.wait(2):
            self.loads.append(os.getloadavg()[0])
        self.last = self._cpu()

    def busy_share(self) -> float:
        total = self.last[0] - self.first[0]
        idle = self.last[1] - self.first[1]
        return 100 * (total - idle) / total if total else 0.0


def run_users(
    arguments: argparse.Namespace, users: list[LoadUser], password: str
) -> tuple[Recorder, float]:
    """Sign every user in, then let them work; return the recorder and the measured seconds."""
    recorder = Recorder(max_requests=arguments.max_requests)
    signed_in = threading.Semaphore(0)
    go = threading.Event()
    window: dict[str, float] = {}

    def life(index: int, load_user: LoadUser) -> None:
        browser = Browser(host=arguments.host, port=arguments.port, recorder=recorder)
        kind = (NATIONAL_ROLES if arguments.national else ROLES)[load_user.kind]
        user = kind(
            username=load_user.username,
            password=password,
            browser=browser,
            think_s=arguments.think,
            seed=arguments.seed * 1000 + index,
        )
        try:
            try:
                ready = user.login()
            finally:
                signed_in.release()
            go.wait()
            if ready:
                user.work(window["deadline"])
        except RunOverError:
            pass
        except Exception as error:  # a broken user must fail the run, visibly
            recorder.record("load client", 0.0, f"{load_user.username} stopped: {error!r}")
        finally:
            browser.close()

    threads = [
        threading.Thread(target=life, args=(index, load_user), name=load_user.username, daemon=True)
        for index, load_user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for _thread in threads:
        signed_in.acquire()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.monotonic()
    window["deadline"] = started + arguments.seconds
    go.set()
    try:
        for thread in threads:
            thread.join()
    finally:
        recorder.stop.set()
    elapsed = time.monotonic() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    recorder.client_cpu_s = (cpu_after.ru_utime + cpu_after.ru_stime) - (
        cpu_before.ru_utime + cpu_before.ru_stime
    )
    return recorder, elapsed


def print_report(recorder: Recorder, seconds: float, worker_times: dict[str, list[float]]) -> None:
    """Print per page type what users waited (count, errors, median, p95, max) and workers spent."""
    summaries = recorder.summaries()
    print(
        f"\n{'page type':<30} {'count':>6} {'errors':>6} {'median':>8} {'p95':>8} {'max':>8}"
        f" {'worker median':>14} {'worker p95':>11}"
    )
    for row in summaries:
        worked = worker_times.get(row.page, [])
        worker_median = statistics.median(worked) if worked else 0.0
        print(
            f"{row.page:<30} {row.count:>6} {row.errors:>6} {row.median_ms:>6.0f}ms "
            f"{row.p95_ms:>6.0f}ms {row.max_ms:>6.0f}ms {worker_median:>12.0f}ms"
            f" {percentile(worked, 0.95):>9.0f}ms"
        )
    measured = sum(row.count for row in summaries if row.page not in ("login form", "login"))
    everything = [ms for stats in recorder.pages.values() for ms in stats.durations_ms]
    print(
        f"{'all':<32} {len(everything):>7} {sum(r.errors for r in summaries):>6}"
        f"   throughput {measured / seconds:.1f} requests/s over {seconds:.1f} s"
    )


def print_server_goal(worker_times: dict[str, list[float]]) -> None:
    """Print which page types' server-side 95th percentile meets the goal (not enforced)."""
    over = {
        page: percentile(times, 0.95)
        for page, times in worker_times.items()
        if page != "-" and times and percentile(times, 0.95) > SERVER_P95_GOAL_MS
    }
    if not over:
        print(f"Server-side p95 of every page type <= {SERVER_P95_GOAL_MS} ms: met")
        return
    missed = ", ".join(f"{page} {ms:.0f} ms" for page, ms in sorted(over.items()))
    print(f"Server-side p95 <= {SERVER_P95_GOAL_MS} ms missed by: {missed}")


def check_writes(recorder: Recorder, since: datetime.datetime) -> list[str]:
    """Compare the writes users saw succeed with the rows written; return the differences."""
    from django.db.models import Count, F, Sum

    from commendations.models import NominationEvent
    from enforcement.models import CaseEvent, EnforcementCase

    problems: list[str] = []
    seen = Counter({key: n for key, n in recorder.writes.items() if key[1] in CASE_EVENT_KINDS})
    amounts = Counter({key: n for key, n in recorder.amounts.items() if key[1] in CASE_EVENT_KINDS})
    rows = (
        CaseEvent.objects.filter(
            recorded_by__username__startswith="load.",
            recorded_at__gte=since,
            kind__in=CASE_EVENT_KINDS.values(),
        )
        .values_list("recorded_by__username", "kind")
        .annotate(n=Count("pk"), amount=Sum("amount"))
    )
    written = Counter({(user, kind): n for user, kind, n, _amount in rows})
    written_amounts = Counter({(user, kind): amount for user, kind, _n, amount in rows})
    for kind in CASE_EVENT_KINDS:
        client = sum(n for (_user, k), n in seen.items() if k == kind)
        database = sum(n for (_user, k), n in written.items() if k == kind)
        money = sum(n for (_user, k), n in amounts.items() if k == kind)
        stored = sum(n for (_user, k), n in written_amounts.items() if k == kind)
        line = f"case events {kind:<10} users saw {client:>5}, database holds {database:>5}"
        if kind == "payment":
            line += f"; amounts {money:,} ₫ seen, {stored:,} ₫ stored"
        print(line)
    if +seen != +written:
        problems.append(f"case events per user differ: seen {dict(seen)}, written {dict(written)}")
    if +amounts != +written_amounts:
        problems.append("payment amounts per user differ between the users and the database")
    overpaid = EnforcementCase.objects.filter(
        pk__in=list(recorder.paid_cases), amount_recovered__gt=F("amount_due")
    ).count()
    if overpaid:
        problems.append(f"{overpaid} case(s) recovered more than their amount due")

    steps = (
        NominationEvent.objects.filter(actor__username__startswith="load.", at__gte=since)
        .values_list("actor__username", "to_status")
        .annotate(n=Count("pk"))
    )
    written_steps = Counter({(user, status): n for user, status, n in steps})
    seen_steps = Counter(
        {key: n for key, n in recorder.writes.items() if key[1] in NOMINATION_STEPS}
    )
    for status, action in NOMINATION_STEPS.items():
        client = sum(n for (_user, s), n in seen_steps.items() if s == status)
        database = sum(n for (_user, s), n in written_steps.items() if s == status)
        print(f"nominations {action:<10} users saw {client:>5}, database holds {database:>5}")
    if +seen_steps != +written_steps:
        problems.append(
            f"nomination steps per user differ: seen {dict(seen_steps)}, "
            f"written {dict(written_steps)}"
        )
    taken = NominationEvent.objects.filter(
        actor__username__startswith="load.", at__gte=since, to_status="in_review"
    )
    if taken.count() != taken.values("nomination").distinct().count():
        problems.append("a nomination was taken twice in the run: two reviewers won")
    refused = ", ".join(f"{kind} {n}" for kind, n in sorted(recorder.refusals.items()))
    print(f"refused by the application (conflicts, limits): {refused or 'none'}")
    if recorder.unknown_writes:
        problems.append(f"writes without a visible outcome: {dict(recorder.unknown_writes)}")
    return problems


def _stop_on_terminate(signum: int, frame: object) -> None:
    # Unwind through the finally blocks, which stop gunicorn.
    raise SystemExit(f"Stopped by signal {signum}")


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _stop_on_terminate)
    arguments = parse_arguments(argv)
    database = database_from_environment(national=arguments.national)
    if not port_is_free(arguments.port):
        sys.exit(f"Port {arguments.port} on {LOOPBACK} is taken; choose another with --port.")

    setup_django()
    from tests.benchmarks import load_prepare

    started = time.perf_counter()
    if arguments.national:
        print(f"Database {database.name} (national): preparing …", flush=True)
        if load_prepare.populate_national() is None:
            sys.exit(
                f"The database {database.name!r} holds no national benchmark yet: build it with "
                "python -m tests.benchmarks.national_run --build-only"
            )
        clerk_units = load_prepare.NATIONAL_CLERK_UNITS
        nominee_units = load_prepare.NATIONAL_NOMINEE_UNITS
    else:
        created = load_prepare.ensure_database(
            host=database.host, port=database.port, user=database.user, name=database.name
        )
        print(
            f"Database {database.name}{' (created)' if created else ''}: preparing …",
            flush=True,
        )
        load_prepare.populate(cases=arguments.cases)
        clerk_units, nominee_units = load_prepare.CLERK_UNITS, load_prepare.NOMINEE_UNITS
    users = load_prepare.load_users(arguments.users, clerk_units)
    password = secrets.token_urlsafe(24)
    load_prepare.prepare_users(users, password)
    waiting = load_prepare.top_up_nominations(arguments.nominations, nominee_units)
    load_prepare.analyse()
    print(
        f"Ready in {time.perf_counter() - started:.0f} s: {load_prepare.case_count():,} cases, "
        f"{waiting} nominations waiting, {len(users)} users "
        f"({', '.join(f'{n} {k}s' for k, n in Counter(u.kind for u in users).items())})",
        flush=True,
    )
    if arguments.prepare_only:
        return 0

    from django.db import connection
    from django.utils import timezone

    connection.close()
    with tempfile.TemporaryDirectory(prefix="loadrun-") as folder:
        environment = server_environment(database, Path(folder) / "static", arguments.port)
        collect_static(environment)
        server = Server(
            environment=environment,
            port=arguments.port,
            workers=arguments.workers,
            threads=arguments.threads,
        )
        sampler = CpuSampler()
        load_before = os.getloadavg()
        try:
            server.start()
            print(
                f"gunicorn on http://{LOOPBACK}:{arguments.port}/ with {arguments.workers} "
                f"workers × {arguments.threads} threads; load average before "
                f"{load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}; "
                f"{len(users)} users for {arguments.seconds:.0f} s …",
                flush=True,
            )
            since = timezone.now()
            sampler.start()
            recorder, seconds = run_users(arguments, users, password)
        finally:
            sampler.done.set()
            server.mark_log()
            server.stop()
        sampler.join()
        worker_times = server.worker_times()
        print_report(recorder, seconds, worker_times)
        print_server_goal(worker_times)
        busiest = max(sampler.loads, default=0.0)
        print(
            f"Machine: {os.cpu_count()} CPUs, {sampler.busy_share():.0f} % busy during the run "
            f"(all processes), load average {load_before[0]:.2f} before, up to {busiest:.2f} "
            f"during; the virtual users themselves used {recorder.client_cpu_s:.1f} CPU seconds"
        )
        served = sum(len(times) for page, times in worker_times.items() if page != "-")
        sent = recorder.requests
        print(f"Requests sent {sent}, answered in gunicorn's access log {served}")
        problems = []
        errors = sum(stats.errors for stats in recorder.pages.values())
        if errors:
            problems.append(f"{errors} request(s) failed")
            for sample in recorder.error_samples:
                print(f"  error: {sample}")
        logged = server.logged_errors()
        if logged:
            problems.append(f"gunicorn logged {len(logged)} error line(s): {logged[:3]}")
        problems += check_writes(recorder, since)
    if problems:
        print("\nFAILED:\n  " + "\n  ".join(problems))
        return 1
    print("\nNo errors; every write the users saw is in the database, once.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
