"""The platform's task queue (huey): work that runs outside a request – e-mails to send,
expiries, reminders. One queue for every layer, chosen by `TASK_QUEUE_URL`:

- unset: SQLite in the instance folder (`instance/tasks.db`), the embedded default that
  `make run` serves with one consumer beside the web server;
- `redis://host:6379/0`: Redis, for several instances sharing one queue (docs/deploy.md).

huey binds tasks when their module is imported, so the queue exists at import time; the app
that runs them is bound later (`bind`). While testing, tasks run at once in the caller.
"""

import os
import threading
from pathlib import Path
from urllib.parse import urlparse

from flask import Flask, has_app_context
from huey import Huey, RedisHuey, SqliteHuey

_DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "instance"


def _queue_from_environment() -> Huey:
    url = os.environ.get("TASK_QUEUE_URL", "")
    if url.startswith(("redis://", "rediss://")):
        return RedisHuey("landwerk", url=url)
    if url.startswith("sqlite:///"):
        filename = urlparse(url).path
    else:
        folder = Path(os.environ.get("LANDWERK_INSTANCE_PATH") or _DEFAULT_FOLDER)
        folder.mkdir(parents=True, exist_ok=True)
        filename = str(folder / "tasks.db")
    return SqliteHuey("landwerk", filename=filename)


queue = _queue_from_environment()

_bound: dict[str, Flask] = {}
_pushed = threading.local()


def bind(app: Flask) -> None:
    """The app whose configuration and database the consumer's tasks use. While testing,
    tasks run at once in the caller, inside the caller's app context."""
    _bound["app"] = app
    # Set both ways: one test process builds testing apps and, for its browser journeys, an
    # app served with a real consumer.
    queue.immediate = app.testing


@queue.pre_execute()
def _enter_app_context(_task) -> None:
    # In a request (immediate mode) the caller's context is already there.
    if has_app_context() or "app" not in _bound:
        _pushed.context = None
        return
    _pushed.context = _bound["app"].app_context()
    _pushed.context.push()


@queue.post_execute()
def _leave_app_context(_task, _value, _exception) -> None:
    context = getattr(_pushed, "context", None)
    if context is not None:
        _pushed.context = None
        context.pop()
