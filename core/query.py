"""Yes/no switches in a query string, read by one rule like the numbers (core.numbers): a value
that is neither yes nor no is refused, not taken for "no"."""

_FLAGS = {"": False, "false": False, "0": False, "true": True, "1": True}


def parse_flag(raw: str | None) -> bool | None:
    """ "true" or "1": yes; "false", "0", empty or absent: no; anything else None."""
    return _FLAGS.get(raw or "")


def any_of(values) -> dict:
    """The OpenAPI schema of a filter: one of `values`, or empty (or absent) for all of them."""
    return {"type": "string", "enum": ["", *values], "description": "empty: no filter"}
