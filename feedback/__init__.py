"""Feedback: roadmap, votes, comments, ideas and tester reports – residents decide what unlocks next."""

from feedback import unlocks  # noqa: F401  (records unlocks and tells voters, on every promotion)
