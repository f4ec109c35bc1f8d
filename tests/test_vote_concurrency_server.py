"""Many residents voting at once against a real server process: no vote lost or doubled, the
tally equals the votes, and no request fails."""

import os
import random
import re
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
import requests
from sqlalchemy import func
from sqlmodel import select

from core.models import User, utcnow
from feedback.models import Idea, Vote, VoteTally
from stages.models import PlannedService
from tests.conftest import PASSWORD, make_user
from tests.test_propagation import free_port

ROOT = Path(__file__).resolve().parent.parent
RESIDENTS = 20
ROUNDS = 15


@pytest.fixture
def server(database_url, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "geteilt",
        "LANDWERK_INSTANCE_PATH": str(tmp_path),
        "RATELIMIT_ENABLED": "false",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.serve_fake", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout.readline().strip() == "ready"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def residents(database, count: int) -> list[str]:
    """Residents who can sign in; the password is hashed once and shared (hashing is slow)."""
    first = make_user(database, email="r0@example.org")
    for n in range(1, count):
        database.add(
            User(
                email=f"r{n}@example.org",
                display_name=f"Einwohnerin {n}",
                municipality="genthin",
                password_hash=first.password_hash,
                session_token=f"token-{n}",
                email_verified_at=utcnow(),
            )
        )
    database.commit()
    return [f"r{n}@example.org" for n in range(count)]


def csrf_token(page: str) -> str:
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)


def sign_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    token = csrf_token(session.get(f"{base}/login", timeout=30).text)
    response = session.post(
        f"{base}/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        timeout=30,
    )
    assert response.status_code == 200 and "Willkommen zurück" in response.text
    session.headers["X-CSRFToken"] = csrf_token(response.text)
    return session


def test_concurrent_votes_through_the_api_are_exact(server, database):
    database.add(
        PlannedService(key="mitfahrbank", title="Mitfahrbank", summary="", target_stage="moped")
    )
    idea = Idea(title="Bücherschrank", description="Am Markt", municipality="burg")
    database.add(idea)
    database.commit()
    urls = {
        "service:beta": f"{server}/api/v1/services/beta/vote",
        "service:gamma": f"{server}/api/v1/services/gamma/vote",
        "service:mitfahrbank": f"{server}/api/v1/services/mitfahrbank/vote",
        f"idea:{idea.id}": f"{server}/api/v1/ideas/{idea.id}/vote",
    }
    emails = residents(database, RESIDENTS)
    barrier = threading.Barrier(RESIDENTS)
    intended: dict[str, set[str]] = {email: set() for email in emails}
    statuses: Counter = Counter()
    mismatches: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def resident(email: str) -> None:
        try:
            session = sign_in(server, email)
            chooser = random.Random(email)
            barrier.wait(timeout=60)
            for _ in range(ROUNDS):
                subject = chooser.choice(list(urls))
                cast = chooser.random() < 0.6
                response = session.request("POST" if cast else "DELETE", urls[subject], timeout=60)
                with lock:
                    statuses[response.status_code] += 1
                if response.status_code != 200:
                    continue
                (intended[email].add if cast else intended[email].discard)(subject)
                if response.json()["you_voted"] is not cast:
                    with lock:
                        mismatches.append(f"{email} {subject}: {response.json()}")
        except BaseException as error:  # collected and asserted below
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=resident, args=(email,)) for email in emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert mismatches == []
    assert statuses == {200: RESIDENTS * ROUNDS}, statuses
    database.expire_all()
    expected = Counter(subject for voted in intended.values() for subject in voted)
    seen = {}
    for subject in urls:
        tally = database.get(VoteTally, subject)
        rows = database.exec(
            select(func.count()).select_from(Vote).where(Vote.subject == subject)
        ).one()
        seen[subject] = (tally.votes if tally else 0, rows, expected[subject])
    print(f"\n(tally, vote rows, intended) per subject: {seen}; statuses: {dict(statuses)}")
    assert all(tally == rows == wanted for tally, rows, wanted in seen.values()), seen
