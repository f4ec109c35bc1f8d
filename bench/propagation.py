"""How long a product owner's change takes to reach every worker (`make bench ONLY=propagation`).

Embedded: two gunicorn instances (two workers each) on one SQLite database; the change is made
through the API on instance a. Server mode: the same on PostgreSQL with a real Unleash server
from deploy/unleash/ (refresh interval 1 s). After each change, four pollers ask both instances
(a new connection per request, so every worker is asked) which state the service has; the
propagation time of the change is the moment of the last stale answer. About 2 minutes.
"""

import os
import re
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests
from sqlmodel import Session

os.environ.setdefault("LANDWERK_INSTANCE_PATH", tempfile.mkdtemp(prefix="landwerk-bench-"))

from bench.server import gunicorn  # noqa: E402
from core import accounts as service  # noqa: E402
from core import db  # noqa: E402
from flags.server import ServerFlags  # noqa: E402
from webapp import create_app

TITLE = "Promotion propagation across workers and instances"
CHANGES = 12
WATCH_SECONDS = 3.0
POLLERS = 4
OWNER = "owner@bench.landwerk.test"
PASSWORD = "bench-propagation-1"
KEY = "events"


def _prepared(database_url: str, extra: dict) -> None:
    """Migrate, create the product owner who makes the changes, fill the Unleash server."""
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench", **extra})
    db.upgrade(app)
    with Session(app.extensions["db_engine"]) as session:
        service.create_user(
            db=session,
            email=OWNER,
            display_name="Produktverantwortliche",
            municipality="burg",
            password=PASSWORD,
            email_verified=True,
            is_product_owner=True,
        )
        session.commit()
    if extra.get("UNLEASH_URL"):
        assert app.test_cli_runner().invoke(args=["stages", "sync"]).exit_code == 0
    if isinstance(app.extensions["flags"], ServerFlags):
        app.extensions["flags"].close()
    app.extensions["db_engine"].dispose()


def _owner_session(base: str) -> requests.Session:
    session = requests.Session()
    token = re.search(r'name="csrf-token" content="([^"]+)"', session.get(f"{base}/login").text)
    form = {"email": OWNER, "password": PASSWORD, "csrf_token": token.group(1)}
    page = session.post(f"{base}/login", data=form).text
    session.headers["X-CSRFToken"] = re.search(r'name="csrf-token" content="([^"]+)"', page)[1]
    return session


def _state(base: str) -> str:
    services = requests.get(f"{base}/api/v1/services", timeout=10).json()
    return {s["key"]: s["state"] for s in services}[KEY]


def _last_stale_answer(bases: list[str], expected: str, changed_at: float) -> float:
    """Seconds from the confirmed change to the last answer that still showed the old state."""
    last_stale = [0.0]
    lock = threading.Lock()

    def poll(index: int) -> None:
        base = bases[index % len(bases)]
        while time.monotonic() - changed_at < WATCH_SECONDS:
            asked_at = time.monotonic()
            if _state(base) != expected:
                with lock:
                    last_stale[0] = max(last_stale[0], asked_at - changed_at)

    pollers = [threading.Thread(target=poll, args=(n,)) for n in range(POLLERS)]
    for poller in pollers:
        poller.start()
    for poller in pollers:
        poller.join()
    return last_stale[0]


def _measure(env: dict) -> list[float]:
    folder = Path(tempfile.mkdtemp(prefix="landwerk-propagation-"))
    with (
        gunicorn(
            "webapp:create_app()",
            env={**env, "LANDWERK_INSTANCE_PATH": str(folder / "a")},
            log_path=folder / "a.log",
        ) as a,
        gunicorn(
            "webapp:create_app()",
            env={**env, "LANDWERK_INSTANCE_PATH": str(folder / "b")},
            log_path=folder / "b.log",
        ) as b,
    ):
        owner = _owner_session(a)
        seen = []
        for n in range(CHANGES):
            action, expected = ("kill", "locked") if n % 2 == 0 else ("restore", "live")
            response = owner.post(f"{a}/api/v1/services/{KEY}/{action}", timeout=30)
            response.raise_for_status()
            seen.append(_last_stale_answer([a, b], expected, time.monotonic()))
        return seen


def _row(mode: str, seen: list[float], target: str) -> str:
    return (
        f"| {mode} | {len(seen)} | {statistics.median(seen):.2f} s | {max(seen):.2f} s | {target} |"
    )


def _embedded() -> list[float]:
    folder = tempfile.mkdtemp(prefix="landwerk-propagation-")
    url = f"sqlite:///{folder}/landwerk.db"
    _prepared(url, {})
    return _measure({"DATABASE_URL": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": "false"})


def _server_mode() -> list[float]:
    # The test suite's own pieces: a database of its own and the Unleash server of deploy/unleash/.
    from tests.scale.conftest import UnleashServer, _npm_ci, create_database, drop_database

    _npm_ci()
    names = [f"landwerk_bench_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    app_url, unleash_url = (create_database(name) for name in names)
    folder = Path(tempfile.mkdtemp(prefix="landwerk-unleash-"))
    unleash = UnleashServer(unleash_url, folder / "unleash.log")
    try:
        unleash.start()
        flags = {
            "UNLEASH_URL": unleash.api_url,
            "UNLEASH_CLIENT_TOKEN": unleash.client_token,
            "UNLEASH_ADMIN_TOKEN": unleash.admin_token,
        }
        _prepared(app_url, {**flags, "UNLEASH_REFRESH_INTERVAL": 1})
        env = {"DATABASE_URL": app_url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": "false"}
        return _measure({**env, **flags, "UNLEASH_REFRESH_INTERVAL": "1"})
    finally:
        unleash.stop()
        for name in names:
            drop_database(name)


def run() -> str:
    embedded, server = _embedded(), _server_mode()
    return "\n".join(
        [
            f"{CHANGES} changes (kill and restore of a live service, as a product owner through "
            "the API on instance a); after each, both instances asked by four pollers for "
            f"{WATCH_SECONDS:.0f} s; the time of the last stale answer counts.",
            "",
            "| flag source | changes | median | max | target |",
            "|---|---|---|---|---|",
            _row(
                "embedded (SQLite, flag-version check every 0.25 s)", embedded, "0.25 s + a request"
            ),
            _row(
                "Unleash server (PostgreSQL, refresh interval 1 s)",
                server,
                "≤ 2 s (interval + 1 s)",
            ),
            "",
        ]
    )
