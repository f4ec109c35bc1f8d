"""Fixtures in the style of Flask's tutorial: a fresh database per test, a client, a CLI runner
and an auth helper. Every test that uses `app` runs on SQLite and on PostgreSQL; choose one
with `--backend sqlite` or `--backend postgresql`."""

import itertools
import os
import re
import shutil
import socket
import tempfile
import time
import uuid

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import create_engine, text
from sqlmodel import Session, SQLModel
from UnleashClient import UnleashClient

# Before the app is imported: keep the generated secret key and SQLite files out of the repo.
os.environ["LANDWERK_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="landwerk-test-instance-")

from core import accounts as service  # noqa: E402
from core import db  # noqa: E402
from core import mail_catcher as mail_catcher_module  # noqa: E402
from tests.url_builders import share_url_builders  # noqa: E402
from webapp import create_app  # noqa: E402

share_url_builders()

BACKENDS = ["sqlite", "postgresql"]
POSTGRES_SERVER = os.environ.get("LANDWERK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
PASSWORD = "sicheres-passwort-1"


def pytest_addoption(parser):
    parser.addoption(
        "--backend", action="append", choices=BACKENDS, help="database backend(s) to run on"
    )


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        backends = metafunc.config.getoption("backend") or BACKENDS
        metafunc.parametrize("backend", backends, scope="session")


def _migrate(url: str) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    db.upgrade(app)
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="session")
def migrated_database(backend, tmp_path_factory):
    """A migrated database per backend and test session: a template file, or a PostgreSQL db."""
    if backend == "sqlite":
        template = tmp_path_factory.mktemp("template") / "template.db"
        _migrate(f"sqlite:///{template}")
        yield template
        return
    name = f"landwerk_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        f"{POSTGRES_SERVER}/postgres".replace("postgresql://", "postgresql+psycopg://"),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"{POSTGRES_SERVER}/{name}"
    try:
        _migrate(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def empty_database_url(backend, tmp_path):
    """A database with nothing in it, not even migrations, for tests that build their own."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"landwerk_empty_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        f"{POSTGRES_SERVER}/postgres".replace("postgresql://", "postgresql+psycopg://"),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{POSTGRES_SERVER}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _empty_postgres_tables(app) -> None:
    tables = ", ".join(f'"{table.name}"' for table in SQLModel.metadata.sorted_tables)
    with app.extensions["db_engine"].begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        # The row stages_0001 seeds: the platform starts on the bicycle.
        connection.execute(
            text("INSERT INTO platformstate (id, live_stage, version, updated_at) VALUES (1, 'bicycle', 0, now())")
        )


@pytest.fixture
def database_url(backend, migrated_database, tmp_path):
    if backend == "sqlite":
        path = tmp_path / "landwerk.db"
        shutil.copy(migrated_database, path)
        return f"sqlite:///{path}"
    return migrated_database


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def mail_catcher(tmp_path_factory):
    """A real SMTP server on localhost (the development catcher) for the whole session; every
    test app sends its mails there."""
    port = free_port()
    controller = mail_catcher_module.start(tmp_path_factory.mktemp("mails"), port=port)
    yield controller
    controller.stop()


class Mailbox:
    """The mails caught during one test."""

    def __init__(self, folder):
        self.folder = folder

    def mails(self, to: str | None = None) -> list:
        found = mail_catcher_module.caught(self.folder)
        return [m for m in found if to is None or m.message["To"] == to]


@pytest.fixture
def mailbox(mail_catcher, tmp_path):
    folder = tmp_path / "caught-mails"
    folder.mkdir()
    mail_catcher.handler.folder = folder
    return Mailbox(folder)


@pytest.fixture
def links_a_second_apart(monkeypatch):
    """Signed links carry their time in whole seconds, and the same link is the same mail (one
    outbox row). Links issued one after another here are a second apart, as a person's clicks
    are, so each is a mail of its own."""
    seconds = itertools.count(int(time.time()) - 60)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _signer: next(seconds))


@pytest.fixture
def app_factory(backend, database_url, mail_catcher, mailbox):
    """Builds apps on this test's database (several, for tests that need two workers)."""
    apps = []

    def make(**config):
        settings = {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "MAIL_URL": f"smtp://127.0.0.1:{mail_catcher.port}",
            "MAIL_CATCHER_FOLDER": str(mailbox.folder),
        }
        settings.update(config)
        created = create_app(settings)
        apps.append(created)
        return created

    yield make
    if backend == "postgresql" and apps:
        _empty_postgres_tables(apps[0])
    for created in apps:
        created.extensions["db_engine"].dispose()


@pytest.fixture
def app(app_factory):
    return app_factory()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def database(app):
    """A session on the test database, for arranging data and checking what was written."""
    # No app context is pushed here: requests made during the test must get their own.
    with Session(app.extensions["db_engine"], expire_on_commit=False) as session:
        yield session


def csrf_token(client) -> str:
    """The token as a browser finds it: in every page once signed in, else on the sign-in page
    (a visitor's page carries one only where it has a form that needs it)."""
    token = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
    found = token.search(client.get("/").get_data(as_text=True))
    return (found or token.search(client.get("/login").get_data(as_text=True))).group(1)


def post_form(client, url, data=None, **kwargs):
    """POST like the browser does: with the page's CSRF token in the form."""
    return client.post(url, data={"csrf_token": csrf_token(client), **(data or {})}, **kwargs)


def make_user(database, email="anna@example.org", password=PASSWORD, **fields):
    user = service.create_user(
        db=database,
        email=email,
        display_name=fields.pop("display_name", "Anna Beispiel"),
        municipality=fields.pop("municipality", "burg"),
        password=password,
        email_verified=fields.pop("email_verified", True),
        **fields,
    )
    database.commit()
    return user


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email="anna@example.org", password=PASSWORD):
        return post_form(self._client, "/login", {"email": email, "password": password})

    def logout(self):
        return post_form(self._client, "/abmelden")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def evaluations(monkeypatch):
    """The names of the flags the Unleash client is asked about, in order."""
    calls = []
    original = UnleashClient.is_enabled

    def counting(self, name, context=None, fallback_function=None):
        calls.append(name)
        return original(self, name, context, fallback_function)

    monkeypatch.setattr(UnleashClient, "is_enabled", counting)
    return calls


def app_with_live_services(app_factory, *keys: str, **config):
    """An app where these moped or truck services have been promoted to live, in this order,
    for their own tests (rate limits off unless `config` turns them on)."""
    from core.audit import Actor
    from stages import control

    app = app_factory(**{"FLAG_CHECK_INTERVAL": 0, "RATELIMIT_ENABLED": False, **config})
    with app.test_request_context():
        for key in keys:
            control.promote_service(
                db=db.session(),
                services=app.extensions["services"],
                key=key,
                actor=Actor(id=None, label="chefin@example.org"),
            )
    return app
