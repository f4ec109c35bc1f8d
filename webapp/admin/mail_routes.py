"""The development mails at /admin/mails: what the local catcher caught (core.mail_catcher).
Only while mails go to the catcher (no MAIL_URL set): a deployment that sends real mail has no
such page – its mails are in people's inboxes, not here."""

from pathlib import Path

from flask import abort, current_app

from core.mail_catcher import caught
from core.rendering import render
from webapp.admin import bp

SHOWN = 50


def _folder() -> Path:
    folder = current_app.config.get("MAIL_CATCHER_FOLDER")
    if not folder:
        abort(404)
    return Path(folder)


@bp.get("/mails")
def mails():
    folder = _folder()
    found = caught(folder)
    return render("admin/mails.html", mails=found[:SHOWN], total=len(found), folder=folder)
