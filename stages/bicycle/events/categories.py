"""The fixed list of event categories (slug → label), in the order the forms offer them."""

from flask_babel import lazy_gettext as _l

CATEGORIES = {
    "kultur": _l("Kultur"),
    "feste": _l("Feste"),
    "sport": _l("Sport"),
    "markt": _l("Markt"),
    "familie": _l("Familie"),
    "natur": _l("Natur"),
    "bildung": _l("Bildung"),
    "sonstiges": _l("Sonstiges"),
}


def category_label(slug: str) -> str:
    return str(CATEGORIES.get(slug, CATEGORIES["sonstiges"]))
