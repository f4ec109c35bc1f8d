"""Vote integrity under load (`make bench ONLY=vote_integrity`, about 2½ minutes).

On SQLite and on PostgreSQL (a fresh database each, dropped afterwards): the app under gunicorn
(2 workers × 4 threads), 200 residents who sign in over HTTP, then for 30 s each casts and
withdraws votes at random through the vote API, one request after the other with no pause (now
and then two at once), on services not live yet and planned services (budgeted: at most
VOTE_BUDGET active votes) and on ideas (no budget). The load
comes from a separate process (`python -m bench.vote_integrity client`, an asyncio client), which
keeps per resident and subject the last state the app confirmed (`you_voted`). Afterwards the
intended net votes are compared with the vote rows in the database, the stored tallies and the
counts the vote API gives.
"""

import asyncio
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit

RESIDENTS = 200
SECONDS = 30
LOCKED_SERVICES = 4  # services of the bench app not live yet
PLANNED_SERVICES = 4
IDEAS = 6
CAST_SHARE = 0.7  # more casts than withdrawals, so that residents run into their budget
# A resident also sends two requests at once now and then: a double click (the same request
# twice) or two tabs (two subjects). Either way the outcome of every subject stays defined.
DOUBLE_CLICK_SHARE = 0.1
TWO_TABS_SHARE = 0.1
WORKERS, THREADS = 2, 4
PASSWORD = "bench-votes-2024"
POSTGRES = "postgresql://postgres@127.0.0.1:5432"
APP = "bench.app:create_bench_app()"
TITLE = "Vote integrity under load (200 residents, 30 s)"


# --- the client process -------------------------------------------------------------------


class Resident:
    """One signed-in browser session, speaking HTTP/1.1 with one connection per request: a
    request that got no answer is then the only ambiguous case, and it is counted."""

    def __init__(self, base: str, email: str):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.email = email
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""

    async def request(self, method: str, path: str, form: dict | None = None):
        body = urlencode(form).encode() if form else b""
        headers = {
            "Host": f"{self.host}:{self.port}",
            "Connection": "close",
            "Content-Length": str(len(body)),
            "Accept": "application/json" if path.startswith("/api/") else "text/html",
        }
        if form:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.csrf_token:
            headers["X-CSRFToken"] = self.csrf_token
        head = f"{method} {path} HTTP/1.1\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in headers.items()
        )
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            writer.write(head.encode() + b"\r\n" + body)
            await writer.drain()
            raw = await reader.read()
        finally:
            writer.close()
        head_bytes, _, payload = raw.partition(b"\r\n\r\n")
        lines = head_bytes.decode("latin-1").split("\r\n")
        if not lines[0].startswith("HTTP/1."):
            raise ConnectionError(f"no answer to {method} {path}")
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "set-cookie":
                cookie_name, _, rest = value.strip().partition("=")
                self.cookies[cookie_name] = rest.split(";", 1)[0]
            if name.lower() == "transfer-encoding":
                raise ConnectionError("chunked answers are not expected from this app")
        return int(lines[0].split()[1]), payload

    async def sign_in(self) -> None:
        status, page = await self.request("GET", "/login")
        token = re.search(rb'<meta name="csrf-token" content="([^"]+)"', page).group(1).decode()
        form = {"email": self.email, "password": PASSWORD, "csrf_token": token}
        status, _ = await self.request("POST", "/login", form)
        if status != 302:
            raise RuntimeError(f"{self.email} could not sign in: {status}")
        self.csrf_token = token  # the session keeps its CSRF secret across signing in


def refusal_message(payload: bytes) -> str:
    try:
        return json.loads(payload).get("message", "")
    except ValueError:
        return payload[:120].decode(errors="replace")


def percentile(sorted_values: list[float], share: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, math.ceil(share * len(sorted_values)) - 1)]


async def load(plan: dict) -> dict:
    emails, paths = plan["residents"], plan["subjects"]
    residents = [Resident(plan["base"], email) for email in emails]
    auditor = Resident(plan["base"], plan["auditor"])
    signing_in = time.monotonic()
    for batch in range(0, len(residents), 20):
        await asyncio.gather(*(r.sign_in() for r in residents[batch : batch + 20]))
    await auditor.sign_in()
    sign_in_seconds = time.monotonic() - signing_in

    statuses: Counter = Counter()
    refusals: Counter = Counter()
    latencies: list[float] = []
    # (resident, subject): voted, as last confirmed; the votes from before the run to start with
    confirmed = {(email, subject): True for email, subject in plan["initial"]}
    unanswered: set[tuple[str, str]] = set()
    contradictions: list[str] = []
    transport_errors: Counter = Counter()

    async def send(resident: Resident, subject: str, cast: bool) -> None:
        started = time.perf_counter()
        try:
            status, payload = await resident.request("POST" if cast else "DELETE", paths[subject])
        except (OSError, ConnectionError) as error:
            transport_errors[type(error).__name__] += 1
            unanswered.add((resident.email, subject))
            return
        latencies.append(time.perf_counter() - started)
        statuses[status] += 1
        if status != 200:
            refusals[(status, refusal_message(payload))] += 1
            return
        answer = json.loads(payload)
        if answer["you_voted"] is not cast:
            contradictions.append(f"{resident.email} {subject} cast={cast}: {answer}")
        confirmed[(resident.email, subject)] = answer["you_voted"]
        unanswered.discard((resident.email, subject))

    async def vote_at_random(resident: Resident, chooser: random.Random, deadline: float):
        while time.monotonic() < deadline:
            first, second = chooser.sample(list(paths), 2)
            cast = chooser.random() < CAST_SHARE
            twice = chooser.random()
            if twice < DOUBLE_CLICK_SHARE:
                # The same request twice at once: whichever runs second changes nothing.
                await asyncio.gather(send(resident, first, cast), send(resident, first, cast))
            elif twice < DOUBLE_CLICK_SHARE + TWO_TABS_SHARE:
                # Two subjects at once: both may not slip under the budget together.
                other = chooser.random() < CAST_SHARE
                await asyncio.gather(send(resident, first, cast), send(resident, second, other))
            else:
                await send(resident, first, cast)

    started = time.monotonic()
    deadline = started + plan["seconds"]
    await asyncio.gather(*(vote_at_random(r, random.Random(r.email), deadline) for r in residents))
    elapsed = time.monotonic() - started

    api_counts = {}
    for subject, path in paths.items():
        # The auditor never votes: withdrawing changes nothing and answers the count.
        status, payload = await auditor.request("DELETE", path)
        api_counts[subject] = json.loads(payload)["votes"] if status == 200 else None
    status, payload = await auditor.request("GET", "/api/v1/services")
    listed = {f"service:{item['key']}": item["votes"] for item in json.loads(payload)}

    latencies.sort()
    return {
        "elapsed": elapsed,
        "sign_in_seconds": sign_in_seconds,
        "requests": len(latencies),
        "latency_ms": {
            name: percentile(latencies, share) * 1000
            for name, share in (("p50", 0.50), ("p95", 0.95), ("p99", 0.99))
        },
        "statuses": {str(k): v for k, v in statuses.items()},
        "refusals": [[status, message, n] for (status, message), n in refusals.items()],
        "voted": sorted([email, subject] for (email, subject), voted in confirmed.items() if voted),
        "unanswered": sorted(list(pair) for pair in unanswered),
        "contradictions": contradictions[:20],
        "transport_errors": dict(transport_errors),
        "api_counts": api_counts,
        "listed_counts": {s: n for s, n in listed.items() if s in paths},
    }


# --- the benchmark process ----------------------------------------------------------------


def prepare(url: str) -> dict:
    """Migrate the empty database, add the residents, planned services and ideas, and pick the
    subjects: services of the bench app that are not live yet, planned services and ideas."""
    from sqlmodel import Session, select
    from werkzeug.security import generate_password_hash

    from bench.app import SERVICES, bench_config
    from core import db
    from core.models import User, utcnow
    from feedback import subjects
    from feedback.models import Idea
    from feedback.votes import service as votes
    from feedback.votes.service import DEFAULT_BUDGET
    from stages.models import PlannedService
    from webapp import create_app

    app = create_app(bench_config(url))
    db.upgrade(app)
    # Signing in is the setup here, not what is measured: one hash for all, with few rounds.
    password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    emails = [f"resident{n}@votes.bench.landwerk.test" for n in range(RESIDENTS + 1)]
    paths = {}
    with app.test_request_context("/"):
        for service in SERVICES:
            subject = subjects.resolve(subjects.service_subject(service.key))
            if subject.votable and len(paths) < LOCKED_SERVICES:
                paths[subject.subject] = f"/api/v1/services/{service.key}/vote"
    with Session(app.extensions["db_engine"]) as database:
        for n, email in enumerate(emails):
            database.add(
                User(
                    email=email,
                    display_name=f"Einwohnerin {n}",
                    municipality="genthin",
                    password_hash=password_hash,
                    session_token=f"bench-{n}",
                    email_verified_at=utcnow(),
                )
            )
        for n in range(PLANNED_SERVICES):
            key = f"geplant_{n}"
            database.add(
                PlannedService(key=key, title=f"Geplant {n}", summary="", target_stage="car")
            )
            paths[f"service:{key}"] = f"/api/v1/services/{key}/vote"
        ideas = [
            Idea(title=f"Idee {n}", description="Für die Abstimmung", municipality="burg")
            for n in range(IDEAS)
        ]
        database.add_all(ideas)
        database.commit()
        for idea in ideas:
            paths[f"idea:{idea.id}"] = f"/api/v1/ideas/{idea.id}/vote"
        # Votes from before the run, cast the app's way (tallies and trend kept): each resident
        # starts one vote short of the budget, so that it binds soon.
        chooser = random.Random(1)
        budgeted = [subject for subject in paths if subject.startswith("service:")]
        ideas_voted = [subject for subject in paths if subject.startswith("idea:")]
        initial = []
        users = database.exec(select(User).where(User.email.in_(emails[:-1]))).all()
        for user in users:
            for subject in chooser.sample(budgeted, DEFAULT_BUDGET - 1) + chooser.sample(
                ideas_voted, 2
            ):
                votes.cast_vote(db=database, user=user, subject=subject, budgeted_subjects=None)
                initial.append([user.email, subject])
    app.extensions["db_engine"].dispose()
    return {
        "residents": emails[:-1],
        "auditor": emails[-1],
        "subjects": paths,
        "initial": initial,
    }


def database_truth(url: str, subjects: list[str], budgeted: list[str]) -> dict:
    from sqlalchemy import func
    from sqlmodel import Session, select

    from core.db import make_engine
    from core.models import User
    from feedback.models import Vote, VoteTally
    from feedback.votes.trending import vote_weight

    engine = make_engine(url)
    with Session(engine) as database:
        rows = database.exec(select(User.email, Vote.subject, Vote.created_at).join(User)).all()
        tallies = {t.subject: t for t in database.exec(select(VoteTally))}
        per_resident_budgeted = database.exec(
            select(func.count())
            .select_from(Vote)
            .where(Vote.subject.in_(budgeted))
            .group_by(Vote.user_id)
        ).all()
    engine.dispose()
    weights = Counter()
    for _email, subject, created_at in rows:
        weights[subject] += vote_weight(created_at)
    return {
        "pairs": Counter((email, subject) for email, subject, _ in rows),
        "rows": Counter(subject for _, subject, _ in rows),
        "tally": {s: tallies[s].votes if s in tallies else 0 for s in subjects},
        # The stored trend sum against the one recomputed from the votes, relative.
        "trend_drift": max(
            abs((tallies[s].trend if s in tallies else 0.0) - weights[s]) / max(weights[s], 1.0)
            for s in subjects
        ),
        "most_budgeted_votes": max(per_resident_budgeted, default=0),
    }


def run_backend(backend: str, url: str, workdir: Path) -> dict:
    from bench.server import ROOT, gunicorn

    plan = prepare(url)
    log = workdir / f"gunicorn-{backend}.log"
    env = {
        "DATABASE_URL": url,
        "LANDWERK_INSTANCE_PATH": str(workdir / f"instance-{backend}"),
    }
    with gunicorn(
        APP,
        env=env,
        workers=WORKERS,
        threads=THREADS,
        ready_path="/login",
        log_path=log,
    ) as base:
        client = subprocess.run(
            [sys.executable, "-m", "bench.vote_integrity", "client"],
            cwd=ROOT,
            input=json.dumps({**plan, "base": base, "seconds": SECONDS}),
            capture_output=True,
            text=True,
            check=True,
        )
    result = json.loads(client.stdout)
    subjects = list(plan["subjects"])
    budgeted = [s for s in subjects if s.startswith("service:")]
    truth = database_truth(url, subjects, budgeted)
    result["truth"] = truth
    server_log = log.read_text()
    result["log"] = {
        "tracebacks": server_log.count("Traceback"),
        "database is locked": server_log.count("database is locked"),
        "deadlock detected": server_log.count("deadlock detected"),
    }
    return result


def integrity(result: dict) -> dict:
    """Lost and doubled votes, per resident and subject and per subject's counters."""
    truth, subjects = result["truth"], list(result["api_counts"])
    intended = {tuple(pair) for pair in result["voted"]}
    unanswered = {tuple(pair) for pair in result["unanswered"]}
    stored = truth["pairs"]
    # A request that got no answer leaves its pair undecided: it is not counted either way.
    lost = len(intended - unanswered - set(stored))
    doubled = len(set(stored) - unanswered - intended)
    doubled += sum(n - 1 for n in stored.values())
    subjects_off = 0  # counters (tally, API, service list) that differ from the rows
    for counts in (truth["tally"], result["api_counts"], result["listed_counts"]):
        relevant = [s for s in subjects if s in counts]
        subjects_off += sum(1 for s in relevant if counts[s] != truth["rows"][s])
        lost += sum(max(truth["rows"][s] - (counts[s] or 0), 0) for s in relevant)
        doubled += sum(max((counts[s] or 0) - truth["rows"][s], 0) for s in relevant)
    return {
        "intended": len(intended),
        "rows": sum(truth["rows"].values()),
        "tally": sum(truth["tally"].values()),
        "api": sum(n or 0 for n in result["api_counts"].values()),
        "lost": lost,
        "doubled": doubled,
        "subjects_off": subjects_off,
        "fivexx": sum(n for status, n in result["statuses"].items() if int(status) >= 500),
    }


def create_postgres_database(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{POSTGRES}/{name}"


def drop_postgres_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run() -> str:
    workdir = Path(tempfile.mkdtemp(prefix="landwerk-bench-votes-"))
    results = {"SQLite": run_backend("sqlite", f"sqlite:///{workdir / 'votes.db'}", workdir)}
    name = f"landwerk_bench_votes_{os.getpid()}"
    try:
        results["PostgreSQL"] = run_backend("postgresql", create_postgres_database(name), workdir)
    finally:
        drop_postgres_database(name)
    return report(results)


def report(results: dict) -> str:
    from bench.app import NO_LIMIT
    from feedback.votes.service import DEFAULT_BUDGET

    lines = [
        f"{RESIDENTS} residents signed in over HTTP (the login form with its CSRF token), then "
        f"for {SECONDS} s each one sent vote requests back to back (POST to cast "
        f"{CAST_SHARE:.0%} of the time, DELETE to withdraw otherwise; {DOUBLE_CLICK_SHARE:.0%} "
        f"of the time the same request twice at once, a double click, and {TWO_TABS_SHARE:.0%} "
        "two requests for two subjects at once, two tabs) to the vote API on "
        f"{LOCKED_SERVICES} services of the bench app that are not live yet and {PLANNED_SERVICES} "
        f"planned services (the budget of {DEFAULT_BUDGET} active votes applies to both) and "
        f"{IDEAS} ideas (no budget); each resident started with {DEFAULT_BUDGET - 1} votes on "
        "services and 2 on ideas, cast before the run. The load came from a separate asyncio process, one "
        f"connection per request; the app (`{APP}`) ran under gunicorn with {WORKERS} workers × "
        f"{THREADS} threads on a fresh database per backend, created and dropped by the "
        f"benchmark. The bench app raises the vote and login rate limits to {NO_LIMIT!r} "
        "(production: 30 votes and 10 sign-ins a minute; here 200 residents sign in from one "
        "address), so 429s do not shape the load.",
        "",
        "| backend | intended net votes | vote rows | tallies | vote API | lost | doubled | 5xx "
        "| subject counters off | most budgeted votes of a resident | trend drift |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    checks = {backend: integrity(result) for backend, result in results.items()}
    for backend, result in results.items():
        check = checks[backend]
        lines.append(
            f"| {backend} | {check['intended']:,} | {check['rows']:,} | {check['tally']:,} "
            f"| {check['api']:,} | {check['lost']} | {check['doubled']} | {check['fivexx']} "
            f"| {check['subjects_off']} | {result['truth']['most_budgeted_votes']} "
            f"| {result['truth']['trend_drift']:.1e} |"
        )
    lines += [
        "",
        "| backend | requests | requests/s | p50 | p95 | p99 | 200 | 409 budget used up "
        "| 429 rate limit | other | no answer |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for backend, result in results.items():
        statuses = Counter({int(k): v for k, v in result["statuses"].items()})
        other = sum(n for s, n in statuses.items() if s not in (200, 409, 429))
        latency = result["latency_ms"]
        lines.append(
            f"| {backend} | {result['requests']:,} | {result['requests'] / result['elapsed']:,.0f} "
            f"| {latency['p50']:,.0f} ms | {latency['p95']:,.0f} ms | {latency['p99']:,.0f} ms "
            f"| {statuses[200]:,} | {statuses[409]:,} | {statuses[429]:,} | {other:,} "
            f"| {sum(result['transport_errors'].values())} |"
        )
    for backend, check in checks.items():
        result = results[backend]
        met = (
            check["lost"] == check["doubled"] == check["fivexx"] == check["subjects_off"] == 0
            and not result["contradictions"]
            and not result["unanswered"]
            and result["truth"]["most_budgeted_votes"] <= DEFAULT_BUDGET
        )
        verdict = "met" if met else "**not met**"
        lines.append(f"\nGoal 0 lost, 0 doubled, 0 5xx on {backend}: {verdict}.")
    lines += ["", "Server log during the load:", ""]
    for backend, result in results.items():
        found = ", ".join(f"{k}: {v}" for k, v in result["log"].items())
        contradictions = len(result["contradictions"])
        lines.append(
            f"- {backend}: {found}; answers contradicting the request: {contradictions}; "
            f"signing in the {RESIDENTS} residents took {result['sign_in_seconds']:.0f} s"
        )
        for status, message, count in sorted(result["refusals"]):
            if status not in (409, 429):
                lines.append(f"  - {count} × {status}: {message}")
    lines += [
        "",
        "- *intended net votes*: per resident and subject, the state the last answer confirmed "
        "(`you_voted`), starting from the votes cast before the run, summed; *vote rows*: `COUNT(*)` of the votes table; *tallies*: the "
        "stored `VoteTally.votes`; *vote API*: the count the API answers afterwards (and "
        "`GET /api/v1/services` for the services).",
        "- *lost*: confirmed votes missing from the database, plus counters below the rows; "
        "*doubled*: votes in the database that no answer confirmed (or twice), plus counters "
        "above the rows. Goal 0, 0, 0 (with 5xx).",
        "- *most budgeted votes of a resident*: active votes on services not live yet of the "
        "resident with the most (at most the budget of 5); *trend drift*: the stored trend sum "
        "against the one recomputed from the votes, relative, largest over the subjects.",
        "- Latency: from connecting to the last byte of the answer, at the client; with 200 "
        "residents sending back to back the app is saturated, so it is mostly waiting in line "
        "(about 200 ÷ requests/s).",
    ]
    return "\n".join(lines) + "\n"


def client_main() -> None:
    plan = json.load(sys.stdin)
    json.dump(asyncio.run(load(plan)), sys.stdout)


if __name__ == "__main__":
    if sys.argv[1:] == ["client"]:
        client_main()
    else:
        print(run())
