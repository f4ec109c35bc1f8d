"""The district tallies (votes and trend per subject) are kept by the database: after every kind
of write that adds, removes or moves votes – a vote, its withdrawal, a deleted account, an idea
merged or planned, a blocked account – they equal the vote rows, with the trend recomputed from
the votes' times; the migration recounts tallies that were wrong before."""

import json
import math
import random
import re
import threading
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import update
from sqlmodel import Session, select

from core import db
from core.audit import AuditEntry
from core.models import User, utcnow
from feedback.models import Idea, Vote, VoteTally
from feedback.votes.service import VoteError, cast_vote
from feedback.votes.trending import EPOCH, HALF_LIFE, vote_weight
from tests.conftest import PASSWORD, make_user, post_form
from tests.fake_services import TEST_SERVICES
from tests.test_vote_concurrency_server import residents
from webapp import create_app

HTMX = {"HX-Request": "true"}
CONFIRMATION_LINK = re.compile(r"http://localhost(/konto/bestaetigen/[A-Za-z0-9_.\-]+)")
REGISTRATION = {
    "email": "neu@example.org",
    "display_name": "Karl Neumann",
    "municipality": "genthin",
    "password": "gutes-passwort-7",
    "password_repeat": "gutes-passwort-7",
}


def kept_and_counted(database) -> tuple[dict, dict]:
    """(subject → (votes, trend)) as the tallies keep them, and as the vote rows give them."""
    database.expire_all()
    counted: dict[str, list] = defaultdict(lambda: [0, 0.0])
    for subject, created_at in database.exec(select(Vote.subject, Vote.created_at)):
        counted[subject][0] += 1
        counted[subject][1] += vote_weight(created_at)
    kept = {tally.subject: (tally.votes, tally.trend) for tally in database.exec(select(VoteTally))}
    return kept, {subject: tuple(values) for subject, values in counted.items()}


def assert_tallies_are_the_votes(database) -> dict[str, int]:
    kept, counted = kept_and_counted(database)
    # A vote cast today weighs about 2^48: sums that large round in their last digits.
    rounding = vote_weight(utcnow()) * 1e-9
    for subject in kept.keys() | counted.keys():
        votes, trend = kept.get(subject, (0, 0.0))
        rows, recomputed = counted.get(subject, (0, 0.0))
        assert votes == rows, subject
        assert math.isclose(trend, recomputed, rel_tol=1e-9, abs_tol=rounding), subject
    return {subject: votes for subject, (votes, _trend) in kept.items()}


def signed_in(app, email):
    client = app.test_client()
    response = post_form(client, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def vote(client, subject, choice="ja"):
    return post_form(client, "/abstimmen", {"subject": subject, "stimme": choice}, headers=HTMX)


def add_idea(database, title) -> Idea:
    idea = Idea(title=title, description="Eine Beschreibung.", municipality="burg")
    database.add(idea)
    database.commit()
    return idea


def test_register_vote_delete_again_leaves_no_votes_behind(app_factory, database, mailbox):
    """The audit's loop: three passes used to leave 0 vote rows and a tally of 3."""
    app = app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)
    for registration in range(3):
        client = app.test_client()
        assert post_form(client, "/registrieren", REGISTRATION).status_code == 302
        # Votes count once the address is confirmed: by the link in this registration's mail.
        mails = mailbox.mails(REGISTRATION["email"])
        assert len(mails) == registration + 1
        [confirmation] = CONFIRMATION_LINK.findall(mails[0].text)  # newest first
        assert post_form(client, confirmation).status_code == 302
        # Registering does not sign in (it answers a known address alike): signing in does.
        credentials = {"email": REGISTRATION["email"], "password": REGISTRATION["password"]}
        assert post_form(client, "/login", credentials).status_code == 302
        assert vote(client, "service:gamma").status_code == 200
        assert assert_tallies_are_the_votes(database)["service:gamma"] == 1
        password = {"password": REGISTRATION["password"]}
        assert post_form(client, "/profil/loeschen", password).status_code == 302
        assert assert_tallies_are_the_votes(database)["service:gamma"] == 0
        assert database.get(VoteTally, "service:gamma").trend == 0.0


def test_every_kind_of_write_keeps_the_tallies_equal_to_the_votes(app_factory, database):
    app = app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)
    make_user(database, email="chefin@example.org", is_product_owner=True)
    owner = signed_in(app, "chefin@example.org")
    people = {name: make_user(database, email=f"{name}@example.org") for name in "abcd"}
    clients = {name: signed_in(app, f"{name}@example.org") for name in people}
    first, second = add_idea(database, "Rufbus"), add_idea(database, "Rufbus am Abend")
    one, two = f"idea:{first.id}", f"idea:{second.id}"

    for client in clients.values():  # votes
        for subject in ("service:gamma", one, two):
            assert vote(client, subject).status_code == 200
    assert assert_tallies_are_the_votes(database) == {"service:gamma": 4, one: 4, two: 4}

    assert vote(clients["b"], one, "nein").status_code == 200  # withdrawn
    assert assert_tallies_are_the_votes(database) == {"service:gamma": 4, one: 3, two: 4}

    merged = post_form(
        owner, f"/ideen/{second.id}/doppelt", {"original": str(first.id), "answer": ""}
    )
    assert merged.status_code == 303  # b's vote moves over, the others' count once
    assert assert_tallies_are_the_votes(database) == {"service:gamma": 4, one: 4, two: 0}

    planned = post_form(
        owner,
        f"/ideen/{first.id}/planen",
        {"key": "rufbus", "title": "Rufbus", "summary": "", "target_stage": "truck"},
    )
    assert planned.status_code == 303
    tallies = assert_tallies_are_the_votes(database)
    assert (tallies[one], tallies["service:rufbus"]) == (0, 4)

    blocked = post_form(owner, f"/moderation/nutzer/{people['c'].id}/sperren", {"reason": "Spam"})
    assert blocked.status_code == 302
    tallies = assert_tallies_are_the_votes(database)
    assert (tallies["service:gamma"], tallies["service:rufbus"]) == (3, 3)
    [entry] = database.exec(select(AuditEntry).where(AuditEntry.action == "user_block"))
    assert (json.loads(entry.before)["votes"], json.loads(entry.after)["votes"]) == (2, 0)

    deleted = post_form(clients["d"], "/profil/loeschen", {"password": PASSWORD})
    assert deleted.status_code == 302
    tallies = assert_tallies_are_the_votes(database)
    assert (tallies["service:gamma"], tallies["service:rufbus"]) == (2, 2)


def test_the_database_weighs_each_vote_as_the_trend_defines_it(database):
    voter = make_user(database)
    moments = [EPOCH, EPOCH + HALF_LIFE, EPOCH + timedelta(days=100, microseconds=123_457)]
    for n, moment in enumerate(moments):
        database.add(Vote(user_id=voter.id, subject=f"idea:{n}", created_at=moment))
    database.commit()
    for n, moment in enumerate(moments):
        tally = database.get(VoteTally, f"idea:{n}")
        assert tally.votes == 1
        assert math.isclose(tally.trend, vote_weight(moment), rel_tol=1e-9)
    assert database.get(VoteTally, "idea:1").trend == 2.0
    # A vote moved by any code moves its count and weight along.
    database.exec(update(Vote).where(Vote.subject == "idea:2").values(subject="idea:5"))
    database.commit()
    assert_tallies_are_the_votes(database)
    assert database.get(VoteTally, "idea:2").votes == 0


def test_the_migration_recounts_tallies_that_lost_track(empty_database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": empty_database_url, "SECRET_KEY": "x"})
    engine = app.extensions["db_engine"]
    db.upgrade(app)
    with engine.begin() as connection:
        command.downgrade(db.alembic_config(app, connection), "feedback_0003")
    try:
        with Session(engine) as database:
            voters = [make_user(database, email=f"v{n}@example.org") for n in range(3)]
            cast = utcnow() - timedelta(days=3)
            database.add_all(
                [
                    Vote(user_id=voter.id, subject="service:gamma", created_at=cast)
                    for voter in voters
                ]
                + [Vote(user_id=voters[0].id, subject="idea:7")]
            )
            # As the vote functions alone left them: a deleted account's votes still counted.
            database.add_all(
                [
                    VoteTally(subject="service:gamma", votes=5, trend=1.0),
                    VoteTally(subject="service:beta", votes=2, trend=2.0),
                ]
            )
            database.commit()
            db.upgrade(app)
            tallies = assert_tallies_are_the_votes(database)
            assert tallies == {"service:gamma": 3, "service:beta": 0, "idea:7": 1}
            database.delete(database.get(User, voters[0].id))  # the triggers are back
            database.commit()
            assert assert_tallies_are_the_votes(database)["service:gamma"] == 2
    finally:
        engine.dispose()


def test_merges_and_votes_at_once_answer_without_errors_and_keep_the_tallies(app_factory, database):
    """Product owners merge ideas while residents vote on them: PostgreSQL used to detect
    deadlocks (merge: tallies, then votes; vote: vote, then tally) and answer 500."""
    app = app_factory(RATELIMIT_ENABLED=False)
    make_user(database, email="chefin@example.org", is_product_owner=True)
    emails = residents(database, 8)
    original, *duplicates = (add_idea(database, f"Idee {n}") for n in range(6))
    ideas = [original, *duplicates]
    chooser = random.Random(14)
    users = database.exec(select(User).where(User.email.in_(emails))).all()
    for user in users:  # votes from before, on every idea
        for idea in chooser.sample(ideas, 4):
            moment = utcnow() - timedelta(hours=chooser.randrange(24 * 30))
            database.add(Vote(user_id=user.id, subject=f"idea:{idea.id}", created_at=moment))
    database.commit()

    owners = [signed_in(app, "chefin@example.org") for _ in duplicates]
    voters = [signed_in(app, email) for email in emails]
    barrier = threading.Barrier(len(owners) + len(voters))
    statuses: Counter = Counter()
    errors: list[BaseException] = []

    def run(work, *args) -> None:
        try:
            barrier.wait(timeout=60)
            work(*args)
        except BaseException as error:  # collected and asserted below
            errors.append(error)
            barrier.abort()

    def merge(client, duplicate) -> None:
        response = post_form(
            client, f"/ideen/{duplicate.id}/doppelt", {"original": str(original.id), "answer": ""}
        )
        statuses[("merge", response.status_code)] += 1

    def resident(client, seed) -> None:
        own = random.Random(seed)
        for _ in range(12):
            idea = own.choice(ideas)
            response = vote(client, f"idea:{idea.id}", own.choice(["ja", "nein"]))
            statuses[("vote", response.status_code)] += 1

    threads = [
        threading.Thread(target=run, args=(merge, *pair))
        for pair in zip(owners, duplicates, strict=True)
    ]
    threads += [
        threading.Thread(target=run, args=(resident, client, n)) for n, client in enumerate(voters)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert statuses[("merge", 303)] == len(duplicates), statuses
    # A vote on an idea merged meanwhile is refused (422); nothing answers 500.
    assert {status for _kind, status in statuses} <= {200, 303, 422}, statuses
    tallies = assert_tallies_are_the_votes(database)
    assert all(tallies.get(f"idea:{idea.id}", 0) == 0 for idea in duplicates), tallies
    assert all(
        idea.status == "duplicate"
        for idea in database.exec(select(Idea).where(Idea.id != original.id))
    )
    print(f"\nstatuses: {dict(statuses)}; tallies: {tallies}")


def test_a_block_made_while_the_vote_waited_stops_the_vote(app, database):
    """The block removes the votes and the blocked flag is read again under the vote's lock:
    a vote that read the account before the block adds nothing afterwards."""
    voter = make_user(database)
    with app.test_request_context():
        session = db.session()
        before_the_block = session.get(User, voter.id)
        database.exec(update(User).where(User.id == voter.id).values(is_blocked=True))
        database.commit()
        with pytest.raises(VoteError):
            cast_vote(db=session, user=before_the_block, subject="idea:1", budgeted_subjects=None)
    assert assert_tallies_are_the_votes(database).get("idea:1", 0) == 0
