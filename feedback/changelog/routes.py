"""The changelog "Neu freigeschaltet": what went live for everyone, newest first."""

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import to_user_timezone
from sqlmodel import select

from core import db
from core.rendering import render
from feedback import bp
from feedback.models import Unlock
from flags import access
from stages.ladder import STAGES, Stage


@dataclass(frozen=True)
class ChangelogItem:
    unlock: Unlock
    day: date  # in Berlin
    title: str
    stage: Stage | None
    page_url: str | None


@bp.get("/neu")
def changelog():
    services = access.flags().by_key
    unlocks = db.session().exec(select(Unlock).order_by(Unlock.at.desc(), Unlock.id.desc()))
    items = []
    listed: set[str] = set()
    for unlock in unlocks:
        # A service taken back and unlocked again is listed once, where it last went live.
        if unlock.service_key in listed:
            continue
        listed.add(unlock.service_key)
        service = services.get(unlock.service_key)
        items.append(
            ChangelogItem(
                unlock=unlock,
                day=to_user_timezone(unlock.at).date(),
                # A service whose code was removed since keeps its entry, under its key.
                title=str(service.title) if service else unlock.service_key,
                stage=STAGES.get(unlock.stage),
                page_url=url_for("feedback.service_page", key=service.key) if service else None,
            )
        )
    return render("feedback/changelog.html", items=items)
