"""Two app instances under gunicorn (2 workers each) on one PostgreSQL database, one Unleash
server and one Redis: changes reach the other instance within the refresh interval and a
second, votes are counted exactly, sessions and rate limits are shared, and an Unleash outage
takes nothing down."""

import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter
from sqlalchemy import func
from sqlmodel import Session, create_engine, select

from core.audit import AuditEntry
from core.models import User, utcnow
from feedback.models import Idea, Vote, VoteTally
from stages.models import PlannedService, PlatformState
from tests.conftest import PASSWORD, make_user
from tests.scale.conftest import (
    REFRESH_INTERVAL,
    ROOT,
    create_database,
    drop_database,
    wait_until,
)
from tests.test_propagation import free_port
from webapp import create_app

pytestmark = pytest.mark.scale

RESIDENTS = 20
LOGIN_LIMIT = 5
CHANGES = 6


class Instance:
    """`gunicorn --workers 2 'webapp:create_app()'` on a port of its own."""

    def __init__(self, name: str, env: dict, folder: Path):
        self.name = name
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / f"{name}.log"
        instance_path = folder / name
        self.env = {**env, "LANDWERK_INSTANCE_PATH": str(instance_path)}
        self.process = None

    def start(self) -> None:
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--workers",
                    "2",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    # gunicorn's control socket has one default path per user, not per instance.
                    "--no-control-socket",
                    "webapp:create_app()",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
            )
        wait_until(self._answers, timeout=30, every=0.1, what=f"instance {self.name}")

    def _answers(self) -> bool:
        try:
            return requests.get(self.base + "/", timeout=10).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def log(self) -> str:
        return self.log_path.read_text()


class FromAddress(HTTPAdapter):
    """Requests from a loopback address of their own (127.0.0.0/8): a resident's own device,
    as far as the per-address login limit can tell."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def browser(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", FromAddress(address))
    return session


def csrf_token(page: str) -> str:
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)


def login(session: requests.Session, base: str, email: str, password: str = PASSWORD):
    token = csrf_token(session.get(f"{base}/login", timeout=30).text)
    form = {"email": email, "password": password, "csrf_token": token}
    return session.post(f"{base}/login", data=form, timeout=30)


def signed_in(base: str, email: str, address: str) -> requests.Session:
    session = browser(address)
    response = login(session, base, email)
    assert response.status_code == 200 and "Willkommen zurück" in response.text
    session.headers["X-CSRFToken"] = csrf_token(response.text)
    return session


def visitor_state(instance: Instance, key: str) -> str:
    services = requests.get(f"{instance.base}/api/v1/services", timeout=10).json()
    return {s["key"]: s["state"] for s in services}[key]


@pytest.fixture(scope="module")
def district(unleash, app_template, tmp_path_factory):
    """The whole setup: a fresh app database with an owner and residents, the Unleash server
    in step with it (`stages sync`), two instances sharing PostgreSQL, Unleash and Redis."""
    name = f"landwerk_scale_{uuid.uuid4().hex[:12]}"
    url = create_database(name, template=app_template)
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with Session(engine) as session:
        owner = make_user(session, email="owner@example.org", is_product_owner=True)
        for n in range(RESIDENTS):
            session.add(
                User(
                    email=f"r{n}@example.org",
                    display_name=f"Einwohnerin {n}",
                    municipality="genthin",
                    password_hash=owner.password_hash,
                    session_token=f"token-{n}",
                    email_verified_at=utcnow(),
                )
            )
        session.commit()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "geteilt-" + uuid.uuid4().hex,
        "UNLEASH_URL": unleash.api_url,
        "UNLEASH_CLIENT_TOKEN": unleash.client_token,
        "UNLEASH_ADMIN_TOKEN": unleash.admin_token,
        "UNLEASH_REFRESH_INTERVAL": str(REFRESH_INTERVAL),
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
        "RATELIMIT_KEY_PREFIX": "landwerk-test-" + uuid.uuid4().hex,
        "LOGIN_RATE_LIMIT": f"{LOGIN_LIMIT} per minute",
    }
    unleash.reset()
    syncing = create_app(
        {
            "DATABASE_URL": url,
            "UNLEASH_URL": unleash.api_url,
            "UNLEASH_CLIENT_TOKEN": unleash.client_token,
            "UNLEASH_ADMIN_TOKEN": unleash.admin_token,
        }
    )
    assert syncing.test_cli_runner().invoke(args=["stages", "sync"]).exit_code == 0
    syncing.extensions["db_engine"].dispose()
    folder = tmp_path_factory.mktemp("instances")
    instances = [Instance(n, env, folder) for n in ("a", "b")]
    try:
        for instance in instances:
            instance.start()
        yield {"instances": instances, "engine": engine, "unleash": unleash}
    finally:
        for instance in instances:
            if instance.process is not None:
                instance.stop()
        engine.dispose()
        drop_database(name)


def settled_after(check, started: float, settle: float = 1.0, timeout: float = 10.0) -> float:
    """Seconds from `started` until `check` held and went on holding for `settle` seconds
    (with two workers per instance, one answering fresh does not mean both do)."""
    last_stale = None
    fresh_since = None
    while time.monotonic() - started < timeout:
        now = time.monotonic()
        if check():
            fresh_since = fresh_since or now
            if now - fresh_since >= settle:
                return fresh_since - started
        else:
            last_stale, fresh_since = now, None
        time.sleep(0.02)
    raise AssertionError(f"not settled within {timeout} s (last stale answer: {last_stale})")


def test_a_change_on_one_instance_is_served_by_the_other_within_the_refresh_interval(district):
    a, b = district["instances"]
    owner = signed_in(a.base, "owner@example.org", "127.0.0.4")
    assert visitor_state(b, "events") == "live"
    seen = []
    for n in range(CHANGES):
        action, expected = ("kill", "locked") if n % 2 == 0 else ("restore", "live")
        response = owner.post(f"{a.base}/api/v1/services/events/{action}", timeout=30)
        assert response.status_code == 200, response.text
        changed_at = time.monotonic()
        seen.append(settled_after(lambda e=expected: visitor_state(b, "events") == e, changed_at))
    print(
        f"\npropagation a → b over {CHANGES} changes: median {statistics.median(seen):.2f} s, "
        f"max {max(seen):.2f} s ({', '.join(f'{s:.2f}' for s in seen)})"
    )
    assert max(seen) <= REFRESH_INTERVAL + 1


def test_votes_arriving_at_both_instances_are_counted_exactly(district):
    instances, engine = district["instances"], district["engine"]
    with Session(engine) as session:
        session.add(
            PlannedService(key="mitfahrbank", title="Mitfahrbank", summary="", target_stage="moped")
        )
        idea = Idea(title="Bücherschrank", description="Am Markt", municipality="burg")
        session.add(idea)
        session.commit()
        idea_id = idea.id
    # Each resident signs in on one instance and votes through both at the same moment, with
    # the same session: one vote for the planned service; every second resident for the idea.
    sessions = [
        signed_in(instances[n % 2].base, f"r{n}@example.org", f"127.0.1.{n + 1}")
        for n in range(RESIDENTS)
    ]
    calls = [
        (session, f"{instance.base}/api/v1/services/mitfahrbank/vote")
        for session in sessions
        for instance in instances
    ] + [
        # Signed in on a, voting on b.
        (session, f"{instances[1].base}/api/v1/ideas/{idea_id}/vote")
        for n, session in enumerate(sessions)
        if n % 2 == 0
    ]
    barrier = threading.Barrier(len(calls))
    answers: Counter = Counter()
    errors: list[BaseException] = []
    lock = threading.Lock()

    def vote(session, url):
        try:
            barrier.wait(timeout=60)
            response = session.post(url, timeout=60)
            with lock:
                answers[(response.status_code, response.json().get("you_voted"))] += 1
        except BaseException as error:  # collected and asserted below
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=vote, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert answers == {(200, True): len(calls)}
    with Session(engine) as session:
        for subject, voters in (
            ("service:mitfahrbank", RESIDENTS),
            (f"idea:{idea_id}", RESIDENTS // 2),
        ):
            rows = session.exec(
                select(func.count()).select_from(Vote).where(Vote.subject == subject)
            ).one()
            assert (session.get(VoteTally, subject).votes, rows) == (voters, voters)
    # Signed in on one instance, known on both.
    for instance in instances:
        me = sessions[0].get(f"{instance.base}/api/v1/me", timeout=10)
        assert me.json()["email"] == "r0@example.org"


def test_the_login_limit_is_shared_by_both_instances(district):
    instances = district["instances"]
    guesser = browser("127.0.0.2")
    statuses = [
        login(guesser, instances[n % 2].base, "owner@example.org", "falsch-geraten").status_code
        for n in range(LOGIN_LIMIT + 3)
    ]
    # Wrong guesses are answered (422) LOGIN_LIMIT times for the address – not LOGIN_LIMIT
    # times per worker (four of them) – then refused on both instances.
    assert statuses == [422] * LOGIN_LIMIT + [429] * 3
    # Another address is not affected.
    assert login(browser("127.0.0.3"), instances[1].base, "owner@example.org").status_code == 200


def hammer(instances, before: dict, seconds: float) -> tuple[Counter, list[str]]:
    """Pages and the service list from both instances for `seconds`: the statuses seen, and
    the instances whose flags differed from `before`."""
    statuses: Counter = Counter()
    changed = []
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        for instance in instances:
            for path in ("/", "/neuigkeiten/", "/veranstaltungen/"):
                statuses[requests.get(instance.base + path, timeout=10).status_code] += 1
            services = requests.get(f"{instance.base}/api/v1/services", timeout=10)
            statuses[services.status_code] += 1
            if services.json() != before[instance.name]:
                changed.append(instance.name)
    return statuses, changed


def test_an_unleash_outage_keeps_both_instances_serving_and_refuses_changes(district):
    instances, engine, unleash = district["instances"], district["engine"], district["unleash"]
    a, b = instances
    owner = signed_in(a.base, "owner@example.org", "127.0.0.5")
    before = {
        i.name: requests.get(f"{i.base}/api/v1/services", timeout=10).json() for i in instances
    }
    with Session(engine) as session:
        stored = (
            session.get(PlatformState, 1).version,
            session.exec(select(func.count()).select_from(AuditEntry)).one(),
        )

    unleash.kill()
    try:
        # Longer than a worker takes to notice: two refresh intervals and a second.
        statuses, changed_flags = hammer(instances, before, seconds=2 * REFRESH_INTERVAL + 3)
        refused = owner.post(f"{a.base}/api/v1/services/news/demote", timeout=30)
    finally:
        unleash.start()  # whatever happened: the later tests need the server

    assert set(statuses) == {200}, statuses
    assert changed_flags == []
    assert refused.status_code == 503
    assert "Unleash-Server ist gerade nicht erreichbar" in refused.json()["message"]
    with Session(engine) as session:
        assert (
            session.get(PlatformState, 1).version,
            session.exec(select(func.count()).select_from(AuditEntry)).one(),
        ) == stored
    print(f"\nduring the outage: {sum(statuses.values())} requests, statuses {dict(statuses)}")

    demoted = owner.post(f"{a.base}/api/v1/services/news/demote", timeout=30)
    assert demoted.status_code == 200, demoted.text
    changed_at = time.monotonic()
    recovered = settled_after(lambda: visitor_state(b, "news") == "locked", changed_at)
    print(f"after the restart a change reached b in {recovered:.2f} s")
    assert recovered <= REFRESH_INTERVAL + 1
    for instance in instances:

        def recovered_in_log(log_of=instance.log):
            return log_of().count("answers again") == log_of().count("is not answering")

        wait_until(recovered_in_log, timeout=10, what=f"the recovery logged by {instance.name}")
        log = instance.log()
        # One line per worker and outage (two workers), not one per poll; no tracebacks.
        assert 1 <= log.count("is not answering") <= 2, log
        assert "Traceback" not in log, log
