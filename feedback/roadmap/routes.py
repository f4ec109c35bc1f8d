"""The roadmap page, by stage, and a page per service."""

from flask import abort, request
from flask_babel import get_locale
from sqlmodel import select

from core import db
from core.municipalities import MUNICIPALITIES
from core.rendering import render
from feedback import bp
from feedback.comments.thread import comment_thread
from feedback.roadmap.forms import RoadmapForm
from feedback.roadmap.service import (
    STATE_FILTERS,
    STATE_LABELS,
    Entry,
    add_counts,
    built_entry,
    by_stage,
    planned_entry,
    roadmap_entries,
)
from feedback.votes.panel import panel_for
from flags import access
from stages.models import PlannedService

KEY_MAX = 40


@bp.get("/roadmap")
def roadmap():
    form = RoadmapForm(formdata=request.args)
    valid = form.validate()
    groups = []
    if valid:
        entries = roadmap_entries()
        if form.zustand.data:
            entries = [e for e in entries if e.state in STATE_FILTERS[form.zustand.data]]
        add_counts(entries, form.gemeinde.data or "")
        groups = by_stage(entries, form.sortierung.data)
    body = render(
        "feedback/roadmap.html",
        "feedback/_roadmap_list.html",
        form=form,
        groups=groups,
        state_labels=STATE_LABELS,
        live_stage=access.live_stage(),
        municipality=MUNICIPALITIES.get(form.gemeinde.data or ""),
    )
    # The same URL answers htmx with the list alone: caches must keep the two apart.
    return body, 200 if valid else 400, {"Vary": "HX-Request"}


def _entry_or_404(key: str) -> Entry:
    if len(key) > KEY_MAX:
        abort(404)
    service = access.flags().by_key.get(key)
    if service is not None:
        return built_entry(service, 0, str(get_locale()))
    planned = db.session().exec(select(PlannedService).where(PlannedService.key == key)).first()
    if planned is None:
        abort(404)
    return planned_entry(planned)


@bp.get("/roadmap/<key>")
def service_page(key: str):
    """Public for every service, locked ones included: here it is the roadmap entry."""
    entry = _entry_or_404(key)
    return render(
        "feedback/service.html",
        entry=entry,
        vote=panel_for(entry.subject),
        state_labels=STATE_LABELS,
        report_service_key=key,
        thread_subject=entry.subject.subject,
        thread=comment_thread(entry.subject.subject),
    )
