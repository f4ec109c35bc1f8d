"""The real pieces of the scale-out setup: PostgreSQL databases made for the tests, the Unleash
server from deploy/unleash/ (started once per test session, on its own database), and apps in
server mode. Everything is created here and removed afterwards."""

import os
import secrets
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text
from UnleashClient import UnleashClient
from UnleashClient.utils import InstanceAllowType

from flags.payload import strategies_for
from flags.server import ServerFlags
from flags.source import MemoryCache
from flags.unleash_admin import served_toggles, toggle_state
from tests.conftest import POSTGRES_SERVER, _migrate
from tests.test_propagation import free_port
from webapp import create_app

ROOT = Path(__file__).resolve().parents[2]
UNLEASH_DIR = ROOT / "deploy" / "unleash"
REFRESH_INTERVAL = 1
SCALE_DIR = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """With parallel workers (`make test` runs `pytest -n … --dist loadgroup`) the scale-out
    tests stay together on one worker: one Unleash server (and one `npm ci` of it) and one
    set of gunicorn instances at a time, not one per worker on two shared cores."""
    for item in items:
        if item.path.is_relative_to(SCALE_DIR):
            item.add_marker(pytest.mark.xdist_group("scale"))


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    """pytest-xdist groups by a suffix it adds to the test ids; should a version of pytest or
    xdist stop that, fail at once instead of starting one Unleash server per worker."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    ungrouped = [
        item.nodeid
        for item in session.items
        if item.path.is_relative_to(SCALE_DIR) and not item.nodeid.endswith("@scale")
    ]
    if ungrouped:
        raise pytest.UsageError(f"--dist loadgroup did not group the scale tests: {ungrouped[0]}")


def _admin_engine():
    return create_engine(
        f"{POSTGRES_SERVER}/postgres".replace("postgresql://", "postgresql+psycopg://"),
        isolation_level="AUTOCOMMIT",
    )


def create_database(name: str, template: str | None = None) -> str:
    engine = _admin_engine()
    with engine.connect() as connection:
        copy = f' TEMPLATE "{template}"' if template else ""
        connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    engine.dispose()
    return f"{POSTGRES_SERVER}/{name}"


def drop_database(name: str) -> None:
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def wait_until(condition, timeout: float, every: float = 0.05, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"{what} not reached within {timeout} s")


class UnleashServer:
    """deploy/unleash/start.mjs as a child process, with the tokens of this test session."""

    def __init__(self, database_url: str, log_path: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.api_url = self.base + "/api"
        self.admin_token = "*:*." + secrets.token_hex(16)
        self.client_token = "default:development." + secrets.token_hex(16)
        self.admin_password = secrets.token_hex(12)
        self.database_url = database_url
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "UNLEASH_DATABASE_URL": self.database_url.replace("postgresql://", "postgres://"),
            "UNLEASH_PORT": str(self.port),
            "INIT_ADMIN_API_TOKENS": self.admin_token,
            "INIT_BACKEND_API_TOKENS": self.client_token,
            "UNLEASH_DEFAULT_ADMIN_USERNAME": "admin",
            "UNLEASH_DEFAULT_ADMIN_PASSWORD": self.admin_password,
        }
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                ["node", "start.mjs"], cwd=UNLEASH_DIR, env=env, stdout=log, stderr=log
            )
        wait_until(self.healthy, timeout=90, every=0.2, what="Unleash /health")

    def healthy(self) -> bool:
        if self.process.poll() is not None:
            tail = self.log_path.read_text()[-2000:]
            raise AssertionError(f"Unleash exited with {self.process.returncode}:\n{tail}")
        try:
            return requests.get(self.base + "/health", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def kill(self) -> None:
        """A hard outage: no goodbye, connections refused from now on."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def admin(self, method: str, path: str, token: str = "", **kwargs) -> requests.Response:
        headers = {"Authorization": token or self.admin_token}
        return requests.request(method, self.api_url + path, headers=headers, timeout=10, **kwargs)

    def environment(self, key: str) -> dict:
        path = f"/admin/projects/default/features/{key}/environments/development"
        return self.admin("GET", path).json()

    def feature_names(self) -> list[str]:
        features = self.admin("GET", "/admin/projects/default/features").json()["features"]
        return sorted(feature["name"] for feature in features)

    def events(self) -> list[dict]:
        """The event log, without the export events that reading an export leaves behind."""
        found = self.admin("GET", "/admin/search/events?limit=1000").json()["events"]
        return [event for event in found if event["type"] != "features-exported"]

    def export(self) -> dict:
        body = {"environment": "development", "project": "default"}
        return self.admin("POST", "/admin/features-batch/export", json=body).json()

    def client_features(self) -> dict:
        headers = {"Authorization": self.client_token}
        return requests.get(self.api_url + "/client/features", headers=headers, timeout=10).json()

    def personal_token(self) -> str:
        """The batch import takes no admin token: a personal one of the admin user does."""
        session = requests.Session()
        login = {"username": "admin", "password": self.admin_password}
        session.post(self.base + "/auth/simple/login", json=login, timeout=10).raise_for_status()
        token = {"description": "tests", "expiresAt": "2099-01-01T00:00:00Z"}
        created = session.post(self.api_url + "/admin/user/tokens", json=token, timeout=10)
        created.raise_for_status()
        return created.json()["secret"]

    def reset(self) -> None:
        """No toggles and no custom context fields: as a freshly installed server."""
        for name in self.feature_names():
            self.admin("DELETE", f"/admin/projects/default/features/{name}").raise_for_status()
            self.admin("DELETE", f"/admin/archive/{name}").raise_for_status()
        for name in ("liveStage", "audience"):
            self.admin("DELETE", f"/admin/context/{name}")


def _npm_ci() -> None:
    if not (UNLEASH_DIR / "node_modules" / "unleash-server").is_dir():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=UNLEASH_DIR,
            check=True,
        )


@pytest.fixture(scope="session")
def unleash(tmp_path_factory):
    """One Unleash server for the whole session, on a database of its own."""
    _npm_ci()
    name = f"landwerk_unleash_test_{uuid.uuid4().hex[:12]}"
    server = UnleashServer(
        create_database(name), tmp_path_factory.mktemp("unleash") / "unleash.log"
    )
    try:
        server.start()
        yield server
    finally:
        server.stop()
        drop_database(name)


@pytest.fixture
def empty_unleash(unleash):
    unleash.reset()
    return unleash


@pytest.fixture(scope="session")
def app_template():
    """A migrated app database, copied for each test (much faster than migrating again)."""
    name = f"landwerk_scale_template_{uuid.uuid4().hex[:12]}"
    _migrate(create_database(name))
    yield name
    drop_database(name)


@pytest.fixture
def app_database(app_template):
    name = f"landwerk_scale_{uuid.uuid4().hex[:12]}"
    url = create_database(name, template=app_template)
    yield url
    drop_database(name)


@pytest.fixture
def server_app_factory(app_database, unleash, tmp_path, monkeypatch):
    """Apps in server mode on this test's database, each closing its poller afterwards."""
    monkeypatch.setenv("LANDWERK_INSTANCE_PATH", str(tmp_path / "instance"))
    apps = []

    def make(**config):
        settings = {
            "TESTING": True,
            "DATABASE_URL": app_database,
            "SECRET_KEY": "test-secret",
            "UNLEASH_URL": unleash.api_url,
            "UNLEASH_CLIENT_TOKEN": unleash.client_token,
            "UNLEASH_ADMIN_TOKEN": unleash.admin_token,
            "UNLEASH_REFRESH_INTERVAL": REFRESH_INTERVAL,
            **config,
        }
        app = create_app(settings)
        apps.append(app)
        return app

    yield make
    for app in apps:
        if isinstance(app.extensions["flags"], ServerFlags):
            app.extensions["flags"].close()
        app.extensions["db_engine"].dispose()


def expected_toggles(statuses) -> dict:
    """What the server must serve for these statuses, in comparable form."""
    return {s.key: toggle_state(s.enabled, strategies_for(s)) for s in statuses}


def fetched_client(server: UnleashServer, expected: dict) -> UnleashClient:
    """An Unleash client that fetched from the server once the server serves `expected` (a
    server publishes a change within about a second). The caller destroys it."""

    def serving():
        served = served_toggles(server.client_features()["features"])
        return all(served.get(name) == wanted for name, wanted in expected.items())

    wait_until(serving, timeout=10, every=0.1, what="the server serving the toggles")
    client = UnleashClient(
        url=server.api_url,
        app_name="landwerk-tests",
        custom_headers={"Authorization": server.client_token},
        cache=MemoryCache({"version": 2, "features": []}),
        refresh_interval=3600,
        disable_metrics=True,
        disable_registration=True,
        multiple_instance_mode=InstanceAllowType.SILENTLY_ALLOW,
    )
    client.initialize_client()
    return client


def import_body(payload: dict, environment: str = "development") -> dict:
    """A client-features payload (`stages export`) in the shape of the batch import."""
    features = payload["features"]
    return {
        "project": "default",
        "environment": environment,
        "data": {
            "features": [
                {k: f[k] for k in ("name", "description", "type", "project", "stale")}
                for f in features
            ],
            "featureStrategies": [
                {**strategy, "featureName": f["name"], "sortOrder": order}
                for f in features
                for order, strategy in enumerate(f["strategies"])
            ],
            "featureEnvironments": [
                {
                    "name": f["name"],
                    "featureName": f["name"],
                    "environment": environment,
                    "enabled": f["enabled"],
                    "variants": f["variants"],
                }
                for f in features
            ],
            "contextFields": [
                {"name": name, "legalValues": [], "stickiness": False}
                for name in sorted(
                    {
                        c["contextName"]
                        for f in features
                        for s in f["strategies"]
                        for c in s["constraints"]
                    }
                )
            ],
            "featureTags": [],
            "segments": [],
            "tagTypes": [],
            "dependencies": [],
        },
    }
