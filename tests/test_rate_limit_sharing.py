"""Rate limits count once for the machine: a warning when workers would each count on their
own, and failed sign-ins counted per account as well as per client address."""

import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

from core.security import limits_are_per_process
from tests.conftest import PASSWORD, make_user, post_form

GUNICORN_CONFIG = Path(__file__).parent.parent / "gunicorn.conf.py"
WRONG = "falsch-123456"
LOCKED = "Zu viele fehlgeschlagene Anmeldeversuche für diese E-Mail-Adresse."


def started(workers: int, caplog) -> list[str]:
    hook = runpy.run_path(str(GUNICORN_CONFIG))["when_ready"]
    server = SimpleNamespace(cfg=SimpleNamespace(workers=workers), log=logging.getLogger("g"))
    with caplog.at_level(logging.WARNING, logger="g"):
        hook(server)
    return [record.getMessage() for record in caplog.records]


def test_several_workers_counting_in_memory_are_warned_about(monkeypatch, caplog):
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    [warning] = started(2, caplog)
    assert "memory://" in warning and "2 times its rate" in warning


@pytest.mark.parametrize(("workers", "storage"), [(1, "memory://"), (4, "redis://127.0.0.1:6379")])
def test_one_worker_or_a_shared_storage_starts_quietly(monkeypatch, caplog, workers, storage):
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", storage)
    assert started(workers, caplog) == []


def test_only_memory_counts_per_process():
    assert limits_are_per_process("memory://")
    assert not limits_are_per_process("redis://localhost:6379")
    assert not limits_are_per_process("memcached://localhost:11211")


def test_make_run_serves_one_worker_with_threads():
    makefile = (Path(__file__).parent.parent / "Makefile").read_text()
    assert "--workers 1 --threads 8" in makefile


@pytest.fixture
def behind_proxy(app_factory):
    return app_factory(
        LOGIN_RATE_LIMIT="100 per minute", LOGIN_ACCOUNT_RATE_LIMIT="3 per hour", PROXY_HOPS=1
    )


def attempt(client, address: str, email: str, password: str = WRONG):
    return post_form(
        client,
        "/login",
        {"email": email, "password": password},
        headers={"X-Forwarded-For": address},
    )


def test_failed_sign_ins_are_limited_per_account_from_any_address(behind_proxy, database):
    make_user(database, email="anna@example.org")
    client = behind_proxy.test_client()
    statuses = [attempt(client, f"203.0.113.{n}", "Anna@Example.org").status_code for n in range(3)]
    assert statuses == [422, 422, 422]

    refused = attempt(client, "198.51.100.1", "anna@example.org", PASSWORD)
    assert refused.status_code == 429
    assert LOCKED in refused.get_data(as_text=True)
    assert client.get("/profil").status_code == 302  # the right password did not sign in


def test_the_account_limit_leaves_other_accounts_alone(behind_proxy, database):
    make_user(database, email="anna@example.org")
    make_user(database, email="bert@example.org")
    client = behind_proxy.test_client()
    for n in range(3):
        attempt(client, f"203.0.113.{n}", "anna@example.org")
    assert attempt(client, "203.0.113.9", "bert@example.org", PASSWORD).status_code == 302


def test_successful_sign_ins_do_not_count_toward_the_account_limit(behind_proxy, database):
    make_user(database, email="anna@example.org")
    for n in range(4):
        client = behind_proxy.test_client()
        assert attempt(client, f"203.0.113.{n}", "anna@example.org", PASSWORD).status_code == 302
