"""The changelog "Neu freigeschaltet": what went live for everyone, newest first."""

from core.rendering import render
from feedback import bp
from feedback.changelog.service import changelog_items


@bp.get("/neu")
def changelog():
    return render("feedback/changelog.html", items=changelog_items())
