"""Ranked search in SQL, the same for every service: a row matches when each query word is in
one of its folded search columns (`core.text.search_column`), and a match in the name ranks
before one in the category, which ranks before one in the text. The same query runs on SQLite
and PostgreSQL, because both compare only folded lower-case words."""

from dataclasses import dataclass

from sqlalchemy import case, or_

from core.text import query_terms

RANK_NAME, RANK_CATEGORY, RANK_TEXT = 0, 1, 2


@dataclass(frozen=True)
class RankedMatch:
    conditions: list  # WHERE: one per query word
    ranking: list  # ORDER BY: the summed rank, or nothing for an empty query


def _contains_any(column, spellings: list[str]):
    return or_(*(column.contains(spelling, autoescape=True) for spelling in spellings))


def ranked_match(query: str, *, name, category, text, max_words: int) -> RankedMatch:
    """Per query word 0 (name), 1 (category) or 2 (text), summed, so a row whose name holds
    every word comes first."""
    conditions, ranks = [], []
    for spellings in query_terms(query, max_words):
        in_name = _contains_any(name, spellings)
        in_category = _contains_any(category, spellings)
        in_text = _contains_any(text, spellings)
        conditions.append(or_(in_name, in_category, in_text))
        ranks.append(case((in_name, RANK_NAME), (in_category, RANK_CATEGORY), else_=RANK_TEXT))
    return RankedMatch(conditions=conditions, ranking=[sum(ranks[1:], ranks[0])] if ranks else [])
