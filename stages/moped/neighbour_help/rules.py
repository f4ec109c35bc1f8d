"""The rules a help post's values must keep, one function each, for the form and the API alike:
each returns the cleaned value or raises a German `Refusal` (nothing is written then)."""

import re
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.errors import Refusal
from core.municipalities import MUNICIPALITIES
from core.text import clean_text, has_control_characters
from stages.moped.neighbour_help.catalogue import CATEGORIES, KINDS, latest_end
from stages.moped.neighbour_help.models import TEXT_MAX, TITLE_MAX, WHEN_MAX
from stages.moped.neighbour_help.villages import is_village_of

# A phone number: a leading 0 or +, then at least six more digits, spaces, slashes or dashes
# between them ("03921 12345", "+49 171 2345678", "0171/2345678"). Dates ("12.03.") do not match.
PHONE = re.compile(r"(?<![\w.])(?:\+|0)\d(?:[\s/()-]*\d){5,}")
EMAIL = re.compile(r"[^\s@<>]+@[^\s@<>]+\.[A-Za-z]{2,}")


def _text(value, *, what: str, maximum: int, required: bool, multiline: bool) -> str:
    value = clean_text(value) if isinstance(value, str) else ""
    if has_control_characters(value, multiline=multiline):
        raise Refusal(_("%(what)s: Bitte keine Steuerzeichen verwenden.", what=what), 422)
    if required and not value:
        raise Refusal(_("%(what)s: Bitte ausfüllen.", what=what), 422)
    if len(value) > maximum:
        raise Refusal(_("%(what)s: höchstens %(max)d Zeichen.", what=what, max=maximum), 422)
    return value


def title(value) -> str:
    return _text(value, what=_("Überschrift"), maximum=TITLE_MAX, required=True, multiline=False)


def text(value) -> str:
    return _text(value, what=_("Beschreibung"), maximum=TEXT_MAX, required=True, multiline=True)


def when(value) -> str:
    return _text(value, what=_("Wann"), maximum=WHEN_MAX, required=False, multiline=False)


def kind(value) -> str:
    if value not in KINDS:
        raise Refusal(_("Bitte wählen Sie: Hilfe bieten oder Hilfe suchen."), 422)
    return value


def category(value) -> str:
    if value not in CATEGORIES:
        raise Refusal(_("Diese Kategorie gibt es nicht. Bitte wählen Sie eine aus der Liste."), 422)
    return value


def municipality(value) -> str:
    if value not in MUNICIPALITIES:
        raise Refusal(_("Bitte wählen Sie eine Gemeinde des Jerichower Landes."), 422)
    return value


def village(value, municipality_slug: str) -> str:
    value = value if isinstance(value, str) else ""
    if value and not is_village_of(municipality_slug, value):
        raise Refusal(
            _(
                "Diesen Ortsteil kennen wir in %(place)s nicht. Bitte wählen Sie einen aus der Liste.",
                place=MUNICIPALITIES.get(municipality_slug, ""),
            ),
            422,
        )
    return value


def ends_on(value, today: date) -> date:
    if not isinstance(value, date):
        raise Refusal(_("Bitte geben Sie ein Enddatum an (TT.MM.JJJJ)."), 422)
    if value < today:
        raise Refusal(_("Das Enddatum liegt in der Vergangenheit."), 422)
    latest = latest_end(today)
    if value > latest:
        raise Refusal(
            _(
                "Ein Aushang hängt höchstens drei Monate, also bis %(date)s.",
                date=latest.strftime("%d.%m.%Y"),
            ),
            422,
        )
    return value


def contact_details(*texts: str) -> bool:
    """Whether a phone number or an e-mail address is written into the public text."""
    return any(PHONE.search(t or "") or EMAIL.search(t or "") for t in texts)


CONTACT_WARNING = _l(
    "Ihr Text enthält offenbar eine Telefonnummer oder E-Mail-Adresse. Die sieht dann jede und "
    "jeder, auch ohne Anmeldung. Besser: Lassen Sie sie weg – Interessierte schreiben Ihnen über "
    "Landwerk-Nachrichten, und Sie entscheiden selbst, wem Sie Ihre Nummer geben."
)


def contact_warning() -> str:
    return str(CONTACT_WARNING)


def values(raw: dict, today: date) -> dict:
    """Every value of a post, checked (the API's body, or a form's data)."""
    checked = {
        "kind": kind(raw.get("kind")),
        "category": category(raw.get("category")),
        "municipality": municipality(raw.get("municipality")),
        "title": title(raw.get("title")),
        "text": text(raw.get("text")),
        "when": when(raw.get("when")),
        "ends_on": ends_on(raw.get("ends_on"), today),
        "on_behalf": raw.get("on_behalf") is True,
    }
    checked["village"] = village(raw.get("village"), checked["municipality"])
    return checked
