"""Who may keep tariffs: partners of the organisation that owns a tariff, and product owners
(`core.ownership`). Everyone may read tariffs – they are what the calculator shows."""

from sqlmodel import Session

from core.models import Organisation, User
from core.ownership import acting_organisations, get_authorised, may_act_for
from stages.moped.landstrom.models import Tariff


def may_edit_tariff(db: Session, user: User, tariff: Tariff) -> bool:
    return may_act_for(db, user, tariff.organisation_id)


def editable_tariff(db: Session, user: User, tariff_id: int) -> Tariff:
    """404 for no such tariff, 403 for someone else's."""
    return get_authorised(db, Tariff, tariff_id, may=lambda t: may_edit_tariff(db, user, t))


def keeping_organisations(db: Session, user: User) -> list[Organisation]:
    """The organisations for which this person may keep tariffs."""
    return acting_organisations(db, user)
