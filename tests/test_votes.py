"""Votes: one per resident per subject, exact tallies, the budget, trending and unlocks."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core import db
from core.audit import Actor
from feedback.models import Notification, Unlock, Vote, VoteTally
from feedback.votes import service as votes
from feedback.votes.trending import EPOCH, HALF_LIFE, trend_now, vote_weight
from stages import control
from tests.conftest import make_user
from tests.fake_services import TEST_SERVICES

BUDGETED = [f"service:locked{n}" for n in range(10)]


def cast(app, user, subject, budgeted=None, budget=votes.DEFAULT_BUDGET):
    with app.test_request_context():
        return votes.cast_vote(
            db=db.session(), user=user, subject=subject, budgeted_subjects=budgeted, budget=budget
        )


def withdraw(app, user, subject, budgeted=None, budget=votes.DEFAULT_BUDGET):
    with app.test_request_context():
        return votes.withdraw_vote(
            db=db.session(), user=user, subject=subject, budgeted_subjects=budgeted, budget=budget
        )


def test_a_second_vote_by_the_same_resident_is_not_counted(app, database):
    user = make_user(database)
    first = cast(app, user, "service:beta")
    second = cast(app, user, "service:beta")
    assert (first.votes, first.you_voted) == (1, True)
    assert (second.votes, second.you_voted) == (1, True)
    assert len(database.exec(select(Vote)).all()) == 1


def test_the_database_itself_refuses_a_duplicate_vote(app, database):
    user = make_user(database)
    database.add(Vote(user_id=user.id, subject="idea:1"))
    database.commit()
    database.add(Vote(user_id=user.id, subject="idea:1"))
    with pytest.raises(IntegrityError):
        database.commit()
    database.rollback()


def test_withdrawing_is_idempotent_and_counts_stay_exact(app, database):
    anna = make_user(database)
    bert = make_user(database, email="bert@example.org")
    cast(app, anna, "idea:7")
    cast(app, bert, "idea:7")
    assert withdraw(app, anna, "idea:7").votes == 1
    result = withdraw(app, anna, "idea:7")
    assert (result.votes, result.you_voted) == (1, False)


def test_budget_of_active_votes_for_locked_services(app, database):
    user = make_user(database)
    for n in range(3):
        result = cast(app, user, BUDGETED[n], BUDGETED, budget=3)
    assert result.votes_left == 0
    with pytest.raises(votes.BudgetUsedUp, match="alle 3 Stimmen"):
        cast(app, user, BUDGETED[3], BUDGETED, budget=3)
    assert len(database.exec(select(Vote)).all()) == 3
    assert withdraw(app, user, BUDGETED[0], BUDGETED, budget=3).votes_left == 1
    # Votes on subjects outside the budget (ideas, unlocked services) are free.
    assert cast(app, user, "idea:1", None).votes_left is None


def test_blocked_resident_cannot_vote(app, database):
    user = make_user(database)
    user.is_blocked = True
    database.add(user)
    database.commit()
    with pytest.raises(votes.VoteError, match="gesperrt"):
        cast(app, user, "idea:1")
    assert database.exec(select(Vote)).all() == []


def test_parallel_votes_of_many_residents_are_all_counted(app_factory, database):
    app = app_factory()
    residents = [make_user(database, email=f"r{n}@example.org") for n in range(12)]
    barrier = threading.Barrier(len(residents))
    failures = []

    def vote_twice(user):
        try:
            barrier.wait()
            cast(app, user, "service:gamma")
            cast(app, user, "service:gamma")
        except Exception as error:  # collected and asserted below
            failures.append(error)

    threads = [threading.Thread(target=vote_twice, args=(user,)) for user in residents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    database.expire_all()
    assert database.get(VoteTally, "service:gamma").votes == 12
    assert len(database.exec(select(Vote).where(Vote.subject == "service:gamma")).all()) == 12


def test_one_resident_voting_in_parallel_cannot_exceed_the_budget(app_factory, database):
    app = app_factory()
    user = make_user(database)
    barrier = threading.Barrier(6)
    outcomes = []

    def vote(subject):
        barrier.wait()
        try:
            cast(app, user, subject, BUDGETED, budget=3)
            outcomes.append("ok")
        except votes.BudgetUsedUp:
            outcomes.append("budget")

    threads = [threading.Thread(target=vote, args=(BUDGETED[n],)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["budget"] * 3 + ["ok"] * 3
    assert len(database.exec(select(Vote)).all()) == 3


def test_trend_weights_halve_every_half_life():
    assert vote_weight(EPOCH) == 1.0
    assert vote_weight(EPOCH + HALF_LIFE) == 2.0
    week_old_vote = vote_weight(EPOCH + HALF_LIFE)
    assert trend_now(week_old_vote, EPOCH + 2 * HALF_LIFE) == pytest.approx(0.5)


def test_withdrawn_vote_takes_its_own_weight_back(app, database):
    anna = make_user(database)
    cast(app, anna, "idea:3")
    withdraw(app, anna, "idea:3")
    database.expire_all()
    assert database.get(VoteTally, "idea:3").trend == pytest.approx(0.0, abs=1e-6)


def test_unlock_records_the_changelog_and_tells_the_voters(app_factory, database):
    app = app_factory(SERVICES=TEST_SERVICES)
    voter = make_user(database)
    cast(app, voter, "service:beta")
    with app.test_request_context():
        control.promote_service(
            db=db.session(), services=TEST_SERVICES, key="beta", actor=Actor(None, "t")
        )
    unlock = database.exec(select(Unlock)).one()
    assert (unlock.service_key, unlock.stage, unlock.votes) == ("beta", "bicycle", 1)
    note = database.exec(select(Notification)).one()
    assert (note.user_id, note.kind, note.subject, note.title) == (
        voter.id,
        "unlocked",
        "service:beta",
        "Dienst Beta",
    )


def test_killing_and_restoring_a_live_service_counts_as_unlock_again_only_after_it_was_gone(
    app_factory, database
):
    app = app_factory(SERVICES=TEST_SERVICES)
    with app.test_request_context():
        session: Session = db.session()
        control.set_rollout(
            db=session, services=TEST_SERVICES, key="alpha", percent=50, actor=Actor(None, "t")
        )
        control.kill_service(
            db=session, services=TEST_SERVICES, key="alpha", actor=Actor(None, "t")
        )
        control.restore_service(
            db=session, services=TEST_SERVICES, key="alpha", actor=Actor(None, "t")
        )
    assert database.exec(select(Unlock)).all() == []


def test_tally_ordering_by_trend_prefers_recent_votes(app, database):
    database.add(VoteTally(subject="service:alt", votes=3, trend=3 * vote_weight(EPOCH)))
    database.add(
        VoteTally(subject="service:neu", votes=2, trend=2 * vote_weight(EPOCH + timedelta(days=21)))
    )
    database.commit()
    ordered = database.exec(select(VoteTally.subject).order_by(VoteTally.trend.desc())).all()
    assert ordered == ["service:neu", "service:alt"]
