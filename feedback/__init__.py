"""Feedback: roadmap, votes, comments, ideas and tester reports – residents decide what unlocks
next. One blueprint; each sub-package attaches its routes to it."""

from flask import Blueprint

from stages import signals
from stages.manifest import ScheduledStep

bp = Blueprint("feedback", __name__, template_folder="templates")

from feedback.changelog import routes as _changelog_routes  # noqa: E402,F401
from feedback.changelog.service import record_unlocks  # noqa: E402
from feedback.comments import markup as _comment_markup  # noqa: E402,F401
from feedback.comments import routes as _comment_routes  # noqa: E402,F401
from feedback.ideas import routes as _idea_routes  # noqa: E402,F401
from feedback.moderation import routes as _moderation_routes  # noqa: E402,F401
from feedback.notifications import email_routes as _email_routes  # noqa: E402,F401
from feedback.notifications import routes as _notification_routes  # noqa: E402,F401
from feedback.notifications.digest import HOUR, MINUTE, send_digests  # noqa: E402
from feedback.notifications.service import record_notice  # noqa: E402
from feedback.roadmap import routes as _roadmap_routes  # noqa: E402,F401
from feedback.tester_reports import routes as _tester_report_routes  # noqa: E402,F401
from feedback.tester_reports.service import open_blockers  # noqa: E402
from feedback.votes import routes as _vote_routes  # noqa: E402,F401


def connect_signals() -> None:
    """Hear what stage control and the services announce: unlocked services go into the
    changelog and the voters' notifications, open blocker reports stop a service going live,
    a service's notices become notifications, its reported items join the moderation queue.
    Called while the app is built; connecting twice changes nothing."""
    signals.services_unlocked.connect(record_unlocks)
    signals.promotion_blockers.connect(open_blockers)
    signals.notice.connect(record_notice)


# Time-based work of the feedback layer, run by the task queue beside the services' steps.
SCHEDULED = (
    ScheduledStep(name="feedback.weekly_digest", run=send_digests, minute=MINUTE, hour=HOUR),
)
