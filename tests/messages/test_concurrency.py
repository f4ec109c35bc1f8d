"""Never a message lost when people write at once: both sides write into one thread from
threads of their own, on SQLite and PostgreSQL, and every message is there and counted."""

import threading

from sqlmodel import Session, select

from core import db as core_db
from core.models import User
from stages.moped.messages import service
from stages.moped.messages.models import Message, MessageThread
from stages.moped.messages.permissions import thread_for

ROUNDS = 5


def _write(app, email: str, thread_id: int, barrier: threading.Barrier, errors: list):
    try:
        with app.test_request_context():
            database = core_db.session()
            author = database.exec(select(User).where(User.email == email)).one()
            for number in range(ROUNDS):
                found, side = thread_for(database, author, thread_id)
                barrier.wait(timeout=30)
                service.post_message(
                    database, author=author, thread=found, side=side, text=f"{email} {number}"
                )
    except Exception as error:  # reported to the test below
        errors.append(error)
        barrier.abort()


def test_messages_written_at_once_are_all_kept_and_counted(live_app, people, database):
    with live_app.test_request_context():
        thread = service.start_thread(
            core_db.session(), author=people.anna, organisation_id=people.shop.id, text="Los"
        )
    writers = ["anna@example.org", "carla@example.org", "dieter@example.org"]
    barrier, errors = threading.Barrier(len(writers)), []
    workers = [
        threading.Thread(target=_write, args=(live_app, email, thread.id, barrier, errors))
        for email in writers
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    with Session(live_app.extensions["db_engine"]) as fresh:
        messages = list(fresh.exec(select(Message).where(Message.thread_id == thread.id)))
        stored = fresh.get(MessageThread, thread.id)
    assert len(messages) == 1 + ROUNDS * len(writers)
    assert sorted(m.text for m in messages if m.text != "Los") == sorted(
        f"{email} {number}" for email in writers for number in range(ROUNDS)
    )
    newest = max(m.id for m in messages)
    assert stored.starter_last_id == stored.recipient_last_id == newest
    # Each side has read at least its own newest message, and nothing newer than exists.
    assert max(m.id for m in messages if m.side == "starter") <= stored.starter_read_id <= newest
    assert (
        max(m.id for m in messages if m.side == "recipient") <= stored.recipient_read_id <= newest
    )
