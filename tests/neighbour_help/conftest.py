"""Neighbourly help live for everyone (with messages, which it answers through), and residents
of the district: Anna in Genthin, Bert in Burg."""

from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from stages.moped.neighbour_help.models import HelpPost
from stages.moped.neighbour_help.service import local_today
from tests.conftest import PASSWORD, app_with_live_services, make_user, post_form


@pytest.fixture
def live_app(app_factory):
    return app_with_live_services(app_factory, "messages", "neighbour_help")


@pytest.fixture
def database(live_app):
    with Session(live_app.extensions["db_engine"], expire_on_commit=False) as session:
        yield session


@pytest.fixture
def anna(database):
    return make_user(
        database, email="anna@example.org", display_name="Anna Beispiel", municipality="genthin"
    )


@pytest.fixture
def bert(database):
    return make_user(database, email="bert@example.org", display_name="Bert Nachbar")


def client_of(app, email):
    client = app.test_client()
    response = post_form(client, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def form_data(**changes) -> dict:
    data = {
        "kind": "biete",
        "category": "fahrdienst",
        "title": "Fahrt zum Arzt",
        "text": "Ich fahre dienstags nach Genthin und nehme jemanden mit.",
        "when": "dienstags",
        "municipality": "genthin",
        "village": "Tucheim",
        "ends_on": (local_today() + timedelta(days=28)).isoformat(),
    }
    data.update(changes)
    return data


def add_post(database, author, **fields) -> HelpPost:
    values = {
        "kind": "suche",
        "category": "einkaufen",
        "municipality": "genthin",
        "title": "Einkauf gesucht",
        "text": "Wer bringt mir Milch mit?",
        "ends_on": local_today() + timedelta(days=10),
        **fields,
    }
    post = HelpPost(author_id=author.id, **values)
    database.add(post)
    database.commit()
    return post


def count_posts(database) -> int:
    database.expire_all()
    return database.exec(select(func.count()).select_from(HelpPost)).one()
