"""Demo producers and products of the Jerichower Land (filled in below)."""

from sqlmodel import Session


def load_demo(db: Session) -> None:
    return None
