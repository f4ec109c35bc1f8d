"""docs/adding-a-service.md, proved: a service written into a folder of its own (manifest,
model, route, template, demo rows; its migration written by `db revision --autogenerate`) and
one line in its stage's SERVICES is migrated, loaded by `demo`, on the roadmap, gated by its
flag and in `stages list` — with no other file of the platform touched.

The service lives in a temporary folder joined to `stages.moped` and runs in a process of its
own, so its table never reaches this test session's schema."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SERVICE_FILES = {
    "__init__.py": '''
        """Tauschbörse: Dinge tauschen statt wegwerfen."""

        from flask import Blueprint
        from flask_babel import lazy_gettext as _l

        from stages.manifest import ServiceManifest
        from stages.moped.tauschboerse import models  # noqa: F401
        from stages.moped.tauschboerse.demo import load_demo

        bp = Blueprint("tauschboerse", __name__, url_prefix="/tauschen", template_folder="templates")

        manifest = ServiceManifest(
            key="tauschboerse",
            title=_l("Tauschbörse"),
            summary=_l("Dinge tauschen statt wegwerfen."),
            home_stage="moped",
            blueprint=bp,
            icon="🔁",
            package=__name__,
            load_demo=load_demo,
        )

        from stages.moped.tauschboerse import routes  # noqa: E402,F401
    ''',
    "models.py": """
        from sqlmodel import Field, SQLModel


        class Tauschangebot(SQLModel, table=True):
            id: int | None = Field(default=None, primary_key=True)
            title: str = Field(max_length=80)
    """,
    "demo.py": """
        from sqlmodel import select

        from stages.moped.tauschboerse.models import Tauschangebot


        def load_demo(db):
            if db.exec(select(Tauschangebot)).first() is None:
                db.add(Tauschangebot(title="Kinderfahrrad gegen Gartenschlauch"))
    """,
    "routes.py": """
        from sqlmodel import select

        from core import db
        from core.rendering import render
        from stages.moped.tauschboerse import bp
        from stages.moped.tauschboerse.models import Tauschangebot


        @bp.route("/")
        def index():
            offers = db.session().exec(select(Tauschangebot)).all()
            return render("tauschboerse/index.html", offers=offers)
    """,
    "templates/tauschboerse/index.html": """
        {% extends "base.html" %}
        {% block content %}<h1>Tauschbörse</h1>
        {% for offer in offers %}<p class="angebot">{{ offer.title }}</p>{% endfor %}{% endblock %}
    """,
}

# Runs in the child process: the one line in the stage's list, then what a newcomer would run.
DRIVER = """
import json, sys
import stages.moped
stages.moped.__path__.append(sys.argv[1])
from stages.moped import tauschboerse
stages.moped.SERVICES.append(tauschboerse.manifest)  # the one line in the stage's SERVICES

from webapp import create_app

app = create_app({"DATABASE_URL": sys.argv[2], "SECRET_KEY": "x", "WTF_CSRF_ENABLED": False,
                  "RATELIMIT_ENABLED": False})
cli = app.test_cli_runner()
steps = [
    cli.invoke(args=["db", "upgrade"]),
    cli.invoke(args=["db", "revision", "--branch", "tauschboerse", "-m", "Tauschangebote",
                     "--autogenerate"]),
    cli.invoke(args=["db", "upgrade"]),
    cli.invoke(args=["demo"]),
]
listed = cli.invoke(args=["stages", "list", "--json"])
visitor = app.test_client()
tester = app.test_client()
tester.post("/login", data={"email": "tester@landwerk.example", "password": sys.argv[3]})
print(json.dumps({
    "steps": [(step.exit_code, step.output) for step in steps],
    "listed": json.loads(listed.output),
    "roadmap": visitor.get("/roadmap").get_data(as_text=True),
    "visitor_status": visitor.get("/tauschen/").status_code,
    "tester_page": tester.get("/tauschen/").get_data(as_text=True),
}))
"""


def write_service(folder: Path) -> None:
    for name, text in SERVICE_FILES.items():
        path = folder / "tauschboerse" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())


def tracked_changes() -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_a_service_is_its_folder_and_one_line(empty_database_url, tmp_path):
    write_service(tmp_path)
    before = tracked_changes()
    password = "demo-passwort-1"
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, str(tmp_path), empty_database_url, password],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "LANDWERK_DEMO_PASSWORD": password,
             "LANDWERK_INSTANCE_PATH": str(tmp_path / "instance")},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    assert [code for code, _output in seen["steps"]] == [0, 0, 0, 0], seen["steps"]
    migration = next((tmp_path / "tauschboerse" / "migrations").glob("tauschboerse_0001_*.py"))
    written = migration.read_text()
    assert 'branch_labels = ("tauschboerse",)' in written or "branch_labels = ('tauschboerse',)" in written
    assert "create_table" in written and "tauschangebot" in written

    listed = {record["key"]: record for record in seen["listed"]}
    assert listed["tauschboerse"]["stage"] == "moped"
    assert "Tauschbörse" in seen["roadmap"]
    assert seen["visitor_status"] == 404  # a moped preview: locked for visitors
    assert "Kinderfahrrad gegen Gartenschlauch" in seen["tester_page"]  # the demo row
    assert tracked_changes() == before
