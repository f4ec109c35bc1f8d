"""Marketplace search as data grows (`make bench ONLY=marketplace_search`): the list page of
Regionales at 1×, 10× and 100× (1× = 100 producers with 2,000 products, about what the district
could list), on SQLite (a temporary folder) and PostgreSQL (a database made and dropped for
the run), built with the real migrations and the ORM (so the search columns and indexes are
filled as in production). Median time per request, t(100×)/t(1×) (goal
≤ 1.5) and SQL statements per request (goal: the same at every scale)."""

import os
import random
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import event

from bench.data import _postgres_admin, _postgres_url
from bench.growth import GOAL_RATIO, median_seconds, milliseconds
from core import db
from core.audit import Actor
from stages import control
from stages.bicycle.directory.models import DirectoryEntry
from stages.moped.marketplace.catalogue import CATEGORIES
from stages.moped.marketplace.models import Producer, Product
from webapp import create_app

TITLE = "Marketplace search as data grows (1×, 10×, 100×)"
SCALES = (1, 10, 100)
PRODUCERS, PRODUCTS = 100, 2_000
WORDS = ["Honig", "Spargel", "Käse", "Apfel", "Brot", "Wurst", "Eier", "Zander", "Möhren", "Saft"]
PAGES = [
    ("list, no query", "/regionales/"),
    ("search „Käse“", "/regionales/?q=K%C3%A4se"),
    ("search „Kase“ (no umlaut)", "/regionales/?q=Kase"),
    ("search „Honig Gommern“", "/regionales/?q=Honig+Gommern"),
    ("search „Ho“ (two letters)", "/regionales/?q=Ho"),
    ("in season + open today", "/regionales/?saison=y&heute=y"),
    ("by distance from Burg", "/regionales/?sortierung=entfernung&gemeinde=burg"),
    ("API search „honig“", "/api/v1/marketplace/products?q=honig"),
]


# BENCH_BACKENDS=sqlite (or postgresql) runs one of them.
BACKENDS = tuple(os.environ.get("BENCH_BACKENDS", "sqlite postgresql").split())


def _database_url(folder: Path, scale: int, backend: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / f'marketplace_{scale}.db'}"
    name = f"landwerk_market_{scale}_{uuid.uuid4().hex[:8]}"
    with _postgres_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return _postgres_url(name)


def _drop(url: str) -> None:
    if url.startswith("postgresql"):
        name = url.rsplit("/", 1)[-1]
        with _postgres_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _build(url: str, scale: int):
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-marketplace",
            "RATELIMIT_ENABLED": False,
            "FLAG_CHECK_INTERVAL": 3600,
        }
    )
    db.upgrade(app)
    rng = random.Random(scale)
    municipalities = ["burg", "genthin", "gommern", "moeckern", "jerichow", "biederitz"]
    with app.test_request_context():
        session = db.session()
        control.promote_service(
            db=session,
            services=app.extensions["services"],
            key="marketplace",
            actor=Actor(id=None, label="bench"),
        )
        for number in range(PRODUCERS * scale):
            entry = DirectoryEntry(
                name=f"Hof {rng.choice(WORDS)} {number}",
                category="lebensmittel",
                municipality=rng.choice(municipalities),
            )
            producer = Producer(entry=entry, makes=" ".join(rng.sample(WORDS, 3)))
            session.add(producer)
            for item in range(PRODUCTS // PRODUCERS):
                first = rng.randint(1, 12)
                session.add(
                    Product(
                        producer=producer,
                        name=f"{rng.choice(WORDS)} {item}",
                        category=rng.choice(list(CATEGORIES)),
                        description=" ".join(rng.sample(WORDS, 4)),
                        price_cents=rng.randint(100, 3000),
                        unit="stueck",
                        season_from=first,
                        season_to=(first + 2) % 12 + 1,
                        is_published=True,
                    )
                )
            if number % 200 == 199:
                session.commit()
        session.commit()
    return app


def _statements(app, client, url: str) -> int:
    seen = []
    engine = app.extensions["db_engine"]
    listener = lambda *_args: seen.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200, url
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def _measure(backend: str) -> dict[str, list[tuple[float, int]]]:
    figures: dict[str, list[tuple[float, int]]] = {label: [] for label, _url in PAGES}
    with tempfile.TemporaryDirectory(prefix="landwerk-marketplace-") as folder:
        for scale in SCALES:
            url = _database_url(Path(folder), scale, backend)
            try:
                app = _build(url, scale)
                client = app.test_client()
                for label, page in PAGES:
                    client.get(page)  # warm
                    figures[label].append(
                        (median_seconds(client, page), _statements(app, client, page))
                    )
                app.extensions["db_engine"].dispose()
            finally:
                _drop(url)
    return figures


def _table(figures: dict[str, list[tuple[float, int]]]) -> str:
    rows = []
    for label, measured in figures.items():
        ratio = measured[-1][0] / measured[0][0]
        counts = [statements for _seconds, statements in measured]
        rows.append(
            f"| {label} | "
            + " | ".join(milliseconds(seconds) for seconds, _n in measured)
            + f" | {ratio:.2f}{'' if ratio <= GOAL_RATIO else ' ✗'}"
            + f" | {' / '.join(map(str, counts))}{'' if len(set(counts)) == 1 else ' ✗'} |"
        )
    return (
        "| page | ms 1× | ms 10× | ms 100× | t(100×)/t(1×) | SQL per request |\n"
        "|---|---:|---:|---:|---:|---|\n" + "\n".join(rows) + "\n"
    )


def run() -> str:
    tables = [f"**{backend}**\n\n{_table(_measure(backend))}" for backend in BACKENDS]
    return (
        f"1× = {PRODUCERS} producers, {PRODUCTS:,} products (100× = "
        f"{PRODUCTS * 100:,}). Median of 5–30 requests after one warm-up, in-process with "
        "Flask's test client, visitor. ✗ marks a ratio above "
        f"{GOAL_RATIO} or a statement count that changes with the data.\n\n" + "\n".join(tables)
    )
