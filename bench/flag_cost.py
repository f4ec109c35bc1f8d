"""Per-request cost of flag evaluation with 30 registered services (`make bench ONLY=flag_cost`)."""

import os
import statistics
import tempfile
import time

os.environ.setdefault("LANDWERK_INSTANCE_PATH", tempfile.mkdtemp(prefix="landwerk-bench-"))

from flask import g  # noqa: E402

from bench.app import SERVICES  # noqa: E402
from core import db  # noqa: E402
from flags import access  # noqa: E402
from webapp import create_app

REQUESTS = 2000
TITLE = "Flag evaluation per request (30 services)"


def run() -> str:
    path = os.path.join(tempfile.mkdtemp(), "bench.db")
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{path}", "SERVICES": SERVICES, "SECRET_KEY": "bench"}
    )
    db.upgrade(app)
    per_request = []
    with app.test_request_context("/"):
        access.visible_services()  # build the client once, as the first request of a worker does
        for _ in range(REQUESTS):
            g.pop("flag_state", None)
            started = time.perf_counter()
            access.visible_services()
            per_request.append(time.perf_counter() - started)
    median = statistics.median(per_request) * 1e6
    p95 = sorted(per_request)[int(len(per_request) * 0.95)] * 1e6
    return (
        f"`flags.access.visible_services()` for a visitor, {REQUESTS:,} times on a fresh request "
        "state (the flag-version check throttled to 4/s as in production).\n\n"
        "| services | per request (median) | per request (p95) | per flag |\n|---|---|---|---|\n"
        f"| {len(SERVICES)} | {median:,.0f} µs | {p95:,.0f} µs | {median / len(SERVICES):.1f} µs |\n"
    )
