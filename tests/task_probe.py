"""A task for the consumer test: it proves the consumer runs tasks inside the app's context.
`huey_consumer tests.task_probe.consumer_queue` builds the app as webapp.worker does."""

from pathlib import Path

from flask import current_app

from core.tasks import queue


@queue.task()
def write_database_url(path: str) -> None:
    Path(path).write_text(current_app.config["DATABASE_URL"])


def __getattr__(name: str):
    # Only the consumer asks for it: importing the task alone (to queue it) builds no app.
    if name == "consumer_queue":
        from webapp.worker import queue as consumer_queue

        return consumer_queue
    raise AttributeError(name)
