"""Text the platform stores and searches: one cleaning for every text field and API string,
and one folding for search, so "Bäckerei" is found by "backerei", "baeckerei" and "BÄCKEREI",
and "Straße" by "strasse" – on every database, because the databases only ever compare plain
lower-case words."""

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import ValidationError

# Bidirectional controls (embeddings, overrides, isolates, marks) turn the text after them
# around: "https://bank.example/\u202egpj.exe" shows another address than it links to. Plain
# German and English text never needs them.
_BIDI_CONTROLS = dict.fromkeys(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def clean_text(value):
    """Browsers send line breaks as CRLF but count them as one character: store LF, so length
    limits count what people see. NUL characters go: PostgreSQL cannot store them in text
    (requests with one are refused before, by core.input_guard; this is for other sources).
    Bidirectional controls go too: they can make a text show something else than it says."""
    if not isinstance(value, str):
        return value
    normalised = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return normalised.translate(_BIDI_CONTROLS).strip()


CONTROL_CHARACTERS_MESSAGE = _l("Bitte keine Steuerzeichen verwenden.")


def _unwritable(char: str) -> bool:
    # Control characters, lone surrogates and the two non-characters XML cannot carry either.
    return unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff"


def has_control_characters(value: str | None, *, multiline: bool = True) -> bool:
    """Control characters – other than line break and tab in a text of several lines – belong
    in no text: feeds (XML) and calendar files (RFC 5545) cannot even carry them."""
    allowed = "\n\t" if multiline else ""
    return any(_unwritable(c) and c not in allowed for c in value or "")


def without_control_characters(value: str) -> str:
    """For output that must not carry them (feeds, calendar files), whatever was stored: by
    an import, the command line, or before forms refused them."""
    return "".join(c for c in value if not _unwritable(c) or c in "\n\t")


def no_control_characters(_form, field):
    """Form validator refusing control characters (line breaks and tabs only in a textarea),
    with a message people understand. Every form of the platform has it on each text field
    (core.forms.PlatformForm); a field that is not a textarea gets no line breaks either."""
    multiline = isinstance(field, TextAreaField)
    if isinstance(field.data, str) and has_control_characters(field.data, multiline=multiline):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE)


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
