"""The pages of ideas: the list, proposing one (similar ideas first), an idea's page with its
thread, and product owners' decisions on it."""

import re

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from core import db, submissions
from core.audit import Actor
from core.auth import owner_required
from core.models import User
from core.numbers import parse_id
from core.pagination import PageNotFound, Pager, requested_page
from core.rendering import render
from core.security import limiter, per_user
from feedback import bp
from feedback.comments.thread import comment_thread
from feedback.ideas.forms import OWNER_FORMS, STATUS_BY_SLUG, IdeaFilterForm, IdeaForm, owner_form
from feedback.ideas.search import search_text, similar_ideas
from feedback.ideas.service import (
    CHANGEABLE_STATUSES,
    IdeaError,
    decline_idea,
    ideas_page,
    mark_duplicate,
    place_name,
    plan_idea,
    status_label,
    votes_home,
)
from feedback.models import IDEA_TITLE_MAX, Idea
from feedback.subjects import idea_subject
from feedback.votes.service import tally
from flags import access
from stages import control


@bp.context_processor
def _idea_helpers():
    return {"idea_place_name": place_name, "idea_status_label": status_label}


def _idea_or_404(idea_id: int) -> Idea:
    idea = db.session().get(Idea, idea_id)
    if idea is None:
        abort(404)
    return idea


@bp.get("/ideen")
def ideas():
    filters = IdeaFilterForm(formdata=request.args)
    if not filters.validate():
        abort(400)
    sort, status_slug = filters.sortierung.data, filters.status.data or ""
    query = {"sortierung": sort, "status": status_slug or None}
    try:
        results = ideas_page(
            db.session(), status=STATUS_BY_SLUG.get(status_slug), sort=sort, number=requested_page()
        )
    except PageNotFound:
        abort(404)
    return render(
        "feedback/ideas.html",
        "feedback/_ideas_list.html",
        filters=filters,
        results=results,
        pager=Pager(results, lambda number: url_for("feedback.ideas", **query, seite=number)),
    )


@bp.get("/ideen/aehnliche")
def similar_ideas_fragment():
    title = request.args.get("title", "")[:IDEA_TITLE_MAX]
    return render_template(
        "feedback/_similar_ideas.html", similar=similar_ideas(db.session(), title)
    )


def _idea_limit() -> str:
    return current_app.config.get("IDEA_RATE_LIMIT", "3 per hour")


def _idea_was_saved(_response) -> bool:
    # Only saved ideas count: a form with errors or the similar-ideas step costs nothing.
    return g.get("idea_saved", False)


@bp.route("/ideen/neu", methods=["GET", "POST"])
@login_required
@limiter.limit(_idea_limit, key_func=per_user, methods=["POST"], deduct_when=_idea_was_saved)
def new_idea():
    if current_user.is_blocked:
        abort(403)
    form = IdeaForm(municipality=current_user.municipality)
    similar, confirming = [], False
    if form.validate_on_submit():
        submissions.refuse_if_sent(db.session(), user_id=current_user.id)
        similar = similar_ideas(db.session(), form.title.data)
        if not similar or request.form.get("trotzdem") == "ja":
            idea = _save_idea(form)
            flash(
                _("Danke! Ihre Idee ist veröffentlicht. Jetzt können alle dafür stimmen."),
                "success",
            )
            return redirect(url_for("feedback.idea_page", idea_id=idea.id), 303)
        confirming = True
    status = 422 if form.errors else 200
    return render(
        "feedback/idea_new.html", form=form, similar=similar, confirming=confirming
    ), status


def _save_idea(form: IdeaForm) -> Idea:
    session = db.session()
    claimed = submissions.claim(
        session, user_id=current_user.id, fallback=url_for("feedback.ideas")
    )
    idea = Idea(
        user_id=current_user.id,
        title=form.title.data,
        description=form.description.data,
        municipality=form.municipality.data,
        search_title=search_text(form.title.data),
    )
    session.add(idea)
    session.commit()
    submissions.created(session, claimed, url_for("feedback.idea_page", idea_id=idea.id))
    g.idea_saved = True
    return idea


def _idea_page(idea: Idea, *, status: int = 200, open_form: str = "", form=None, error=None):
    session = db.session()
    author = session.get(User, idea.user_id) if idea.user_id is not None else None
    context = {
        "idea": idea,
        "subject": idea_subject(idea.id),
        "author": author,
        "votes": tally(session, votes_home(idea)),
        "paragraphs": [p.strip() for p in re.split(r"\n\s*\n", idea.description) if p.strip()],
        "may_decide": current_user.is_authenticated and current_user.is_product_owner,
        "thread": comment_thread(idea_subject(idea.id)),
    }
    if context["may_decide"] and idea.status in CHANGEABLE_STATUSES:
        forms = {name: owner_form(name, idea) for name in OWNER_FORMS}
        if form is not None:
            forms[open_form] = form
        context.update(
            owner_forms=forms,
            open_form=open_form,
            similar=similar_ideas(session, idea.title, exclude_id=idea.id),
        )
    context["status_error"] = error
    return render("feedback/idea.html", **context), status


@bp.get("/ideen/<id:idea_id>")
def idea_page(idea_id: int):
    return _idea_page(_idea_or_404(idea_id))


def _decision(idea_id: int, name: str, change, done: str):
    """A product owner's status change: validate, change (or say why not), back to the idea."""
    idea = _idea_or_404(idea_id)
    form: FlaskForm = owner_form(name, idea, submitted=True)
    if not form.validate_on_submit():
        return _idea_page(idea, status=422, open_form=name, form=form)
    try:
        change(form, Actor.of(current_user._get_current_object()))
    except (IdeaError, control.ControlError) as refusal:
        # The refusal is shown at the open form, on the idea's page.
        return _idea_page(
            _idea_or_404(idea_id),
            status=refusal.status,
            open_form=name,
            form=form,
            error=str(refusal),
        )
    flash(done, "success")
    return redirect(url_for("feedback.idea_page", idea_id=idea_id), 303)


@bp.post("/ideen/<id:idea_id>/planen")
@owner_required
def plan_idea_view(idea_id: int):
    def change(form, actor):
        plan_idea(
            db=db.session(),
            services=access.services(),
            idea_id=idea_id,
            actor=actor,
            answer=form.answer.data,
            **form.control_arguments(),
        )

    return _decision(
        idea_id, "planen", change, _("Die Idee ist jetzt ein geplanter Dienst auf dem Fahrplan.")
    )


@bp.post("/ideen/<id:idea_id>/ablehnen")
@owner_required
def decline_idea_view(idea_id: int):
    def change(form, actor):
        decline_idea(db=db.session(), idea_id=idea_id, actor=actor, answer=form.answer.data)

    return _decision(
        idea_id, "ablehnen", change, _("Die Idee ist abgelehnt, die Antwort steht dabei.")
    )


@bp.post("/ideen/<id:idea_id>/doppelt")
@owner_required
def duplicate_idea_view(idea_id: int):
    def change(form, actor):
        mark_duplicate(
            db=db.session(),
            idea_id=idea_id,
            original_id=parse_id(form.original.data),
            actor=actor,
            answer=form.answer.data,
        )

    return _decision(
        idea_id,
        "doppelt",
        change,
        _("Die Idee ist als doppelt markiert; ihre Stimmen zählen beim Original."),
    )
