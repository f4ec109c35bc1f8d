"""Who may see which service, decided once per request through the Unleash client.

States for the viewer: `live` (usable), `preview` (testers, one wave ahead), `staff` (only
product owners can see it now), `locked`. Product owners see every implemented service.
"""

import secrets
import threading
import weakref
from dataclasses import dataclass

from flask import current_app, g, session
from flask_login import current_user

from core import db
from flags.source import EmbeddedFlags
from stages.manifest import ServiceManifest
from stages.state import ServiceStatus, Snapshot

LIVE, PREVIEW, STAFF, LOCKED = "live", "preview", "staff", "locked"
# Why a service someone would otherwise reach is closed to them right now.
PAUSED, ROLLING_OUT = "paused", "rolling_out"
EVERYONE, TESTERS, NOBODY = "everyone", "testers", "nobody"


@dataclass(frozen=True)
class ServiceAccess:
    service: ServiceManifest
    status: ServiceStatus
    state: str
    audience_now: str  # who besides product owners can see it: everyone, testers, nobody

    @property
    def visible(self) -> bool:
        return self.state != LOCKED

    @property
    def key(self) -> str:
        return self.service.key


def flags() -> EmbeddedFlags:
    return current_app.extensions["flags"]


def services() -> list[ServiceManifest]:
    return current_app.extensions["services"]


def audience() -> str:
    if not current_user.is_authenticated:
        return "visitor"
    if current_user.is_product_owner:
        return "owner"
    return "tester" if current_user.is_tester else "resident"


def _visitor_id() -> str:
    # Visitors get a random id in their signed session cookie, so a gradual rollout is sticky.
    # Only then: the cookie makes the page uncacheable, and nothing else needs to tell them apart.
    if "visitor_id" not in session:
        session["visitor_id"] = secrets.token_hex(8)
    return session["visitor_id"]


def context_for(*, viewer: str, identifier: str, live_level: int) -> dict:
    """The Unleash context: people by user id, visitors by a session id."""
    # Product owners see at least what testers see; the rest is decided by viewer_state.
    properties = {
        "liveStage": str(live_level),
        "audience": "tester" if viewer == "owner" else viewer,
    }
    if viewer == "visitor":
        return {"sessionId": identifier, "properties": properties}
    return {"userId": identifier, "properties": properties}


def viewer_state(*, unleash_on: bool, viewer: str, level: int, live_level: int) -> str:
    if unleash_on:
        return LIVE if level <= live_level else PREVIEW
    return STAFF if viewer == "owner" else LOCKED


def audience_now(status: ServiceStatus, snapshot: Snapshot) -> str:
    if not status.enabled:
        return NOBODY
    if status.level <= snapshot.live_level and status.rollout > 0:
        return EVERYONE
    if status.level <= snapshot.live_level + 1:
        return TESTERS
    return NOBODY


@dataclass
class _RequestFlags:
    snapshot: Snapshot
    client: object
    viewer: str
    context: dict
    decided: dict
    shared: dict | None  # decisions that hold for every request of this viewer kind


# Per process: for each client bootstrapped from our own payload, the decisions that do not
# depend on who is asking, per viewer kind. Such a client never changes: when the flags change,
# the source builds a new client, the old one is dropped, and its decisions go with it.
_shared_decisions: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_shared_lock = threading.Lock()


def _decisions_shared_by(client, viewer: str) -> dict | None:
    # A client that polls a server (initialised) may change its toggles at any moment, and
    # the server's strategies are not ours to know: it decides on every request.
    if getattr(client, "is_initialized", True):
        return None
    with _shared_lock:
        return _shared_decisions.setdefault(client, {}).setdefault(viewer, {})


def _request_state() -> _RequestFlags:
    if "flag_state" not in g:
        snapshot, client = flags().current(db.session())
        viewer = audience()
        # A visitor's id is asked for when a decision depends on the person (`_decide`).
        identifier = str(current_user.id) if current_user.is_authenticated else ""
        context = context_for(viewer=viewer, identifier=identifier, live_level=snapshot.live_level)
        shared = _decisions_shared_by(client, viewer)
        g.flag_state = _RequestFlags(snapshot, client, viewer, context, {}, shared)
    return g.flag_state


def _same_for_everyone(status: ServiceStatus) -> bool:
    """Whether the decision is the same for every person of a viewer kind: the payload's
    strategies look at the stage and the audience, and at the person only through a gradual
    rollout's stickiness, which decides nothing at 0 % and 100 %."""
    return status.rollout in (0, 100)


def access(key: str) -> ServiceAccess | None:
    """The viewer's access to one service; None for a key no service has. Each flag is
    evaluated at most once per request, and once per viewer kind while the flags stay the
    same unless a gradual rollout makes the answer depend on the person."""
    return _decide(_request_state(), key)


def _decide(state: _RequestFlags, key: str) -> ServiceAccess | None:
    if key in state.decided:
        return state.decided[key]
    if state.shared is not None and key in state.shared:
        decided = state.decided[key] = state.shared[key]
        return decided
    service = flags().by_key.get(key)
    if service is None:
        return None
    snapshot = state.snapshot
    status = snapshot.services[key]
    if state.viewer == "visitor" and not state.context["sessionId"] and not _same_for_everyone(status):
        state.context["sessionId"] = _visitor_id()
    unleash_on = state.client.is_enabled(key, state.context)
    seen_as = viewer_state(
        unleash_on=unleash_on,
        viewer=state.viewer,
        level=status.level,
        live_level=snapshot.live_level,
    )
    decided = ServiceAccess(service, status, seen_as, audience_now(status, snapshot))
    state.decided[key] = decided
    if state.shared is not None and _same_for_everyone(status):
        state.shared[key] = decided
    return decided


def is_visible(key: str) -> bool:
    decided = access(key)
    return decided is not None and decided.visible


def visible_services() -> list[ServiceAccess]:
    """Services the viewer can open, in registry order (the navigation's order)."""
    state = _request_state()  # once, not per service: reaching `g` costs a few µs each time
    return [decided for decided in (_decide(state, s.key) for s in services()) if decided.visible]


def why_locked(decided: ServiceAccess) -> str | None:
    """For a locked service that is there, only not for this viewer now: switched off for the
    time being (PAUSED), or being unlocked step by step and not yet for them (ROLLING_OUT).
    None when it is simply not unlocked yet (then it is not found)."""
    if decided.visible:
        return None
    state = _request_state()
    status, live_level = decided.status, state.snapshot.live_level
    testers_preview = state.viewer == "tester" and status.level == live_level + 1
    if not (status.level <= live_level or testers_preview):
        return None
    if not status.enabled:
        return PAUSED
    return ROLLING_OUT if status.level <= live_level and status.rollout < 100 else None


def live_stage() -> str:
    return _request_state().snapshot.live_stage
