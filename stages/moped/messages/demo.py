"""Demo threads (filled in below)."""


def load_demo(db) -> None:
    return None
