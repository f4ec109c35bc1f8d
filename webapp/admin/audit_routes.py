"""The audit log at /admin/audit: who changed what, when and why."""

from flask import request, url_for

from core import db
from core.pagination import PAGE_PARAMETER, Pager, requested_page
from core.rendering import render
from flags import access
from webapp.admin import bp
from webapp.admin.audit import (
    AuditFilters,
    action_label,
    actor_names,
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
    pager = None
    names = {}
    if valid:
        filters = AuditFilters(
            subject=form.subject.data,
            action=form.action.data,
            actor=form.actor.data,
            since=form.since.data,
            until=form.until.data,
        )
        listing = audit_page(database, filters, requested_page())
        query = {
            name: value for name, value in request.args.items() if name != PAGE_PARAMETER and value
        }
        names = actor_names(database, listing.rows)
        pager = Pager(listing, lambda number: url_for("admin.audit", **query, seite=number))
    body = render(
        "admin/audit.html",
        "admin/_audit_list.html",
        form=form,
        pager=pager,
        describe_changes=describe_changes,
        action_label=action_label,
        actor_names=names,
        subject_label=lambda subject: subject_label(subject, titles),
    )
    return body, 200 if valid else 422
