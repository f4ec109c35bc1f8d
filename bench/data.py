"""District-scale data for the benchmarks, generated deterministically and cached.

    populate(url, scale, seed)      fill an empty, migrated database; returns the row counts
    database(scale, backend, seed)  the URL of a cached populated database (built when missing)
    database_copy(scale, backend)   a private copy of it, for a benchmark that writes

At scale 1: 10,000 residents, 200,000 votes, 20,000 comments, 5,000 news posts, 5,000 events and
2,000 directory entries for the 30 services of bench.app.SERVICES, plus ideas, planned services
and organisations. The data keeps the app's own rules: one vote per resident per subject, votes
only on what is still votable (not on live services, not on closed ideas), at most the vote
budget on services that are not live, tallies (count and trend) equal to the votes, directory
search columns filled as the app fills them. Everything is derived from random.Random(seed),
with times relative to a fixed ANCHOR, so a seed always gives the same database.

Rows are written in bulk (sqlite3 executemany, PostgreSQL COPY), the big tables' secondary
indexes built after their rows. On 2 cores, scale 1 takes ~5 s, scale 10 ~30-60 s,
scale 100 on SQLite (1M residents, 20M votes) ~5-10 min, with progress printed. Cached databases live in build/bench/ (SQLite) or
as PostgreSQL databases named after scale, seed and schema head; a new migration head builds
new ones.
"""

import fcntl
import functools
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
import zlib
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from bench.app import SERVICES
from core.accounts import hash_password
from core.db import sqlite_functions
from core.models import OrganisationKind
from core.municipalities import MUNICIPALITIES, municipality_name
from core.text import search_column
from feedback.ideas.search import search_text
from feedback.ideas.service import DISTRICT as IDEA_DISTRICT
from stages.bicycle.directory.categories import category_label
from stages.bicycle.directory.models import SEARCH_CATEGORY_MAX, SEARCH_NAME_MAX, SEARCH_TEXT_MAX
from stages.bicycle.events.categories import CATEGORIES as EVENT_CATEGORIES
from stages.bicycle.events.times import start_of_day
from stages.bicycle.news.service import CATEGORIES as NEWS_CATEGORIES
from stages.bicycle.news.service import DISTRICT
from stages.ladder import FIRST, level_of

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "build" / "bench"
POSTGRES_SERVER = os.environ.get("LANDWERK_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")

PASSWORD = "bench-passwort-1"
OWNER_EMAIL = "owner@bench.landwerk.test"
VOTE_BUDGET = 5  # the app's default VOTE_BUDGET
ANCHOR = datetime(2026, 11, 1, tzinfo=UTC)  # "now" of the generated data

PER_SCALE = {
    "residents": 10_000,
    "votes": 200_000,
    "comments": 20_000,
    "news": 5_000,
    "events": 5_000,
    "directory": 2_000,
    "ideas": 500,
    "organisations": 100,
}
PLANNED = 5
TESTER_SHARE = 0.05
CHUNK = 50_000
TIME_BITS = 13
TIMES = 2**TIME_BITS

PLACES = list(MUNICIPALITIES)
FIRST_NAMES = [
    "Anna",
    "Bernd",
    "Clara",
    "Dieter",
    "Erika",
    "Frank",
    "Gisela",
    "Heinz",
    "Ilse",
    "Jens",
    "Karin",
    "Lutz",
    "Marta",
    "Norbert",
    "Olga",
    "Paul",
    "Renate",
    "Stefan",
    "Tina",
    "Uwe",
]
LAST_NAMES = [
    "Müller",
    "Schulze",
    "Schmidt",
    "Krüger",
    "Lehmann",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Richter",
    "Wolf",
    "Neumann",
    "Schwarz",
    "Zimmermann",
]
TRADES = [
    ("Bäckerei", "lebensmittel"),
    ("Fleischerei", "lebensmittel"),
    ("Hofladen", "lebensmittel"),
    ("Tischlerei", "handwerk"),
    ("Elektro", "handwerk"),
    ("Gasthaus", "gastronomie"),
    ("Café", "gastronomie"),
    ("Sportverein", "verein"),
    ("Heimatverein", "verein"),
    ("Bürgerbüro", "verwaltung"),
    ("Pflegedienst", "gesundheit"),
    ("Apotheke", "gesundheit"),
    ("Versicherungsbüro", "finanzen"),
    ("Energieberatung", "versorgung"),
    ("Museum", "freizeit"),
    ("Burgturm", "sehenswuerdigkeit"),
]
TOPICS = [
    "Radweg",
    "Dorffest",
    "Bürgerbus",
    "Spielplatz",
    "Glasfaser",
    "Wochenmarkt",
    "Feuerwehr",
    "Sporthalle",
    "Bibliothek",
    "Badestelle",
    "Ladesäule",
    "Seniorentreff",
    "Bauernmarkt",
    "Kita",
    "Friedhof",
    "Kirche",
    "Fähre",
    "Schule",
]
SENTENCE = (
    "Im Jerichower Land tut sich etwas: {topic} in {place} ist Thema bei Jung und Alt. "
    "Wer mitreden möchte, ist herzlich eingeladen – Fragen beantwortet das Team vor Ort."
)


def _scaled(name: str, scale: float, minimum: int) -> int:
    return max(minimum, round(PER_SCALE[name] * scale))


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


class SqliteWriter:
    """sqlite3 executemany in one transaction, without a journal; the file is new and is only
    renamed into the cache when it is complete."""

    def __init__(self, url: str):
        self.path = make_url(url).database
        self.connection = sqlite3.connect(self.path, isolation_level=None)
        sqlite_functions(self.connection)  # the functions the app's triggers use
        for pragma in ("journal_mode=DELETE", "synchronous=OFF", "cache_size=-500000"):
            self.connection.execute(f"PRAGMA {pragma}")
        self.connection.execute("BEGIN")
        self.deferred: list[str] = []

    # SQLAlchemy stores datetimes and times on SQLite as text in these formats.
    stamp = staticmethod(_iso)
    clock = staticmethod(lambda value: value.strftime("%H:%M:%S.%f"))

    def defer_indexes(self, table: str) -> None:
        rows = self.connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        ).fetchall()
        for name, sql in rows:
            self.connection.execute(f'DROP INDEX "{name}"')
            self.deferred.append(sql)

    def insert(self, table: str, columns: list[str], rows) -> None:
        marks = ", ".join("?" * len(columns))
        # Table and column names are this module's own, never input.
        statement = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})'  # noqa: S608
        self.connection.executemany(statement, rows)

    def execute(self, sql: str, params=()) -> None:
        self.connection.execute(sql, params)

    def finish(self) -> None:
        for sql in self.deferred:
            self.connection.execute(sql)
        self.connection.execute("COMMIT")
        self.connection.execute("PRAGMA journal_mode=WAL")  # as the app runs it
        self.connection.close()


class PostgresWriter:
    """COPY per table in one transaction; sequences moved past the written ids at the end."""

    def __init__(self, url: str):
        plain = make_url(url).set(drivername="postgresql")
        self.connection = psycopg.connect(plain.render_as_string(hide_password=False))
        self.deferred: list[str] = []
        self.tables: list[str] = []

    stamp = staticmethod(lambda moment: moment)
    clock = staticmethod(lambda value: value)

    def defer_indexes(self, table: str) -> None:
        rows = self.connection.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname "
            "NOT IN (SELECT conname FROM pg_constraint)",
            (table,),
        ).fetchall()
        for name, sql in rows:
            self.connection.execute(f'DROP INDEX "{name}"')
            self.deferred.append(sql)

    def insert(self, table: str, columns: list[str], rows) -> None:
        statement = f'COPY "{table}" ({", ".join(columns)}) FROM STDIN'
        with self.connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        if "id" in columns:
            self.tables.append(table)

    def execute(self, sql: str, params=()) -> None:
        self.connection.execute(sql.replace("?", "%s"), params)

    def finish(self) -> None:
        for sql in self.deferred:
            self.connection.execute(sql)
        for table in self.tables:
            last_id = f'(SELECT max(id) FROM "{table}")'  # noqa: S608
            self.connection.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), {last_id})"
            )
        self.connection.commit()
        self.connection.autocommit = True
        self.connection.execute("ANALYZE")  # what autovacuum would soon do on its own
        self.connection.close()


def _chunks(rows):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Progress:
    def __init__(self, scale: float):
        self.started = time.monotonic()
        self.verbose = scale >= 1

    def say(self, text: str) -> None:
        if self.verbose:
            print(
                f"  [{time.monotonic() - self.started:6.1f} s] {text}", file=sys.stderr, flush=True
            )


def populate(database_url: str, scale: float = 1.0, seed: int = 1) -> dict:
    """Fill an empty, migrated database at district scale × `scale`; returns the row counts."""
    writer = (
        SqliteWriter(database_url)
        if database_url.startswith("sqlite")
        else PostgresWriter(database_url)
    )
    progress = Progress(scale)
    rng = random.Random(seed)
    counts = _Generator(writer, rng, scale, progress).run()
    progress.say("building indexes")
    writer.finish()
    progress.say(f"done: {counts}")
    return counts


class _Generator:
    def __init__(self, writer, rng: random.Random, scale: float, progress: Progress):
        self.w = writer
        self.rng = rng
        self.scale = scale
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.residents = _scaled("residents", scale, 10)
        self.owner_id = self.residents + 1
        self.organisations = _scaled("organisations", scale, 8)
        self.pools: dict[int, list[tuple]] = {}

    def run(self) -> dict:
        self.platform()
        self.users()
        self.organisation_rows()
        ideas = self.ideas()
        self.votes(ideas)
        self.comments(ideas)
        self.news()
        self.events()
        self.directory()
        return self.counts

    def moment(self, days_back: int) -> datetime:
        """A time up to `days_back` days before the anchor, to the second."""
        return ANCHOR - timedelta(seconds=self.rng.randrange(days_back * 86400))

    def times(self, days_back: int) -> list[tuple]:
        """A pool of TIMES (stored value, moment) within `days_back` days before the anchor:
        formatting a time costs more than all the rest of a row, so rows draw from the pool."""
        if days_back not in self.pools:
            moments = sorted(self.moment(days_back) for _ in range(TIMES))
            self.pools[days_back] = [(self.w.stamp(moment), moment) for moment in moments]
        return self.pools[days_back]

    def stamp(self, days_back: int):
        return self.times(days_back)[self.rng.getrandbits(TIME_BITS)][0]

    def text(self, place: str) -> str:
        return SENTENCE.format(
            topic=self.rng.choice(TOPICS), place=MUNICIPALITIES.get(place, "Burg")
        )

    def bulk(self, table: str, columns: list[str], rows) -> None:
        """Rows in chunks; the table's secondary indexes are built after the last one."""
        self.w.defer_indexes(table)
        for chunk in _chunks(rows):
            self.w.insert(table, columns, chunk)

    def platform(self) -> None:
        now = self.w.stamp(ANCHOR)
        # The platform on the bicycle, every service at its home stage, on, fully rolled out:
        # written as a product owner's changes leave them (a row per service, version moved).
        self.w.execute(
            "UPDATE platformstate SET live_stage = ?, version = ?, updated_at = ? WHERE id = 1",
            (FIRST.key, len(SERVICES), now),
        )
        self.w.insert(
            "servicestate",
            ["key", "stage", "enabled", "rollout", "updated_by_id", "updated_at"],
            [(s.key, s.home_stage, True, 100, None, now) for s in SERVICES],
        )
        self.planned_keys = [f"geplant_{n}" for n in range(PLANNED)]
        self.w.insert(
            "plannedservice",
            ["id", "key", "title", "summary", "target_stage", "origin_idea_id", "created_at"],
            [
                (n + 1, key, f"Geplanter Dienst {n + 1}", self.text("burg"), "truck", None, now)
                for n, key in enumerate(self.planned_keys)
            ],
        )

    def users(self) -> None:
        password_hash = hash_password(PASSWORD)  # once: scrypt takes ~50 ms per hash
        rng = self.rng

        def rows():
            for n in range(1, self.residents + 2):
                owner = n == self.owner_id
                place = rng.choice(PLACES)
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                created = self.stamp(700)
                yield (
                    n,
                    OWNER_EMAIL if owner else f"resident{n}@bench.landwerk.test",
                    name,
                    place,
                    password_hash,
                    rng.random() < TESTER_SHARE,
                    owner,
                    False,
                    created,
                    created,  # confirmed when they signed up: bench residents vote
                    f"{rng.getrandbits(128):032x}",
                )

        columns = [
            "id",
            "email",
            "display_name",
            "municipality",
            "password_hash",
            "is_tester",
            "is_product_owner",
            "is_blocked",
            "created_at",
            "email_verified_at",
            "session_token",
        ]
        self.bulk("user_account", columns, rows())
        self.counts["residents"] = self.residents
        self.progress.say(f"{self.residents:,} residents")

    def organisation_rows(self) -> None:
        kinds = [kind.value for kind in OrganisationKind]
        self.w.insert(
            "organisation",
            ["id", "name", "kind", "municipality", "is_demo"],
            [
                (
                    n,
                    f"Partner {n} {MUNICIPALITIES[PLACES[n % 8]]}",
                    kinds[n % 7],
                    PLACES[n % 8],
                    False,
                )
                for n in range(1, self.organisations + 1)
            ],
        )
        self.counts["organisations"] = self.organisations

    def ideas(self) -> list[int]:
        """Ideas of residents; 95 % open (votable), the rest declined before anyone voted."""
        count = _scaled("ideas", self.scale, 40)
        open_ids = []
        rows = []
        for n in range(1, count + 1):
            status = "declined" if self.rng.random() < 0.05 else "open"
            if status == "open":
                open_ids.append(n)
            place = self.rng.choice([*PLACES, IDEA_DISTRICT])
            title = f"{self.rng.choice(TOPICS)} für {MUNICIPALITIES.get(place, 'alle')} Nr. {n}"
            rows.append(
                (
                    n,
                    self.rng.randrange(1, self.residents + 1),
                    title,
                    self.text(place),
                    place,
                    status,
                    "Passt nicht zum Landwerk." if status == "declined" else "",
                    None,
                    None,
                    self.stamp(365),
                    search_text(title),
                )
            )
        columns = [
            "id",
            "user_id",
            "title",
            "description",
            "municipality",
            "status",
            "answer",
            "duplicate_of_id",
            "planned_key",
            "created_at",
            "search_title",
        ]
        for chunk in _chunks(rows):
            self.w.insert("idea", columns, chunk)
        self.counts["ideas"] = count
        return open_ids

    def votes(self, open_ideas: list[int]) -> None:
        """Each resident votes on up to the budget of services not live (moped, truck,
        planned) and on open ideas, popular ones more often; the database's triggers keep the
        tallies (count and trend) as the rows go in."""
        rng = self.rng
        total = _scaled("votes", self.scale, 1)
        budgeted = [
            f"service:{s.key}" for s in SERVICES if level_of(s.home_stage) > FIRST.level
        ] + [f"service:{key}" for key in self.planned_keys]
        idea_subjects = [f"idea:{n}" for n in open_ideas]
        per_resident, extra = divmod(total, self.residents)
        if per_resident + 1 > VOTE_BUDGET + len(idea_subjects):
            raise ValueError("too few open ideas for the votes per resident")
        popular = idea_subjects[: max(1, len(idea_subjects) // 10)]

        def rows():
            vote_id = 0
            for user_id in range(1, self.residents + 1):
                wanted = per_resident + (1 if user_id <= extra else 0)
                on_services = min(rng.randint(0, VOTE_BUDGET), wanted)
                chosen = rng.sample(budgeted, on_services)
                on_ideas = wanted - on_services
                # A third from the popular tenth: a few ideas gather most votes.
                picked = set(rng.sample(popular, min(on_ideas // 3, len(popular))))
                for subject in rng.sample(idea_subjects, on_ideas):
                    if len(picked) == on_ideas:
                        break
                    picked.add(subject)
                chosen.extend(picked)
                for subject in chosen:
                    vote_id += 1
                    yield (vote_id, user_id, subject, self.stamp(120))
                if user_id % 100_000 == 0:
                    self.progress.say(f"{vote_id:,} votes")
            self.counts["votes"] = vote_id

        self.bulk("vote", ["id", "user_id", "subject", "created_at"], rows())
        self.progress.say(f"{self.counts['votes']:,} votes")

    def comments(self, open_ideas: list[int]) -> None:
        """On services and ideas; a fifth are replies to a top-level comment of the same subject."""
        rng = self.rng
        count = _scaled("comments", self.scale, 1)
        subjects = [f"service:{s.key}" for s in SERVICES] + [
            f"service:{key}" for key in self.planned_keys
        ]
        idea_subjects = [f"idea:{n}" for n in open_ideas]
        top_level: dict[str, list[int]] = defaultdict(list)

        def rows():
            for n in range(1, count + 1):
                if rng.random() < 0.6:
                    subject = rng.choice(subjects)
                else:
                    subject = idea_subjects[int(len(idea_subjects) * rng.random() ** 2)]
                parents = top_level[subject]
                parent = rng.choice(parents) if parents and rng.random() < 0.2 else None
                if parent is None:
                    parents.append(n)
                yield (
                    n,
                    subject,
                    rng.randrange(1, self.residents + 1),
                    parent,
                    self.text(rng.choice(PLACES)),
                    False,
                    False,
                    False,
                    False,
                    0,
                    self.stamp(200),
                    None,
                )

        columns = [
            "id",
            "subject",
            "user_id",
            "parent_id",
            "body",
            "official",
            "deleted",
            "hidden",
            "moderated",
            "report_count",
            "created_at",
            "edited_at",
        ]
        self.bulk("comment", columns, rows())
        self.counts["comments"] = count
        self.progress.say(f"{count:,} comments")

    def news(self) -> None:
        rng = self.rng
        count = _scaled("news", self.scale, 1)
        categories = list(NEWS_CATEGORIES)

        def rows():
            for n in range(1, count + 1):
                place = rng.choice([DISTRICT, *PLACES])
                published = rng.random() < 0.95
                when = self.stamp(730)
                title = f"{rng.choice(TOPICS)}: Neues aus {MUNICIPALITIES.get(place, 'dem Landkreis')} ({n})"
                yield (
                    n,
                    rng.randrange(1, self.organisations + 1),
                    None,
                    title,
                    self.text(place)[:140],
                    f"## {title}\n\n{self.text(place)}\n\n- {self.text(place)}\n",
                    "markdown",
                    place,
                    rng.choice(categories),
                    published,
                    when if published else None,
                    when,
                    when,
                    None,
                    None,
                    False,
                )

        columns = [
            "id",
            "organisation_id",
            "author_id",
            "title",
            "teaser",
            "body",
            "body_format",
            "municipality",
            "category",
            "is_published",
            "published_at",
            "created_at",
            "updated_at",
            "source_id",
            "source_url",
            "is_demo",
        ]
        self.bulk("news_post", columns, rows())
        self.counts["news"] = count
        self.progress.say(f"{count:,} news posts")

    def events(self) -> None:
        """Over 300 days before and 430 after the anchor, from one to four hours, a few all-day."""
        rng = self.rng
        count = _scaled("events", self.scale, 1)
        categories = list(EVENT_CATEGORIES)

        def rows():
            for n in range(1, count + 1):
                day = ANCHOR + timedelta(days=rng.randrange(-300, 430))
                all_day = rng.random() < 0.1
                if all_day:
                    # Midnight in Berlin, as the app stores an all-day event.
                    starts = start_of_day(day.date())
                    ends = start_of_day(day.date() + timedelta(days=1))
                else:
                    starts = day.replace(hour=rng.randrange(7, 19), minute=rng.choice((0, 30)))
                    ends = starts + timedelta(hours=rng.randint(1, 4))
                place = rng.choice(PLACES)
                free = rng.random() < 0.5
                yield (
                    n,
                    f"bench-{n}-{uuid.UUID(int=rng.getrandbits(128))}@landwerk",
                    rng.randrange(1, self.organisations + 1),
                    None,
                    f"{rng.choice(TOPICS)} in {MUNICIPALITIES[place]} ({n})",
                    self.text(place),
                    self.w.stamp(starts),
                    self.w.stamp(ends),
                    all_day,
                    f"Gemeindehaus {MUNICIPALITIES[place]}",
                    f"Hauptstraße {rng.randint(1, 99)}, {MUNICIPALITIES[place]}",
                    place,
                    rng.choice(categories),
                    free,
                    None if free else rng.randrange(100, 3000, 50),
                    "",
                    rng.random() < 0.5,
                    "",
                    rng.random() < 0.03,
                    False,
                    None,
                    self.w.stamp(ANCHOR),
                    self.w.stamp(ANCHOR),
                )

        columns = [
            "id",
            "uid",
            "organisation_id",
            "created_by_id",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "all_day",
            "place_name",
            "address",
            "municipality",
            "category",
            "is_free",
            "price_cents",
            "price_note",
            "is_accessible",
            "accessibility_notes",
            "is_cancelled",
            "is_demo",
            "demo_key",
            "created_at",
            "updated_at",
        ]
        self.bulk("event", columns, rows())
        self.counts["events"] = count
        self.progress.say(f"{count:,} events")

    def directory(self) -> None:
        """Entries named after their trade, with the app's search columns and weekday hours."""
        rng = self.rng
        count = _scaled("directory", self.scale, 1)
        hours = []

        def rows():
            for n in range(1, count + 1):
                trade, category = rng.choice(TRADES)
                place = rng.choice(PLACES)
                name = f"{trade} {rng.choice(LAST_NAMES)} {MUNICIPALITIES[place]}"
                description = self.text(place)
                address = f"Marktstraße {rng.randint(1, 40)}, {MUNICIPALITIES[place]}"
                search = search_columns(name, category, description, address, place)
                opens = rng.choice((7, 8, 9))
                for weekday in range(rng.choice((5, 6))):
                    hours.append(
                        (
                            len(hours) + 1,
                            n,
                            weekday,
                            self.w.clock(datetime(2000, 1, 1, opens).time()),
                            self.w.clock(datetime(2000, 1, 1, opens + 9).time()),
                        )
                    )
                yield (
                    n,
                    name,
                    category,
                    description,
                    place,
                    address,
                    f"03921 {rng.randint(10000, 99999)}",
                    f"kontakt{n}@partner.landwerk.test",
                    "",
                    rng.randrange(1, self.organisations + 1) if rng.random() < 0.3 else None,
                    None,
                    *search,
                    self.w.stamp(ANCHOR),
                    self.w.stamp(ANCHOR),
                )

        columns = [
            "id",
            "name",
            "category",
            "description",
            "municipality",
            "address",
            "phone",
            "email",
            "website",
            "organisation_id",
            "demo_key",
            "search_name",
            "search_category",
            "search_text",
            "created_at",
            "updated_at",
        ]
        self.bulk("directory_entry", columns, rows())
        for chunk in _chunks(hours):
            self.w.insert(
                "directory_opening_hours", ["id", "entry_id", "weekday", "opens", "closes"], chunk
            )
        self.counts["directory"] = count
        self.progress.say(f"{count:,} directory entries")


@functools.cache
def _folded(text: str, max_length: int) -> str:
    return search_column(text, max_length)


def search_columns(name, category, description, address, municipality) -> tuple[str, str, str]:
    """The directory's search columns as DirectoryEntry.refresh_search_columns fills them,
    each part folded once (the generated texts repeat)."""
    described = " ".join([description, address, municipality_name(municipality)])
    return (
        _folded(name, SEARCH_NAME_MAX),
        _folded(category_label(category), SEARCH_CATEGORY_MAX),
        _folded(described, SEARCH_TEXT_MAX),
    )


# The cache.


def _tag(scale: float, seed: int) -> str:
    from core import db
    from webapp import create_app

    head = "_".join(sorted(db.head_revisions(create_app({"SECRET_KEY": "bench-tag"}))))
    return f"s{scale:g}_seed{seed}_{head}".replace(".", "_")


def _migrate(url: str) -> None:
    from core import db
    from webapp import create_app

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-migrate"})
    db.upgrade(app)
    app.extensions["db_engine"].dispose()


def _postgres_admin():
    plain = make_url(POSTGRES_SERVER).set(drivername="postgresql", database="postgres")
    return psycopg.connect(plain.render_as_string(hide_password=False), autocommit=True)


def _postgres_url(name: str) -> str:
    return make_url(POSTGRES_SERVER).set(database=name).render_as_string(hide_password=False)


def database(scale: float = 1.0, backend: str = "sqlite", seed: int = 1) -> str:
    """The URL of a populated database at this scale and seed, built once per schema head.
    Shared by every benchmark: one that writes must use database_copy."""
    tag = _tag(scale, seed)
    if backend == "sqlite":
        CACHE.mkdir(parents=True, exist_ok=True)
        path = CACHE / f"landwerk_{tag}.db"
        with open(CACHE / f".{tag}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # several benchmarks may ask at once
            if not path.exists():
                building = path.with_suffix(".building")
                building.unlink(missing_ok=True)
                _migrate(f"sqlite:///{building}")
                print(f"Populating {path.name} (scale {scale:g})", file=sys.stderr, flush=True)
                populate(f"sqlite:///{building}", scale, seed)
                os.replace(building, path)
        return f"sqlite:///{path}"
    name = f"landwerk_bench_{tag}"
    with _postgres_admin() as admin:
        admin.execute("SELECT pg_advisory_lock(%s)", (zlib.crc32(name.encode()),))
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            building = f"{name}_building"
            admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{building}"')
            _migrate(_postgres_url(building))
            print(f"Populating {name} (scale {scale:g})", file=sys.stderr, flush=True)
            populate(_postgres_url(building), scale, seed)
            admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        admin.execute("SELECT pg_advisory_unlock(%s)", (zlib.crc32(name.encode()),))
    return _postgres_url(name)


def database_copy(scale: float = 1.0, backend: str = "sqlite", seed: int = 1) -> str:
    """A private copy of the cached database (a temporary SQLite file, or a PostgreSQL database
    made from it as a template); drop it with drop_copy."""
    source = database(scale, backend, seed)
    if backend == "sqlite":
        target = Path(tempfile.mkdtemp(prefix="landwerk-bench-")) / "landwerk.db"
        shutil.copyfile(make_url(source).database, target)
        return f"sqlite:///{target}"
    name = f"landwerk_copy_{uuid.uuid4().hex[:12]}"
    with _postgres_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(source).database}"')
    return _postgres_url(name)


def drop_copy(url: str) -> None:
    if url.startswith("sqlite"):
        shutil.rmtree(Path(make_url(url).database).parent, ignore_errors=True)
        return
    with _postgres_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


if __name__ == "__main__":
    # python -m bench.data [scale] [backend]: build (or find) the cached database and print its URL.
    started = time.monotonic()
    url = database(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0, *sys.argv[2:3])
    print(f"{url} ({time.monotonic() - started:.0f} s)")
