"""Tester reports on previews: "funktioniert", "Problem" or "blockiert", with a text. Product
owners see them next to the votes and mark them done; an open blocker stops the service going
live (stages.control asks `open_blockers`)."""

import json
from dataclasses import dataclass

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import case, update
from sqlmodel import Session, select
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from core import db
from core.audit import Actor, AuditEntry
from core.models import User, utcnow
from core.pagination import PageNotFound, paginate
from core.rendering import render, safe_next_url
from feedback import bp
from feedback.models import REPORT_TEXT_MAX, TesterReport
from flags import access

KINDS = {"works": _l("funktioniert"), "problem": _l("Problem"), "blocker": _l("blockiert")}
PANEL_LIMIT = 50  # reports listed beside a service; the console list has them all
ADMIN_PER_PAGE = 25
STATES = {"offen": _l("offen"), "erledigt": _l("erledigt")}


@bp.app_template_global("report_kind_label")
def kind_label(kind: str) -> str:
    return str(KINDS.get(kind, kind))


def open_blockers(session: Session, key: str) -> list[str]:
    """Texts of the open "blockiert" reports on a service: each one stops it going live."""
    statement = (
        select(TesterReport.text)
        .where(
            TesterReport.service_key == key,
            TesterReport.kind == "blocker",
            TesterReport.resolved_at.is_(None),
        )
        .order_by(TesterReport.created_at, TesterReport.id)
    )
    return list(session.exec(statement))


# --- Who may report, and what owners see --------------------------------------------------------


def may_report(decided: access.ServiceAccess | None) -> bool:
    """Testers on a service in preview; product owners on every service they can see."""
    if decided is None or not current_user.is_authenticated or current_user.is_blocked:
        return False
    if current_user.is_product_owner:
        return decided.visible
    return current_user.is_tester and decided.state == access.PREVIEW


@dataclass(frozen=True)
class ReportRow:
    report: TesterReport
    reporter: str  # display name; empty when the account is gone


def _with_reporters(conditions: list):
    return (
        select(TesterReport, User.display_name)
        .outerjoin(User, User.id == TesterReport.user_id)
        .where(*conditions)
    )


def _open_first(statement):
    still_open = case((TesterReport.resolved_at.is_(None), 0), else_=1)
    return statement.order_by(still_open, TesterReport.created_at.desc(), TesterReport.id.desc())


def _rows(results) -> list[ReportRow]:
    return [ReportRow(report, reporter or "") for report, reporter in results]


def reports_for(session: Session, key: str, limit: int = PANEL_LIMIT) -> list[ReportRow]:
    statement = _open_first(_with_reporters([TesterReport.service_key == key]))
    return _rows(session.exec(statement.limit(limit)))


class TesterReportForm(FlaskForm):
    kind = RadioField(
        _l("Wie läuft es?"),
        choices=[SelectChoice(kind, label) for kind, label in KINDS.items()],
        validators=[InputRequired(_l("Bitte wählen Sie, wie es läuft."))],
    )
    text = TextAreaField(
        _l("Was ist Ihnen aufgefallen?"),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            DataRequired(_l("Bitte beschreiben Sie kurz, was Ihnen aufgefallen ist.")),
            Length(
                max=REPORT_TEXT_MAX, message=_l("Der Text darf höchstens %(max)d Zeichen haben.")
            ),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The panel shares a page with other forms (votes, comments): keep the ids apart.
        for field in self:
            field.id = field.label.field_id = f"rueckmeldung-{field.name}"


@dataclass(frozen=True)
class ReportPanel:
    key: str
    title: str
    form: TesterReportForm | None  # None: the viewer may not report here
    reports: list[ReportRow] | None  # None: only product owners see the reports


@bp.app_template_global()
def tester_report_panel(key: str, form: TesterReportForm | None = None) -> ReportPanel | None:
    """What `_tester_reports.html` shows the viewer for a service; None: nothing at all."""
    decided = access.access(key)
    if decided is None or not current_user.is_authenticated:
        return None
    owner = current_user.is_product_owner
    reporting = may_report(decided)
    if not (reporting or owner):
        return None
    return ReportPanel(
        key=key,
        title=str(decided.service.title),
        form=(form or TesterReportForm(formdata=None)) if reporting else None,
        reports=reports_for(db.session(), key) if owner else None,
    )


# --- Writing and resolving ----------------------------------------------------------------------


def add_report(*, db: Session, user: User, key: str, kind: str, text: str) -> TesterReport:
    report = TesterReport(service_key=key, user_id=user.id, kind=kind, text=text)
    db.add(report)
    db.commit()
    return report


def resolve_report(*, db: Session, report: TesterReport, actor: Actor) -> bool:
    """Mark a report done, with an audit entry; False if it was done already."""
    done = db.exec(
        update(TesterReport)
        .where(TesterReport.id == report.id, TesterReport.resolved_at.is_(None))
        .values(resolved_by_id=actor.id, resolved_at=utcnow())
    )
    if done.rowcount == 0:  # someone else was quicker: one entry per report
        db.rollback()
        return False
    record = {"report_id": report.id, "kind": report.kind}
    db.add(
        AuditEntry(
            actor_id=actor.id,
            actor=actor.label,
            action="report_resolve",
            subject=report.service_key,
            before=json.dumps({**record, "resolved": False}, sort_keys=True),
            after=json.dumps({**record, "resolved": True}, sort_keys=True),
        )
    )
    db.commit()
    return True


# --- Views --------------------------------------------------------------------------------------


def _reportable(key: str) -> access.ServiceAccess:
    """The service, if the signed-in person may report on it: 404 when they cannot preview it."""
    decided = access.access(key)
    if decided is None or not (
        decided.visible
        if current_user.is_product_owner
        else current_user.is_tester and decided.state == access.PREVIEW
    ):
        abort(404)
    if current_user.is_blocked:
        abort(403)
    return decided


def _form_page(decided: access.ServiceAccess, form: TesterReportForm, status: int = 200):
    mine = db.session().exec(
        _open_first(
            select(TesterReport).where(
                TesterReport.service_key == decided.key, TesterReport.user_id == current_user.id
            )
        ).limit(PANEL_LIMIT)
    )
    return render(
        "feedback/tester_report_form.html",
        service=decided.service,
        service_title=str(decided.service.title),
        report_service_key=decided.key,
        report_form=form,
        mine=list(mine),
    ), status


@bp.route("/vorschau/<key>/rueckmeldung", methods=["GET", "POST"])
@login_required
def tester_report_form(key: str):
    decided = _reportable(key)
    form = TesterReportForm()
    if not form.validate_on_submit():
        return _form_page(decided, form, 400 if form.is_submitted() else 200)
    add_report(
        db=db.session(),
        user=current_user._get_current_object(),
        key=decided.key,
        kind=form.kind.data,
        text=form.text.data,
    )
    flash(_("Danke! Ihre Rückmeldung ist beim Landwerk-Team angekommen."), "success")
    back = safe_next_url(request.form.get("next"))
    return redirect(back or url_for("feedback.tester_report_form", key=decided.key), 303)


def _only_product_owners() -> None:
    if not current_user.is_product_owner:
        abort(403)


@bp.post("/vorschau/<key>/rueckmeldung/<int:report_id>/erledigt")
@login_required
def resolve_tester_report(key: str, report_id: int):
    _only_product_owners()
    session = db.session()
    report = session.get(TesterReport, report_id)
    if report is None or report.service_key != key:
        abort(404)
    if resolve_report(
        db=session, report=report, actor=Actor.of(current_user._get_current_object())
    ):
        flash(_("Die Rückmeldung ist als erledigt markiert."), "success")
    else:
        flash(_("Diese Rückmeldung war schon erledigt."), "success")
    back = safe_next_url(request.form.get("next"))
    return redirect(back or url_for("feedback.tester_reports_admin", dienst=key), 303)


class ReportFilterForm(FlaskForm):
    """The console list's filters: a GET form, so a filtered list has its own URL."""

    class Meta:
        csrf = False

    dienst = SelectField(_l("Dienst"), default="")
    stand = SelectField(
        _l("Stand"),
        choices=[
            SelectChoice("", _l("Alle")),
            *(SelectChoice(s, label) for s, label in STATES.items()),
        ],
        default="",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dienst.choices = [
            SelectChoice("", _l("Alle Dienste")),
            *(SelectChoice(s.key, str(s.title)) for s in access.services()),
        ]


@bp.get("/admin/rueckmeldungen")
@login_required
def tester_reports_admin():
    _only_product_owners()
    filters = ReportFilterForm(formdata=request.args)
    if not filters.validate():
        abort(400)
    raw_page = request.args.get("seite", "1")
    if not raw_page.isdigit() or len(raw_page) > 9:
        abort(400)
    conditions = []
    if filters.dienst.data:
        conditions.append(TesterReport.service_key == filters.dienst.data)
    if filters.stand.data == "offen":
        conditions.append(TesterReport.resolved_at.is_(None))
    elif filters.stand.data == "erledigt":
        conditions.append(TesterReport.resolved_at.is_not(None))
    try:
        results = paginate(
            db.session(),
            _open_first(_with_reporters(conditions)),
            number=int(raw_page),
            per_page=ADMIN_PER_PAGE,
        )
    except PageNotFound:
        abort(404)
    titles = {choice.value: choice.label for choice in filters.dienst.choices if choice.value}
    return render(
        "feedback/tester_reports_admin.html",
        filters=filters,
        results=results,
        rows=_rows(results.rows),
        titles=titles,
        query={"dienst": filters.dienst.data or None, "stand": filters.stand.data or None},
    )
