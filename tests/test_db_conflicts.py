"""A transaction the database refused for a conflict with another one (a deadlock, a
serialisation failure, SQLite's write lock taken meanwhile) runs again, a bounded number of
times; every other error goes straight to the caller."""

import sqlite3

import psycopg
import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from core.db import RETRIES, retried_on_conflict


class Session:
    def __init__(self):
        self.rollbacks = 0

    def rollback(self):
        self.rollbacks += 1


def wrapped(error: Exception, orig_class) -> Exception:
    return orig_class("UPDATE votetally SET votes = votes + 1", {}, error)


def sqlite_busy_snapshot() -> Exception:
    error = sqlite3.OperationalError("database is locked")
    error.sqlite_errorcode = 517  # SQLITE_BUSY_SNAPSHOT: written since this transaction read
    return wrapped(error, OperationalError)


CONFLICTS = {
    "deadlock": lambda: wrapped(psycopg.errors.DeadlockDetected("deadlock"), OperationalError),
    "serialisation": lambda: wrapped(psycopg.errors.SerializationFailure("x"), OperationalError),
    "sqlite busy": sqlite_busy_snapshot,
}


def flaky(failures: list[Exception]):
    calls = []

    @retried_on_conflict
    def transaction(*, db):
        calls.append(db)
        if failures:
            raise failures.pop(0)
        return "committed"

    return transaction, calls


@pytest.mark.parametrize("conflict", CONFLICTS.values(), ids=CONFLICTS.keys())
def test_a_transaction_refused_for_a_conflict_runs_again(conflict):
    transaction, calls = flaky([conflict(), conflict()])
    session = Session()
    assert transaction(db=session) == "committed"
    assert (len(calls), session.rollbacks) == (3, 2)


def test_a_lasting_conflict_reaches_the_caller_after_the_last_retry():
    transaction, calls = flaky([CONFLICTS["deadlock"]() for _ in range(RETRIES + 1)])
    session = Session()
    with pytest.raises(OperationalError):
        transaction(db=session)
    assert len(calls) == session.rollbacks == RETRIES + 1


def test_other_errors_are_not_repeated():
    duplicate = wrapped(sqlite3.IntegrityError("UNIQUE constraint failed"), IntegrityError)
    other = wrapped(psycopg.errors.QueryCanceled("canceling statement"), OperationalError)
    for error in (duplicate, other):
        transaction, calls = flaky([error])
        session = Session()
        with pytest.raises(type(error)):
            transaction(db=session)
        assert len(calls) == session.rollbacks == 1
