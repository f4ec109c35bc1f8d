"""Flag decisions shared across requests: each viewer kind asks the Unleash client once per
flag state, a change made anywhere (promotion, kill switch, rollout) replaces them at once,
and a gradual rollout is still decided per person."""

import pytest

from core import db
from core.audit import Actor
from stages import control
from tests.fake_services import TEST_SERVICES


@pytest.fixture
def worker(app_factory):
    """The worker serving the pages; it checks the flag version on every request."""
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


@pytest.fixture
def console(app_factory):
    """Another worker, where the product owner makes the change."""
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


def change(app, operation, **kwargs):
    with app.test_request_context():
        operation(db=db.session(), services=TEST_SERVICES, actor=Actor(None, "owner"), **kwargs)


def visitors(app, count=3):
    return [app.test_client() for _ in range(count)]


def status(client, key):
    return client.get(f"/{key}/").status_code


def test_a_promotion_replaces_the_shared_decisions(worker, console):
    people = visitors(worker)
    assert [status(person, "beta") for person in people] == [404, 404, 404]
    change(console, control.promote_service, key="beta")
    assert [status(person, "beta") for person in people] == [200, 200, 200]
    assert status(worker.test_client(), "beta") == 200
    assert "Dienst Beta" in people[0].get("/").get_data(as_text=True)


def test_a_kill_switch_and_a_restore_replace_them(worker, console):
    people = visitors(worker)
    assert [status(person, "alpha") for person in people] == [200, 200, 200]
    change(console, control.kill_service, key="alpha")
    assert [status(person, "alpha") for person in people] == [503, 503, 503]
    change(console, control.restore_service, key="alpha")
    assert [status(person, "alpha") for person in people] == [200, 200, 200]


def test_a_rollout_change_replaces_them(worker, console):
    people = visitors(worker)
    assert [status(person, "alpha") for person in people] == [200, 200, 200]
    change(console, control.set_rollout, key="alpha", percent=0)
    assert [status(person, "alpha") for person in people] == [403, 403, 403]
    change(console, control.set_rollout, key="alpha", percent=100)
    assert [status(person, "alpha") for person in people] == [200, 200, 200]


def test_a_change_in_the_same_worker_replaces_them(worker):
    person = worker.test_client()
    assert status(person, "beta") == 404
    change(worker, control.promote_service, key="beta")
    assert status(person, "beta") == 200


def test_each_viewer_kind_asks_the_client_once_per_flag_state(worker, evaluations):
    first, second = visitors(worker, 2)
    first.get("/")
    assert sorted(evaluations) == ["alpha", "beta", "gamma"]
    evaluations.clear()
    second.get("/")
    first.get("/alpha/")
    assert evaluations == []


def test_a_gradual_rollout_is_still_decided_per_person(worker, console, evaluations):
    change(console, control.set_rollout, key="alpha", percent=50)
    worker.test_client().get("/")
    evaluations.clear()
    answers = set()
    for person in visitors(worker, 24):
        evaluations.clear()
        answers.add(status(person, "alpha"))
        assert evaluations == ["alpha"]  # beta and gamma are shared, alpha depends on the person
    assert answers == {200, 403}  # 24 visitors all on one side: about 1 in 8 million
