"""Writing, editing and finishing posts: every rule, bad input refused in German with nothing
written, only the author acting on a post, answers through messages, the printable notice."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from core.audit import AuditEntry
from stages.moped.messages.models import MessageThread
from stages.moped.neighbour_help.models import HelpPost, HelpReport
from stages.moped.neighbour_help.service import local_today
from tests.conftest import post_form
from tests.neighbour_help.conftest import add_post, client_of, count_posts, form_data

NEW = "/nachbarschaftshilfe/neu"


def test_a_resident_puts_up_an_offer(live_app, database, anna):
    client = client_of(live_app, anna.email)
    response = post_form(client, NEW, form_data())
    assert response.status_code == 303
    post = database.exec(select(HelpPost)).one()
    assert (post.kind, post.village, post.author_id) == ("biete", "Tucheim", anna.id)
    page = client.get(response.location).get_data(as_text=True)
    assert "Fahrt zum Arzt" in page and "Hat geklappt" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_on": (local_today() + timedelta(days=365)).isoformat()}, "höchstens drei Monate"),
        ({"ends_on": (local_today() - timedelta(days=1)).isoformat()}, "Vergangenheit"),
        ({"ends_on": "31.02.2027"}, "gültiges Datum"),
        ({"text": "x" * 601}, "Höchstens 600 Zeichen"),
        ({"title": "x" * 81}, "Höchstens 80 Zeichen"),
        ({"title": "Hallo\x0bWelt"}, "Steuerzeichen"),
        ({"category": "waffen"}, "Diese Kategorie gibt es nicht"),
        ({"kind": "verkaufe"}, "Hilfe bieten oder Hilfe suchen"),
        ({"municipality": "berlin"}, "Gemeinde des Jerichower Landes"),
        ({"village": "Atlantis"}, "Diesen Ortsteil kennen wir in Genthin nicht"),
        ({"village": "Niegripp"}, "Diesen Ortsteil kennen wir in Genthin nicht"),
        ({"text": ""}, "Bitte beschreiben Sie"),
    ],
)
def test_bad_input_is_refused_in_german_and_nothing_is_written(
    live_app, database, anna, changes, message
):
    client = client_of(live_app, anna.email)
    response = post_form(client, NEW, form_data(**changes))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count_posts(database) == 0


def test_a_nul_character_is_refused_before_anything_is_read(live_app, database, anna):
    client = client_of(live_app, anna.email)
    response = post_form(client, NEW, form_data(text="Hallo\x00Welt"))
    assert response.status_code == 400
    assert "Nullzeichen" in response.get_data(as_text=True)
    assert count_posts(database) == 0


@pytest.mark.parametrize(
    "text", ["Ruf an: 03921 12345", "Mail an rita@example.org", "+49 171 2345678"]
)
def test_phone_or_email_in_the_text_asks_first(live_app, database, anna, text):
    client = client_of(live_app, anna.email)
    response = post_form(client, NEW, form_data(text=text))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Telefonnummer oder E-Mail-Adresse" in page and "Nachrichten" in page
    assert count_posts(database) == 0
    confirmed = post_form(client, NEW, form_data(text=text, contact_ok="y"))
    assert confirmed.status_code == 303
    assert count_posts(database) == 1


def test_a_date_in_the_text_is_no_phone_number(live_app, database, anna):
    client = client_of(live_app, anna.email)
    response = post_form(client, NEW, form_data(when="am 12.03.2027", text="Um 10:30 Uhr"))
    assert response.status_code == 303


def test_a_double_submit_writes_one_post(live_app, database, anna):
    client = client_of(live_app, anna.email)
    token = re.search(
        r'name="submission_token" value="([^"]+)"', client.get(NEW).get_data(as_text=True)
    )
    data = form_data(submission_token=token.group(1))
    first = post_form(client, NEW, data)
    second = post_form(client, NEW, data)
    assert first.status_code == 303 and second.status_code == 303
    assert second.location == first.location
    assert count_posts(database) == 1


def test_posting_on_behalf_is_marked(live_app, database, anna):
    client = client_of(live_app, anna.email)
    response = post_form(client, NEW, form_data(on_behalf="y"))
    page = live_app.test_client().get(response.location).get_data(as_text=True)
    assert "für eine Nachbarin/einen Nachbarn eingestellt" in page


def test_visitors_cannot_post(live_app, database):
    response = live_app.test_client().get(NEW)
    assert response.status_code in (302, 401)


def test_only_the_author_closes_withdraws_or_edits(live_app, database, anna, bert):
    post = add_post(database, anna)
    other = client_of(live_app, bert.email)
    for action in ("geklappt", "zurueckziehen", "bearbeiten"):
        assert post_form(other, f"/nachbarschaftshilfe/{post.id}/{action}").status_code == 404
    assert other.get(f"/nachbarschaftshilfe/{post.id}/bearbeiten").status_code == 404
    for forged in (post.id + 1000, 2**31 - 1):
        assert post_form(other, f"/nachbarschaftshilfe/{forged}/geklappt").status_code == 404
    database.refresh(post)
    assert post.status == "offen"


def test_the_author_marks_it_helped_and_it_is_counted(live_app, database, anna):
    post = add_post(database, anna)
    client = client_of(live_app, anna.email)
    assert post_form(client, f"/nachbarschaftshilfe/{post.id}/geklappt").status_code == 303
    database.refresh(post)
    assert post.status == "geklappt" and post.closed_at is not None
    again = post_form(client, f"/nachbarschaftshilfe/{post.id}/zurueckziehen")
    assert again.status_code == 409
    assert "schon erledigt" in again.get_data(as_text=True)
    # Off the board: others do not find it any more; its author still does.
    assert live_app.test_client().get(f"/nachbarschaftshilfe/{post.id}").status_code == 404
    assert client.get(f"/nachbarschaftshilfe/{post.id}").status_code == 200


def test_the_author_extends_the_post(live_app, database, anna):
    post = add_post(database, anna)
    client = client_of(live_app, anna.email)
    new_end = (local_today() + timedelta(days=60)).isoformat()
    response = post_form(
        client,
        f"/nachbarschaftshilfe/{post.id}/bearbeiten",
        form_data(ends_on=new_end, title="Länger"),
    )
    assert response.status_code == 303
    database.refresh(post)
    assert (post.title, post.ends_on.isoformat()) == ("Länger", new_end)


def test_answering_opens_a_message_thread_with_the_author(live_app, database, anna, bert):
    post = add_post(database, anna)
    client = client_of(live_app, bert.email)
    page = client.get(f"/nachbarschaftshilfe/{post.id}").get_data(as_text=True)
    assert "Ich kann helfen" in page
    response = client.get(f"/nachbarschaftshilfe/{post.id}/antworten")
    assert response.status_code == 302
    assert f"person={anna.id}" in response.location
    assert f"bezug=neighbour_help:post:{post.id}" in response.location
    sent = post_form(client, "/nachrichten/neu", {
        "person": str(anna.id), "bezug": f"neighbour_help:post:{post.id}",
        "betreff": "Nachbarschaftshilfe: Einkauf gesucht", "text": "Ich bringe Milch mit.",
    })  # fmt: skip
    assert sent.status_code == 303
    thread = database.exec(select(MessageThread)).one()
    assert (thread.other_resident_id, thread.subject_ref) == (
        anna.id,
        f"neighbour_help:post:{post.id}",
    )
    # The author does not answer their own post; visitors are asked to sign in.
    assert (
        client_of(live_app, anna.email).get(f"/nachbarschaftshilfe/{post.id}/antworten").status_code
        == 404
    )
    assert live_app.test_client().get(f"/nachbarschaftshilfe/{post.id}/antworten").status_code in (
        302,
        401,
    )


def test_the_printable_notice_has_a_qr_code_and_no_name(live_app, database, anna):
    post = add_post(database, anna, title="Aushang für den Laden")
    for query in ("", "?format=a5"):
        response = live_app.test_client().get(f"/nachbarschaftshilfe/{post.id}/aushang{query}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert '<svg role="img"' in page and "help-qr" in page
        assert "Aushang für den Laden" in page and "Anna" not in page
    assert "help-notice-a5" in page


def test_a_report_reaches_moderation_and_hiding_is_audited(live_app, database, anna, bert):
    post = add_post(database, anna)
    reporter = client_of(live_app, bert.email)
    response = post_form(reporter, f"/nachbarschaftshilfe/{post.id}/melden", {"reason": "werbung"})
    assert response.status_code == 303
    assert database.exec(select(HelpReport)).one().reason == "werbung"
    own = post_form(client_of(live_app, anna.email), f"/nachbarschaftshilfe/{post.id}/melden",
                    {"reason": "werbung"})  # fmt: skip
    assert own.status_code == 422
    from tests.conftest import make_user

    make_user(database, email="chefin@example.org", is_product_owner=True)
    owner = client_of(live_app, "chefin@example.org")
    assert "Aushang (Nachbarschaftshilfe)" in owner.get("/moderation").get_data(as_text=True)
    decided = post_form(owner, f"/nachbarschaftshilfe/moderation/{post.id}", {"decision": "hide"})
    assert decided.status_code == 303
    database.refresh(post)
    assert post.is_hidden
    entry = database.exec(select(AuditEntry).where(AuditEntry.action == "help_post_hide")).one()
    assert entry.subject == f"help_post:{post.id}" and "Werbung" in entry.reason
    assert (
        post_form(
            reporter, f"/nachbarschaftshilfe/{post.id}/ausblenden", {"reason": "x"}
        ).status_code
        == 403
    )
