"""What partners and owners change in the directory, each entry's save with its audit entry."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from core import audit
from core.models import User
from stages.bicycle.directory.hours import day_name
from stages.bicycle.directory.models import DirectoryEntry


def _hours_words(hours: list[str]) -> str:
    """ "4 08:00–12:00" as stored (weekday 0 = Monday) → "Freitag 08:00–12:00"."""
    if not hours:
        return _("keine")
    return ", ".join(
        f"{day_name(int(weekday))} {times}" for weekday, times in (h.split(" ", 1) for h in hours)
    )


audit.describe(
    actions={
        "entry_create": _l("Verzeichniseintrag angelegt"),
        "entry_edit": _l("Verzeichniseintrag geändert"),
    },
    fields={"hours": _l("Öffnungszeiten")},
    values={"hours": _hours_words},
    subjects={"entry": lambda number: _("Verzeichniseintrag Nr. %(number)s", number=number)},
)

FIELDS = (
    "name", "category", "municipality", "description", "address", "phone", "email", "website",
    "organisation_id",
)  # fmt: skip


def _state(entry: DirectoryEntry) -> dict:
    hours = [f"{h.weekday} {h.opens:%H:%M}–{h.closes:%H:%M}" for h in entry.hours]
    return {**audit.as_recorded(entry, FIELDS), "hours": sorted(hours)}


def save(*, db: Session, user: User, entry: DirectoryEntry, apply) -> DirectoryEntry:
    """A new entry (no id yet) or changes to one: `apply(entry)` writes the form's values."""
    return audit.save_recorded(db, user=user, row=entry, apply=apply, kind="entry", state=_state)
