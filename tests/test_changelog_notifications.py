"""The changelog "Neu freigeschaltet", the notifications page and the bell."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from core import db
from core.audit import Actor
from core.models import User
from feedback.models import Idea, Notification, Unlock
from feedback.notifications import service as notifications
from feedback.notifications.routes import unread_notifications
from feedback.notifications.service import notify
from feedback.votes import service as votes
from stages import control
from tests.conftest import PASSWORD, make_user, post_form
from tests.fake_services import TEST_SERVICES

HTMX = {"HX-Request": "true"}


@pytest.fixture
def staged(app_factory):
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


def signed_in(app, database, email="anna@example.org", **fields):
    client = app.test_client()
    make_user(database, email=email, **fields)
    post_form(client, "/login", {"email": email, "password": PASSWORD})
    return client


def user(database, email="anna@example.org") -> User:
    return database.exec(select(User).where(User.email == email)).one()


def user_id(database, email="anna@example.org") -> int:
    return user(database, email).id


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def accessible_name(html: str) -> str:
    """Roughly what a screen reader announces: aria-hidden parts left out, text run together."""
    shown = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>.*?</span>', "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", "", shown).split())


def promote(app, key):
    with app.test_request_context():
        control.promote_service(
            db=db.session(), services=TEST_SERVICES, key=key, actor=Actor(None, "test")
        )


def test_changelog_lists_an_unlock_with_date_stage_and_votes(staged, database):
    client = signed_in(staged, database)
    bert = make_user(database, email="bert@example.org")
    with staged.test_request_context():
        for voter in (user(database), bert):
            votes.cast_vote(
                db=db.session(), user=voter, subject="service:beta", budgeted_subjects=None
            )
    promote(staged, "beta")
    page = client.get("/neu").get_data(as_text=True)
    assert page.count("<h1>") == 1 and "Neu freigeschaltet" in page
    unlock = database.exec(select(Unlock)).one()
    assert (unlock.service_key, unlock.votes) == ("beta", 2)
    assert 'href="/roadmap/beta"' in page
    assert "Dienst Beta" in page and "Stufe 🚲 Fahrrad" in text(page)
    assert "2 Einwohnerinnen und Einwohner hatten sich das gewünscht" in page


def test_changelog_is_newest_first_and_dates_are_berlin_time(staged, database):
    database.add_all(
        [
            # 23:30 UTC on 31 December is already New Year's Day in Berlin.
            Unlock(
                service_key="alpha",
                stage="bicycle",
                votes=1,
                at=datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
            ),
            Unlock(
                service_key="gamma", stage="moped", votes=0, at=datetime(2026, 6, 1, 10, tzinfo=UTC)
            ),
            Unlock(
                service_key="entfernt", stage="truck", votes=3, at=datetime(2026, 3, 1, tzinfo=UTC)
            ),
        ]
    )
    database.commit()
    page = staged.test_client().get("/neu").get_data(as_text=True)
    titles = [text(t) for t in re.findall(r"<h2>(.*?)</h2>", page, re.S)]
    assert titles == ["Dienst Alpha", "Dienst Gamma", "entfernt"]
    assert '<time datetime="2027-01-01">1. Januar 2027</time>' in page
    assert "1 Einwohnerin oder Einwohner hatte sich das gewünscht" in page
    # A service whose code is gone keeps its entry, without a link.
    assert 'href="/roadmap/entfernt"' not in page


def test_a_service_unlocked_twice_is_listed_once_and_no_wish_is_not_counted(staged, database):
    database.add_all(
        [
            Unlock(
                service_key="beta", stage="bicycle", votes=0, at=datetime(2026, 5, 1, tzinfo=UTC)
            ),
            Unlock(
                service_key="beta", stage="bicycle", votes=0, at=datetime(2026, 9, 1, tzinfo=UTC)
            ),
        ]
    )
    database.commit()
    page = staged.test_client().get("/neu").get_data(as_text=True)
    titles = [text(t) for t in re.findall(r"<h2>(.*?)</h2>", page, re.S)]
    assert titles == ["Dienst Beta"]
    # Where it last went live.
    assert '<time datetime="2026-09-01">' in page
    assert "hatten sich das gewünscht" not in page


def test_empty_changelog_says_so(staged):
    page = staged.test_client().get("/neu").get_data(as_text=True)
    assert "Noch ist nichts neu freigeschaltet worden." in page


def test_voters_are_notified_and_the_notification_links_to_the_service(staged, database):
    client = signed_in(staged, database)
    with staged.test_request_context():
        votes.cast_vote(
            db=db.session(),
            user=user(database),
            subject="service:beta",
            budgeted_subjects=None,
        )
    promote(staged, "beta")
    page = client.get("/benachrichtigungen").get_data(as_text=True)
    assert page.count("<h1>") == 1
    assert "1 ungelesen" in page
    assert re.search(
        r'<a href="/roadmap/beta">„Dienst Beta“ ist jetzt für alle freigeschaltet', page
    )


def add_notes(database, owner_id, subjects):
    for subject in subjects:
        notify(database, user_id=owner_id, kind="reply", subject=subject, title=f"Zu {subject}")
    database.commit()
    return database.exec(
        select(Notification).where(Notification.user_id == owner_id).order_by(Notification.id)
    ).all()


def test_a_vanished_subject_shows_no_link_and_ideas_link_to_their_page(staged, database):
    client = signed_in(staged, database)
    idea = Idea(title="Bank am Teich", description="Zum Ausruhen", municipality="burg")
    database.add(idea)
    database.commit()
    add_notes(database, user_id(database), ["service:weg", f"idea:{idea.id}", "idea:999"])
    page = client.get("/benachrichtigungen").get_data(as_text=True)
    assert "Zu service:weg" in page and 'href="/roadmap/weg"' not in page
    assert f'href="/ideen/{idea.id}"' in page
    assert "Zu idea:999" in page and 'href="/ideen/999"' not in page


def test_marking_one_read_without_javascript(staged, database):
    client = signed_in(staged, database)
    first, second = add_notes(database, user_id(database), ["service:alpha", "service:gamma"])
    response = post_form(client, f"/benachrichtigungen/{first.id}/gelesen")
    assert response.status_code == 303 and response.headers["Location"] == "/benachrichtigungen"
    database.expire_all()
    assert database.get(Notification, first.id).read_at is not None
    assert database.get(Notification, second.id).read_at is None
    assert "1 ungelesen" in client.get("/benachrichtigungen").get_data(as_text=True)


def test_marking_all_read_with_htmx_answers_the_list_and_tells_the_bell(staged, database):
    client = signed_in(staged, database)
    add_notes(database, user_id(database), ["service:alpha", "service:gamma"])
    response = post_form(client, "/benachrichtigungen/alle-gelesen", headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "notifications-read"
    assert '<div id="benachrichtigungen"' in response.get_data(as_text=True)
    database.expire_all()
    assert all(n.read_at for n in database.exec(select(Notification)))
    assert "0 ungelesen" in response.get_data(as_text=True)


def test_a_forged_id_changes_nothing_for_someone_else(staged, database):
    bert = make_user(database, email="bert@example.org")
    (berts,) = add_notes(database, bert.id, ["service:gamma"])
    client = signed_in(staged, database)
    # Someone else's notification is not found, as every object that is not one's own.
    assert post_form(client, f"/benachrichtigungen/{berts.id}/gelesen").status_code == 404
    assert post_form(client, "/benachrichtigungen/alle-gelesen").status_code == 303
    # Beyond any id (the database's range): no such page, like every id route.
    assert post_form(client, "/benachrichtigungen/99999999999/gelesen").status_code == 404
    database.expire_all()
    assert database.get(Notification, berts.id).read_at is None
    page = client.get("/benachrichtigungen").get_data(as_text=True)
    assert "Zu service:gamma" not in page


def test_notifications_need_sign_in_and_a_csrf_token(staged, database):
    visitor = staged.test_client()
    assert visitor.get("/benachrichtigungen").status_code == 302
    client = signed_in(staged, database)
    (note,) = add_notes(database, user_id(database), ["service:gamma"])
    assert client.post(f"/benachrichtigungen/{note.id}/gelesen").status_code == 400
    database.expire_all()
    assert database.get(Notification, note.id).read_at is None


def test_bell_names_the_unread_count(staged, database):
    client = signed_in(staged, database)
    add_notes(database, user_id(database), ["service:alpha", "service:gamma"])
    bell = client.get("/benachrichtigungen/glocke").get_data(as_text=True)
    link = re.search(r'<a id="glocke".*?</a>', bell, re.S).group(0)
    assert 'href="/benachrichtigungen"' in link
    assert accessible_name(link) == "Benachrichtigungen, 2 ungelesen"
    post_form(client, "/benachrichtigungen/alle-gelesen")
    bell = client.get("/benachrichtigungen/glocke").get_data(as_text=True)
    assert "ungelesen" not in bell and "Benachrichtigungen" in bell


def test_bell_is_empty_for_visitors_and_costs_them_no_query(staged):
    response = staged.test_client().get("/benachrichtigungen/glocke")
    assert response.status_code == 200 and response.get_data(as_text=True).strip() == ""
    statements = []
    engine = staged.extensions["db_engine"]

    def count(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        with staged.test_request_context():
            assert unread_notifications() == 0
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert statements == []


def test_a_database_error_leaves_the_bell_without_a_count_instead_of_breaking_the_page(
    staged, database, monkeypatch
):
    client = signed_in(staged, database)

    def broken(*_args):
        raise OperationalError("SELECT count(*) FROM notification", {}, Exception("weg"))

    monkeypatch.setattr(notifications, "unread_count", broken)
    response = client.get("/benachrichtigungen/glocke")
    assert response.status_code == 200
    assert "Benachrichtigungen" in response.get_data(as_text=True)
    assert "ungelesen" not in response.get_data(as_text=True)
