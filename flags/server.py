"""The Unleash server as flag source: an Unleash client that polls a self-hosted server, and the
writer (flags.unleash_admin) that keeps the server's toggles in step with the database.

The live stage and each service's runtime state stay in the app database (the context still
carries `liveStage`); the server holds the toggles built from them, exactly as the embedded
source builds its payload (`flags.payload.strategies_for`).

Outages: the client keeps its last known flags, also kept in the instance folder, so a restart
while the server is away starts from them (or, without such a file, from the database). The
log gets one line when the server stops answering and one when it answers again. Owner changes
are refused while the server cannot be written (`UnleashUnavailable`, 503).
"""

import json
import logging
import os
import socket
import tempfile
import threading
import time
from pathlib import Path

import requests
from sqlalchemy import select
from sqlmodel import Session
from UnleashClient import UnleashClient
from UnleashClient.constants import FEATURES_URL
from UnleashClient.utils import InstanceAllowType

from flags.payload import build_payload
from flags.source import EmbeddedFlags, MemoryCache
from flags.unleash_admin import AdminApi
from stages.manifest import ServiceManifest
from stages.models import PlatformState
from stages.state import Snapshot, read_snapshot

log = logging.getLogger(__name__)

REQUEST_TIMEOUT = 3  # seconds; a poll comes again after the refresh interval anyway


class SnapshotCache(MemoryCache):
    """In memory, like the embedded source's cache; the features each poll brings are also
    written to a file, so a restart while the server is away starts from the last known flags."""

    def __init__(self, payload: dict, path: Path):
        super().__init__(payload)
        self.path = path

    def set(self, key, value):
        super().set(key, value)
        if key == FEATURES_URL:
            self._save(value)

    def _save(self, features: str) -> None:
        # Several workers may write at once: each writes its own file and renames it in place.
        handle = None
        try:
            with tempfile.NamedTemporaryFile(
                "w", dir=self.path.parent, prefix=".unleash-", delete=False
            ) as handle:
                handle.write(features)
            os.replace(handle.name, self.path)
        except OSError as error:
            if handle is not None:
                Path(handle.name).unlink(missing_ok=True)
            log.warning("Could not keep the flag snapshot in %s: %s", self.path, error)


def load_snapshot(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        log.warning("Ignoring the unreadable flag snapshot %s: %s", path, error)
        return None


class PollHealth:
    """Whether the server answers the client's polls. A poll that fails with no answer at all
    leaves no trace but time, so the server counts as away when it has not answered for two
    refresh intervals and a second."""

    def __init__(self, url: str, refresh_interval: float):
        self.url = url
        self.grace = 2 * refresh_interval + 1
        self._lock = threading.Lock()
        self._last_answer: float | None = None
        self._away_since: float | None = None

    def on_response(self, response: requests.Response, *args, **kwargs) -> None:
        """A requests hook: called with every answer the client gets from the server."""
        if response.status_code in (200, 304):
            self._answered()
        else:
            self._away(f"HTTP {response.status_code}")

    @property
    def answering(self) -> bool:
        last = self._last_answer
        return last is not None and time.monotonic() - last <= self.grace

    def check(self) -> None:
        if not self.answering:
            self._away("no answer")

    def _answered(self) -> None:
        with self._lock:
            self._last_answer = time.monotonic()
            if self._away_since is not None:
                log.warning(
                    "Unleash server %s answers again after %.0f s; flags are current again",
                    self.url,
                    time.monotonic() - self._away_since,
                )
                self._away_since = None

    def _away(self, why: str) -> None:
        with self._lock:
            if self._away_since is None:
                self._away_since = time.monotonic()
                log.warning(
                    "Unleash server %s is not answering (%s); serving the last known flags",
                    self.url,
                    why,
                )


class _QuietFetchFailures(logging.Filter):
    """The SDK logs a traceback for every failed poll; PollHealth logs one line per outage."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Unleash Client feature fetch failed")


def _quiet_sdk_logs() -> None:
    sdk = logging.getLogger("UnleashClient")
    if not any(isinstance(f, _QuietFetchFailures) for f in sdk.filters):
        sdk.addFilter(_QuietFetchFailures())
    # A poll that outlasts the refresh interval makes APScheduler warn about skipped runs.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)


class ServerFlags(EmbeddedFlags):
    """Per process: the snapshot of the runtime state from the database (as the embedded
    source reads it) and one Unleash client polling the server, started on first use, so
    each worker process polls for itself (gunicorn forks before that)."""

    def __init__(
        self,
        services: list[ServiceManifest],
        check_interval: float = 0.25,
        *,
        url: str,
        client_token: str,
        admin_token: str,
        environment: str = "development",
        refresh_interval: int = 1,
        snapshot_path: Path,
    ):
        super().__init__(services, check_interval)
        self.url = url
        self.client_token = client_token
        self.environment = environment
        self.refresh_interval = refresh_interval
        self.snapshot_path = snapshot_path
        self.admin = AdminApi(url, admin_token, client_token, environment)
        self.health = PollHealth(url, refresh_interval)
        self._poller: UnleashClient | None = None

    @property
    def writable(self) -> bool:
        """False while the server does not answer: owner changes would be refused. Before
        this process first polled, True: the write itself will tell."""
        return self._poller is None or self.health.answering

    def current(self, db: Session):
        snapshot, client = super().current(db)
        self.health.check()
        return snapshot, client

    def write_through(self, db: Session) -> None:
        """Inside the change's transaction, before its commit: a failed write rolls it back."""
        self.admin.sync(read_snapshot(db, self.services), self.services)

    def sync(self, db: Session) -> list[tuple[str, str]]:
        """`stages sync`: queues behind owner changes (their row lock), then writes."""
        try:
            db.exec(select(PlatformState).where(PlatformState.id == 1).with_for_update())
            return self.admin.sync(read_snapshot(db, self.services), self.services)
        finally:
            db.rollback()

    def close(self) -> None:
        """Stops this process's polling (an exiting worker need not: the thread is a daemon)."""
        with self._lock:
            if self._poller is not None:
                self._poller.destroy()
                self._poller = None

    def _client_for(self, snapshot: Snapshot) -> UnleashClient:
        if self._poller is None:
            self._poller = self._start_poller(snapshot)
        return self._poller

    def _start_poller(self, snapshot: Snapshot) -> UnleashClient:
        _quiet_sdk_logs()
        payload = load_snapshot(self.snapshot_path)
        if payload is None:
            # Nothing kept yet: start from what the database says the server should hold.
            payload = build_payload(snapshot, self.services)
        client = UnleashClient(
            url=self.url,
            app_name="landwerk",
            environment=self.environment,
            instance_id=f"{socket.gethostname()}-{os.getpid()}",
            refresh_interval=self.refresh_interval,
            request_timeout=REQUEST_TIMEOUT,
            request_retries=0,
            custom_headers={"Authorization": self.client_token},
            custom_options={"hooks": {"response": self.health.on_response}},
            cache=SnapshotCache(payload, self.snapshot_path),
            # The app's audit log is the record; without metrics and registration an outage
            # costs one failed poll per interval and nothing else.
            disable_metrics=True,
            disable_registration=True,
            multiple_instance_mode=InstanceAllowType.SILENTLY_ALLOW,
        )
        client.initialize_client()  # polls once right away, then every refresh interval
        self.health.check()
        missing = sorted(set(self.by_key) - set(client.feature_definitions()))
        if missing and self.health.answering:
            # Unknown toggles are off: the services would be locked for everyone.
            log.warning(
                "The Unleash server has no toggle for %s; run: flask --app webapp stages sync",
                ", ".join(missing),
            )
        return client
