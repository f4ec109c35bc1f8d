"""The benchmarks' generated data keeps the app's own rules: tallies equal the votes, votes only
where the app would take them, search columns as the app fills them, and every page renders."""

import math
import re
import shutil
import sqlite3
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from bench import data
from bench.app import SERVICES
from core.models import User
from feedback.models import Comment, Idea, Vote, VoteTally
from feedback.votes.trending import vote_weight
from stages.bicycle.directory.models import DirectoryEntry
from stages.bicycle.events.models import Event
from stages.bicycle.news.models import NewsPost
from stages.ladder import FIRST, level_of
from stages.models import PlannedService
from tests.conftest import _migrate, post_form

SCALE = 0.001
SALTED = re.compile(r"scrypt:[^']*")


@pytest.fixture
def populated(app_factory, database_url):
    counts = data.populate(database_url, SCALE, seed=3)
    app = app_factory(SERVICES=SERVICES)
    return app, counts


def test_counts_are_the_rows_written(populated):
    app, counts = populated
    with Session(app.extensions["db_engine"]) as session:
        for model, name in [
            (Vote, "votes"),
            (Comment, "comments"),
            (NewsPost, "news"),
            (Event, "events"),
            (DirectoryEntry, "directory"),
            (Idea, "ideas"),
        ]:
            assert session.exec(select(func.count()).select_from(model)).one() == counts[name]
        residents = session.exec(select(func.count()).where(User.is_product_owner.is_(False)))
        assert residents.one() == counts["residents"] == 10
    assert counts["votes"] == 200


def test_tallies_equal_the_votes_count_and_trend(populated):
    app, _counts = populated
    with Session(app.extensions["db_engine"]) as session:
        votes = session.exec(select(Vote)).all()
        expected_count = Counter(vote.subject for vote in votes)
        expected_trend = defaultdict(float)
        for vote in votes:
            expected_trend[vote.subject] += vote_weight(vote.created_at)
        tallies = {tally.subject: tally for tally in session.exec(select(VoteTally))}
    assert {subject: t.votes for subject, t in tallies.items()} == dict(expected_count)
    for subject, tally in tallies.items():
        assert math.isclose(tally.trend, expected_trend[subject], rel_tol=1e-9)


def test_votes_only_where_the_app_takes_them(populated):
    app, _counts = populated
    live = {f"service:{s.key}" for s in SERVICES if level_of(s.home_stage) <= FIRST.level}
    with Session(app.extensions["db_engine"]) as session:
        planned = {f"service:{key}" for key in session.exec(select(PlannedService.key))}
        budgeted = {f"service:{s.key}" for s in SERVICES} - live | planned
        open_ideas = {
            f"idea:{i}" for i in session.exec(select(Idea.id).where(Idea.status == "open"))
        }
        votes = session.exec(select(Vote.user_id, Vote.subject)).all()
    assert votes and all(subject in budgeted | open_ideas for _user, subject in votes)
    per_resident = Counter(user for user, subject in votes if subject in budgeted)
    assert max(per_resident.values()) <= data.VOTE_BUDGET


def test_directory_search_columns_are_the_apps(populated):
    app, _counts = populated
    with Session(app.extensions["db_engine"]) as session:
        for entry in session.exec(select(DirectoryEntry)):
            stored = (entry.search_name, entry.search_category, entry.search_text)
            entry.refresh_search_columns()
            assert stored == (entry.search_name, entry.search_category, entry.search_text)


def test_pages_render_for_visitors_and_residents(populated):
    app, _counts = populated
    client = app.test_client()
    with Session(app.extensions["db_engine"]) as session:
        post = session.exec(select(NewsPost.id).where(NewsPost.is_published)).first()
        event = session.exec(select(Event.id)).first()
        entry = session.exec(select(DirectoryEntry.id)).first()
        idea = session.exec(select(Idea.id)).first()
    pages = [
        "/",
        "/roadmap",
        "/roadmap?sortierung=trend",
        "/ideen",
        f"/ideen/{idea}",
        "/neuigkeiten/",
        f"/neuigkeiten/{post}",
        "/veranstaltungen/",
        "/veranstaltungen/monat/2026/11",
        f"/veranstaltungen/{event}",
        "/verzeichnis/?q=b%C3%A4ckerei",
        f"/verzeichnis/{entry}",
        "/roadmap/service_01",
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page
    signed_in = post_form(
        client, "/login", {"email": "resident1@bench.landwerk.test", "password": data.PASSWORD}
    )
    assert signed_in.status_code == 302
    roadmap = client.get("/roadmap")
    assert roadmap.status_code == 200
    # The app counts the same budget the generator kept.
    with Session(app.extensions["db_engine"]) as session:
        subjects = session.exec(select(Vote.subject).where(Vote.user_id == 1)).all()
    used = sum(1 for subject in subjects if subject.startswith("service:"))
    left = data.VOTE_BUDGET - used
    assert f"Noch {left} von {data.VOTE_BUDGET} Stimmen frei" in roadmap.get_data(as_text=True)


def test_the_same_seed_gives_the_same_data(tmp_path):
    # Generated into SQLite files on their own: one backend is enough to compare two runs.
    template = tmp_path / "template.db"
    _migrate(f"sqlite:///{template}")
    dumps = []
    for name in ("one.db", "two.db"):
        shutil.copy(template, tmp_path / name)
        data.populate(f"sqlite:///{tmp_path / name}", SCALE, seed=5)
        with sqlite3.connect(tmp_path / name) as connection:
            # The one password hash has a random salt, as every werkzeug hash has.
            dumps.append([SALTED.sub("hash", line) for line in connection.iterdump()])
    assert dumps[0] == dumps[1]
