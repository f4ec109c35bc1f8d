"""A form sent twice (a double click, a reload, Back and send, two requests at once) creates its
comment, idea, news post, event or tester report once; the second answer points to the first
one's result. Without and with htmx."""

import re
import threading

import pytest
from sqlmodel import func, select

from core import accounts as service
from core import db, submissions
from core.models import Organisation, User
from feedback import models as feedback_models
from feedback.comments.service import post_comment
from feedback.models import Comment, Idea
from feedback.subjects import resolve
from stages.bicycle.events.models import Event
from stages.bicycle.news.models import NewsPost
from tests.conftest import PASSWORD, make_user, post_form
from tests.fake_services import TEST_SERVICES

THREAD = "/diskussion?subject=service:news"
HTMX = {"HX-Request": "true"}
ALREADY = "Das war schon angekommen: Sie haben dasselbe Formular noch einmal gesendet."
TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')


def token_on(client, url) -> str:
    return TOKEN.search(client.get(url).get_data(as_text=True)).group(1)


def count(database, model) -> int:
    database.expire_all()
    return database.exec(select(func.count()).select_from(model)).one()


def send_twice(client, url, data, **kwargs):
    return [post_form(client, url, data, **kwargs) for _ in range(2)]


@pytest.fixture
def resident(client, auth, database):
    user = make_user(database)
    auth.login()
    return user


def test_a_comment_sent_twice_is_written_once(client, resident, database):
    data = {"subject": "service:news", "body": "Gute Idee!", "next": THREAD}
    data["submission_token"] = token_on(client, THREAD)
    first, second = send_twice(client, "/diskussion/kommentare", data)
    [comment] = database.exec(select(Comment)).all()
    assert first.headers["Location"] == f"{THREAD}#kommentar-{comment.id}"
    assert (second.status_code, second.headers["Location"]) == (303, first.headers["Location"])
    assert ALREADY in client.get(THREAD).get_data(as_text=True)


def test_with_htmx_the_second_answer_only_says_so_and_the_next_form_has_a_new_token(
    client, resident, database
):
    token = token_on(client, THREAD)
    data = {"subject": "service:news", "body": "Gute Idee!", "submission_token": token}
    first, second = send_twice(client, "/diskussion/kommentare", data, headers=HTMX)
    assert count(database, Comment) == 1
    fresh = TOKEN.search(first.get_data(as_text=True)).group(1)  # the emptied form, out of band
    assert fresh != token
    assert second.status_code == 200
    assert second.headers["HX-Retarget"] == "#meldungen"
    assert ALREADY in second.get_data(as_text=True)
    assert "Gute Idee!" not in second.get_data(as_text=True)
    data.update(submission_token=fresh, body="Noch ein Gedanke.")
    assert post_form(client, "/diskussion/kommentare", data, headers=HTMX).status_code == 200
    assert count(database, Comment) == 2


def test_a_form_shown_again_after_an_error_keeps_its_token(client, resident, database):
    token = token_on(client, THREAD)
    data = {"subject": "service:news", "body": "", "submission_token": token}
    refused = post_form(client, "/diskussion/kommentare", data)
    assert refused.status_code == 422
    assert f'name="submission_token" value="{token}"' in refused.get_data(as_text=True)


def test_an_idea_sent_twice_is_proposed_once(app_factory, database):
    client = app_factory(IDEA_RATE_LIMIT="100 per hour").test_client()
    make_user(database)
    post_form(client, "/login", {"email": "anna@example.org", "password": PASSWORD})
    data = {"title": "Bücherbus für die Dörfer", "description": "Einmal im Monat."}
    data.update(municipality="genthin", submission_token=token_on(client, "/ideen/neu"))
    first, second = send_twice(client, "/ideen/neu", data)
    [idea] = database.exec(select(Idea)).all()
    assert first.headers["Location"] == second.headers["Location"] == f"/ideen/{idea.id}"


def partner_of_a_club(client, database) -> Organisation:
    club = Organisation(name="Heimatverein Gommern", kind="club", municipality="gommern")
    database.add(club)
    database.commit()
    partner = make_user(database, email="partner@example.org")
    service.add_membership(db=database, user=partner, organisation=club)
    database.commit()
    post_form(client, "/login", {"email": "partner@example.org", "password": PASSWORD})
    return club


def test_a_news_post_sent_twice_is_published_once(client, database):
    club = partner_of_a_club(client, database)
    data = {
        "organisation": str(club.id),
        "title": "Frühjahrsputz",
        "teaser": "Alle packen mit an.",
        "body": "Am Samstag.",
        "municipality": "gommern",
        "category": "vereine",
        "publish": "y",
        "submission_token": token_on(client, "/neuigkeiten/neu"),
    }
    first, second = send_twice(client, "/neuigkeiten/neu", data)
    [post] = database.exec(select(NewsPost)).all()
    assert first.headers["Location"] == second.headers["Location"] == f"/neuigkeiten/{post.id}"


def test_an_event_sent_twice_is_entered_once(client, database):
    club = partner_of_a_club(client, database)
    data = {
        "organisation": str(club.id),
        "title": "Kartoffelfest",
        "description": "",
        "category": "feste",
        "start_date": "2030-09-14",
        "start_time": "10:00",
        "end_date": "",
        "end_time": "16:00",
        "place_name": "Marktplatz",
        "address": "",
        "municipality": "genthin",
        "price": "",
        "price_note": "",
        "accessibility_notes": "",
        "submission_token": token_on(client, "/veranstaltungen/neu"),
    }
    first, second = send_twice(client, "/veranstaltungen/neu", data)
    [event] = database.exec(select(Event)).all()
    assert first.headers["Location"] == second.headers["Location"] == f"/veranstaltungen/{event.id}"


def test_a_tester_report_sent_twice_arrives_once(app_factory, database):
    staged = app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)
    client = staged.test_client()
    make_user(database, is_tester=True)
    post_form(client, "/login", {"email": "anna@example.org", "password": PASSWORD})
    form = "/vorschau/beta/rueckmeldung"
    data = {"kind": "problem", "text": "Knopf reagiert langsam."}
    data["submission_token"] = token_on(client, form)
    first, second = send_twice(client, form, data)
    assert count(database, feedback_models.TesterReport) == 1
    assert (first.status_code, second.status_code) == (303, 303)


def test_two_copies_sent_at_the_same_moment_write_once(app, database):
    anna = make_user(database)
    token = "gleichzeitig-gesendet-1234"
    barrier = threading.Barrier(4)
    answers, failures = [], []

    def send():
        form = {submissions.FIELD: token}
        with app.test_request_context("/diskussion/kommentare", method="POST", data=form):
            session = db.session()
            try:
                barrier.wait()
                claimed = submissions.claim(session, user_id=anna.id, fallback="/diskussion")
                comment = post_comment(
                    session,
                    author=session.get(User, anna.id),
                    subject=resolve("service:news"),
                    body="Einmal bitte.",
                    parent=None,
                )
                submissions.created(session, claimed, f"/diskussion#kommentar-{comment.id}")
                answers.append("written")
            except submissions.AlreadySubmitted:
                answers.append("already")
            except Exception as error:  # collected and asserted below
                failures.append(error)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(answers) == ["already", "already", "already", "written"]
    assert count(database, Comment) == 1


def test_a_form_without_a_token_is_written_as_before(client, resident, database):
    data = {"subject": "service:news", "body": "Ohne Token."}
    send_twice(client, "/diskussion/kommentare", data)
    assert count(database, Comment) == 2
