"""The report form beside a preview, the reports panel on a service's page, marking a report
done, and the console list of all reports."""

from dataclasses import dataclass

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import db, submissions
from core.audit import Actor
from core.auth import owner_required
from core.pagination import PageNotFound, Pager, paginate, requested_page
from core.rendering import render, safe_next_url
from feedback import bp
from feedback.models import TesterReport
from feedback.tester_reports.forms import ReportFilterForm, TesterReportForm
from feedback.tester_reports.service import (
    ReportRow,
    add_report,
    kind_label,
    may_preview,
    may_report,
    open_first,
    reports_by,
    reports_for,
    resolve_report,
    rows_of,
    with_reporters,
)
from flags import access

ADMIN_PER_PAGE = 25

bp.add_app_template_global(kind_label, "report_kind_label")


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


def _reportable(key: str) -> access.ServiceAccess:
    """The service, if the signed-in person may report on it: 404 when they cannot preview it."""
    decided = access.access(key)
    if decided is None or not may_preview(decided):
        abort(404)
    if current_user.is_blocked:
        abort(403)
    return decided


def _form_page(decided: access.ServiceAccess, form: TesterReportForm, status: int = 200):
    return render(
        "feedback/tester_report_form.html",
        service=decided.service,
        service_title=str(decided.service.title),
        report_service_key=decided.key,
        report_form=form,
        mine=reports_by(db.session(), decided.key, current_user.id),
    ), status


@bp.route("/vorschau/<key>/rueckmeldung", methods=["GET", "POST"])
@login_required
def tester_report_form(key: str):
    decided = _reportable(key)
    form = TesterReportForm()
    if not form.validate_on_submit():
        return _form_page(decided, form, 422 if form.is_submitted() else 200)
    back = safe_next_url(request.form.get("next")) or url_for(
        "feedback.tester_report_form", key=decided.key
    )
    claimed = submissions.claim(db.session(), user_id=current_user.id, fallback=back)
    add_report(
        db=db.session(),
        user=current_user._get_current_object(),
        key=decided.key,
        kind=form.kind.data,
        text=form.text.data,
    )
    submissions.created(db.session(), claimed, back)
    flash(_("Danke! Ihre Rückmeldung ist beim Landwerk-Team angekommen."), "success")
    return redirect(back, 303)


@bp.post("/vorschau/<key>/rueckmeldung/<id:report_id>/erledigt")
@owner_required
def resolve_tester_report(key: str, report_id: int):
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


@bp.get("/admin/rueckmeldungen")
@owner_required
def tester_reports_admin():
    filters = ReportFilterForm(formdata=request.args)
    if not filters.validate():
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
            open_first(with_reporters(conditions)),
            number=requested_page(),
            per_page=ADMIN_PER_PAGE,
        )
    except PageNotFound:
        abort(404)
    query = {"dienst": filters.dienst.data or None, "stand": filters.stand.data or None}
    titles = {choice.value: choice.label for choice in filters.dienst.choices if choice.value}
    return render(
        "feedback/tester_reports_admin.html",
        "feedback/_tester_reports_admin_list.html",
        filters=filters,
        results=results,
        rows=rows_of(results.rows),
        titles=titles,
        pager=Pager(
            results, lambda number: url_for("feedback.tester_reports_admin", **query, seite=number)
        ),
    )
