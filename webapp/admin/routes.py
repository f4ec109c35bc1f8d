"""The console at /admin/stages. Every change: a confirmation (a page, or inline with htmx),
then POST → stages.control → back to the console (PRG), or the refreshed console for htmx."""

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from core import db
from core.audit import Actor
from core.errors import Refusal
from core.ownership import get_or_404
from core.rendering import render, wants_fragment
from flags import access
from stages import control
from stages.models import PlannedService
from stages.state import read_snapshot
from webapp.admin import bp
from webapp.admin.actions import (
    PLATFORM_ACTIONS,
    SERVICE_ACTIONS,
    platform_actions_for,
    platform_consequences,
    platform_done,
    service_actions_for,
    service_consequences,
    service_done,
    stage_label,
)
from webapp.admin.demand_view import read_demand
from webapp.admin.forms import ConfirmForm, PlannedCreateForm, PlannedEditForm, RolloutForm
from webapp.admin.overview import AUDIENCE_LABELS, read_overview

SERVICE_ACTION_NAMES = ", ".join(SERVICE_ACTIONS)
PLATFORM_ACTION_NAMES = ", ".join(PLATFORM_ACTIONS)


def _actor() -> Actor:
    return Actor.of(current_user._get_current_object())


def _overview():
    return read_overview(db.session(), access.services(), str(get_locale()))


def _console_context(**extra) -> dict:
    overview = _overview()
    return {
        "overview": overview,
        "demand": read_demand(db.session(), overview.rows),
        "audience_labels": AUDIENCE_LABELS,
        "stage_label": stage_label,
        "platform_actions": platform_actions_for(overview.snapshot),
        "service_actions_for": lambda key: service_actions_for(overview.snapshot.services[key]),
        **extra,
    }


def _service_or_404(key: str):
    service = next((s for s in access.services() if s.key == key), None)
    if service is None:
        abort(404)
    return service


def _changed(message: str):
    """After a change: this process serves the new flags at once; then PRG, or for htmx the
    refreshed console with the message in the page's message region."""
    access.flags().invalidate()
    if wants_fragment():
        return render_template("admin/_console.html", notice=message, **_console_context())
    flash(message, "success")
    return redirect(url_for("admin.stages"))


def _form_page(page: str, fragment: str, *, slot: str, status: int, form, **context):
    """A confirmation or form: its own page without JS, loaded into its row with htmx."""
    # Several forms can be open in the console at once: keep their element ids apart.
    for field in form:
        field.id = field.label.field_id = f"{slot}-{field.name}"
    inline = wants_fragment()
    body = render(page, fragment, slot=slot, inline=inline, form=form, **context)
    if inline and status >= 400:
        # Show the refusal in the row, where the form was.
        return body, status, {"HX-Retarget": f"#{slot}", "HX-Reswap": "innerHTML"}
    return body, status


@dataclass(frozen=True)
class Outcome:
    done: bool = False
    value: object = None
    status: int = 200
    error: str | None = None
    blockers: tuple[str, ...] = ()


def _attempt(form, change) -> Outcome:
    """Run the change once its confirmation is submitted and valid; a refusal says why."""
    if not form.validate_on_submit():
        return Outcome(status=422 if form.is_submitted() else 200)
    try:
        return Outcome(done=True, value=change())
    except Refusal as refusal:  # stage control's, and the flag source's
        return Outcome(
            status=refusal.status,
            error=str(refusal),
            blockers=tuple(getattr(refusal, "blockers", ())),
        )


def _describe_stage(form, stage: str) -> None:
    """A step's form carries the stage its consequences are computed from (read before this
    request's attempt, which changed nothing): confirming it again means deciding on what the
    page says now."""
    if "seen_stage" in form:
        form.seen_stage.data = stage


@bp.get("/stages")
def stages():
    return render("admin/stages.html", "admin/_console.html", **_console_context())


@bp.route(f"/stages/<key>/<any({SERVICE_ACTION_NAMES}):action>", methods=["GET", "POST"])
def service_action(key: str, action: str):
    service = _service_or_404(key)
    spec = SERVICE_ACTIONS[action]
    snapshot = read_snapshot(db.session(), access.services())
    before = snapshot.services[key]
    title = str(service.title)
    form = spec.form()
    if isinstance(form, RolloutForm) and not form.is_submitted():
        form.percent.data = str(before.rollout)
    outcome = _attempt(
        form,
        lambda: spec.run(
            db=db.session(),
            services=access.services(),
            key=key,
            actor=_actor(),
            **form.control_arguments(),
        ),
    )
    if outcome.done:
        return _changed(service_done(action, title, outcome.value))
    _describe_stage(form, before.stage)
    return _form_page(
        "admin/confirm.html",
        "admin/_confirm.html",
        slot=f"aktion-{key}",
        status=outcome.status,
        heading=spec.title % {"title": title},
        consequences=service_consequences(action, before, snapshot, title),
        changes=[],
        form=form,
        action_url=url_for("admin.service_action", key=key, action=action),
        return_anchor=f"dienst-{key}",
        error=outcome.error,
        blockers=outcome.blockers,
        danger=action == "kill",
    )


@bp.route(f"/platform/<any({PLATFORM_ACTION_NAMES}):action>", methods=["GET", "POST"])
def platform_action(action: str):
    spec = PLATFORM_ACTIONS[action]
    overview = _overview()
    form = spec.form()
    outcome = _attempt(
        form,
        lambda: spec.run(
            db=db.session(),
            services=access.services(),
            actor=_actor(),
            **form.control_arguments(),
        ),
    )
    if outcome.done:
        return _changed(platform_done(outcome.value))
    _describe_stage(form, overview.snapshot.live_stage)
    consequences, changes = platform_consequences(action, overview)
    return _form_page(
        "admin/confirm.html",
        "admin/_confirm.html",
        slot="aktion-plattform",
        status=outcome.status,
        heading=spec.title,
        consequences=consequences,
        changes=changes,
        form=form,
        action_url=url_for("admin.platform_action", action=action),
        return_anchor="plattform",
        error=outcome.error,
        blockers=outcome.blockers,
        danger=False,
    )


@bp.route("/planned/new", methods=["GET", "POST"])
def new_planned():
    form = PlannedCreateForm()
    outcome = _attempt(
        form,
        lambda: control.create_planned_service(
            db=db.session(), services=access.services(), actor=_actor(), **form.control_arguments()
        ),
    )
    if outcome.done:
        return _changed(
            _("Der geplante Dienst „%(title)s“ ist angelegt.", title=outcome.value.title)
        )
    return _form_page(
        "admin/planned_form.html",
        "admin/_planned_form.html",
        slot="aktion-neu",
        status=outcome.status,
        heading=_("Geplanten Dienst anlegen"),
        form=form,
        action_url=url_for("admin.new_planned"),
        return_anchor="neu",
        error=outcome.error,
    )


@bp.route("/planned/<id:planned_id>/edit", methods=["GET", "POST"])
def edit_planned(planned_id: int):
    planned = get_or_404(db.session(), PlannedService, planned_id)
    form = PlannedEditForm(obj=planned)
    heading = _("Geplanten Dienst „%(title)s“ bearbeiten", title=planned.title)
    outcome = _attempt(
        form,
        lambda: control.update_planned_service(
            db=db.session(),
            services=access.services(),
            planned_id=planned_id,
            actor=_actor(),
            **form.control_arguments(),
        ),
    )
    if outcome.done:
        return _changed(
            _("Der geplante Dienst „%(title)s“ ist gespeichert.", title=outcome.value.title)
        )
    return _form_page(
        "admin/planned_form.html",
        "admin/_planned_form.html",
        slot=f"aktion-geplant-{planned_id}",
        status=outcome.status,
        heading=heading,
        form=form,
        action_url=url_for("admin.edit_planned", planned_id=planned_id),
        return_anchor=f"geplant-{planned_id}",
        error=outcome.error,
    )


@bp.route("/planned/<id:planned_id>/delete", methods=["GET", "POST"])
def delete_planned(planned_id: int):
    planned = get_or_404(db.session(), PlannedService, planned_id)
    title = planned.title
    form = ConfirmForm()
    outcome = _attempt(
        form,
        lambda: control.delete_planned_service(
            db=db.session(), planned_id=planned_id, actor=_actor(), **form.control_arguments()
        ),
    )
    if outcome.done:
        return _changed(_("Der geplante Dienst „%(title)s“ ist gelöscht.", title=title))
    return _form_page(
        "admin/confirm.html",
        "admin/_confirm.html",
        slot=f"aktion-geplant-{planned_id}",
        status=outcome.status,
        heading=_("Geplanten Dienst „%(title)s“ löschen", title=title),
        consequences=[
            _(
                "„%(title)s“ verschwindet aus den geplanten Diensten und vom Fahrplan.",
                title=title,
            )
        ],
        changes=[],
        form=form,
        action_url=url_for("admin.delete_planned", planned_id=planned_id),
        return_anchor=f"geplant-{planned_id}",
        error=outcome.error,
        blockers=(),
        danger=True,
    )
