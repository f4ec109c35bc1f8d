"""Trending: votes count less the older they are (the vote's age, not the service's).

    trend(now) = Σ over current votes v of 0.5 ^ ((now − t_v) / H),   H = 7 days half-life

A week-old vote counts half, a two-week-old vote a quarter. Since every term shares the factor
0.5 ^ ((now − E) / H) for a fixed epoch E, we store per subject

    stored = Σ 2 ^ ((t_v − E) / H)

which only changes when a vote is cast (+ its term) or withdrawn (− its term). Ordering by
`stored` orders by trend(now) at any moment, and trend(now) = stored · 2 ^ (−(now − E) / H).
Nothing is recomputed from all votes on a read. The database's triggers (migration
feedback_0004) add and subtract the same terms in SQL; `vote_weight` is the reference they are
tested against.
"""

from datetime import UTC, datetime, timedelta

HALF_LIFE = timedelta(days=7)
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def _half_lives_since_epoch(moment: datetime) -> float:
    return (moment - EPOCH) / HALF_LIFE


def vote_weight(cast_at: datetime) -> float:
    """A vote's term in the stored sum."""
    return 2.0 ** _half_lives_since_epoch(cast_at)


def trend_now(stored: float, now: datetime) -> float:
    """The decayed score today: about the number of this week's votes."""
    return stored * 2.0 ** (-_half_lives_since_epoch(now))
