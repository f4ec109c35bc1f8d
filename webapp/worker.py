"""The task queue's consumer: `huey_consumer webapp.worker.queue` (`make run` starts one
beside the web server). Building the app binds it to the queue and schedules the steps."""

from core.tasks import queue
from webapp import create_app

app = create_app()

__all__ = ["app", "queue"]
