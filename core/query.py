"""Yes/no switches in a query string, read by one rule like the numbers (core.numbers): a value
that is neither yes nor no is refused, not taken for "no"."""

_FLAGS = {"false": False, "0": False, "true": True, "1": True}


def parse_flag(raw: str | None) -> bool | None:
    """Yes for "true" or "1"; no for "false", "0" or absent (None); anything else, even an
    empty value, is None."""
    return False if raw is None else _FLAGS.get(raw)


def any_of(values) -> dict:
    """The OpenAPI schema of a filter: one of `values`, or empty (or absent) for all of them."""
    return {"type": "string", "enum": ["", *values], "description": "empty: no filter"}
