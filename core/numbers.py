"""Whole numbers that arrive as text – ids in paths, form fields and JSON bodies, page numbers,
percentages – read by one rule: ASCII digits only, within bounds, else not a number at all.
`str.isdigit` says yes to "²" (and `int` then fails); an unbounded number reaches the database
and is a server error there (SQLite stores 64 bits, PostgreSQL's ids 32)."""

# PostgreSQL's `integer`, the type of every id; SQLite holds more, but no id gets near either.
MAX_ID = 2**31 - 1
_MAX_DIGITS = len(str(MAX_ID))


def parse_number(value: object, *, lowest: int, highest: int) -> int | None:
    """`value` as a whole number from `lowest` to `highest` (0 <= lowest), else None. Text must
    be ASCII digits only (no sign, no spaces); an int from a JSON body counts as itself, a bool
    (also an int to Python) or a float does not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        if len(value.lstrip("0")) > max(len(str(highest)), 1):
            return None  # far too long to be in bounds: no need to make a number of it
        number = int(value)
    else:
        return None
    return number if lowest <= number <= highest else None


def parse_id(value: object) -> int | None:
    """An id: from 1 to MAX_ID. None for anything else – it names no row."""
    return parse_number(value, lowest=1, highest=MAX_ID)


def parse_percent(value: object) -> int | None:
    """A percentage from 0 to 100."""
    return parse_number(value, lowest=0, highest=100)
