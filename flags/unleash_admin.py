"""Writing to the Unleash server: the Admin API client that brings the server's toggles to the
state the database describes (changing only what differs), and the refusals owners see when
the server cannot be written. Reading (polling) is flags.server's."""

import logging
import time

import requests
from flask_babel import gettext as _

from core.errors import Refusal
from flags.payload import strategies_for
from stages.ladder import LADDER
from stages.manifest import ServiceManifest, in_german
from stages.state import ServiceStatus, Snapshot

log = logging.getLogger(__name__)

PROJECT = "default"
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


