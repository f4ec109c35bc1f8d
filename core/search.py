"""Ranked search in SQL, the same for every service: a row matches when each query word is in
one of its folded search columns (`core.text.search_column`), and a match in the name ranks
before one in the category, which ranks before one in the text. Both databases compare only
folded lower-case words, and both find a word inside another ("kase" in "ziegenkase").

The cost stays flat as the data grows:
- an index answers "contains this word": on SQLite an FTS5 table with the trigram tokenizer
  (kept by triggers, `core.search_index`), on PostgreSQL pg_trgm GIN indexes on the columns;
- at most `CAP` + 1 matching rows are read ("mehr als 1.000 Treffer"), those whose name holds
  every word first, so ranking and paging sort a bounded set whatever the size of the table.

Words of one or two letters are too short for a trigram: they match the beginning of the name
(as "Ho" finds "Honig"), on both databases through the name's B-tree index."""

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, case, literal, or_, text, union

from core.text import query_terms

RANK_NAME, RANK_CATEGORY, RANK_TEXT = 0, 1, 2
CAP = 1000  # matches read at most (one more tells "more than that")
TRIGRAM = 3  # the shortest word an index of trigrams can find inside a text


@dataclass(frozen=True)
class SearchIndex:
    """A table's search columns and how they are indexed. `fts_table` is the SQLite FTS5 table
    (rowid = the row's id) with one column per search column of the same name."""

    fts_table: str
    row_id: object
    name: object
    category: object
    texts: tuple  # one or more columns ranked as text


@dataclass(frozen=True)
class RankedMatch:
    candidates: object  # a select of at most 2 × (CAP + 1) ids
    ranking: list  # ORDER BY: the summed rank, or nothing for an empty query


def _long(spellings: list[str]) -> bool:
    return min(len(spelling) for spelling in spellings) >= TRIGRAM


def _contains_any(column, spellings: list[str]):
    return or_(*(column.contains(spelling, autoescape=True) for spelling in spellings))


def _name_starts_with(column, spellings: list[str]):
    # The range lets the B-tree index of the name find the rows; LIKE keeps the exact rule.
    return or_(
        *(
            and_(
                column >= spelling,
                column < spelling[:-1] + chr(ord(spelling[-1]) + 1),
                column.startswith(spelling, autoescape=True),
            )
            for spelling in spellings
        )
    )


def _fts_phrase(spellings: list[str]) -> str:
    # Folded spellings are letters and digits only (core.text.WORD), so quoting is safe.
    return "(" + " OR ".join(f'"{spelling}"' for spelling in spellings) + ")"


def _index_conditions(index: SearchIndex, terms: list[list[str]], dialect: str, *, name_only):
    """Conditions on the indexed table for the long words: each in the name (`name_only`) or
    in any search column."""
    if not terms:
        return []
    if dialect == "sqlite":
        column_filter = f"{{{index.name.key}}} : " if name_only else ""
        expression = " AND ".join(column_filter + _fts_phrase(spellings) for spellings in terms)
        # The table name is a constant of the service; the expression is bound.
        matching = text(
            f"SELECT rowid FROM {index.fts_table} WHERE {index.fts_table} MATCH :expression"  # noqa: S608
        ).bindparams(bindparam("expression", expression, unique=True))
        return [index.row_id.in_(matching)]
    columns = [index.name] if name_only else [index.name, index.category, *index.texts]
    return [or_(*(_contains_any(column, spellings) for column in columns)) for spellings in terms]


def _rank(index: SearchIndex, spellings: list[str]):
    if not _long(spellings):
        return literal(RANK_NAME)  # a short word matched the name's beginning
    in_name = _contains_any(index.name, spellings)
    in_category = _contains_any(index.category, spellings)
    return case((in_name, RANK_NAME), (in_category, RANK_CATEGORY), else_=RANK_TEXT)


def ranked_match(
    query: str, *, index: SearchIndex, base, dialect: str, max_words: int, order=()
) -> RankedMatch:
    """The ids of at most CAP + 1 rows matching every word of `query` within `base` (a select
    of `index.row_id` with the joins and filters of the caller) and at most CAP + 1 whose name
    holds every word, so the best matches are among them; per row and word the rank is 0
    (name), 1 (category) or 2 (text), summed. Without a query: the first CAP + 1 rows of
    `base` in `order`."""
    terms = query_terms(query, max_words)
    if not terms:
        return RankedMatch(candidates=base.order_by(*order).limit(CAP + 1), ranking=[])
    long_terms = [spellings for spellings in terms if _long(spellings)]
    short = [_name_starts_with(index.name, s) for s in terms if not _long(s)]
    anywhere = base.where(*short, *_index_conditions(index, long_terms, dialect, name_only=False))
    in_name = base.where(*short, *_index_conditions(index, long_terms, dialect, name_only=True))
    candidates = union(
        anywhere.limit(CAP + 1).subquery().select(), in_name.limit(CAP + 1).subquery().select()
    )
    ranks = [_rank(index, spellings) for spellings in terms]
    return RankedMatch(candidates=candidates, ranking=[sum(ranks[1:], ranks[0])])


def short_words(query: str, max_words: int) -> list[str]:
    """The words of a query that only match the beginning of a name, to tell the searcher."""
    return [spellings[0] for spellings in query_terms(query, max_words) if not _long(spellings)]
