"""Throughput and latency of the main pages at 50 connections, against the framework's ceiling,
and the cost of flag evaluation as a throughput ratio (`make bench ONLY=throughput`).

Three servers run side by side with the same gunicorn configuration (2 sync workers): the bench
app on the district-scale SQLite database (bench.data, scale 1), the same app with every flag
decision answered from a fixed table instead of the Unleash client (BENCH_GATE_OPEN=1), and a bare Flask + Jinja page of a list page's size
(bench.app.create_ceiling_app), measured before each page. wrk loads one URL at a time from its own process; the visitors
are 50 returning visitors (session cookies), the residents 20 signed-in residents. Takes about
3 minutes.
"""

import re
from statistics import mean, median

import requests

from bench import data
from bench.app import SECRET_KEY
from bench.load import LoadResult, wrk
from bench.server import gunicorn

TITLE = "Page throughput and latency at 50 connections (district scale, SQLite)"
SECONDS = 8
FLAG_ROUNDS = 8  # home with flags and with the gate open, alternated, FLAG_SECONDS each
FLAG_SECONDS = 4
CONNECTIONS = 50
VISITORS = 50
RESIDENTS = 20
MONTH = f"/veranstaltungen/monat/{data.ANCHOR.year}/{data.ANCHOR.month}"
PAGES = [
    ("home", "/", "visitor", CONNECTIONS),
    ("roadmap", "/roadmap", "visitor", CONNECTIONS),
    ("roadmap", "/roadmap", "resident", CONNECTIONS),
    # As many connections as workers: the time a request takes without waiting in line.
    ("roadmap", "/roadmap", "visitor", 2),
    ("news list", "/neuigkeiten/", "visitor", CONNECTIONS),
    ("event month", MONTH, "visitor", CONNECTIONS),
    ("directory search", "/verzeichnis/?q=b%C3%A4ckerei", "visitor", CONNECTIONS),
]
ROADMAP_P95_GOAL_MS = 50
CEILING_SHARE_GOAL = 1 / 3
FLAG_COST_GOAL = 0.05


def visitor_cookies(base: str, count: int) -> list[str]:
    """Session cookies of returning visitors: each got its visitor id on a first visit."""
    cookies = []
    for _ in range(count):
        response = requests.get(base + "/", timeout=30)
        response.raise_for_status()
        cookies.append(f"session={response.cookies['session']}")
    return cookies


def resident_cookies(base: str, count: int) -> list[str]:
    cookies = []
    for n in range(1, count + 1):
        browser = requests.Session()
        page = browser.get(base + "/login", timeout=30).text
        token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
        signed_in = browser.post(
            base + "/login",
            data={
                "csrf_token": token,
                "email": f"resident{n}@bench.landwerk.test",
                "password": data.PASSWORD,
            },
            allow_redirects=False,
            timeout=30,
        )
        if signed_in.status_code != 302:
            raise RuntimeError(f"resident{n} could not sign in: {signed_in.status_code}")
        cookies.append(f"session={browser.cookies['session']}")
    return cookies


def warm(url: str, cookies: list[str]) -> None:
    """Every worker builds its flags and fills its caches before it is measured."""
    for n in range(20):
        requests.get(url, headers={"Cookie": cookies[n % len(cookies)]}, timeout=30)


def _row(name: str, viewer: str, result: LoadResult, ceiling: LoadResult) -> str:
    errors = result.non_2xx + result.socket_errors
    return (
        f"| {name} | {viewer} | {result.connections} | {result.rps:,.0f} | {result.p50_ms:.1f} | "
        f"{result.p95_ms:.1f} | {result.p99_ms:.1f} | {ceiling.rps:,.0f} | "
        f"{result.rps / ceiling.rps:.2f} | "
        f"{result.bytes_per_request / 1024:.1f} | {errors} |"
    )


def run() -> str:
    url = data.database(1.0, "sqlite")
    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY}
    with (
        gunicorn("bench.app:create_ceiling_app()") as ceiling_base,
        gunicorn("bench.app:create_bench_app()", env=env) as app_base,
        gunicorn("bench.app:create_bench_app()", env={**env, "BENCH_GATE_OPEN": "1"}) as open_base,
    ):
        cookies = {
            "visitor": visitor_cookies(app_base, VISITORS),
            "resident": resident_cookies(app_base, RESIDENTS),
        }
        warm(ceiling_base + "/", ["none=1"])
        results = []
        for name, path, viewer, connections in PAGES:
            # The ceiling right before each page: a neighbour's load falls on both alike.
            ceiling = wrk(ceiling_base + "/", connections=connections, seconds=SECONDS)
            warm(app_base + path, cookies[viewer])
            result = wrk(
                app_base + path, connections=connections, seconds=SECONDS, cookies=cookies[viewer]
            )
            results.append((name, viewer, result, ceiling))
        warm(open_base + "/", cookies["visitor"])
        flagged, opened = [], []
        for _ in range(FLAG_ROUNDS):
            for base, into in ((app_base, flagged), (open_base, opened)):
                into.append(
                    wrk(
                        base + "/",
                        connections=CONNECTIONS,
                        seconds=FLAG_SECONDS,
                        cookies=cookies["visitor"],
                    )
                )
    return report(results, flagged, opened)


def report(results, flagged, opened) -> str:
    lines = [
        f"wrk, {SECONDS} s per page, 2 threads; gunicorn 2 sync workers per server; database: "
        "`bench.data.database(1.0)` (10,000 residents, 200,000 votes, 30 services). Visitors: "
        f"{VISITORS} returning visitors' cookies in turn; residents: {RESIDENTS} signed-in "
        "residents in turn. Each page is compared with the ceiling (bare Flask + Jinja, 7 KiB) "
        "measured just before it with the same connections. Latencies in ms, size in KiB.",
        "",
        "| page | viewer | connections | req/s | p50 | p95 | p99 | ceiling req/s | × ceiling "
        "| KiB | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [_row(name, viewer, result, ceiling) for name, viewer, result, ceiling in results]
    flagged_rps = mean(r.rps for r in flagged)
    opened_rps = mean(r.rps for r in opened)
    # Each round's pair ran back to back: the median of their ratios shrugs off a neighbour's
    # burst of load better than the ratio of the means.
    cost = 1 - median(f.rps / o.rps for f, o in zip(flagged, opened, strict=True))
    roadmap = [(r, c) for name, _v, r, c in results if name == "roadmap"]
    roadmap_p95 = max(r.p95_ms for r, _c in roadmap if r.connections == CONNECTIONS)
    alone, alone_ceiling = min(roadmap, key=lambda pair: pair[0].connections)
    loaded = [item for item in results if item[2].connections == CONNECTIONS]
    slowest = min(loaded, key=lambda item: item[2].rps / item[3].rps)
    share = slowest[2].rps / slowest[3].rps
    ceiling_p95 = max(c.p95_ms for _n, _v, r, c in loaded)
    lines += [
        "",
        f"**Flag cost** (home page, visitor, {FLAG_ROUNDS} alternated pairs of {FLAG_SECONDS} s): "
        f"{flagged_rps:,.0f} req/s with real flag evaluation, {opened_rps:,.0f} req/s with every "
        f"decision answered from a fixed table, the gate open without asking Unleash "
        f"(`BENCH_GATE_OPEN=1`; the same page, {opened[0].bytes_per_request / 1024:.1f} KiB against "
        f"{flagged[0].bytes_per_request / 1024:.1f} KiB): flags cost {cost:.1%} of throughput, "
        f"the median over the pairs (goal < {FLAG_COST_GOAL:.0%}: {'met' if cost < FLAG_COST_GOAL else 'missed'}).",
        "",
        f"**Roadmap p95** at {CONNECTIONS} connections: {roadmap_p95:.1f} ms at worst (goal < "
        f"{ROADMAP_P95_GOAL_MS} ms: {'met' if roadmap_p95 < ROADMAP_P95_GOAL_MS else 'missed'}). "
        f"At {CONNECTIONS} connections on 2 workers a request mostly waits for the ones before "
        f"it (the ceiling's own p95 reaches {ceiling_p95:.0f} ms); with {alone.connections} "
        f"connections, one per worker, the roadmap's p95 is {alone.p95_ms:.1f} ms (the "
        f"ceiling's {alone_ceiling.p95_ms:.1f} ms).",
        "",
        f"**Every page ≥ 1/3 of the ceiling**: the lowest, {slowest[0]} ({slowest[1]}), "
        f"reaches {share:.2f} of it ({'met' if share >= CEILING_SHARE_GOAL else 'missed'}).",
    ]
    return "\n".join(lines) + "\n"
