"""What partners and owners change in tariffs, one transaction each, each with its audit
entry."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from core import audit
from core import db as core_db
from core.audit import Actor
from core.db import all_or_nothing
from core.models import User
from stages.moped.landstrom.models import Tariff


def _tariff_words(number: str) -> str:
    """A tariff by its name today, with its number; by the number alone once it is deleted (the
    deletion's entry keeps what it was)."""
    tariff = core_db.session().get(Tariff, int(number)) if number.isdigit() else None
    if tariff is None:
        return _("Tarif Nr. %(number)s", number=number)
    return _("Tarif „%(name)s“ (Nr. %(number)s)", name=tariff.name, number=number)


audit.describe(
    actions={
        "tariff_create": _l("Tarif angelegt"),
        "tariff_edit": _l("Tarif geändert"),
        "tariff_delete": _l("Tarif gelöscht"),
    },
    fields={
        "energy_price_tenths": _l("Arbeitspreis (Zehntel-Cent je kWh)"),
        "standing_charge_cents": _l("Grundpreis (Cent im Monat)"),
        "valid_from": _l("Gültig ab"),
        "valid_to": _l("Gültig bis"),
        "postcodes": _l("Postleitzahlen"),
    },
    subjects={"tariff": _tariff_words},
)

TARIFF_FIELDS = (
    "organisation_id", "name", "energy_price_tenths", "standing_charge_cents",
    "valid_from", "valid_to", "postcodes", "note", "is_example",
)  # fmt: skip


def _state(tariff: Tariff) -> dict:
    values = {name: getattr(tariff, name) for name in TARIFF_FIELDS}
    for name in ("valid_from", "valid_to"):
        values[name] = values[name].isoformat() if values[name] else None
    return values


def save_tariff(*, db: Session, user: User, tariff: Tariff, values: dict) -> Tariff:
    """A new tariff (no id yet) or changes to one; `values` are TARIFF_FIELDS."""
    is_new = tariff.id is None
    before = {} if is_new else _state(tariff)
    with all_or_nothing(db):
        for name in TARIFF_FIELDS:
            setattr(tariff, name, values[name])
        db.add(tariff)
        db.flush()
        audit.record(
            db,
            actor=Actor.of(user),
            action="tariff_create" if is_new else "tariff_edit",
            subject=f"tariff:{tariff.id}",
            before=before,
            after=_state(tariff),
        )
    return tariff


def delete_tariff(*, db: Session, user: User, tariff: Tariff) -> None:
    """The audit entry keeps what the tariff was."""
    with all_or_nothing(db):
        audit.record(
            db,
            actor=Actor.of(user),
            action="tariff_delete",
            subject=f"tariff:{tariff.id}",
            before=_state(tariff),
        )
        db.delete(tariff)
