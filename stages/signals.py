"""What stage control announces, for the layers above it to act on without being imported by
it (Flask ships blinker). Receivers are connected while the app is built."""

from blinker import Namespace

_signals = Namespace()

# Sent inside the change's transaction, sender = the database session, with `services` (the
# manifests the change made live) and `live_stage`. Receivers add to that transaction.
services_unlocked = _signals.signal("services-unlocked")

# Sent before a service goes live, sender = the database session, with `key`; each receiver
# returns the open reports (texts) that block it.
promotion_blockers = _signals.signal("promotion-blockers")
