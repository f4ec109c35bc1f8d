"""A change made anywhere reaches every server process on the same database."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from core import db
from core.audit import Actor
from stages import control
from tests.fake_services import TEST_SERVICES

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def two_servers(database_url, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "geteilt",
        "LANDWERK_INSTANCE_PATH": str(tmp_path),
    }
    processes, ports = [], []
    try:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [sys.executable, "-m", "tests.serve_fake", str(port)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            processes.append(process)
            assert process.stdout.readline().strip() == "ready"
            ports.append(port)
        yield ports
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
            process.stdout.close()


def beta_state(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/services", timeout=5) as response:
        return {s["key"]: s["state"] for s in json.load(response)}["beta"]


def test_a_promotion_reaches_both_server_processes(app_factory, two_servers):
    assert [beta_state(port) for port in two_servers] == ["locked", "locked"]
    app = app_factory(SERVICES=TEST_SERVICES)
    with app.test_request_context():
        # beta (moped) → bicycle: live for everyone.
        control.promote_service(
            db=db.session(), services=TEST_SERVICES, key="beta", actor=Actor(None, "test")
        )
    changed_at = time.monotonic()
    seen = {}
    while len(seen) < 2 and time.monotonic() - changed_at < 10:
        for port in two_servers:
            if port not in seen and beta_state(port) == "live":
                seen[port] = time.monotonic() - changed_at
    assert sorted(seen) == sorted(two_servers), "a server process never saw the promotion"
    print(f"promotion seen after {max(seen.values()):.2f} s")
