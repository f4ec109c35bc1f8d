"""What stage control announces, for the layers above it to act on without being imported by
it (Flask ships blinker). Receivers are connected while the app is built."""

from dataclasses import dataclass

from blinker import Namespace

_signals = Namespace()

# Sent inside the change's transaction, sender = the database session, with `services` (the
# manifests the change made live) and `live_stage`. Receivers add to that transaction.
services_unlocked = _signals.signal("services-unlocked")

# Sent before a service goes live, sender = the database session, with `key`; each receiver
# returns the open reports (texts) that block it.
promotion_blockers = _signals.signal("promotion-blockers")

# Sent by a service inside its transaction, sender = the database session, with `user_ids`,
# `kind` (one the notifications know), `title` and `path` (a page of this site, at most 50
# characters): these people should hear of it in the app. Receivers add to that transaction.
notice = _signals.signal("notice")

# Sent by the moderation queue, sender = the database session; each receiver returns the
# reported items of its service that wait for a decision (a list of `ReportedItem`).
reported_items = _signals.signal("reported-items")


@dataclass(frozen=True)
class ReportedItem:
    """Something a service's users reported, as the moderators see it: only the reported text
    itself, who wrote it, why it was reported, and where to post the decision (a form field
    `decision`, "hide" or "keep"). Public content also says where it can be seen in place;
    private content (a message) has no such page."""

    kind: str  # e.g. "Nachricht"
    text: str
    author_id: int | None
    author: str
    reasons: list[tuple[str, int]]  # (label, how many reports gave it)
    decide_url: str
    view_url: str | None = None
