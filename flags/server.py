"""The Unleash server as flag source: an Unleash client that polls a self-hosted server, and the
writer that keeps the server's toggles in step with the database through the Admin API.

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
from flask_babel import gettext as _
from sqlalchemy import select
from sqlmodel import Session
from UnleashClient import UnleashClient
from UnleashClient.constants import FEATURES_URL
from UnleashClient.utils import InstanceAllowType

from core.errors import Refusal
from flags.payload import build_payload, strategies_for
from flags.source import EmbeddedFlags, MemoryCache
from stages.ladder import LADDER
from stages.manifest import ServiceManifest, in_german
from stages.models import PlatformState
from stages.state import ServiceStatus, Snapshot, read_snapshot

log = logging.getLogger(__name__)

PROJECT = "default"
REQUEST_TIMEOUT = 3  # seconds; a poll comes again after the refresh interval anyway
WRITE_TIMEOUT = 5
PUBLISH_TIMEOUT = 3  # Unleash publishes changes to its clients about once a second
# liveStage has no legal values: the preview of the first stage compares it with 0.
CONTEXT_FIELDS = {
    "liveStage": {
        "description": "Live-Stufe der Plattform: "
        + ", ".join(f"{s.level} {in_german(s.label)}" for s in LADDER),
        "legalValues": [],
    },
    "audience": {
        "description": "Wer fragt: visitor, resident oder tester (Produktverantwortliche als tester)",
        "legalValues": [{"value": v} for v in ("visitor", "resident", "tester")],
    },
}


class UnleashUnavailable(Refusal):
    """The server did not answer: the change is not made, the site keeps its last flags."""

    status = 503


class UnleashRefused(Refusal):
    """The server answered but refused the write (a wrong token, an archived toggle …)."""

    status = 502


def _unavailable() -> UnleashUnavailable:
    return UnleashUnavailable(
        _(
            "Der Unleash-Server ist gerade nicht erreichbar, darum wurde nichts geändert. "
            "Die Plattform zeigt weiter den zuletzt bekannten Stand. Bitte später noch einmal "
            "versuchen."
        )
    )


# ---------------------------------------------------------------------------------------------
# Writing: the Admin API


def comparable(strategy: dict) -> dict:
    """What decides an evaluation, in one shape for the server's strategies and ours."""
    return {
        "name": strategy["name"],
        "parameters": {k: str(v) for k, v in (strategy.get("parameters") or {}).items()},
        "constraints": [
            {
                "contextName": c["contextName"],
                "operator": c["operator"],
                "inverted": bool(c.get("inverted")),
                "caseInsensitive": bool(c.get("caseInsensitive")),
                "value": c.get("value") or "",
                "values": sorted(c.get("values") or []),
            }
            for c in strategy.get("constraints") or []
        ],
        "disabled": bool(strategy.get("disabled")),
    }


def toggle_state(enabled: bool, strategies: list[dict]) -> tuple[bool, list[dict]]:
    return enabled, [comparable(strategy) for strategy in strategies]


def served_toggles(features: list[dict]) -> dict[str, tuple[bool, list[dict]]]:
    """The toggles of a client-features payload, by name, as far as evaluation goes."""
    return {f["name"]: toggle_state(f["enabled"], f["strategies"]) for f in features}


class AdminApi:
    """Brings the server's toggles to the state the database describes, changing only what
    differs: running it again changes nothing. Each call returns what it changed."""

    def __init__(self, url: str, admin_token: str, client_token: str, environment: str):
        self.url = url.rstrip("/")
        self.admin_token = admin_token
        self.client_token = client_token
        self.environment = environment

    def sync(self, snapshot: Snapshot, services: list[ServiceManifest]) -> list[tuple[str, str]]:
        with requests.Session() as http:
            http.headers["Authorization"] = self.admin_token
            changes = [("context", name) for name in self._ensure_context_fields(http)]
            for service in services:
                status = snapshot.services[service.key]
                changes += [
                    (service.key, what) for what in self._sync_toggle(http, service, status)
                ]
            changed = {subject for subject, _ in changes} & set(snapshot.services)
            if changed:
                self._await_publication(
                    http,
                    {
                        key: toggle_state(status.enabled, strategies_for(status))
                        for key, status in snapshot.services.items()
                        if key in changed
                    },
                )
        return changes

    def _call(
        self,
        http: requests.Session,
        method: str,
        path: str,
        body=None,
        *,
        missing_ok=False,
        headers=None,
    ):
        try:
            response = http.request(
                method, self.url + path, json=body, headers=headers, timeout=WRITE_TIMEOUT
            )
        except requests.RequestException as error:
            log.warning("Unleash Admin API unreachable (%s %s): %s", method, path, error)
            raise _unavailable() from error
        if response.status_code == 404 and missing_ok:
            return None
        if response.status_code >= 500:
            log.warning("Unleash Admin API failed: %s %s → %s", method, path, response.status_code)
            raise _unavailable()
        if response.status_code >= 400:
            log.error(
                "Unleash Admin API refused %s %s: %s %s",
                method,
                path,
                response.status_code,
                response.text[:500],
            )
            raise UnleashRefused(
                _(
                    "Der Unleash-Server hat die Änderung abgelehnt (HTTP %(status)d), darum "
                    "wurde nichts geändert. Einzelheiten stehen im Protokoll des Servers.",
                    status=response.status_code,
                )
            )
        return response.json() if response.content else None

    def _ensure_context_fields(self, http: requests.Session) -> list[str]:
        existing = {field["name"] for field in self._call(http, "GET", "/admin/context")}
        created = []
        for name, field in CONTEXT_FIELDS.items():
            if name not in existing:
                self._call(
                    http, "POST", "/admin/context", {"name": name, "stickiness": False, **field}
                )
                created.append(name)
        return created

    def _sync_toggle(
        self, http: requests.Session, service: ServiceManifest, status: ServiceStatus
    ) -> list[str]:
        feature = f"/admin/projects/{PROJECT}/features/{service.key}"
        environment = f"{feature}/environments/{self.environment}"
        changes = []
        current = self._call(http, "GET", environment, missing_ok=True)
        if current is None:
            body = {"name": service.key, "type": "release", "description": in_german(service.title)}
            self._call(http, "POST", f"/admin/projects/{PROJECT}/features", body)
            current = {"enabled": False, "strategies": []}
            changes.append("created")
        # The kill switch goes first, the switch back on last: never on with half the rules.
        if current["enabled"] and not status.enabled:
            self._call(http, "POST", f"{environment}/off")
            changes.append("off")
        wanted = strategies_for(status)
        if [comparable(s) for s in current["strategies"]] != [comparable(s) for s in wanted]:
            self._replace_strategies(http, environment, current["strategies"], wanted)
            changes.append("strategies")
        if status.enabled and not current["enabled"]:
            self._call(http, "POST", f"{environment}/on")
            changes.append("on")
        return changes

    def _await_publication(self, http: requests.Session, wanted: dict) -> None:
        """Unleash publishes changes to its clients about once a second. Waiting for that
        here means: once a change is confirmed, every instance serves it within its refresh
        interval."""
        deadline = time.monotonic() + PUBLISH_TIMEOUT
        client = {"Authorization": self.client_token}
        while True:
            features = self._call(http, "GET", "/client/features", headers=client)["features"]
            served = served_toggles(features)
            if all(served.get(key) == state for key, state in wanted.items()):
                return
            if time.monotonic() > deadline:
                log.warning(
                    "Unleash has not published %s within %d s", sorted(wanted), PUBLISH_TIMEOUT
                )
                return
            time.sleep(0.05)

    def _replace_strategies(self, http, environment: str, existing: list, wanted: list) -> None:
        """In place, one by one: a strategy is never missing while a client polls."""
        for order, strategy in enumerate(wanted):
            body = {**strategy, "sortOrder": order, "disabled": False}
            if order < len(existing):
                self._call(http, "PUT", f"{environment}/strategies/{existing[order]['id']}", body)
            else:
                self._call(http, "POST", f"{environment}/strategies", body)
        for surplus in existing[len(wanted) :]:
            self._call(http, "DELETE", f"{environment}/strategies/{surplus['id']}")


# ---------------------------------------------------------------------------------------------
# Reading: the polling client and its health


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
