"""The vote form behind the panel: it answers htmx with the panel and a plain form with a
redirect and a message."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.rendering import render, safe_next_url, wants_fragment
from core.security import limiter, per_user
from feedback import bp
from feedback.votes.panel import make_panel, panel_anchor, panel_for
from feedback.votes.service import VoteError, resolve_subject, vote_on


def _vote_limit() -> str:
    return current_app.config.get("VOTE_RATE_LIMIT", "30 per minute")


# One allowance for the form and the API together.
vote_rate_limit = limiter.shared_limit(_vote_limit, scope="votes", key_func=per_user)


@bp.get("/abstimmen")
def vote_after_sign_in():
    """Where "Anmelden, um abzustimmen" leads after signing in: that vote, to confirm with one
    tap (a vote is a write, never cast by following a link). Without a subject – a vote sent
    after the session had ended, not kept – the roadmap, to vote again."""
    subject = resolve_subject(request.args.get("subject", ""))
    if subject is None:
        return redirect(url_for("feedback.roadmap"))
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    next_url = safe_next_url(request.args.get("next")) or subject.page_url
    return render(
        "feedback/vote_confirm.html", subject=subject, vote=panel_for(subject, next_url=next_url)
    )


def _back_to_panel(next_url: str, subject) -> str:
    """The page the vote came from, scrolled to the panel it was cast in."""
    return f"{next_url.split('#', 1)[0]}#{panel_anchor(subject.subject)}"


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
    except VoteError as refusal:
        # The refusal belongs in the panel (htmx) or in the page's messages.
        if wants_fragment():
            panel = panel_for(subject, next_url=next_url, error=str(refusal))
            return render_template("feedback/_vote.html", vote=panel), refusal.status
        flash(str(refusal), "error")
        return redirect(_back_to_panel(next_url, subject), 303)
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
    return redirect(_back_to_panel(next_url, subject), 303)
