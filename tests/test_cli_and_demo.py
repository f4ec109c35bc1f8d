"""Command line: users create, demo (idempotent), db upgrade."""

import re

from sqlmodel import func, select

from core.models import Membership, Organisation, User
from core.municipalities import MUNICIPALITIES
from feedback.models import Comment, Idea, Notification, Unlock, Vote, VoteTally
from stages.models import PlannedService
from tests.conftest import post_form
from webapp import create_app


def count(database, model) -> int:
    database.expire_all()
    return database.exec(select(func.count()).select_from(model)).one()


def test_demo_loads_accounts_and_organisations_and_is_idempotent(runner, database):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    for email in (
        "owner@landwerk.example",
        "tester@landwerk.example",
        "resident@landwerk.example",
        "partner@landwerk.example",
        "hofladen@landwerk.example",
        "imkerei@landwerk.example",
    ):
        assert email in first.output
    counts = (count(database, User), count(database, Organisation), count(database, Membership))
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert (
        count(database, User),
        count(database, Organisation),
        count(database, Membership),
    ) == counts
    # The six role accounts and a household in each of the eight municipalities.
    assert counts[0] == 6 + 8
    assert database.exec(select(Organisation).where(Organisation.is_demo.is_(False))).all() == []


def test_demo_gives_the_roadmap_something_to_take_part_in(runner, database, app):
    assert runner.invoke(args=["demo"]).exit_code == 0
    planned = database.exec(select(PlannedService.target_stage)).all()
    assert {"moped", "truck"} <= set(planned)
    assert set(database.exec(select(Idea.status)).all()) == {
        "open",
        "planned",
        "declined",
        "duplicate",
    }
    voters = database.exec(select(User.municipality).join(Vote, Vote.user_id == User.id)).all()
    assert set(voters) == set(MUNICIPALITIES)
    # The counters agree with the votes they count.
    for tally in database.exec(select(VoteTally)).all():
        rows = database.exec(select(func.count()).where(Vote.subject == tally.subject)).one()
        assert tally.votes == rows, tally.subject
    official = database.exec(select(Comment).where(Comment.official)).all()
    assert len(official) == 1 and official[0].parent_id is not None
    assert count(database, Unlock) == 1
    resident = database.exec(select(User).where(User.email == "resident@landwerk.example")).one()
    kinds = database.exec(select(Notification.kind).where(Notification.user_id == resident.id))
    assert sorted(kinds) == ["idea_planned", "official_answer"]
    before = [count(database, model) for model in (Vote, Comment, Idea, Notification, Unlock)]
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert [
        count(database, model) for model in (Vote, Comment, Idea, Notification, Unlock)
    ] == before
    with app.test_client() as visitor:
        roadmap = visitor.get("/roadmap").get_data(as_text=True)
        ideas = visitor.get("/ideen").get_data(as_text=True)
        changelog = visitor.get("/neu").get_data(as_text=True)
    assert "Mitfahrbank" in roadmap and "Mängelmelder" in roadmap and "Rufbus" in roadmap
    assert "Sitzbänke am Elberadweg" in ideas
    # Issue 13's "done when": at least 8 cards beyond the live ones, at least 10 ideas.
    cards = roadmap.count('class="card roadmap-card"')
    live = roadmap.count("roadmap-state roadmap-state-live")
    assert cards - live >= 8, (cards, live)
    with app.test_client() as visitor:
        every_idea = visitor.get("/ideen?status=").get_data(as_text=True)
    assert count(database, Idea) >= 10
    assert int(re.search(r"(\d+) Ideen", every_idea).group(1)) >= 10
    assert "14 Einwohnerinnen und Einwohner hatten sich das gewünscht" in changelog


def test_demo_accounts_sign_in_with_the_demo_password(app_factory):
    app = app_factory(DEMO_PASSWORD="ein-demo-passwort-9")
    app.test_cli_runner().invoke(args=["demo"])
    client = app.test_client()
    post_form(
        client, "/login", {"email": "partner@landwerk.example", "password": "ein-demo-passwort-9"}
    )
    me = client.get("/api/v1/me").get_json()
    assert me["roles"] == ["resident", "partner"]


def test_changed_demo_password_takes_effect_on_the_next_load(app_factory):
    app_factory(DEMO_PASSWORD="erstes-passwort-1").test_cli_runner().invoke(args=["demo"])
    app = app_factory(DEMO_PASSWORD="zweites-passwort-2")
    app.test_cli_runner().invoke(args=["demo"])
    client = app.test_client()
    response = post_form(
        client, "/login", {"email": "owner@landwerk.example", "password": "zweites-passwort-2"}
    )
    assert response.status_code == 302


def test_users_create_makes_a_partner_of_an_organisation(runner, database):
    runner.invoke(args=["demo"])
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Hof@Example.org",
            "--role",
            "partner",
            "--org",
            "Hofladen Möckern (Demo)",
            "--password-stdin",
        ],
        input="hofladen-passwort-3\n",
    )
    assert result.exit_code == 0, result.output
    user = database.exec(select(User).where(User.email == "hof@example.org")).one()
    membership = database.exec(select(Membership).where(Membership.user_id == user.id)).one()
    assert database.get(Organisation, membership.organisation_id).name == "Hofladen Möckern (Demo)"


def test_users_create_product_owner(runner, database):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "chefin@example.org",
            "--role",
            "product_owner",
            "--password-stdin",
        ],
        input="chefin-passwort-4\n",
    )
    assert result.exit_code == 0, result.output
    user = database.exec(select(User).where(User.email == "chefin@example.org")).one()
    assert user.is_product_owner and not user.is_tester


def test_users_create_refuses_bad_input_and_writes_nothing(runner, database):
    runner.invoke(
        args=["users", "create", "a@example.org", "--password-stdin"], input="erstes-passwort-1\n"
    )
    cases = [
        (
            ["users", "create", "A@EXAMPLE.ORG", "--password-stdin"],
            "passwort-lang-genug-1",
            "bereits registriert",
        ),
        (["users", "create", "b@example.org", "--password-stdin"], "kurz", "10 bis 128"),
        (
            ["users", "create", "c@example.org", "--role", "partner", "--password-stdin"],
            "passwort-lang-1",
            "--org",
        ),
        (
            ["users", "create", "d@example.org", "--org", "Gibt es nicht", "--password-stdin"],
            "passwort-lang-1",
            "Unbekannte Organisation",
        ),
        (
            ["users", "create", "e@example.org", "--municipality", "berlin", "--password-stdin"],
            "passwort-lang-1",
            "Unbekannte Gemeinde",
        ),
        (
            ["users", "create", "f@example.org", "--role", "admin", "--password-stdin"],
            "passwort-lang-1",
            "admin",
        ),
    ]
    for args, password, message in cases:
        result = runner.invoke(args=args, input=password + "\n")
        assert result.exit_code != 0
        assert message in result.output
    assert count(database, User) == 1


def test_db_upgrade_and_current(runner):
    assert "neuesten Stand" in runner.invoke(args=["db", "upgrade"]).output
    output = runner.invoke(args=["db", "current"]).output
    stand, ziel = output.strip().removeprefix("Stand: ").split("; Ziel: ")
    assert stand == ziel


def test_commands_on_a_database_that_is_not_migrated_say_what_to_run(empty_database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": empty_database_url, "SECRET_KEY": "x"})
    runner = app.test_cli_runner()
    try:
        for args in (["demo"], ["stages", "list"], ["stages", "export"], ["stages", "audit"]):
            result = runner.invoke(args=args)

            assert result.exit_code == 1, args
            assert "flask --app webapp db upgrade" in result.output, args
            assert result.exception is None or isinstance(result.exception, SystemExit), args
        created = runner.invoke(
            args=["users", "create", "neu@example.org", "--password-stdin"],
            input="ein-gutes-passwort-1\n",
        )
        assert created.exit_code == 1
        assert "flask --app webapp db upgrade" in created.output
        assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
        assert runner.invoke(args=["stages", "list"]).exit_code == 0
    finally:
        app.extensions["db_engine"].dispose()
