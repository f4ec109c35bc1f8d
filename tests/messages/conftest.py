"""Messages live for everyone (it is a moped service; the platform starts on the bicycle), and
the people of a conversation: Anna (a resident), Hofladen Gommern with two partners, Bert."""

from dataclasses import dataclass

import pytest
from sqlmodel import func, select

from core import accounts
from core import db as core_db
from core.audit import Actor
from core.models import Organisation, User
from stages import control
from stages.moped.messages.models import Message, MessageThread
from tests.conftest import PASSWORD, make_user, post_form


def promote(app, key="messages"):
    with app.test_request_context():
        control.promote_service(
            db=core_db.session(),
            services=app.extensions["services"],
            key=key,
            actor=Actor(None, "test"),
        )


@pytest.fixture
def live_app(app_factory):
    app = app_factory(FLAG_CHECK_INTERVAL=0)
    promote(app)
    return app


@dataclass
class People:
    anna: User
    bert: User
    carla: User  # partner of the farm shop
    dieter: User  # partner of the farm shop too
    shop: Organisation


@pytest.fixture
def people(database) -> People:
    anna = make_user(database, email="anna@example.org", display_name="Anna Beispiel")
    bert = make_user(database, email="bert@example.org", display_name="Bert Nachbar")
    carla = make_user(database, email="carla@example.org", display_name="Carla Hof")
    dieter = make_user(database, email="dieter@example.org", display_name="Dieter Hof")
    shop = Organisation(name="Hofladen Gommern", kind="business", municipality="gommern")
    database.add(shop)
    database.commit()
    for partner in (carla, dieter):
        accounts.add_membership(db=database, user=partner, organisation=shop)
    database.commit()
    return People(anna, bert, carla, dieter, shop)


def client_of(app, email, password=PASSWORD):
    client = app.test_client()
    response = post_form(client, "/login", {"email": email, "password": password})
    assert response.status_code == 302
    return client


def start(client, text="Haben Sie noch Honig?", **query):
    """Open the new-thread form like the button does, then send it."""
    form_page = client.get("/nachrichten/neu", query_string=query)
    assert form_page.status_code == 200, form_page.status_code
    data = {"text": text, "betreff": query.get("betreff", "")}
    data.update({k: v for k, v in query.items() if k in ("organisation", "person", "bezug")})
    return post_form(client, "/nachrichten/neu", data)


def counts(database) -> tuple[int, int]:
    database.expire_all()
    threads = database.exec(select(func.count()).select_from(MessageThread)).one()
    messages = database.exec(select(func.count()).select_from(Message)).one()
    return threads, messages
