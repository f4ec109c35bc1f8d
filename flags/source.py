"""The embedded flag source: an Unleash client bootstrapped from memory with the payload the
database describes, rebuilt when the flag version in the database moves."""

import json
import logging
import threading
import time

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from UnleashClient import UnleashClient
from UnleashClient.cache import BaseCache
from UnleashClient.constants import FEATURES_URL
from UnleashClient.utils import InstanceAllowType

from flags.payload import build_payload
from stages.manifest import ServiceManifest
from stages.state import Snapshot, read_snapshot, read_version

log = logging.getLogger(__name__)


class MemoryCache(BaseCache):
    """Holds the bootstrapped payload in memory: no disk, nothing shared between processes."""

    def __init__(self, payload: dict):
        self._data = {FEATURES_URL: json.dumps(payload)}
        self.bootstrapped = True

    def set(self, key, value):
        self._data[key] = value

    def mset(self, data):
        self._data.update(data)

    def get(self, key, default=None):
        return self._data.get(key, default)

    def exists(self, key):
        return key in self._data

    def destroy(self):
        self._data = {}


def bootstrapped_client(payload: dict) -> UnleashClient:
    """A client that evaluates the payload locally. It is never initialised: no scheduler,
    no HTTP, no metrics; it needs no destroy() and is simply replaced by the next one."""
    return UnleashClient(
        url="http://embedded.invalid",
        app_name="landwerk",
        cache=MemoryCache(payload),
        disable_metrics=True,
        disable_registration=True,
        multiple_instance_mode=InstanceAllowType.SILENTLY_ALLOW,
    )


class EmbeddedFlags:
    """Per process: the last snapshot and its client. Checks the database's flag version at
    most every `check_interval` seconds, so a change elsewhere arrives within that time."""

    # Owner changes live in the database alone: they can always be written.
    writable = True

    def __init__(self, services: list[ServiceManifest], check_interval: float = 0.25):
        self.services = services
        self.by_key = {service.key: service for service in services}
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._client: UnleashClient | None = None
        self._checked_at = 0.0

    def current(self, db: Session) -> tuple[Snapshot, UnleashClient]:
        with self._lock:
            now = time.monotonic()
            if self._snapshot is None or now - self._checked_at >= self.check_interval:
                self._refresh(db)
                self._checked_at = now
            return self._snapshot, self._client

    def invalidate(self) -> None:
        """A change was made in this process: look again on the next request."""
        with self._lock:
            self._checked_at = float("-inf")

    def write_through(self, db: Session) -> None:
        """Called by stages.control before a change commits; the database is the whole source."""

    def _refresh(self, db: Session) -> None:
        try:
            if self._snapshot is not None and read_version(db) == self._snapshot.version:
                return
            snapshot = read_snapshot(db, self.services)
        except SQLAlchemyError:
            if self._snapshot is None:
                raise
            log.warning("Flag state unreadable; serving the last known flags", exc_info=False)
            db.rollback()
            return
        self._client = self._client_for(snapshot)
        self._snapshot = snapshot

    def _client_for(self, snapshot: Snapshot) -> UnleashClient:
        return bootstrapped_client(build_payload(snapshot, self.services))
