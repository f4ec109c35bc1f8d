"""Who may change the directory: product owners every entry, partners their organisation's."""

from flask import abort
from flask_login import current_user
from sqlmodel import Session

from core.accounts import organisations_of
from stages.bicycle.directory.models import DirectoryEntry


def _is_product_owner(user) -> bool:
    return bool(user.is_authenticated and user.is_product_owner)


def can_create(user) -> bool:
    return _is_product_owner(user)


def can_edit(*, db: Session, user, entry: DirectoryEntry) -> bool:
    if _is_product_owner(user):
        return True
    if not user.is_authenticated or entry.organisation_id is None:
        return False
    return any(org.id == entry.organisation_id for org in organisations_of(db=db, user=user))


def entry_or_404(*, db: Session, entry_id: int) -> DirectoryEntry:
    entry = db.get(DirectoryEntry, entry_id)
    if entry is None:
        abort(404)
    return entry


def editable_entry(*, db: Session, entry_id: int) -> DirectoryEntry:
    """The entry, if the signed-in person may edit it: 404 if there is none, 403 if not theirs."""
    entry = entry_or_404(db=db, entry_id=entry_id)
    user = current_user._get_current_object()
    if not can_edit(db=db, user=user, entry=entry):
        abort(403)
    return entry
