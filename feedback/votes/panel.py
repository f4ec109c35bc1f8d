"""The vote panel: a fragment that replaces itself with htmx and works as a plain form without
JavaScript (feedback/_vote.html)."""

from dataclasses import dataclass

from flask import request
from flask_login import current_user

from core import db
from feedback import bp, subjects
from feedback.subjects import Subject
from feedback.votes import service as votes
from feedback.votes.service import budgeted_subjects_for, vote_budget

# Why a panel shows no button.
SIGNED_OUT, LIVE, PAUSED, CLOSED, BLOCKED = "signed_out", "live", "paused", "closed", "blocked"
UNCONFIRMED = "unconfirmed"


@dataclass(frozen=True)
class VotePanel:
    subject: str
    title: str
    votes: int
    you_voted: bool
    votes_left: int | None  # only for budgeted subjects and signed-in residents
    budget: int
    reason: str | None  # why there is no button: signed_out, live, paused, closed, blocked, unconfirmed
    next_url: str  # where the form leads back to without JavaScript
    error: str | None = None

    @property
    def can_vote(self) -> bool:
        return self.reason is None

    @property
    def anchor(self) -> str:
        return panel_anchor(self.subject)


def panel_anchor(subject: str) -> str:
    """The id of a subject's panel on any page: where a vote without JavaScript leads back to."""
    return "stimme-" + subject.replace(":", "-")


def _reason(subject: Subject) -> str | None:
    if subject.live_for_viewer:
        return LIVE
    if subject.paused:
        return PAUSED
    if not subject.votable:
        return CLOSED
    if not current_user.is_authenticated:
        return SIGNED_OUT
    if current_user.is_blocked:
        return BLOCKED
    if not current_user.email_verified:
        return UNCONFIRMED
    return None


def make_panel(
    subject: Subject,
    *,
    votes_count: int,
    you_voted: bool,
    votes_left: int | None,
    next_url: str,
    error: str | None = None,
) -> VotePanel:
    """A panel from counts the caller already has (the roadmap reads them for all cards at once)."""
    reason = _reason(subject)
    return VotePanel(
        subject=subject.subject,
        title=subject.title,
        votes=votes_count,
        you_voted=you_voted,
        votes_left=votes_left if subject.budgeted and reason is None else None,
        budget=vote_budget(),
        reason=reason,
        next_url=next_url,
        error=error,
    )


def panel_for(
    subject: Subject, *, next_url: str | None = None, error: str | None = None
) -> VotePanel:
    """A panel for one subject, with a few queries of its own."""
    database = db.session()
    if next_url is None:
        # Back to this page after voting – unless it was itself a form's POST.
        next_url = request.full_path.rstrip("?") if request.method == "GET" else subject.page_url
    if not current_user.is_authenticated:
        count = votes.tally(database, subject.subject)
        return make_panel(
            subject, votes_count=count, you_voted=False, votes_left=None, next_url=next_url
        )
    result = votes.result_for(
        database,
        current_user._get_current_object(),
        subject.subject,
        budgeted_subjects_for(subject),
        vote_budget(),
    )
    return make_panel(
        subject,
        votes_count=result.votes,
        you_voted=result.you_voted,
        votes_left=result.votes_left,
        next_url=next_url,
        error=error,
    )


@bp.app_template_global()
def vote_panel(subject: str) -> VotePanel | None:
    """For `{% with vote = vote_panel(subject) %}{% include "feedback/_vote.html" %}`."""
    resolved = subjects.resolve(subject)
    return panel_for(resolved) if resolved is not None else None
