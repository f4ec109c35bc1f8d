"""Feedback: roadmap, votes, comments, ideas and tester reports – residents decide what unlocks next."""

from flask import Blueprint

bp = Blueprint("feedback", __name__, template_folder="templates")

from feedback import (  # noqa: E402,F401  (each attaches its views to bp or listens to changes)
    comments,
    ideas,
    moderation,
    notification_views,
    roadmap,
    tester_reports,
    unlocks,
    voting,
)
