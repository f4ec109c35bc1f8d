"""Similar ideas, found by word stems in SQL (`similar_ideas`). Without JavaScript they are
shown as a confirmation step before saving: nothing is written until the resident presses
"Trotzdem vorschlagen" (with JavaScript they appear while typing, and the step still follows)."""

import snowballstemmer
from sqlalchemy import case, func
from sqlmodel import Session, select

from core.text import spellings, words
from feedback.models import IDEA_TITLE_MAX, Idea

SIMILAR_LIMIT = 5
MIN_WORD = 4
MAX_SEARCH_WORDS = 8
SEARCH_TITLE_MAX = IDEA_TITLE_MAX * 2  # as long as Idea.search_title may be
# Common words of four letters or more that say nothing about what an idea is about.
STOP_WORDS = frozenset(
    "eine einen einem einer eines nicht oder auch mehr bitte sollte sollten gibt dass uber "  # noqa: SIM905
    "unser unsere alle neue neuen neues wird werden kann konnen mussen damit diese dieser "
    "dieses haben sind".split()
)
GERMAN = snowballstemmer.stemmer("german")


def search_text(title: str) -> str:
    """What Idea.search_title holds: the title's words in lower case, umlauts spelled out."""
    return " ".join(spellings(word)[0] for word in words(title))[:SEARCH_TITLE_MAX].strip()


def _without_umlaut_e(text: str) -> str:
    # "Bank" and "Bänke" share no "ae": the column holds one spelling (the written-out one, in
    # existing rows too), so both sides are compared with the umlauts' e dropped.
    return text.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def _stem(word: str) -> str:
    """The word's German stem ("mitfahrbänke" → "mitfahrbank"), never shorter than MIN_WORD:
    a stem of three letters would be found inside too many unrelated words."""
    stem = GERMAN.stemWord(spellings(word)[-1])
    return _without_umlaut_e(stem if len(stem) >= MIN_WORD else spellings(word)[0])


def search_stems(title: str) -> list[str]:
    """The significant words of a title (four letters or more, no filler), as stems."""
    stems = []
    for word in words(title):
        folded = _without_umlaut_e(spellings(word)[0])
        if len(folded) >= MIN_WORD and folded not in STOP_WORDS and _stem(word) not in stems:
            stems.append(_stem(word))
    return stems[:MAX_SEARCH_WORDS]


def similar_ideas(
    session: Session, title: str, *, exclude_id: int | None = None, limit: int = SIMILAR_LIMIT
) -> list[Idea]:
    """Ideas whose title shares words with `title`, most shared words first. The database
    compares (LIKE per word) and ranks; nothing is scanned in Python."""
    stems = search_stems(title[:IDEA_TITLE_MAX])
    if not stems:
        return []
    folded = func.replace(
        func.replace(func.replace(Idea.search_title, "ae", "a"), "oe", "o"), "ue", "u"
    )
    shared_words = sum(case((folded.contains(stem, autoescape=True), 1), else_=0) for stem in stems)
    statement = select(Idea).where(shared_words > 0, Idea.status != "duplicate")
    if exclude_id is not None:
        statement = statement.where(Idea.id != exclude_id)
    statement = statement.order_by(shared_words.desc(), Idea.created_at.desc(), Idea.id.desc())
    return list(session.exec(statement.limit(limit)))
