"""What messages gives every page: the "Nachricht schreiben" button other services place
(the directory's organisation page, later products and help posts), and the filter that shows
a message's plain text."""

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlmodel import select

from core import db
from core.models import Membership
from core.plaintext import plain_text_html
from flags import access
from stages.moped.messages import bp


@bp.app_template_filter()
def message_html(text: str) -> Markup:
    return plain_text_html(text)


@bp.app_template_global()
def message_button(
    *,
    organisation_id: int | None = None,
    person_id: int | None = None,
    subject_ref: str = "",
    title: str = "",
) -> Markup:
    """The button for other services' pages (`{% if message_button is defined %}`): nothing
    while messages is not open to the viewer (locked, killed, not yet unlocked for them), so
    their pages stay whole; threads already written stay stored."""
    if not access.access("messages").visible:
        return Markup("")
    if organisation_id is not None:
        partners = set(
            db.session().exec(
                select(Membership.user_id).where(Membership.organisation_id == organisation_id)
            )
        )
        # Nobody would read it; and one does not write to one's own organisation.
        if not partners or getattr(current_user, "id", None) in partners:
            return Markup("")
        query = {"organisation": organisation_id}
    elif person_id is not None and person_id != getattr(current_user, "id", None):
        query = {"person": person_id}
    else:
        return Markup("")
    url = url_for("messages.new", bezug=subject_ref or None, betreff=title or None, **query)
    return Markup('<a class="button button-secondary message-button" href="{}">{}</a>').format(
        url, _("Nachricht schreiben")
    )
