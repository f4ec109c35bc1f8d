"""Each form that creates something (a comment, an idea, a news post, a tester report) creates
it once. The form carries a one-time token; the write claims it in its own transaction, so a
double click, a form sent again (reload, Back) or two requests at the same moment find it
claimed – the database's unique constraint decides – and are sent to what the first created.

    claimed = submissions.claim(db, user_id=..., fallback=url)   # before the write
    ... the write, committed ...
    submissions.created(db, claimed, url_of_what_was_created)

A form without a token (an old page, a script) is written as before."""

import re
import secrets
from datetime import datetime, timedelta

from flask import Flask, flash, g, redirect, request
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, UniqueConstraint, select

from core.errors import Refusal
from core.models import utcnow
from core.rendering import htmx

FIELD = "submission_token"
TARGET_MAX = 300
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Long enough for any reload or Back; older tokens are dropped, so the table stays small.
KEPT_FOR = timedelta(days=1)


class Submission(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("user_id", "token"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE")
    token: str = Field(max_length=64)
    # Where the first submission's result is shown (until it is written: where it will be).
    target: str = Field(max_length=TARGET_MAX)
    created_at: datetime = Field(default_factory=utcnow)


class AlreadySubmitted(Refusal):
    """This form was sent before; `target` shows what it created."""

    status = 200

    def __init__(self, target: str):
        super().__init__(
            _("Das war schon angekommen: Sie haben dasselbe Formular noch einmal gesendet.")
        )
        self.target = target


def _sent_token() -> str | None:
    token = request.form.get(FIELD, "")
    return token if _TOKEN.fullmatch(token) else None


def form_token() -> str:
    """The token for a form being rendered. A form shown again after errors keeps the token it
    was sent with (it created nothing yet); once this request has claimed it, a new one."""
    sent = _sent_token() if request else None
    if sent and not g.get("submission_claimed"):
        return sent
    return secrets.token_urlsafe(24)


def _claimed(db: Session, user_id: int, token: str) -> Submission | None:
    return db.exec(
        select(Submission).where(Submission.user_id == user_id, Submission.token == token)
    ).first()


def refuse_if_sent(db: Session, *, user_id: int) -> None:
    """Raise AlreadySubmitted if the request's token was claimed before. For forms with a step
    before their write (ideas show similar ones first): a copy goes straight to the result."""
    token = _sent_token()
    if token is not None and (earlier := _claimed(db, user_id, token)) is not None:
        raise AlreadySubmitted(earlier.target)


def claim(db: Session, *, user_id: int, fallback: str) -> Submission | None:
    """Claim the request's token for this person in the running transaction, before the write
    (nothing may be written before it); None when the form carries no token. Raises
    AlreadySubmitted if it was claimed before."""
    refuse_if_sent(db, user_id=user_id)
    token = _sent_token()
    if token is None:
        return None
    db.exec(
        delete(Submission).where(
            Submission.user_id == user_id, Submission.created_at < utcnow() - KEPT_FOR
        )
    )
    submission = Submission(user_id=user_id, token=token, target=fallback[:TARGET_MAX])
    db.add(submission)
    try:
        db.flush()
    except IntegrityError:
        # Sent twice at the same moment: the other request has claimed it and committed. This
        # one had written nothing yet (claim comes first), so its transaction goes back whole.
        db.rollback()
        earlier = _claimed(db, user_id, token)
        raise AlreadySubmitted(earlier.target if earlier else fallback) from None
    g.submission_claimed = True
    return submission


def created(db: Session, submission: Submission | None, target: str) -> None:
    """Point a claimed token at what its write created, for any later copy of the form."""
    if submission is None:
        return
    submission.target = target[:TARGET_MAX]
    db.add(submission)
    db.commit()


def _answer(already: AlreadySubmitted):
    if htmx:
        # Nothing to swap in: the first answer did that. Only the message, in the flash region.
        body = Markup('<p class="flash flash-success">{0}</p>').format(already.message)
        return body, 200, {"HX-Retarget": "#meldungen", "HX-Reswap": "innerHTML"}
    flash(already.message, "success")
    return redirect(already.target, 303)


def init_app(app: Flask) -> None:
    app.add_template_global(form_token, "submission_token")
    app.register_error_handler(AlreadySubmitted, _answer)
