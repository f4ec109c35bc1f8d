"""The audit log at /admin/audit: who changed what, when and why."""

from flask import request, url_for

from core import db
from core.rendering import render, wants_fragment
from flags import access
from webapp.admin import bp
from webapp.admin.audit import (
    AuditFilters,
    action_label,
    audit_page,
    describe_changes,
    filter_choices,
    subject_label,
)
from webapp.admin.forms import AuditFilterForm


def _titles() -> dict[str, str]:
    return {service.key: str(service.title) for service in access.services()}


@bp.get("/audit")
def audit():
    database = db.session()
    titles = _titles()
    form = AuditFilterForm(request.args, choices=filter_choices(database, titles))
    valid = form.validate()
    listing = None
    if valid:
        filters = AuditFilters(
            subject=form.subject.data,
            action=form.action.data,
            actor=form.actor.data,
            since=form.since.data,
            until=form.until.data,
        )
        listing = audit_page(database, filters, request.args.get("page", 1, type=int))
    query = {name: value for name, value in request.args.items() if name != "page" and value}
    body = render(
        "admin/audit.html",
        "admin/_audit_list.html",
        form=form,
        listing=listing,
        page_url=lambda number: url_for("admin.audit", **query, page=number),
        describe_changes=describe_changes,
        action_label=action_label,
        subject_label=lambda subject: subject_label(subject, titles),
    )
    # htmx 2 swaps no 4xx answer; its list shows the same error summary instead.
    return body, 200 if valid or wants_fragment() else 400
