"""Joining Regionales: a partner makes their organisation a producer with the profile form, from
Regionales or from the organisation's page in the directory (`producer_signup`, which the
directory places where it is defined, the way it places the messages button)."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from core import db
from core.errors import Refusal
from core.models import Organisation
from core.ownership import get_or_404, may_act_for
from core.rendering import render
from flags import access
from stages.bicycle.directory.models import DirectoryEntry
from stages.moped.marketplace import bp, joining
from stages.moped.marketplace.catalogue import VAT_INCLUDED
from stages.moped.marketplace.changes import PRODUCER_FIELDS
from stages.moped.marketplace.forms import ProducerForm
from stages.moped.marketplace.models import Producer


def _existing(producer: Producer):
    flash(_("Ihre Organisation ist schon als Erzeuger eingetragen."), "info")
    return redirect(url_for("marketplace.producer", producer_id=producer.id), 303)


@bp.route("/erzeuger/eintragen/<id:organisation_id>", methods=["GET", "POST"])
@login_required
def become_producer(organisation_id: int):
    database = db.session()
    organisation = get_or_404(database, Organisation, organisation_id)
    if not may_act_for(database, current_user, organisation.id):
        abort(403)
    existing = joining.producer_of(database, organisation.id)
    if existing is not None:
        return _existing(existing)
    entry = joining.entry_of(database, organisation.id)
    form = ProducerForm()
    if entry is None:
        if request.method == "POST":
            raise Refusal(_("Ihre Organisation hat noch keinen Eintrag im Verzeichnis."), 409)
    elif form.validate_on_submit():
        values = {name: form[name].data or "" for name in PRODUCER_FIELDS}
        producer, is_new = joining.create_producer(
            db=database, user=current_user, entry=entry, values=values
        )
        if not is_new:
            return _existing(producer)
        flash(
            _(
                "%(name)s ist jetzt als Erzeuger bei Regionales eingetragen. Als Nächstes: "
                "Legen Sie Ihr erstes Produkt an.",
                name=entry.name,
            ),
            "success",
        )
        return redirect(url_for("marketplace.producer", producer_id=producer.id), 303)
    elif not form.is_submitted():
        form.vat_note.data = VAT_INCLUDED
    page = render(
        "marketplace/producer_form.html",
        form=form,
        organisation=organisation,
        entry=entry,
        producer=None,
    )
    return page, 422 if form.errors else 200


@bp.app_template_global()
def producer_signup(*, entry_id: int) -> Markup:
    """For the directory's page of an entry: a link for the partners of its organisation,
    while that is no producer yet and the entry is the one that would become it;
    nothing while Regionales is not open to the viewer."""
    if not access.access("marketplace").visible:
        return Markup("")
    database = db.session()
    entry = database.get(DirectoryEntry, entry_id)
    organisation_id = entry.organisation_id if entry is not None else None
    # Its partners only (product owners, who may act for every organisation, would find it on
    # every page of the directory); never a blocked account.
    if organisation_id is None or current_user.is_anonymous or current_user.is_product_owner:
        return Markup("")
    if not may_act_for(database, current_user, organisation_id):
        return Markup("")
    if joining.producer_of(database, organisation_id) is not None:
        return Markup("")
    if joining.entry_of(database, organisation_id).id != entry.id:
        return Markup("")  # a second entry of the organisation: the first one becomes it
    url = url_for("marketplace.become_producer", organisation_id=organisation_id)
    return Markup('<a class="button button-secondary" href="{}">{}</a>').format(
        url, _("Bei Regionales als Erzeuger eintragen")
    )
