"""Text the platform stores and searches: one cleaning for every text field and API string,
and one folding for search, so "Bäckerei" is found by "backerei", "baeckerei" and "BÄCKEREI",
and "Straße" by "strasse" – on every database, because the databases only ever compare plain
lower-case words."""

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

# Bidirectional controls (embeddings, overrides, isolates, marks) turn the text after them
# around: "https://bank.example/\u202egpj.exe" shows another address than it links to. Plain
# German and English text never needs them.
_BIDI_CONTROLS = dict.fromkeys(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def clean_text(value):
    """Browsers send line breaks as CRLF but count them as one character: store LF, so length
    limits count what people see. NUL characters go: PostgreSQL cannot store them in text.
    Bidirectional controls go too: they can make a text show something else than it says."""
    if not isinstance(value, str):
        return value
    return stripped(unix_newlines(value).replace("\x00", "").translate(_BIDI_CONTROLS))


def unix_newlines(value):
    """Line breaks as LF, however the browser sent them. For forms that refuse control
    characters (`no_control_characters`) instead of dropping NULs, with `stripped`."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def stripped(value):
    return value.strip() if isinstance(value, str) else value


def has_control_characters(value: str | None) -> bool:
    """Control characters other than line break and tab: none of them belongs in a text."""
    return any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in value or "")


def no_control_characters(_form, field):
    """Form validator refusing control characters, with a message people understand."""
    if has_control_characters(field.data):
        raise ValidationError(_l("Bitte keine Steuerzeichen verwenden."))


# Folding for search.
# Two spellings of every umlaut: the written-out one (ä → ae) and the one people type on a
# keyboard without umlauts (ä → a). ß is "ss" in both.
UMLAUTS_WRITTEN_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
UMLAUTS_DROPPED = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})

WORD = re.compile(r"[^\W_]+")  # runs of letters and digits


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if unicodedata.category(char) != "Mn")


def words(text: str) -> list[str]:
    """The lower-case words of a text; punctuation separates words ("DRK-Pflege" → drk, pflege)."""
    return WORD.findall(unicodedata.normalize("NFKC", text or "").lower())


def spellings(word: str) -> list[str]:
    """The one or two folded spellings of a lower-case word."""
    written_out = _without_accents(word.translate(UMLAUTS_WRITTEN_OUT))
    dropped = _without_accents(word.translate(UMLAUTS_DROPPED))
    return [written_out] if written_out == dropped else [written_out, dropped]


def search_column(text: str, max_length: int) -> str:
    """Every spelling of every word of `text`, once each, space-separated, within max_length."""
    folded = dict.fromkeys(spelling for word in words(text) for spelling in spellings(word))
    column = " ".join(folded)
    if len(column) <= max_length:
        return column
    cut = column[: max_length + 1]  # one more, to see whether the cut falls between words
    return cut.rsplit(" ", 1)[0] if " " in cut else cut[:max_length]


def query_terms(query: str, max_words: int) -> list[list[str]]:
    """Per word of the query, its spellings; any one of them matching counts as a match."""
    unique_words = list(dict.fromkeys(words(query)))
    return [spellings(word) for word in unique_words[:max_words]]
