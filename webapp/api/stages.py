"""Stages and services in the API: what the requester can use, and the owners' controls."""

from flask import abort, jsonify, request, url_for
from flask_login import current_user
from sqlmodel import select

from core import db
from core.audit import Actor
from core.auth import owner_required
from core.errors import Refusal
from feedback.subjects import service_subject
from feedback.votes import service as votes
from flags import access
from stages import control
from stages.ladder import LADDER
from stages.models import PlannedService
from webapp.api import bp

STATE_NAMES = {
    access.LIVE: "live",
    access.PREVIEW: "preview",
    access.STAFF: "locked",
    access.LOCKED: "locked",
}


@bp.get("/stages")
def stages():
    return jsonify(
        live_stage=access.live_stage(),
        ladder=[
            {"key": s.key, "level": s.level, "label": str(s.label), "icon": s.icon} for s in LADDER
        ],
    )


@bp.get("/services")
def services():
    items = []
    for service in access.services():
        decided = access.access(service.key)
        items.append(
            {
                "key": service.key,
                "title": str(service.title),
                "stage": decided.status.stage,
                "home_stage": service.home_stage,
                # A product owner's "staff" view is still locked for the rest of the district.
                "state": STATE_NAMES[decided.state],
                "url": url_for(service.endpoint) if decided.visible else None,
            }
        )
    for planned in db.session().exec(select(PlannedService).order_by(PlannedService.id)):
        items.append(
            {
                "key": planned.key,
                "title": planned.title,
                "stage": planned.target_stage,
                "home_stage": planned.target_stage,
                "state": "planned",
                "url": None,
            }
        )
    _add_votes(items)
    return jsonify(items)


def _add_votes(items: list[dict]) -> None:
    """Each service's votes and whether the requester gave one: two queries for the list."""
    database = db.session()
    subjects = [service_subject(item["key"]) for item in items]
    tallies = votes.tallies(database, subjects)
    mine = set()
    if current_user.is_authenticated:
        mine = votes.voted_subjects(database, current_user, subjects)
    for item, subject in zip(items, subjects, strict=True):
        item["votes"] = tallies[subject].votes if subject in tallies else 0
        item["you_voted"] = subject in mine


def _body() -> dict:
    """The owner's JSON object; no JSON body is an empty one. Malformed or too deeply nested
    JSON (the app's JSON provider bounds it) answers 400 instead of acting without a reason."""
    if not request.is_json or not request.get_data(cache=True):
        return {}
    body = request.get_json()
    if not isinstance(body, dict) or not isinstance(body.get("reason", ""), str):
        abort(400)
    return body


def _seen_stage() -> str | None:
    """`If-Match: "moped"`: the stage the client decided on (the service's `stage`, or the
    platform's `live_stage`). Without it – or with `*` – the step is taken from wherever it
    stands now, as before."""
    tags = request.if_match
    if not tags or tags.star_tag:
        return None
    stages = tags.as_set()
    if len(stages) != 1:
        abort(400)  # one stage can be the current one: a list or weak tags can only be a mistake
    return stages.pop()


def _apply(operation, **arguments):
    """Run an owner's change; guard rails and bad input answer with their status and message.
    The answer's ETag is the stage now, for the next step's If-Match."""
    try:
        result = operation(
            db=db.session(),
            services=access.services(),
            actor=Actor.of(current_user),
            **arguments,
        )
    except Refusal as error:  # stage control's, and the flag source's
        return jsonify(error=error.status, message=str(error)), error.status
    access.flags().invalidate()
    if isinstance(result, str):
        response = jsonify(live_stage=result)
        response.set_etag(result)
        return response
    response = jsonify(
        key=result.key, stage=result.stage, enabled=result.enabled, rollout=result.rollout
    )
    response.set_etag(result.stage)
    return response


@bp.post("/services/<key>/promote")
@owner_required
def promote(key):
    body = _body()
    return _apply(
        control.promote_service,
        key=key,
        reason=body.get("reason", ""),
        override_blockers=body.get("override_blockers") is True,
        seen_stage=_seen_stage(),
    )


@bp.post("/services/<key>/demote")
@owner_required
def demote(key):
    return _apply(
        control.demote_service, key=key, reason=_body().get("reason", ""), seen_stage=_seen_stage()
    )


@bp.put("/services/<key>/rollout")
@owner_required
def rollout(key):
    body = _body()
    return _apply(
        control.set_rollout, key=key, percent=body.get("rollout", ""), reason=body.get("reason", "")
    )


@bp.post("/services/<key>/kill")
@owner_required
def kill(key):
    return _apply(control.kill_service, key=key, reason=_body().get("reason", ""))


@bp.post("/services/<key>/restore")
@owner_required
def restore(key):
    return _apply(control.restore_service, key=key, reason=_body().get("reason", ""))


@bp.post("/stages/advance")
@owner_required
def advance():
    body = _body()
    return _apply(
        control.advance_platform,
        reason=body.get("reason", ""),
        override_blockers=body.get("override_blockers") is True,
        seen_stage=_seen_stage(),
    )


@bp.post("/stages/retreat")
@owner_required
def retreat():
    return _apply(
        control.retreat_platform, reason=_body().get("reason", ""), seen_stage=_seen_stage()
    )
