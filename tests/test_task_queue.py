"""The task queue: scheduled steps declared by services are scheduled and can be run by hand,
and a real consumer process runs queued tasks inside the app."""

import dataclasses
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from sqlmodel import select

from core.models import Organisation
from core.tasks import queue
from stages.manifest import ScheduledStep
from tests.fake_services import make_service
from webapp import create_app
from webapp.tasks import scheduled_steps

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _add_library(db, now):
    """Idempotent like every real step: the second run finds its work done."""
    if db.exec(select(Organisation).where(Organisation.name == "Bibliothek Gommern")).first():
        return 0
    db.add(Organisation(name="Bibliothek Gommern", kind="club", municipality="gommern"))
    return 1


STEP = ScheduledStep(name="zeta.add_library", run=_add_library, minute="*/15", hour="6")
ZETA = dataclasses.replace(make_service("zeta"), scheduled=(STEP,))


def test_a_declared_step_is_scheduled_at_its_times(app_factory):
    app = app_factory(SERVICES=[ZETA])
    assert STEP in scheduled_steps(app)
    due = {task.name for task in queue.read_periodic(datetime(2026, 11, 3, 6, 15))}
    assert "zeta.add_library" in due
    for not_due in (datetime(2026, 11, 3, 6, 7), datetime(2026, 11, 3, 7, 15)):
        assert "zeta.add_library" not in {task.name for task in queue.read_periodic(not_due)}


def test_run_due_runs_every_step_once_and_commits_what_it_did(app_factory):
    app = app_factory(SERVICES=[ZETA])
    runner = app.test_cli_runner()
    first = runner.invoke(args=["tasks", "run-due"])
    assert first.exit_code == 0, first.output
    assert "zeta.add_library: 1" in first.output
    second = runner.invoke(args=["tasks", "run-due"])
    assert "zeta.add_library: 0" in second.output
    with app.app_context():
        from core import db

        names = db.session().exec(select(Organisation.name)).all()
    assert names.count("Bibliothek Gommern") == 1
    listed = runner.invoke(args=["tasks", "list"])
    assert "zeta.add_library" in listed.output and "*/15 6" in listed.output


def test_tasks_commands_on_an_empty_database_say_what_to_run(empty_database_url):
    app = create_app(
        {"TESTING": True, "DATABASE_URL": empty_database_url, "SECRET_KEY": "x", "SERVICES": [ZETA]}
    )
    result = app.test_cli_runner().invoke(args=["tasks", "run-due"])
    app.extensions["db_engine"].dispose()
    assert result.exit_code != 0
    assert "flask --app webapp db upgrade" in result.output


def test_while_testing_a_task_runs_at_once_in_the_caller(app, tmp_path):
    from tests.task_probe import write_database_url

    marker = tmp_path / "ran"
    with app.app_context():
        write_database_url(str(marker))
    assert marker.read_text() == app.config["DATABASE_URL"]


def test_a_consumer_process_runs_a_queued_task_inside_the_app(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'landwerk.db'}"
    environment = {
        **os.environ,
        "TASK_QUEUE_URL": f"sqlite:///{tmp_path / 'tasks.db'}",
        "DATABASE_URL": database_url,
        "LANDWERK_INSTANCE_PATH": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    marker = tmp_path / "ran"
    log = (tmp_path / "consumer.log").open("w")
    consumer = subprocess.Popen(
        [str(BIN / "huey_consumer"), "tests.task_probe.consumer_queue", "--workers", "1", "--quiet"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=log,
    )
    try:
        subprocess.run(
            [
                str(BIN / "python"),
                "-c",
                f"from tests.task_probe import write_database_url; write_database_url({str(marker)!r})",
            ],
            cwd=ROOT,
            env=environment,
            check=True,
            timeout=120,
        )
        deadline = time.monotonic() + 120
        while not marker.exists() and time.monotonic() < deadline and consumer.poll() is None:
            time.sleep(0.2)
        assert marker.exists(), (tmp_path / "consumer.log").read_text()
        assert marker.read_text() == database_url
    finally:
        consumer.terminate()
        consumer.wait(timeout=30)
        log.close()
