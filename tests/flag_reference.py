"""The visibility rule in plain Python: what the Unleash evaluation must agree with.

Used by the property-based test; the platform itself always asks the Unleash client.
"""

import mmh3

AUDIENCES = ("visitor", "resident", "tester", "owner")


def rollout_bucket(group_id: str, identifier: str) -> int:
    """Unleash's normalised hash: 1..100, the same for one person and one service every time."""
    return mmh3.hash(f"{group_id}:{identifier}", signed=False) % 100 + 1


def reference_visible(
    *,
    audience: str,
    level: int,
    live_level: int,
    enabled: bool,
    rollout: int,
    key: str,
    identifier: str,
) -> bool:
    if audience == "owner":
        return True  # product owners see every implemented service, killed ones included
    if not enabled:
        return False
    if audience == "tester" and level <= live_level + 1:
        return True
    return level <= live_level and rollout_bucket(key, identifier) <= rollout
