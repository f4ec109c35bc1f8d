"""The board answers through `messages`: switched off (kill switch) or not unlocked for a
resident (its rollout at 0 %), the answer button goes, and the post's page stays whole."""

import pytest

from core import db as core_db
from core.audit import Actor
from stages import control
from tests.neighbour_help.conftest import add_post, client_of

ANSWER = "Das brauche ich"  # the answer to an offer


def kill(app) -> None:
    with app.test_request_context():
        control.kill_service(
            db=core_db.session(), services=app.extensions["services"], key="messages",
            actor=Actor(None, "test"),
        )  # fmt: skip


def lock(app) -> None:
    with app.test_request_context():
        control.set_rollout(
            db=core_db.session(), services=app.extensions["services"], key="messages",
            percent="0", actor=Actor(None, "test"),
        )  # fmt: skip


# What /nachrichten/ answers then: paused for a while (503), or not yet for this person (403).
@pytest.mark.parametrize(("switch_off", "closed"), [(kill, 503), (lock, 403)])
def test_without_messages_the_answer_button_goes_and_the_post_stays(
    live_app, database, anna, bert, switch_off, closed
):
    post = add_post(database, anna, kind="biete", title="Fahrt nach Genthin")
    client = client_of(live_app, bert.email)
    url = f"/nachbarschaftshilfe/{post.id}"
    assert ANSWER in client.get(url).get_data(as_text=True)
    switch_off(live_app)
    page = client.get(url)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Fahrt nach Genthin" in text and "Anna B." in text
    assert ANSWER not in text and f"{url}/antworten" not in text
    assert client.get(f"{url}/antworten").status_code == 404
    assert client.get("/nachrichten/").status_code == closed
    # The rest of the post works as before: the notice, reporting, the board.
    assert client.get(f"{url}/aushang").status_code == 200
    assert client.get(f"{url}/melden").status_code == 200
    assert "Fahrt nach Genthin" in client.get("/nachbarschaftshilfe/?gemeinde=genthin").get_data(
        as_text=True
    )
