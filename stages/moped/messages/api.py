"""/api/v1/messages: the same threads as JSON, for the participants only (others get 404)."""

from flask import abort, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import db
from core.errors import Refusal
from core.pagination import requested_page
from core.security import limiter, per_user
from stages.api import api_route
from stages.moped.messages import bp, inbox, openapi, service
from stages.moped.messages.permissions import thread_for
from stages.moped.messages.routes import message_limit, thread_limit
from stages.moped.messages.thread import thread_view


def _when(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Refusal(_("Bitte senden Sie ein JSON-Objekt."), 400)
    return body


def _optional_id(body: dict, name: str) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if type(value) is not int:
        raise Refusal(_("„%(name)s“ muss eine ganze Zahl sein.", name=name), 422)
    return value


def _thread_json(database, found, side) -> dict:
    view = thread_view(database, found, side, current_user)
    return {
        "id": found.id,
        "title": found.title,
        "subject_ref": found.subject_ref,
        "with": view.counterpart,
        "messages": [
            {
                "id": shown.message.id,
                "author": shown.author,
                "mine": shown.mine,
                "text": None if shown.message.hidden else shown.message.text,
                "created_at": _when(shown.message.created_at),
                "read": shown.read,
            }
            for shown in view.messages
        ],
    }


@api_route(bp, "/threads", operations=openapi.LIST_THREADS)
@login_required
def threads():
    page = inbox.inbox_page(db.session(), user=current_user, number=requested_page())
    return jsonify(
        page=page.number,
        pages=page.count,
        total=page.total,
        threads=[
            {
                "id": item.thread.id,
                "title": item.thread.title,
                "subject_ref": item.thread.subject_ref,
                "with": item.counterpart,
                "unread": item.unread,
                "last_message_at": _when(getattr(item.thread, f"{item.side}_last_at")),
                "last_message": item.last.text if item.last else None,
            }
            for item in page.rows
        ],
    )


@api_route(bp, "/threads", operations=openapi.START_THREAD, methods=("POST",))
@login_required
@limiter.limit(thread_limit, key_func=per_user)
def start():
    body = _body()
    database = db.session()
    text = body.get("text")
    found = service.start_thread(
        database,
        author=current_user,
        organisation_id=_optional_id(body, "organisation_id"),
        resident_id=_optional_id(body, "resident_id"),
        subject_ref=body.get("subject_ref") or "",
        title=body.get("title") or "",
        text=text if isinstance(text, str) else "",
    )
    found, side = thread_for(database, current_user, found.id)
    return jsonify(_thread_json(database, found, side)), 201


@api_route(bp, "/threads/<id:thread_id>", operations=openapi.READ_THREAD)
@login_required
def thread(thread_id: int):
    database = db.session()
    found, side = thread_for(database, current_user, thread_id)
    service.mark_read(database, thread=found, side=side)
    return jsonify(_thread_json(database, found, side))


@api_route(bp, "/threads/<id:thread_id>", operations=openapi.REPLY, methods=("POST",))
@login_required
@limiter.limit(message_limit, key_func=per_user)
def reply(thread_id: int):
    database = db.session()
    found, side = thread_for(database, current_user, thread_id)
    text = _body().get("text")
    if not isinstance(text, str):
        abort(422)
    service.post_message(database, author=current_user, thread=found, side=side, text=text)
    database.refresh(found)
    return jsonify(_thread_json(database, found, side)), 201
