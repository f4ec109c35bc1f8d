"""Residents report a post to the moderators (stages.signals.reported_items); product owners
hide it (audited, with the reason) or keep it."""

from collections import defaultdict

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core import audit
from core.audit import Actor
from core.db import all_or_nothing
from core.errors import Refusal
from core.models import User, utcnow
from stages.moped.neighbour_help.models import HelpPost, HelpReport
from stages.moped.neighbour_help.service import first_and_initial
from stages.signals import ReportedItem

REASONS = {
    "unpassend": _l("Unpassend oder beleidigend"),
    "werbung": _l("Werbung oder Spam"),
    "betrug": _l("Betrugsversuch"),
    "daten": _l("Persönliche Daten anderer"),
    "sonstiges": _l("Etwas anderes"),
}

audit.describe(
    actions={
        "help_post_hide": _l("Aushang der Nachbarschaftshilfe ausgeblendet"),
        "help_post_show": _l("Aushang der Nachbarschaftshilfe wieder eingeblendet"),
        "help_post_keep": _l("Gemeldeten Aushang der Nachbarschaftshilfe belassen"),
    },
    fields={"is_hidden": _l("Ausgeblendet")},
    subjects={"help_post": lambda key: _("Aushang Nr. %(id)s", id=key)},
)


def report(db: Session, *, reporter: User, post: HelpPost, reason: str) -> bool:
    """A resident reports a post they can see, once; False if they had already."""
    if post.author_id == reporter.id:
        raise Refusal(_("Ihren eigenen Aushang können Sie nicht melden."), 422)
    if reason not in REASONS:
        raise Refusal(_("Bitte wählen Sie einen Grund."), 422)
    try:
        with all_or_nothing(db):
            already = db.exec(
                select(HelpReport.id).where(
                    HelpReport.post_id == post.id, HelpReport.reporter_id == reporter.id
                )
            ).first()
            if already is not None:
                return False
            db.add(HelpReport(post_id=post.id, reporter_id=reporter.id, reason=reason))
    except IntegrityError:  # the same report sent twice at once: the constraint kept one
        return False
    return True


def _open_reasons(db: Session) -> dict[int, list[tuple[str, int]]]:
    rows = db.exec(
        select(HelpReport.post_id, HelpReport.reason, func.count())
        .where(HelpReport.decided.is_(False))
        .group_by(HelpReport.post_id, HelpReport.reason)
        .order_by(HelpReport.post_id, HelpReport.reason)
    ).all()
    reasons = defaultdict(list)
    for post_id, reason, count in rows:
        reasons[post_id].append((str(REASONS.get(reason, reason)), count))
    return reasons


def open_reports(db: Session) -> list[ReportedItem]:
    reasons = _open_reasons(db)
    if not reasons:
        return []
    posts = list(db.exec(select(HelpPost).where(HelpPost.id.in_(reasons)).order_by(HelpPost.id)))
    names = dict(
        db.exec(
            select(User.id, User.display_name).where(
                User.id.in_({p.author_id for p in posts if p.author_id})
            )
        ).all()
    )
    return [
        ReportedItem(
            kind=_("Aushang (Nachbarschaftshilfe)"),
            text=f"{post.title}\n\n{post.text}",
            author_id=post.author_id,
            author=first_and_initial(names.get(post.author_id)),
            reasons=reasons[post.id],
            decide_url=url_for("neighbour_help.moderate", post_id=post.id),
            view_url=url_for("neighbour_help.post", post_id=post.id),
        )
        for post in posts
    ]


def _decide_reports(db: Session, post: HelpPost) -> None:
    db.exec(
        update(HelpReport)
        .where(HelpReport.post_id == post.id, HelpReport.decided.is_(False))
        .values(decided=True)
    )


def set_hidden(db: Session, *, actor: User, post: HelpPost, hidden: bool, reason: str) -> None:
    """A product owner hides a post (or shows it again), audited; its reports are decided."""
    with all_or_nothing(db):
        before = {"is_hidden": post.is_hidden}
        post.is_hidden = hidden
        post.updated_at = utcnow()
        db.add(post)
        if hidden:
            _decide_reports(db, post)
        audit.record(
            db,
            actor=Actor.of(actor),
            action="help_post_hide" if hidden else "help_post_show",
            subject=f"help_post:{post.id}",
            before=before,
            after={"is_hidden": hidden},
            reason=reason,
        )


def decide(db: Session, *, actor: User, post: HelpPost, hide: bool) -> None:
    if hide:
        given = _open_reasons(db).get(post.id, [])
        reasons = ", ".join(f"{label} ({count})" for label, count in given)
        text = _("Nach Meldungen: %(reasons)s", reasons=reasons) if reasons else ""
        set_hidden(db, actor=actor, post=post, hidden=True, reason=text)
        return
    with all_or_nothing(db):
        _decide_reports(db, post)
        audit.record(
            db, actor=Actor.of(actor), action="help_post_keep", subject=f"help_post:{post.id}"
        )
