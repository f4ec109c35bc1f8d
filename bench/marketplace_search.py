"""Marketplace search as data grows (`make bench ONLY=marketplace_search`): the list page of
Regionales at 1×, 10× and 100× (1× = 100 producers with 2,000 products, about what the district
could list), SQLite, built in a temporary folder with the real migrations and the ORM (so the
search columns are filled as in production). Median time per request, t(100×)/t(1×) (goal
≤ 1.5) and SQL statements per request (goal: the same at every scale)."""

import random
import tempfile
from pathlib import Path

from sqlalchemy import event

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
    ("search „Honig Gommern“", "/regionales/?q=Honig+Gommern"),
    ("in season + open today", "/regionales/?saison=y&heute=y"),
    ("API search „honig“", "/api/v1/marketplace/products?q=honig"),
]


def _build(folder: Path, scale: int):
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{folder / f'marketplace_{scale}.db'}",
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


def run() -> str:
    figures: dict[str, list[tuple[float, int]]] = {label: [] for label, _url in PAGES}
    with tempfile.TemporaryDirectory(prefix="landwerk-marketplace-") as folder:
        for scale in SCALES:
            app = _build(Path(folder), scale)
            client = app.test_client()
            for label, url in PAGES:
                client.get(url)  # warm
                figures[label].append((median_seconds(client, url), _statements(app, client, url)))
            app.extensions["db_engine"].dispose()
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
        f"SQLite; 1× = {PRODUCERS} producers, {PRODUCTS:,} products (100× = "
        f"{PRODUCTS * 100:,}). Median of 5–30 requests after one warm-up, in-process with "
        "Flask's test client, visitor. ✗ marks a ratio above "
        f"{GOAL_RATIO} or a statement count that changes with the data.\n\n"
        "| page | ms 1× | ms 10× | ms 100× | t(100×)/t(1×) | SQL per request |\n"
        "|---|---:|---:|---:|---:|---|\n" + "\n".join(rows) + "\n"
    )
