"""The fixed categories of the directory (slug → German label).

The labels stay German here because the search column is built from them; `N_` only marks
them for the translation catalog, and `category_name` translates them where they are shown."""

from flask_babel import gettext


def N_(text: str) -> str:  # the name babel's extractor looks for
    return text


CATEGORIES: dict[str, str] = {
    "lebensmittel": N_("Bäckerei & Lebensmittel"),
    "handwerk": N_("Handwerk"),
    "gastronomie": N_("Gastronomie"),
    "verein": N_("Verein"),
    "verwaltung": N_("Behörde & Verwaltung"),
    "gesundheit": N_("Pflege & Gesundheit"),
    "finanzen": N_("Bank & Versicherung"),
    "versorgung": N_("Energie & Versorgung"),
    "freizeit": N_("Kultur & Freizeit"),
    "sehenswuerdigkeit": N_("Sehenswürdigkeit"),
}


def category_label(slug: str) -> str:
    """The German label, as searched."""
    return CATEGORIES.get(slug, "")


def category_name(slug: str) -> str:
    """The label in the page's language, as shown."""
    return gettext(CATEGORIES[slug]) if slug in CATEGORIES else ""
