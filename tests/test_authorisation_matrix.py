"""Every route of the URL map, as every role, in every state of its service: the answer is the
one tests/authorisation.py expects. A refusal is 401, 403, 404, 503 or a redirect to the
sign-in page; anything else that is not a server error lets the person in (a page, a redirect
after the action, or 400/409/422 for the empty form the matrix sends)."""

import uuid
import weakref
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest
from flask import url_for
from sqlalchemy import create_engine, text
from sqlmodel import Session, select
from werkzeug import Response

from core import accounts, db
from core.models import Organisation, User
from stages.models import PlatformState, ServiceState
from tests.authorisation import FOLLOWS, ROLES, ROUTES, RULES, STATES
from tests.authorisation_targets import BLOCK_TARGET, FIELDS, HTMX, Target, target_for
from tests.conftest import BACKENDS, PASSWORD, POSTGRES_SERVER, csrf_token
from webapp import create_app
from webapp.services import registered_services

SERVICE_KEYS = {service.key for service in registered_services()}
# Where every service stands in each state, with the platform on the bicycle.
STAGE_OF_STATE = {
    "live": ("bicycle", True),
    "preview": ("moped", True),
    "locked": ("truck", True),
    "killed": ("bicycle", False),
}
# Routes whose use changes the account or the session: sent with an account made for them.
FRESH_ACCOUNT = {
    "accounts.logout",
    "accounts.logout_everywhere",
    "accounts.toggle_tester",
    "accounts.delete_account",
    "accounts.change_password",
    "accounts.set_language",
}
FIXED_ACCOUNTS = {
    "resident": "resident@landwerk.example",
    "tester": "tester@landwerk.example",
    "owner": "owner@landwerk.example",
}
DEMO_PARTNERS = {
    "partner@landwerk.example",
    "hofladen@landwerk.example",
    "imkerei@landwerk.example",
}


def service_of(endpoint: str) -> str | None:
    blueprint = endpoint.partition(".")[0]
    return blueprint if blueprint in SERVICE_KEYS else FOLLOWS.get(endpoint)


def states_of(route: str, index: int, backend: str) -> tuple[str, ...]:
    """Every state on SQLite; on PostgreSQL, to keep the run short, the live state and one
    other state in turn (the gate in front of a service answers the same on both)."""
    if not service_of(route.split()[0]):
        return ("live",)
    if backend == "sqlite":
        return STATES
    return ("live", STATES[1 + index % (len(STATES) - 1)])


def cases(backend: str):
    for index, route in enumerate(ROUTES):
        for state in states_of(route, index, backend):
            for role in ROLES:
                name = f"{backend}-{route.replace(' ', '-')}-{role}-{state}"
                yield pytest.param(backend, route, role, state, id=name)


def pytest_generate_tests(metafunc):
    """The matrix's own parametrisation: the backend picks the demo database (indirect,
    once per module) and the cases sent on it."""
    if metafunc.definition.name != "test_route_answers_as_the_table_says":
        return
    backends = metafunc.config.getoption("backend") or BACKENDS
    metafunc.parametrize(
        ("matrix", "route", "role", "state"),
        [case for backend in backends for case in cases(backend)],
        indirect=["matrix"],
        scope="module",
    )


def expected_allowed(route: str, role: str, state: str) -> bool:
    if role not in RULES[ROUTES[route]]:
        return False
    if ROUTES[route] == "preview_tester" and role == "tester":
        return state == "preview"
    if not service_of(route.split()[0]) or role == "owner":
        return True
    return state == "live" or (state == "preview" and role == "tester")


def answer(response) -> str:
    code = response.status_code
    if code in (401, 403, 404, 503):
        return "refused"
    if 300 <= code < 400 and urlparse(response.location).path == "/login":
        return "refused"
    if 200 <= code < 400 or code in (400, 409, 422):
        return "allowed"
    return f"error {code}"


class Matrix:
    """One app on one demo database, and a signed-in client per account, made once."""

    def __init__(self, app):
        self.app = app
        self.engine = app.extensions["db_engine"]
        self.rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
        self.clients: dict[str, object] = {}
        self.tokens: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.visitor = app.test_client()

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def signed_in(self, email: str, password: str):
        client = self.app.test_client()
        response = client.post(
            "/login",
            data={"csrf_token": csrf_token(client), "email": email, "password": password},
        )
        assert response.status_code == 302, f"{email} could not sign in"
        return client

    def account(self, email: str):
        if email not in self.clients:
            demo = email.endswith("@landwerk.example")
            password = self.app.config["DEMO_PASSWORD"] if demo else PASSWORD
            self.clients[email] = self.signed_in(email, password)
        return self.clients[email]

    def make_account(self, email: str, *, organisation_id=None, **fields):
        with self.session() as session:
            if session.exec(select(User).where(User.email == email)).first() is None:
                user = accounts.create_user(
                    db=session,
                    email=email,
                    display_name="Matrix Probe",
                    municipality="burg",
                    password=PASSWORD,
                    email_verified=fields.pop("email_verified", True),
                    **fields,
                )
                if organisation_id is not None:
                    organisation = session.get(Organisation, organisation_id)
                    accounts.add_membership(db=session, user=user, organisation=organisation)
                session.commit()
        return email

    def member_of(self, organisation_id: int) -> str:
        with self.session() as session:
            emails = session.exec(
                text(
                    "SELECT u.email FROM user_account u JOIN membership m ON m.user_id = u.id "
                    "WHERE m.organisation_id = :o ORDER BY u.id"
                ),
                params={"o": organisation_id},
            ).all()
        demo = [row[0] for row in emails if row[0] in DEMO_PARTNERS]
        if demo:
            return demo[0]
        return self.make_account(
            f"partner-{organisation_id}@example.org", organisation_id=organisation_id
        )

    def email_for(self, role: str, target: Target) -> str:
        if role == "unverified":
            return self.make_account("unbestaetigt@example.org", email_verified=False)
        if role == "resident" and target.user_id is not None:
            with self.session() as session:
                return session.get(User, target.user_id).email
        if role == "partner":
            return self.member_of(target.organisation_id or 1)
        if role == "other_partner":
            return self.member_of(7 if (target.organisation_id or 1) != 7 else 1)
        return FIXED_ACCOUNTS[role]

    def fresh_email(self, role: str, target: Target) -> str:
        email = f"{role}-{uuid.uuid4().hex[:10]}@example.org"
        fields = {
            "unverified": {"email_verified": False},
            "tester": {"is_tester": True},
            "owner": {"is_product_owner": True},
            "partner": {"organisation_id": target.organisation_id or 1},
            "other_partner": {"organisation_id": 7},
        }.get(role, {})
        return self.make_account(email, **fields)

    def client_for(self, role: str, target: Target, *, fresh: bool):
        if role == "visitor":
            return self.app.test_client() if fresh else self.visitor
        if fresh:
            email = self.fresh_email(role, target)
            return self.signed_in(email, PASSWORD)
        return self.account(self.email_for(role, target))

    def send(self, client, endpoint: str, method: str, url: str):
        fields = FIELDS.get(endpoint, {})
        headers = {"HX-Request": "true"} if endpoint in HTMX else {}
        if method == "GET":
            return client.get(url, query_string=fields, headers=headers)
        if client not in self.tokens:
            self.tokens[client] = csrf_token(client)
        token = self.tokens[client]
        headers["X-CSRFToken"] = token
        if url.startswith("/api/"):
            return client.open(url, method=method, json=fields, headers=headers)
        data = {"csrf_token": token, **fields}
        return client.open(url, method=method, data=data, headers=headers)

    def set_state(self, state: str) -> None:
        """Every service in the state, the platform on the bicycle; the flag version moves
        only when something changed (an owner's allowed request may have moved it)."""
        stage, enabled = STAGE_OF_STATE[state]
        with self.session() as session:
            platform = session.get(PlatformState, 1)
            rows = {row.key: row for row in session.exec(select(ServiceState))}
            changed = platform.live_stage != "bicycle"
            platform.live_stage = "bicycle"
            for key in SERVICE_KEYS:
                row = rows.get(key) or ServiceState(key=key, stage=stage)
                if (row.stage, row.enabled, row.rollout) != (
                    stage,
                    enabled,
                    100,
                ) or key not in rows:
                    row.stage, row.enabled, row.rollout = stage, enabled, 100
                    session.add(row)
                    changed = True
            if changed:
                platform.version += 1
                session.add(platform)
                session.commit()


@contextmanager
def demo_database(backend, folder):
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'landwerk.db'}"
        return
    name = f"landwerk_matrix_{uuid.uuid4().hex[:12]}"
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


@pytest.fixture(scope="module")
def matrix(request, tmp_path_factory, mail_catcher):
    backend = request.param
    folder = tmp_path_factory.mktemp("matrix")
    mail_catcher.handler.folder = folder
    with demo_database(backend, folder) as url:
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": url,
                "SECRET_KEY": "test-secret",
                "MAIL_URL": f"smtp://127.0.0.1:{mail_catcher.port}",
                "MAIL_CATCHER_FOLDER": str(folder),
                "FLAG_CHECK_INTERVAL": 0,
                "RATELIMIT_ENABLED": False,
            }
        )
        db.upgrade(app)
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        matrix = Matrix(app)
        matrix.make_account(BLOCK_TARGET)
        yield matrix
        app.extensions["db_engine"].dispose()


def url_map_routes(app) -> set[str]:
    return {
        f"{rule.endpoint} {method}"
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_route_in_the_url_map_has_a_rule(tmp_path):
    app = create_app(
        {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "SECRET_KEY": "x"}
    )
    routes = url_map_routes(app)
    missing = sorted(routes - ROUTES.keys())
    assert not missing, "Routes without a rule in tests/authorisation.py: " + ", ".join(missing)
    gone = sorted(ROUTES.keys() - routes)
    assert not gone, "Rules for routes the URL map no longer has: " + ", ".join(gone)
    unknown = sorted({rule for rule in ROUTES.values() if rule not in RULES})
    assert not unknown, "Unknown rules: " + ", ".join(unknown)


# One worker takes the whole matrix (make test's --dist loadgroup): one demo per backend.
@pytest.mark.xdist_group("authorisation_matrix")
def test_route_answers_as_the_table_says(matrix, route, role, state):
    endpoint, method = route.split()
    matrix.set_state(state)
    rule = matrix.rules[endpoint]
    with matrix.session() as session:
        target = target_for(session, rule, route)
    client = matrix.client_for(role, target, fresh=endpoint in FRESH_ACCOUNT)
    with matrix.app.test_request_context():
        url = url_for(endpoint, **target.values)
    response = matrix.send(client, endpoint, method, url)
    expected = "allowed" if expected_allowed(route, role, state) else "refused"
    got = answer(response)
    response.close()
    assert got == expected, (
        f"{method} {url} ({endpoint}) as {role}, service {state}: expected {expected}, "
        f"got {response.status_code} {response.location or ''}"
    )


@pytest.mark.parametrize(
    ("status", "location", "verdict"),
    [
        (200, None, "allowed"),
        (303, "/benachrichtigungen", "allowed"),
        (422, None, "allowed"),
        (302, "/login?next=/profil", "refused"),
        (403, None, "refused"),
        (404, None, "refused"),
        (503, None, "refused"),
        (500, None, "error 500"),
    ],
)
def test_a_refusal_is_told_from_a_way_in(status, location, verdict):
    response = Response(status=status, headers={"Location": location} if location else {})
    assert answer(response) == verdict


def test_a_service_route_follows_the_service_and_others_do_not():
    assert expected_allowed("news.detail GET", "visitor", "live")
    assert not expected_allowed("news.detail GET", "visitor", "preview")
    assert expected_allowed("news.detail GET", "tester", "preview")
    assert not expected_allowed("news.detail GET", "tester", "killed")
    assert expected_allowed("news.edit GET", "owner", "locked")
    assert not expected_allowed("news.edit GET", "other_partner", "live")
    assert expected_allowed("feedback.tester_report_form GET", "tester", "preview")
    assert not expected_allowed("feedback.tester_report_form GET", "tester", "live")
    assert expected_allowed("admin.stages GET", "owner", "live")
    assert not expected_allowed("admin.stages GET", "tester", "live")
