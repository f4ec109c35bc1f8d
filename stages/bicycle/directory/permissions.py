"""Who may change the directory: product owners every entry, partners their organisation's."""

from sqlmodel import Session

from core.models import User
from core.ownership import get_authorised, may_act_for
from stages.bicycle.directory.models import DirectoryEntry


def may_create(user: User) -> bool:
    """New entries are the product owners' (partners edit the one of their organisation)."""
    return bool(user.is_authenticated and user.is_product_owner)


def may_edit(db: Session, user: User, entry: DirectoryEntry) -> bool:
    return may_act_for(db, user, entry.organisation_id)


def editable_entry(db: Session, user: User, entry_id: int) -> DirectoryEntry:
    """The entry, if this person may edit it: 404 if there is none, 403 if not theirs."""
    return get_authorised(db, DirectoryEntry, entry_id, may=lambda entry: may_edit(db, user, entry))
