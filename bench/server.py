"""The app under gunicorn for a benchmark: started in its own process group on a free loopback
port, waited for, and stopped afterwards (a context manager)."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(
    app: str,
    *,
    env: dict | None = None,
    workers: int = 2,
    threads: int = 1,
    port: int = 0,
    ready_path: str = "/",
    log_path: Path | None = None,
):
    """Serve `app` (a gunicorn app spec such as "bench.app:create_bench_app()") and yield its
    base URL. `env` is added to this process's environment."""
    port = port or free_port()
    command = [
        GUNICORN,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
        # gunicorn's control socket has one default path per user, not per instance.
        "--no-control-socket",
        app,
    ]
    base = f"http://127.0.0.1:{port}"
    with open(log_path or os.devnull, "a") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn for {app} exited with {process.returncode}; log: {log_path}"
                )
            try:
                if requests.get(base + ready_path, timeout=2).status_code < 500:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn for {app} did not answer on {base}{ready_path}")
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
