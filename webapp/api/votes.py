"""Votes through the API: for a service (built or planned) or an idea, cast with POST and
withdrawn with DELETE. The same checks, budget and rate limit as the vote button."""

from flask import abort, jsonify, request
from flask_login import login_required

from feedback import subjects
from feedback.votes import service as votes
from feedback.votes.routes import vote_rate_limit
from feedback.votes.service import resolve_subject, vote_on
from webapp.api import bp


def _vote(subject: subjects.Subject | None):
    if subject is None:
        abort(404)
    try:
        result = vote_on(subject, cast=request.method == "POST")
    except votes.VoteError as refusal:
        return jsonify(error=refusal.status, message=str(refusal)), refusal.status
    return jsonify(votes=result.votes, you_voted=result.you_voted, votes_left=result.votes_left)


@bp.route("/services/<key>/vote", methods=["POST", "DELETE"])
@vote_rate_limit
@login_required
def service_vote(key: str):
    return _vote(resolve_subject(subjects.service_subject(key)))


@bp.route("/ideas/<id:idea_id>/vote", methods=["POST", "DELETE"])
@vote_rate_limit
@login_required
def idea_vote(idea_id: int):
    return _vote(resolve_subject(subjects.idea_subject(idea_id)))
