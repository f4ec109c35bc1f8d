"""The vote panel: a fragment that replaces itself with htmx and works as a plain form without
JavaScript. `vote_on` is the one place a vote from the web or the API is checked and cast."""

from dataclasses import dataclass

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from core import db
from core.rendering import safe_next_url, wants_fragment
from core.security import limiter
from feedback import bp, subjects, votes
from feedback.subjects import Subject

# Why a panel shows no button.
SIGNED_OUT, LIVE, PAUSED, CLOSED, BLOCKED = "signed_out", "live", "paused", "closed", "blocked"
SUBJECT_MAX = 60  # as long as Vote.subject may be


def _vote_limit() -> str:
    return current_app.config.get("VOTE_RATE_LIMIT", "30 per minute")


def _voter() -> str:
    # Per resident, not per address: a whole village may share one mobile network address.
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


# One allowance for the form and the API together.
vote_rate_limit = limiter.shared_limit(_vote_limit, scope="votes", key_func=_voter)


def vote_budget() -> int:
    return current_app.config.get("VOTE_BUDGET", votes.DEFAULT_BUDGET)


@dataclass(frozen=True)
class VotePanel:
    subject: str
    title: str
    votes: int
    you_voted: bool
    votes_left: int | None  # only for budgeted subjects and signed-in residents
    budget: int
    reason: str | None  # why there is no button: signed_out, live, paused, closed, blocked
    next_url: str  # where the form leads back to without JavaScript
    error: str | None = None

    @property
    def can_vote(self) -> bool:
        return self.reason is None

    @property
    def anchor(self) -> str:
        return "stimme-" + self.subject.replace(":", "-")


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


def _budgeted_subjects(subject: Subject) -> list[str] | None:
    return subjects.budgeted_subjects() if subject.budgeted else None


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
        _budgeted_subjects(subject),
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


def resolve_subject(text: str) -> Subject | None:
    """The subject behind a string from a request; None for anything no subject can be."""
    # Every subject is ASCII ("service:<key>", "idea:<digits>"); this keeps digits like "²" out.
    if len(text) > SUBJECT_MAX or not text.isascii():
        return None
    return subjects.resolve(text)


def vote_on(subject: Subject, *, cast: bool) -> votes.VoteResult:
    """Cast (or withdraw) the signed-in resident's vote. Refusals raise votes.VoteError with
    their status: 400 blocked, 409 budget used up, 422 nothing to vote on."""
    if subject.live_for_viewer:
        raise votes.NotVotable(
            _(
                "„%(title)s“ ist für Sie schon nutzbar: Dafür braucht es keine Stimme mehr.",
                title=subject.title,
            )
        )
    if subject.paused:
        raise votes.NotVotable(
            _(
                "„%(title)s“ ist vorübergehend abgeschaltet. Abstimmen geht wieder, sobald der "
                "Dienst zurück ist.",
                title=subject.title,
            )
        )
    if not subject.votable:
        raise votes.NotVotable(
            _("Über „%(title)s“ wird nicht mehr abgestimmt.", title=subject.title)
        )
    change = votes.cast_vote if cast else votes.withdraw_vote
    return change(
        db=db.session(),
        user=current_user._get_current_object(),
        subject=subject.subject,
        budgeted_subjects=_budgeted_subjects(subject),
        budget=vote_budget(),
    )


@bp.get("/abstimmen")
def vote_after_sign_in():
    """Where signing in leads when a vote was sent after the session had ended: the roadmap,
    to vote again (the vote itself was not kept)."""
    return redirect(url_for("feedback.roadmap"))


@bp.post("/abstimmen")
@vote_rate_limit
@login_required
def vote():
    subject = resolve_subject(request.form.get("subject", ""))
    if subject is None:
        abort(404)
    choice = request.form.get("stimme")
    if choice not in ("ja", "nein"):
        abort(400)
    next_url = safe_next_url(request.form.get("next")) or subject.page_url
    try:
        result = vote_on(subject, cast=choice == "ja")
    except votes.VoteError as refusal:
        if wants_fragment():
            # Status 200: htmx swaps no 4xx answer, and the message belongs in the panel.
            panel = panel_for(subject, next_url=next_url, error=str(refusal))
            return render_template("feedback/_vote.html", vote=panel)
        flash(str(refusal), "error")
        return redirect(next_url, 303)
    if wants_fragment():
        panel = make_panel(
            subject,
            votes_count=result.votes,
            you_voted=result.you_voted,
            votes_left=result.votes_left,
            next_url=next_url,
        )
        return render_template("feedback/_vote.html", vote=panel)
    if result.you_voted:
        flash(_("Danke! Ihre Stimme für „%(title)s“ ist gezählt.", title=subject.title), "success")
    else:
        flash(_("Ihre Stimme für „%(title)s“ ist zurückgenommen.", title=subject.title), "success")
    return redirect(next_url, 303)
