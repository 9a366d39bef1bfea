"""Virtual users of the load run: a small browser on ``http.client`` and what each role does.

Each virtual user is a thread with its own connection and cookies. It signs in through the
login form, then works until the run's deadline: clerks browse, filter and search the case
list, open cases, record payments and postpone or resume cases through the admin actions;
reviewers take nominations from the queue and recommend or return them; leaders open the
reports and the admin lists. Every request is timed under a page type; every write the user
saw succeed is counted, to be compared with the database afterwards.
"""

from __future__ import annotations

import html
import http.client
import random
import re
import statistics
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

TIMEOUT_S = 120
# Below gunicorn's keep-alive of 2 s (threaded workers; sync workers close every connection).
KEEPALIVE_IDLE_S = 1.0
CHANGELIST = "/admin/enforcement/enforcementcase/"
NOMINATIONS = "/admin/commendations/nomination/"
ERROR_MARKERS = ("Lỗi hệ thống · Server error", "Traceback (most recent call last)")
MONEY = re.compile(r"[^\d]")


class RunOverError(Exception):
    """The run is over (deadline or request budget): the user stops where they are."""


@dataclass
class PageStats:
    durations_ms: list[float] = field(default_factory=list)
    errors: int = 0


@dataclass(frozen=True)
class Summary:
    """One page type's figures."""

    page: str
    count: int
    errors: int
    median_ms: float
    p95_ms: float
    max_ms: float


def percentile(values: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile of the values (0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


class Recorder:
    """Timings per page type, errors, the request budget and the writes users saw succeed."""

    def __init__(self, *, max_requests: int) -> None:
        self.lock = threading.Lock()
        self.max_requests = max_requests
        self.requests = 0
        self.stop = threading.Event()
        self.pages: dict[str, PageStats] = defaultdict(PageStats)
        self.error_samples: list[str] = []
        # (username, kind) -> count and amount of writes the user saw succeed.
        self.writes: Counter[tuple[str, str]] = Counter()
        self.amounts: Counter[tuple[str, str]] = Counter()
        self.refusals: Counter[str] = Counter()
        self.unknown_writes: Counter[str] = Counter()
        self.paid_cases: dict[int, int] = defaultdict(int)
        self.client_cpu_s = 0.0

    def ticket(self, *, force: bool = False) -> None:
        """Take one request from the budget; stop the run when it is spent."""
        with self.lock:
            if not force and (self.stop.is_set() or self.requests >= self.max_requests):
                self.stop.set()
                raise RunOverError
            self.requests += 1

    def record(self, page: str, ms: float, error: str | None) -> None:
        with self.lock:
            stats = self.pages[page]
            stats.durations_ms.append(ms)
            if error is not None:
                stats.errors += 1
                if len(self.error_samples) < 30:
                    self.error_samples.append(f"{page}: {error}")

    def wrote(self, username: str, kind: str, amount: int = 0, case: int | None = None) -> None:
        with self.lock:
            self.writes[(username, kind)] += 1
            self.amounts[(username, kind)] += amount
            if case is not None:
                self.paid_cases[case] += amount

    def refused(self, kind: str) -> None:
        with self.lock:
            self.refusals[kind] += 1

    def unknown(self, kind: str) -> None:
        with self.lock:
            self.unknown_writes[kind] += 1

    def summaries(self) -> list[Summary]:
        return [
            Summary(
                page=page,
                count=len(stats.durations_ms),
                errors=stats.errors,
                median_ms=statistics.median(stats.durations_ms) if stats.durations_ms else 0.0,
                p95_ms=percentile(stats.durations_ms, 0.95),
                max_ms=max(stats.durations_ms, default=0.0),
            )
            for page, stats in sorted(self.pages.items())
        ]


class FormParser(HTMLParser):
    """Collect the forms of a page as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = {
                "action": attributes.get("action", ""),
                "fields": [],
                "buttons": [],
                "choices": {},
            }
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            if kind in ("submit", "image"):
                self._form["buttons"].append((name, attributes.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self._form["fields"].append((name, attributes.get("value", "on")))
            elif kind not in ("file", "button", "reset"):
                self._form["fields"].append((name, attributes.get("value", "")))
        elif tag == "button" and name:
            self._form["buttons"].append((name, attributes.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((attributes.get("value", ""), "selected" in attributes))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "textarea" and self._textarea is not None:
            self._form["fields"].append((self._textarea, "".join(self._text)))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            self._form["choices"][self._select] = [value for value, _ in self._options if value]
            if chosen or self._options:
                self._form["fields"].append((self._select, (chosen or [self._options[0][0]])[0]))
            self._select = None
        elif tag == "form":
            self._form = None


def forms_of(body: str) -> list[dict]:
    """Return the page's forms: their action, fields and submit buttons."""
    parser = FormParser()
    parser.feed(body)
    return parser.forms


@dataclass
class Page:
    status: int
    path: str
    body: str
    location: str = ""


@dataclass
class CaseRow:
    pk: int
    number: str
    debtor: str
    due: int
    recovered: int


ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
ROW_PK = re.compile(r'name="_selected_action" value="(\d+)"')
ROW_NUMBER = re.compile(r'class="field-decision_number"><a [^>]*>(.*?)</a>', re.S)
ROW_DEBTOR = re.compile(r'class="field-debtor">(.*?)</td>', re.S)
ROW_DUE = re.compile(r'class="field-due">(.*?)</td>', re.S)
ROW_RECOVERED = re.compile(r'class="field-recovered">(.*?)</td>', re.S)
NOMINATION_LINK = re.compile(r'href="/review/nominations/(\d+)/"')
PAGE_LINK = re.compile(r"(?:\?|&amp;|&)p=(\d+)")
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
ADMIN_MESSAGE = re.compile(r'<li class="(success|warning|error|info)">(.*?)</li>', re.S)
SITE_MESSAGE = re.compile(
    r'<div class="alert alert-(success|danger|warning|info)"[^>]*>(.*?)</div>'
)


def case_rows(body: str) -> list[CaseRow]:
    """Read the case rows of a changelist page."""
    rows = []
    for chunk in ROW.findall(body):
        pk = ROW_PK.search(chunk)
        number, debtor = ROW_NUMBER.search(chunk), ROW_DEBTOR.search(chunk)
        due, recovered = ROW_DUE.search(chunk), ROW_RECOVERED.search(chunk)
        if not (pk and number and debtor and due and recovered):
            continue
        rows.append(
            CaseRow(
                pk=int(pk.group(1)),
                number=html.unescape(number.group(1)).strip(),
                debtor=html.unescape(debtor.group(1)).strip(),
                due=int(MONEY.sub("", due.group(1)) or 0),
                recovered=int(MONEY.sub("", recovered.group(1)) or 0),
            )
        )
    return rows


class Browser:
    """One user's connection, cookies and timing of every request."""

    def __init__(self, *, host: str, port: int, recorder: Recorder) -> None:
        self.host, self.port = host, port
        self.origin = f"http://{host}:{port}"
        self.recorder = recorder
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT_S)
        self.last_used = 0.0
        self.assets_loaded = False

    def close(self) -> None:
        self.connection.close()

    def _store_cookies(self, response: http.client.HTTPResponse) -> None:
        for header in response.msg.get_all("Set-Cookie") or []:
            pair, *attributes = header.split(";")
            name, _sep, value = pair.strip().partition("=")
            expired = any(
                part.strip().lower() in ("max-age=0",)
                or part.strip().lower().startswith("expires=thu, 01 jan 1970")
                for part in attributes
            )
            if expired or value in ('""', ""):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def send(
        self,
        page: str,
        path: str,
        *,
        data: list[tuple[str, str]] | None = None,
        force: bool = False,
        expect: str | None = None,
        allow_status: tuple[int, ...] = (),
    ) -> Page:
        """Send one request and time it; an error answer is recorded and returned."""
        self.recorder.ticket(force=force)
        method = "GET" if data is None else "POST"
        headers = {
            "Host": f"{self.host}:{self.port}",
            "User-Agent": "justice-load-run/1.0",
            "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            "Accept-Language": "vi,en;q=0.5",
            # Names the page type in gunicorn's access log, which times the worker's share.
            "X-Load-Page": page,
        }
        body = None
        if data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        # A kept-alive connection idle for long may be closed by the server as the request
        # leaves: open a fresh one, as browsers do, rather than race the server's timeout.
        if time.monotonic() - self.last_used > KEEPALIVE_IDLE_S:
            self.connection.close()
        started = time.perf_counter()
        try:
            response, content = self._exchange(method, path, body, headers)
        except (OSError, http.client.HTTPException) as error:
            elapsed = (time.perf_counter() - started) * 1000
            self.connection.close()
            self.recorder.record(page, elapsed, f"{method} {path}: {error!r}")
            return Page(status=0, path=path, body="")
        finally:
            self.last_used = time.monotonic()
        elapsed = (time.perf_counter() - started) * 1000
        self._store_cookies(response)
        text = content.decode("utf-8", "replace")
        result = Page(
            status=response.status,
            path=path,
            body=text,
            location=response.getheader("Location", ""),
        )
        error = self._error(result, expect, allow_status)
        self.recorder.record(page, elapsed, error and f"{method} {path}: {error}")
        if response.will_close:
            self.connection.close()
        return result

    def _exchange(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[http.client.HTTPResponse, bytes]:
        reused = self.connection.sock is not None
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            return response, response.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not reused or method != "GET":
                raise
        # The server had closed the kept-alive connection: a browser repeats a GET once.
        self.connection.close()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        return response, response.read()

    @staticmethod
    def _error(page: Page, expect: str | None, allow_status: tuple[int, ...]) -> str | None:
        if page.status in allow_status:
            return None
        if not 200 <= page.status < 400:
            return f"answered {page.status}"
        if 300 <= page.status < 400:
            target = urlsplit(page.location)
            if target.path.startswith("/login/"):
                return "sent back to the login page"
            if "e=1" in target.query.split("&"):
                return "the admin refused the list's filters (?e=1)"
            return None
        if any(marker in page.body for marker in ERROR_MARKERS):
            return "an error page"
        if expect is not None and expect not in page.body:
            return f"the page lacks {expect!r}"
        return None

    def get(self, page: str, path: str, *, expect: str | None = None) -> Page:
        """Open a page, following redirects as a browser would, and its assets the first time."""
        result = self.send(page, path, expect=expect)
        hops = 0
        while 300 <= result.status < 400 and result.location and hops < 3:
            hops += 1
            result = self.send(page, _local(result.location), expect=expect)
        if not self.assets_loaded and result.status == 200:
            self.assets_loaded = True
            for asset in dict.fromkeys(ASSET.findall(result.body)):
                self.send("static file", html.unescape(asset))
        return result

    def post(
        self, page: str, path: str, data: list[tuple[str, str]], *, then: str, force: bool = False
    ) -> Page:
        """Submit a form; follow its redirect (always, once it is sent) under the page ``then``."""
        result = self.send(page, path, data=data, force=force)
        if 300 <= result.status < 400 and result.location:
            return self.send(then, _local(result.location), force=True)
        return result


def _local(location: str) -> str:
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def csrf_token(body: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    return match.group(1) if match else ""


def refused_on_form(body: str) -> bool:
    """Tell whether the page is an action's form shown again with the reason it refused."""
    return 'name="apply"' in body and 'class="errornote"' in body


def messages_of(body: str) -> list[tuple[str, str]]:
    """Return the messages shown on a page, as (level, text), admin and site pages alike."""
    found = [(level, text) for level, text in ADMIN_MESSAGE.findall(body)]
    found += [
        ("error" if level == "danger" else level, text)
        for level, text in SITE_MESSAGE.findall(body)
    ]
    return [(level, html.unescape(re.sub(r"<[^>]+>", "", text)).strip()) for level, text in found]


# ----------------------------------------------------------------------------------------------
# What each role does.


class VirtualUser:
    """A signed-in user working until the deadline; subclasses say what the work is."""

    def __init__(
        self,
        *,
        username: str,
        password: str,
        browser: Browser,
        think_s: float,
        seed: int,
    ) -> None:
        self.username = username
        self.password = password
        self.browser = browser
        self.think_s = think_s
        self.rng = random.Random(seed)
        self.recorder = browser.recorder
        self.deadline = float("inf")

    def login(self) -> bool:
        """Sign in through the login form; tell whether it worked."""
        form = self.browser.send("login form", "/login/", expect="csrfmiddlewaretoken")
        token = csrf_token(form.body)
        result = self.browser.send(
            "login",
            "/login/",
            data=[
                ("csrfmiddlewaretoken", token),
                ("username", self.username),
                ("password", self.password),
                ("next", ""),
            ],
        )
        if result.status != 302:
            self.recorder.record("login", 0.0, f"{self.username} could not sign in")
            return False
        self.browser.get("home", _local(result.location))
        return True

    def think(self) -> None:
        """Pause as a person reading the page would; past the deadline, leave the step."""
        pause = self.rng.uniform(0, 2 * self.think_s) if self.think_s > 0 else 0.0
        remaining = self.deadline - time.monotonic()
        if self.recorder.stop.wait(max(0.0, min(pause, remaining))) or pause >= remaining:
            raise RunOverError

    def work(self, deadline: float) -> None:
        self.deadline = deadline
        while time.monotonic() < deadline and not self.recorder.stop.is_set():
            self.step()
            self.think()

    def step(self) -> None:
        raise NotImplementedError

    def choose(self, steps: list[tuple[float, Callable[[], None]]]) -> None:
        weights = [weight for weight, _step in steps]
        self.rng.choices([step for _weight, step in steps], weights)[0]()


FILTERS = [
    {"status__exact": "in_progress", "eligibility__exact": "eligible"},
    {"year": "2025", "origin": "carried_over", "status__exact": "postponed"},
    {"year": "2024", "origin": "newly_accepted"},
    {"status__exact": "completed", "judgment_kind__exact": "civil"},
    {"eligibility__exact": "not_eligible"},
    {"year": "2025", "status__exact": "suspended"},
]
DEBTORS = ["Phạm Thu Thảo", "Nguyễn Văn An", "Trần Thị Linh", "Công ty", "Lê Minh", "Hoàng Hải"]


class Clerk(VirtualUser):
    """An enforcement clerk: the case list, filters, searches, cases, payments, status changes."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.seen: list[CaseRow] = []
        # The last page number each list offered, so that the clerk only asks for real pages.
        self.pages: dict[str, int] = {}

    def _paged(self, query: dict[str, str]) -> dict[str, str]:
        last = self.pages.get(urlencode(query), 1)
        number = self.rng.randint(1, min(last, 30))
        return {**query, "p": str(number)} if number > 1 else dict(query)

    def _list(self, page: str, query: dict[str, str]) -> tuple[Page, list[CaseRow]]:
        path = CHANGELIST + (f"?{urlencode(query)}" if query else "")
        result = self.browser.get(page, path, expect='id="changelist"')
        rows = case_rows(result.body)
        if rows:
            self.seen = (self.seen + rows)[-200:]
        offered = [int(number) for number in PAGE_LINK.findall(result.body)]
        unpaged = {key: value for key, value in query.items() if key != "p"}
        self.pages[urlencode(unpaged)] = max([int(query.get("p", 1)), *offered])
        return result, rows

    def step(self) -> None:
        self.choose(
            [
                (20, self.browse),
                (20, self.filter),
                (20, self.search),
                (15, self.open_case),
                (18, self.record_payment),
                (7, self.change_status),
            ]
        )

    def browse(self) -> None:
        self._list("case list", self._paged({}) if self.rng.random() < 0.5 else {})

    def filter(self) -> None:
        self._list("case list, filtered", dict(self.rng.choice(FILTERS)))

    def search(self) -> None:
        if self.seen and self.rng.random() < 0.5:
            row = self.rng.choice(self.seen)
            self._list("case search, decision number", {"q": row.number})
        else:
            name = self.rng.choice(DEBTORS)
            if self.seen and self.rng.random() < 0.5:
                name = " ".join(self.rng.choice(self.seen).debtor.split()[:3])
            self._list("case search, debtor", {"q": name})

    def open_case(self) -> None:
        if not self.seen:
            self.browse()
            return
        row = self.rng.choice(self.seen)
        self.browser.get(
            "case page", f"{CHANGELIST}{row.pk}/change/", expect='id="enforcementcase_form"'
        )

    def _action(
        self, *, kind: str, action: str, query: dict[str, str], pick: Callable[[CaseRow], bool]
    ) -> None:
        query = self._paged(query)
        path = f"{CHANGELIST}?{urlencode(query)}"
        listing, rows = self._list("case list, filtered", query)
        rows = [row for row in rows if pick(row)]
        if not rows:
            return
        row = self.rng.choice(rows)
        self.think()
        form_page = self.browser.send(
            "action form",
            path,
            data=[
                ("csrfmiddlewaretoken", csrf_token(listing.body)),
                ("action", action),
                ("select_across", "0"),
                ("index", "0"),
                ("_selected_action", str(row.pk)),
            ],
            expect='name="apply"',
        )
        form = next((f for f in forms_of(form_page.body) if "apply" in _buttons(f)), None)
        if form_page.status != 200 or form is None:
            return
        fields = dict(form["fields"])
        amount = 0
        if action == "record_payment":
            outstanding = row.due - row.recovered
            amount = min(outstanding, self.rng.choice([100_000, 250_000, 500_000, 1_000_000]))
            fields["amount"] = str(amount)
        # A postponement names its legal ground, as the clerk picks one from the list.
        if not fields.get("ground") and form["choices"].get("ground"):
            fields["ground"] = self.rng.choice(form["choices"]["ground"])
        fields["note"] = f"Thử tải: {kind} ({self.username})"
        self.think()
        data = [*fields.items(), ("apply", _buttons(form)["apply"])]
        # Once the write is sent the clerk always reads the answer, even past the deadline.
        result = self.browser.post("action apply", path, data, then="case list, filtered")
        shown = messages_of(result.body)
        if result.status == 200 and not shown and refused_on_form(result.body):
            # A one-case action shows its refusal on its form (a colleague resumed the case
            # a moment before): refused, nothing written.
            self.recorder.refused(kind)
        elif result.status != 200 or not shown:
            self.recorder.unknown(kind)
            self.recorder.record("action apply", 0.0, f"{kind} on case {row.pk}: no outcome shown")
        elif any(level == "success" for level, _text in shown):
            self.recorder.wrote(self.username, kind, amount, row.pk if amount else None)
        else:
            self.recorder.refused(kind)

    def record_payment(self) -> None:
        self._action(
            kind="payment",
            action="record_payment",
            query={"status__exact": "in_progress", "eligibility__exact": "eligible"},
            pick=lambda row: row.due - row.recovered > 0,
        )

    def change_status(self) -> None:
        if self.rng.random() < 0.5:
            self._action(
                kind="postponed",
                action="postpone",
                query={"status__exact": "in_progress"},
                pick=lambda row: True,
            )
        else:
            self._action(
                kind="resumed",
                action="resume",
                query={"status__exact": "postponed"},
                pick=lambda row: True,
            )


def _buttons(form: dict) -> dict[str, str]:
    return dict(form["buttons"])


class Reviewer(VirtualUser):
    """A reviewer: the queue, a nomination, take it, then recommend or return it."""

    def step(self) -> None:
        self.choose([(75, self.review_one), (25, self.browse_queue)])

    def browse_queue(self) -> None:
        status = self.rng.choice(["", "in_review", "recommended", "returned"])
        query = f"?status={status}" if status else ""
        self.browser.get("review queue", f"/review/{query}", expect="/review/")

    def review_one(self) -> None:
        queue = self.browser.get("review queue", "/review/?status=submitted", expect="/review/")
        pks = list(dict.fromkeys(NOMINATION_LINK.findall(queue.body)))
        if not pks:
            return
        pk = self.rng.choice(pks)
        self.think()
        if not self._act(pk, "take", "in_review"):
            return
        self.think()
        if self.rng.random() < 0.5:
            self._act(pk, "recommend", "recommended", "Hồ sơ đầy đủ, đủ điều kiện; đề nghị xét.")
        else:
            self._act(pk, "return", "returned", "Đề nghị bổ sung báo cáo thành tích có xác nhận.")

    def _act(self, pk: str, action: str, kind: str, comment: str = "") -> bool:
        path = f"/review/nominations/{pk}/"
        page = self.browser.get("nomination page", path, expect="csrfmiddlewaretoken")
        form = next((f for f in forms_of(page.body) if ("action", action) in f["buttons"]), None)
        if form is None:
            # Someone else took it between the queue and the page: the button is gone.
            self.recorder.refused(kind)
            return False
        fields = dict(form["fields"])
        if "comment" in fields:
            fields["comment"] = comment
        data = [*fields.items(), ("action", action)]
        result = self.browser.post(
            "nomination action", f"{path}action/", data, then="nomination page"
        )
        shown = messages_of(result.body)
        if result.status == 200 and not shown and refused_on_form(result.body):
            # A one-case action shows its refusal on its form (a colleague resumed the case
            # a moment before): refused, nothing written.
            self.recorder.refused(kind)
        elif result.status != 200 or not shown:
            self.recorder.unknown(kind)
            self.recorder.record("nomination action", 0.0, f"{action} {pk}: no outcome shown")
            return False
        if any(level == "success" for level, _text in shown):
            self.recorder.wrote(self.username, kind)
            return True
        self.recorder.refused(kind)
        return False


class Leader(VirtualUser):
    """A leader: the enforcement and emulation reports, and the admin lists of everything."""

    def step(self) -> None:
        self.choose(
            [
                (30, self.enforcement_report),
                (25, self.emulation_report),
                (25, self.case_list),
                (20, self.nomination_list),
            ]
        )

    def enforcement_report(self) -> None:
        self.browser.get("enforcement report", "/reports/enforcement/?year=2024", expect="<table")

    def emulation_report(self) -> None:
        self.browser.get("emulation report", "/reports/emulation/?year=2024", expect="<table")

    def case_list(self) -> None:
        query = self.rng.choice(["", "?status__exact=in_progress", "?year=2024", "?p=3"])
        self.browser.get("case list, all units", f"{CHANGELIST}{query}", expect='id="changelist"')

    def nomination_list(self) -> None:
        self.browser.get("nomination list", NOMINATIONS, expect='id="changelist"')


class NationalLeader(Leader):
    """A ministry leader on the national database: the reports of the country and provinces.

    The national benchmark holds no emulation clusters: the leader's reports there are the
    enforcement statistics of all agencies and those of a province per enforcer.
    """

    PROVINCES = ("THADS-HN", "THADS-HCM", "THADS-DN", "THADS-HP", "THADS-CT", "THADS-HUE")

    def step(self) -> None:
        self.choose(
            [
                (30, self.enforcement_report),
                (25, self.enforcer_report),
                (25, self.case_list),
                (20, self.nomination_list),
            ]
        )

    def enforcement_report(self) -> None:
        self.browser.get("enforcement report", "/reports/enforcement/?year=2025", expect="<table")

    def enforcer_report(self) -> None:
        query = urlencode({"year": "2025", "unit": self.rng.choice(self.PROVINCES)})
        path = f"/reports/enforcement/enforcers/?{query}"
        self.browser.get("enforcer report, a province", path, expect="<table")


ROLES: dict[str, type[VirtualUser]] = {"clerk": Clerk, "reviewer": Reviewer, "leader": Leader}
NATIONAL_ROLES: dict[str, type[VirtualUser]] = {**ROLES, "leader": NationalLeader}
