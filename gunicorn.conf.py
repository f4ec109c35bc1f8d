"""Read by gunicorn when started from the project folder (as `make run` and docs/deploy.md do)."""

import os

from core.security import limits_are_per_process

PER_PROCESS_WARNING = (
    "RATELIMIT_STORAGE_URI=%s counts in each of the %d workers: every rate limit allows %d "
    "times its rate. Use one worker with threads (--workers 1 --threads 8) or a shared "
    "storage (redis://…), see docs/deploy.md."
)


def when_ready(server) -> None:
    storage = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    workers = server.cfg.workers
    if workers > 1 and limits_are_per_process(storage):
        server.log.warning(PER_PROCESS_WARNING, storage, workers, workers)
