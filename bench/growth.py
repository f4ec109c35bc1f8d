"""Cost as data grows (`make bench ONLY=growth`): the same pages at 1×, 10× and 100× district
scale (bench/data.py; 1× = 200,000 votes, 20,000 comments, 5,000 news, 5,000 events, 2,000
directory entries, 10,000 residents, 30 services), requested in-process with Flask's test
client: the median time per request, the ratio t(100×)/t(1×) (goal ≤ 1.5) and the SQL
statements per request (goal: the same at every scale).

SQLite at 1×, 10×, 100×; PostgreSQL at 1× and 10× (100× too with GROWTH_POSTGRES_100=1: its
data set takes long to build). Measuring takes 2–4 minutes once the data sets are cached;
building them (bench/data.py, once per schema) takes several minutes more the first time.
"""

import os
import statistics
import tempfile
import time
from dataclasses import dataclass

os.environ.setdefault("LANDWERK_INSTANCE_PATH", tempfile.mkdtemp(prefix="landwerk-bench-"))

from sqlalchemy import event  # noqa: E402

from bench import data  # noqa: E402
from bench.app import bench_config  # noqa: E402
from webapp import create_app  # noqa: E402

TITLE = "Cost as data grows (1×, 10×, 100× district scale)"
SCALES = (1, 10, 100)
GOAL_RATIO = 1.5
MIN_REQUESTS, MAX_REQUESTS, MAX_SECONDS = 5, 30, 2.0
MONTH = f"{data.ANCHOR.year}/{data.ANCHOR.month}"  # the data's "now": its busiest month


@dataclass(frozen=True)
class Viewer:
    name: str
    email: str | None  # None: a visitor


VISITOR = Viewer("visitor", None)
RESIDENT = Viewer("resident", "resident1@bench.landwerk.test")
OWNER = Viewer("product owner", data.OWNER_EMAIL)


@dataclass(frozen=True)
class Page:
    label: str
    url: str
    viewers: tuple[Viewer, ...]


PAGES = [
    Page("roadmap", "/roadmap", (VISITOR, RESIDENT, OWNER)),
    Page("roadmap, votes from Burg", "/roadmap?gemeinde=burg", (VISITOR,)),
    Page("news list", "/neuigkeiten/", (VISITOR, RESIDENT)),
    Page("news list, Burg + Kultur", "/neuigkeiten/?gemeinde=burg&kategorie=kultur", (VISITOR,)),
    Page(
        "directory search „Bäckerei Müller Burg“",
        "/verzeichnis/?q=Bäckerei+Müller+Burg",
        (VISITOR,),
    ),
    Page("directory search „Bäckerei“", "/verzeichnis/?q=B%C3%A4ckerei", (VISITOR,)),
    Page("events month view", f"/veranstaltungen/monat/{MONTH}", (VISITOR,)),
    Page("home", "/", (VISITOR, RESIDENT)),
]


@dataclass
class Figure:
    seconds: float
    statements: int


def backends() -> list[tuple[str, tuple[int, ...]]]:
    postgres_scales = SCALES if os.environ.get("GROWTH_POSTGRES_100") == "1" else SCALES[:2]
    return [("sqlite", SCALES), ("postgresql", postgres_scales)]


def build_app(url: str):
    # The flag-version check (one tiny query, at most 4 times a second per process) is left
    # out, so the statement counts are exact; it does not depend on the data.
    config = {**bench_config(url), "WTF_CSRF_ENABLED": False, "FLAG_CHECK_INTERVAL": 3600}
    return create_app(config)


def client_for(app, viewer: Viewer):
    client = app.test_client()
    if viewer.email:
        response = client.post("/login", data={"email": viewer.email, "password": data.PASSWORD})
        assert response.status_code == 302, f"{viewer.name} could not sign in"
    return client


def count_statements(app, client, url: str) -> int:
    statements = []

    def record(*_args):
        statements.append(1)

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", record)
    try:
        status = client.get(url).status_code
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert status == 200, f"{url}: {status}"
    return len(statements)


def median_seconds(client, url: str) -> float:
    timings = []
    began = time.monotonic()
    while len(timings) < MAX_REQUESTS and (
        len(timings) < MIN_REQUESTS or time.monotonic() - began < MAX_SECONDS
    ):
        started = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def measure(url: str) -> dict[tuple[str, str], Figure]:
    app = build_app(url)
    figures = {}
    try:
        for viewer in (VISITOR, RESIDENT, OWNER):
            client = client_for(app, viewer)
            for page in PAGES:
                if viewer not in page.viewers:
                    continue
                client.get(page.url)  # warm: flags, templates, the database's cache
                statements = count_statements(app, client, page.url)
                figures[(page.label, viewer.name)] = Figure(
                    median_seconds(client, page.url), statements
                )
    finally:
        app.extensions["db_engine"].dispose()
    return figures


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def table(backend: str, scales: tuple[int, ...], by_scale: dict[int, dict]) -> str:
    last = scales[-1]
    head = (
        "| page | viewer | "
        + " | ".join(f"ms {scale}×" for scale in scales)
        + f" | t({last}×)/t(1×) | SQL per request ({' / '.join(f'{s}×' for s in scales)}) |\n"
        + "|---|---|"
        + "---:|" * len(scales)
        + "---:|---|\n"
    )
    rows = []
    for key in by_scale[scales[0]]:
        figures = [by_scale[scale][key] for scale in scales]
        ratio = figures[-1].seconds / figures[0].seconds
        verdict = "" if ratio <= GOAL_RATIO else " ✗"
        counts = [figure.statements for figure in figures]
        constant = "" if len(set(counts)) == 1 else " ✗"
        rows.append(
            f"| {key[0]} | {key[1]} | "
            + " | ".join(milliseconds(figure.seconds) for figure in figures)
            + f" | {ratio:.2f}{verdict} | {' / '.join(map(str, counts))}{constant} |"
        )
    return f"**{backend}**\n\n" + head + "\n".join(rows) + "\n"


def run() -> str:
    sections = []
    for backend, scales in backends():
        by_scale = {}
        for scale in scales:
            url = data.database(scale, backend)
            by_scale[scale] = measure(url)
        sections.append(table(backend, scales, by_scale))
    return (
        "Median of 5–30 requests per page (at most 2 s of requests each, after one warm-up "
        "request), in-process with Flask's test client on the cached data sets of bench/data.py "
        "(`data.database(scale, backend)`); SQL statements counted on one request with a "
        "`before_cursor_execute` listener on the app's engine (the flag-version check, at most 4/s "
        "and independent of the data, left out). Signed-in viewers: a resident "
        "(the roadmap shows their own votes) and a product owner. The events month is the data "
        f"set's current month ({MONTH}). ✗ marks a ratio above {GOAL_RATIO} or a statement "
        "count that changes with the data.\n\n" + "\n".join(sections)
    )
