"""What keeps pages from slowing down as data grows: the counters the database keeps (visible
comments per subject, votes per subject and municipality, published news per place and
category) stay equal to a count of the rows
through every kind of change, the pages read the counters instead of counting rows, the
directory search reads the table once per page, and the event queries' bound on start times
changes no result."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, event, update
from sqlmodel import func, select

from core.models import Organisation, User
from feedback.ideas.service import move_votes
from feedback.models import Comment, CommentTally, LocalVoteTally, Vote
from stages.bicycle.events.models import Event
from stages.bicycle.events.times import LONGEST, now
from stages.bicycle.news.models import NewsPost, PublishedNewsCount
from tests.conftest import make_user
from tests.directory.test_directory import add_entry, names
from tests.fake_services import TEST_SERVICES
from tests.news.test_news import make_organisation, make_post, titles_on
from tests.test_roadmap import card, plan, residents


@pytest.fixture
def staged(app_factory):
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


def statements_of(app, client, url) -> list[str]:
    statements = []

    def record(_connection, _cursor, statement, *_args):
        statements.append(" ".join(statement.split()))

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return statements


def reads_table(statements: list[str], table: str) -> bool:
    return any(f"FROM {table} " in s or s.endswith(f"FROM {table}") for s in statements)


# --- Comments per subject ----------------------------------------------------------------------


def visible_comments(database) -> dict[str, int]:
    database.expire_all()
    rows = database.exec(
        select(Comment.subject, func.count())
        .where(Comment.deleted.is_(False), Comment.hidden.is_(False))
        .group_by(Comment.subject)
    )
    return dict(rows.all())


def comment_tallies(database) -> dict[str, int]:
    database.expire_all()
    rows = database.exec(select(CommentTally.subject, CommentTally.comments))
    return {subject: count for subject, count in rows if count}


def test_comment_tally_follows_every_change_of_a_comment(app, database):
    author = make_user(database)
    comments = [
        Comment(subject="service:news", user_id=author.id, body=f"Kommentar {n}") for n in range(4)
    ]
    comments.append(
        Comment(subject="idea:7", user_id=author.id, body="Schon versteckt", hidden=True)
    )
    database.add_all(comments)
    database.commit()
    assert comment_tallies(database) == {"service:news": 4} == visible_comments(database)

    reply = Comment(subject="service:news", user_id=author.id, parent_id=comments[0].id, body="Ja")
    database.add(reply)
    comments[1].deleted = True  # deleted by its author
    comments[2].hidden = True  # hidden after reports
    comments[4].hidden = False  # restored by a product owner
    comments[3].subject = "service:events"  # moved (no page does this; the counter must follow)
    database.commit()
    assert comment_tallies(database) == {"service:news": 2, "idea:7": 1, "service:events": 1}
    assert comment_tallies(database) == visible_comments(database)

    # Set-based writes, as the report counter makes them, are counted just the same.
    database.exec(update(Comment).where(Comment.subject == "service:news").values(hidden=True))
    database.exec(delete(Comment).where(Comment.subject == "idea:7"))
    database.commit()
    assert comment_tallies(database) == {"service:events": 1} == visible_comments(database)


def test_roadmap_reads_comment_counts_from_the_tally_not_the_comments(staged, database):
    author = make_user(database)
    plan(database, "radweg")
    database.add_all(
        [Comment(subject="service:radweg", user_id=author.id, body="Gern!") for _ in range(3)]
        + [Comment(subject="service:radweg", user_id=author.id, body="Weg", deleted=True)]
    )
    database.commit()
    client = staged.test_client()
    client.get("/roadmap")  # the process reads the flags once, on its first request
    statements = statements_of(staged, client, "/roadmap")
    assert not reads_table(statements, "comment") and not reads_table(statements, "vote")
    assert "3 Kommentare" in card(client.get("/roadmap").get_data(as_text=True), "radweg")


# --- Votes per subject and municipality -------------------------------------------------------


def local_votes(database) -> dict[tuple[str, str], int]:
    database.expire_all()
    rows = database.exec(
        select(Vote.subject, User.municipality, func.count())
        .join(User, User.id == Vote.user_id)
        .group_by(Vote.subject, User.municipality)
    )
    return {(subject, place): count for subject, place, count in rows}


def local_tallies(database) -> dict[tuple[str, str], int]:
    database.expire_all()
    rows = database.exec(select(LocalVoteTally))
    return {(row.subject, row.municipality): row.votes for row in rows if row.votes}


def test_local_vote_tally_follows_votes_residents_and_merged_ideas(app, database):
    anna, bert = residents(database, 2, municipality="burg", prefix="burg")
    (clara,) = residents(database, 1, municipality="gommern", prefix="gommern")
    database.add_all(
        [
            Vote(user_id=anna.id, subject="idea:1"),
            Vote(user_id=anna.id, subject="idea:2"),
            Vote(user_id=bert.id, subject="idea:1"),
            Vote(user_id=clara.id, subject="idea:1"),
        ]
    )
    database.commit()
    expected = {("idea:1", "burg"): 2, ("idea:2", "burg"): 1, ("idea:1", "gommern"): 1}
    assert local_tallies(database) == expected == local_votes(database)

    database.exec(delete(Vote).where(Vote.user_id == anna.id, Vote.subject == "idea:2"))
    bert.municipality = "gommern"  # moved house: the vote moves along
    database.add(bert)
    database.commit()
    assert local_tallies(database) == {("idea:1", "burg"): 1, ("idea:1", "gommern"): 2}
    assert local_tallies(database) == local_votes(database)

    # idea:1 is a duplicate of idea:2: its votes move there, and anna's is counted once.
    database.add(Vote(user_id=anna.id, subject="idea:2"))
    database.commit()
    move_votes(database, source="idea:1", target="idea:2")
    database.commit()
    assert local_tallies(database) == {("idea:2", "burg"): 1, ("idea:2", "gommern"): 2}
    assert local_tallies(database) == local_votes(database)

    # A deleted account takes its votes along (ON DELETE CASCADE), counted once.
    database.exec(delete(User).where(User.id == clara.id))
    database.commit()
    assert local_tallies(database) == {("idea:2", "burg"): 1, ("idea:2", "gommern"): 1}
    assert local_tallies(database) == local_votes(database)


def test_roadmap_votes_of_a_municipality_come_from_the_tally(staged, database):
    plan(database, "radweg")
    voters = residents(database, 3, municipality="burg") + residents(
        database, 2, municipality="genthin", prefix="g"
    )
    database.add_all([Vote(user_id=voter.id, subject="service:radweg") for voter in voters])
    database.commit()
    client = staged.test_client()
    client.get("/roadmap?gemeinde=burg")
    statements = statements_of(staged, client, "/roadmap?gemeinde=burg")
    assert not reads_table(statements, "vote") and not reads_table(statements, "user_account")
    page = client.get("/roadmap?gemeinde=burg").get_data(as_text=True)
    assert "3 Stimmen aus Burg" in card(page, "radweg")


# --- Published news per place and category -----------------------------------------------------


def published_posts(database) -> dict[tuple[str, str], int]:
    database.expire_all()
    rows = database.exec(
        select(NewsPost.municipality, NewsPost.category, func.count())
        .where(NewsPost.is_published)
        .group_by(NewsPost.municipality, NewsPost.category)
    )
    return {(place, category): count for place, category, count in rows}


def news_counts(database) -> dict[tuple[str, str], int]:
    database.expire_all()
    rows = database.exec(select(PublishedNewsCount))
    return {(row.municipality, row.category): row.posts for row in rows if row.posts}


def test_published_news_count_follows_every_change_of_a_post(app, database):
    club = make_organisation(database)
    other = make_organisation(database, name="Feuerwehr Burg", municipality="burg")
    posts = [make_post(database, club, title=f"Beitrag {n}") for n in range(3)]
    draft = make_post(database, club, title="Entwurf", is_published=False)
    make_post(database, other, title="Aus Burg", category="soziales")
    assert news_counts(database) == {("gommern", "vereine"): 3, ("burg", "soziales"): 1}
    assert news_counts(database) == published_posts(database)

    draft.is_published = True  # published
    posts[0].is_published = False  # withdrawn
    posts[1].category = "kultur"  # edited
    posts[2].municipality = "landkreis"
    database.commit()
    assert news_counts(database) == published_posts(database)
    assert news_counts(database)[("gommern", "vereine")] == 1

    # Deleting an organisation deletes its posts in the database (ON DELETE CASCADE).
    database.exec(delete(Organisation).where(Organisation.id == club.id))
    database.commit()
    assert news_counts(database) == {("burg", "soziales"): 1} == published_posts(database)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 5),
        ("?gemeinde=gommern", 4),  # its own posts and the district's
        ("?gemeinde=landkreis", 1),
        ("?kategorie=kultur", 2),
        ("?gemeinde=burg&kategorie=kultur", 1),
    ],
)
def test_news_list_totals_come_from_the_counts(app, database, query, expected):
    club = make_organisation(database)
    make_post(database, club, title="Verein 1")
    make_post(database, club, title="Verein 2")
    make_post(database, club, title="Kultur in Gommern", category="kultur")
    make_post(database, club, title="Entwurf", is_published=False)
    make_post(database, club, title="Für alle", municipality="landkreis", category="kultur")
    make_post(database, club, title="Aus Burg", municipality="burg")
    client = app.test_client()
    page = client.get(f"/neuigkeiten/{query}").get_data(as_text=True)
    listed = len(titles_on(page))
    assert listed == expected
    assert f"{expected} Beiträge" in page or (expected == 1 and "1 Beitrag" in page)
    statements = statements_of(app, client, f"/neuigkeiten/{query}")
    assert not any("count(" in s.lower() and "news_post" in s for s in statements)


def test_news_pages_are_numbered_from_the_counts(app, database):
    club = make_organisation(database)
    for n in range(23):
        make_post(database, club, title=f"Beitrag {n}", days_ago=n)
    client = app.test_client()
    assert "Seite 1 von 3" in client.get("/neuigkeiten/").get_data(as_text=True)
    assert len(titles_on(client.get("/neuigkeiten/?seite=3").get_data(as_text=True))) == 3
    assert client.get("/neuigkeiten/?seite=4").status_code == 404


# --- Directory search: one pass for the page and its count -------------------------------------


def test_directory_search_reads_the_page_and_its_count_in_one_statement(app, database):
    for number in range(45):
        add_entry(database, f"Bäckerei {number:02d}", hours=[(0, "08:00", "12:00")])
    add_entry(database, "Tischlerei Krause")
    client = app.test_client()
    url = "/verzeichnis/?q=backerei&seite=2"
    client.get(url)
    statements = [s for s in statements_of(app, client, url) if "directory" in s]
    # The entries with their count, and their opening hours: however many entries match.
    assert len(statements) == 2 and "count(*) OVER ()" in statements[0]
    page = client.get(url).get_data(as_text=True)
    assert "Gefundene Einträge: 45" in page and "Seite 2 von 3" in page
    assert names(client.get(url)) == [f"Bäckerei {n:02d}" for n in range(20, 40)]
    # Past the last page: that page does not exist.
    assert client.get("/verzeichnis/?q=backerei&seite=9").status_code == 404
    assert "Keine" in client.get("/verzeichnis/?q=zahnarzt").get_data(as_text=True)


# --- Events: the bound on start times ----------------------------------------------------------


def make_event(database, organisation, title, starts_at, ends_at):
    database.add(
        Event(
            organisation_id=organisation.id,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            place_name="Marktplatz",
            municipality="burg",
            category="kultur",
        )
    )
    database.commit()


def test_the_longest_possible_event_still_running_is_listed_and_in_the_month(app, database):
    club = make_organisation(database)
    moment = now()
    ends = moment + timedelta(days=2)
    make_event(database, club, "Ein Jahr lang", ends - LONGEST + timedelta(minutes=1), ends)
    make_event(database, club, "Längst vorbei", moment - LONGEST, moment - timedelta(days=1))
    client = app.test_client()
    listing = client.get("/veranstaltungen/").get_data(as_text=True)
    assert "Ein Jahr lang" in listing and "Längst vorbei" not in listing
    month = client.get(f"/veranstaltungen/monat/{moment.year}/{moment.month}").get_data(
        as_text=True
    )
    assert "Ein Jahr lang" in month
