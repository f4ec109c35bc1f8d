"""Comments: writing and replying (two levels), safe display, limits, editing for 15 minutes,
deleting, reporting and hiding, notifications, htmx fragments, plain-form redirects and the
rate limit."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from core import db
from core.accounts import delete_account
from core.models import User, utcnow
from feedback.comments import service as comments
from feedback.comments.markup import comment_html
from feedback.comments.thread import comment_thread
from feedback.models import Comment, CommentReport, Idea, Notification
from tests.conftest import make_user, post_form

NEWS = "service:news"
THREAD = "/diskussion?subject=service:news"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def app(app_factory):
    # One person writes many comments here; the limit has a test of its own.
    return app_factory(COMMENT_RATE_LIMIT="1000 per minute")


def write(client, body, subject=NEWS, parent_id=None, **kwargs):
    data = {"subject": subject, "body": body}
    if parent_id is not None:
        data["parent_id"] = str(parent_id)
    data.update(kwargs.pop("data", {}))
    return post_form(client, "/diskussion/kommentare", data, **kwargs)


def all_comments(database) -> list[Comment]:
    database.expire_all()
    return list(database.exec(select(Comment).order_by(Comment.id)))


def add_comment(database, user, body="Ein Kommentar", subject=NEWS, **fields) -> Comment:
    comment = Comment(subject=subject, user_id=user.id, body=body, **fields)
    database.add(comment)
    database.commit()
    return comment


def signed_in(client, auth, database, email="anna@example.org", blocked=False, **fields) -> User:
    user = make_user(database, email=email, **fields)
    if blocked:
        user.is_blocked = True
        database.add(user)
        database.commit()
    auth.login(email)
    return user


def switch_to(client, auth, email):
    auth.logout()
    auth.login(email)


# --- Writing and replying -----------------------------------------------------------------------


def test_resident_writes_a_comment_and_is_sent_back_to_the_thread(client, auth, database):
    signed_in(client, auth, database)
    response = write(client, "  Endlich Neuigkeiten aus Genthin!  ")
    [comment] = all_comments(database)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{THREAD}#kommentar-{comment.id}")
    assert (comment.body, comment.official, comment.parent_id) == (
        "Endlich Neuigkeiten aus Genthin!",
        False,
        None,
    )
    page = client.get(THREAD).get_data(as_text=True)
    assert "Endlich Neuigkeiten aus Genthin!" in page
    assert "Anna Beispiel" in page
    assert "Ihr Kommentar ist veröffentlicht." in page
    assert "1 Kommentar" in page


def test_form_goes_back_to_the_page_that_showed_the_thread(client, auth, database):
    signed_in(client, auth, database)
    response = write(client, "Hallo", data={"next": "/roadmap/news"})
    assert response.headers["Location"].endswith("/roadmap/news#kommentar-1")


def test_a_next_address_off_the_site_is_ignored(client, auth, database):
    signed_in(client, auth, database)
    response = write(client, "Hallo", data={"next": "https://example.com/falle"})
    assert "example.com" not in response.headers["Location"]
    assert "/diskussion?subject=service" in response.headers["Location"]


def test_visitor_must_sign_in_to_comment(client, database):
    response = write(client, "Hallo")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert all_comments(database) == []
    assert "Melden Sie sich an, um mitzudiskutieren." in client.get(THREAD).get_data(as_text=True)


def test_comment_on_an_idea(client, auth, database):
    user = signed_in(client, auth, database)
    idea = Idea(
        user_id=user.id,
        title="Bücherbus",
        description="Ein Bus voller Bücher.",
        municipality="burg",
    )
    database.add(idea)
    database.commit()
    write(client, "Gute Idee!", subject=f"idea:{idea.id}")
    assert [c.subject for c in all_comments(database)] == [f"idea:{idea.id}"]
    page = client.get(f"/diskussion?subject=idea:{idea.id}").get_data(as_text=True)
    assert "Gute Idee!" in page and "Bücherbus" in page


@pytest.mark.parametrize("subject", ["service:gibt-es-nicht", "idea:999", "kaputt", "idea:x"])
def test_unknown_subject_is_not_found_and_nothing_is_written(client, auth, database, subject):
    signed_in(client, auth, database)
    assert write(client, "Hallo", subject=subject).status_code == 404
    assert client.get(f"/diskussion?subject={subject}").status_code == 404
    assert all_comments(database) == []


def test_reply_goes_under_the_comment_and_a_reply_to_a_reply_under_the_same_top_comment(
    client, auth, database
):
    anna = make_user(database)
    top = add_comment(database, anna, "Oben")
    signed_in(client, auth, database, email="bert@example.org", display_name="Bert")
    write(client, "Erste Antwort", parent_id=top.id)
    first_reply = all_comments(database)[-1]
    write(client, "Antwort auf die Antwort", parent_id=first_reply.id)
    second_reply = all_comments(database)[-1]
    assert first_reply.parent_id == top.id
    assert second_reply.parent_id == top.id
    page = client.get(THREAD).get_data(as_text=True)
    assert page.index("Oben") < page.index("Erste Antwort") < page.index("Antwort auf die Antwort")
    assert f'id="antworten-{top.id}"' in page
    assert f'id="antworten-{first_reply.id}"' not in page  # replies have no replies of their own


def test_a_parent_from_another_discussion_is_refused(client, auth, database):
    anna = signed_in(client, auth, database)
    elsewhere = add_comment(database, anna, "Woanders", subject="service:events")
    assert write(client, "Hallo", parent_id=elsewhere.id).status_code == 400
    assert write(client, "Hallo", parent_id=99999).status_code == 404
    assert write(client, "Hallo", data={"parent_id": "abc"}).status_code == 400
    assert len(all_comments(database)) == 1


def test_deleted_comment_cannot_be_answered(client, auth, database):
    anna = signed_in(client, auth, database)
    gone = add_comment(database, anna, "", deleted=True)
    assert write(client, "Hallo", parent_id=gone.id).status_code == 400
    assert len(all_comments(database)) == 1


# --- Display ------------------------------------------------------------------------------------


def test_html_is_escaped_and_only_web_addresses_become_links():
    shown = str(
        comment_html(
            '<script>alert("x")</script> Siehe https://example.org/a?b=1&c=2.\n'
            "javascript:alert(1) und (mehr: http://example.org/x_(y))"
        )
    )
    assert "<script>" not in shown
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in shown
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener">'
        "https://example.org/a?b=1&amp;c=2</a>." in shown
    )
    assert "<br>\njavascript:alert(1)" in shown
    assert 'href="javascript' not in shown
    assert '<a href="http://example.org/x_(y)" rel="nofollow noopener">' in shown


def test_address_with_quotes_cannot_break_out_of_the_link():
    shown = str(comment_html('https://example.org/"onmouseover="alert(1)'))
    assert '<a href="https://example.org/" rel="nofollow noopener">' in shown
    assert "&#34;onmouseover=&#34;alert(1)" in shown


def test_thread_shows_escaped_text_with_line_breaks(client, auth, database):
    anna = make_user(database)
    add_comment(database, anna, "<b>fett</b>\nzweite Zeile https://landwerk.example")
    page = client.get(THREAD).get_data(as_text=True)
    assert "&lt;b&gt;fett&lt;/b&gt;<br>\nzweite Zeile" in page
    assert '<a href="https://landwerk.example" rel="nofollow noopener">' in page


# --- Limits -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   \r\n  ", "Bitte schreiben Sie einen Kommentar."),
        ("x" * 2001, "Ein Kommentar darf höchstens 2000 Zeichen haben."),
    ],
)
def test_empty_or_overlong_comment_is_refused_with_a_message(client, auth, database, body, message):
    signed_in(client, auth, database)
    response = write(client, body)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert all_comments(database) == []


def test_exactly_2000_characters_are_accepted_with_line_breaks_counted_once(client, auth, database):
    signed_in(client, auth, database)
    body = ("x" * 99 + "\r\n") * 20  # 2000 characters as the browser counts them
    assert write(client, body).status_code == 302
    assert len(all_comments(database)[0].body) == 1999  # the last line break is stripped


def test_nul_and_control_characters_are_refused(client, auth, database):
    signed_in(client, auth, database)
    assert write(client, "a\x00b").status_code == 400  # the request guard, before the view
    assert write(client, "a\x0bb").status_code == 422
    assert "Bitte keine Steuerzeichen verwenden." in write(client, "a\x1bb").get_data(as_text=True)
    assert all_comments(database) == []


# --- Editing and deleting ----------------------------------------------------------------------


def test_author_edits_within_15_minutes_and_the_thread_says_bearbeitet(client, auth, database):
    anna = signed_in(client, auth, database)
    comment = add_comment(database, anna, "Tippfeler", created_at=utcnow() - timedelta(minutes=14))
    url = f"/diskussion/kommentare/{comment.id}/bearbeiten"
    form_page = client.get(url).get_data(as_text=True)
    assert "Tippfeler</textarea>" in form_page
    response = post_form(client, url, {"body": "Tippfehler", "next": "/roadmap/news"})
    assert response.headers["Location"].endswith(f"/roadmap/news#kommentar-{comment.id}")
    [changed] = all_comments(database)
    assert changed.body == "Tippfehler"
    assert changed.edited_at is not None
    assert "bearbeitet" in client.get(THREAD).get_data(as_text=True)


def test_editing_after_15_minutes_is_refused_and_changes_nothing(client, auth, database):
    anna = signed_in(client, auth, database)
    comment = add_comment(database, anna, "Alt", created_at=utcnow() - timedelta(minutes=16))
    url = f"/diskussion/kommentare/{comment.id}/bearbeiten"
    assert client.get(url).status_code == 403
    response = post_form(client, url, {"body": "Neu"})
    assert response.status_code == 403
    assert "ersten 15 Minuten" in response.get_data(as_text=True)
    assert all_comments(database)[0].body == "Alt"
    assert "Bearbeiten" not in client.get(THREAD).get_data(as_text=True)


def test_edit_window_is_measured_against_the_time_given(app, database):
    anna = make_user(database)
    comment = add_comment(database, anna, "Alt")
    just_in_time = comment.created_at + timedelta(minutes=14, seconds=59)
    too_late = comment.created_at + timedelta(minutes=15, seconds=1)
    with app.test_request_context():
        session = db.session()
        mine = session.get(Comment, comment.id)
        comments.edit_comment(session, user=anna, comment=mine, body="Neu", now=just_in_time)
        with pytest.raises(comments.CommentRefused):
            comments.edit_comment(session, user=anna, comment=mine, body="Neuer", now=too_late)
    assert all_comments(database)[0].body == "Neu"


def test_someone_elses_comment_cannot_be_edited_or_deleted(client, auth, database):
    anna = make_user(database)
    comment = add_comment(database, anna, "Von Anna")
    signed_in(client, auth, database, email="bert@example.org", display_name="Bert")
    edit = post_form(
        client, f"/diskussion/kommentare/{comment.id}/bearbeiten", {"body": "Bert war hier"}
    )
    delete = post_form(client, f"/diskussion/kommentare/{comment.id}/loeschen")
    assert (edit.status_code, delete.status_code) == (403, 403)
    [unchanged] = all_comments(database)
    assert (unchanged.body, unchanged.deleted, unchanged.edited_at) == ("Von Anna", False, None)


def test_deleted_comment_shows_geloescht_and_keeps_its_replies(client, auth, database):
    anna = signed_in(client, auth, database)
    bert = make_user(database, email="bert@example.org", display_name="Bert")
    top = add_comment(database, anna, "Mein Text")
    add_comment(database, bert, "Bert antwortet", parent_id=top.id)
    response = post_form(client, f"/diskussion/kommentare/{top.id}/loeschen")
    assert response.status_code == 302
    deleted = all_comments(database)[0]
    assert (deleted.deleted, deleted.body) == (True, "")
    page = client.get(THREAD).get_data(as_text=True)
    assert "Kommentar gelöscht" in page
    assert "Mein Text" not in page
    assert "Bert antwortet" in page
    assert "1 Kommentar" in page


# --- Reporting ----------------------------------------------------------------------------------


def report(client, comment_id, reason="spam", **kwargs):
    return post_form(
        client, f"/diskussion/kommentare/{comment_id}/melden", {"reason": reason}, **kwargs
    )


def test_resident_reports_a_comment_only_once(client, auth, database):
    anna = make_user(database)
    comment = add_comment(database, anna)
    signed_in(client, auth, database, email="bert@example.org")
    assert "Beleidigend" in client.get(f"/diskussion/kommentare/{comment.id}/melden").get_data(
        as_text=True
    )
    first = report(client, comment.id, "beleidigend", follow_redirects=True)
    second = report(client, comment.id, "spam", follow_redirects=True)
    assert "Danke für Ihre Meldung." in first.get_data(as_text=True)
    assert "Sie haben diesen Kommentar schon gemeldet." in second.get_data(as_text=True)
    database.expire_all()
    assert [r.reason for r in database.exec(select(CommentReport))] == ["beleidigend"]
    assert all_comments(database)[0].report_count == 1


def test_the_database_refuses_a_second_report_by_the_same_resident(app, database):
    anna = make_user(database)
    bert = make_user(database, email="bert@example.org")
    comment = add_comment(database, anna)
    database.add(CommentReport(comment_id=comment.id, user_id=bert.id, reason="spam"))
    database.commit()
    database.add(CommentReport(comment_id=comment.id, user_id=bert.id, reason="spam"))
    with pytest.raises(IntegrityError):
        database.commit()
    database.rollback()


def test_own_comment_cannot_be_reported(client, auth, database):
    anna = signed_in(client, auth, database)
    comment = add_comment(database, anna)
    response = report(client, comment.id)
    assert response.status_code == 403
    assert "eigenen Kommentar" in response.get_data(as_text=True)
    assert database.exec(select(CommentReport)).all() == []


def test_a_report_needs_a_known_reason(client, auth, database):
    anna = make_user(database)
    comment = add_comment(database, anna)
    signed_in(client, auth, database, email="bert@example.org")
    assert report(client, comment.id, "langweilig").status_code == 422
    assert database.exec(select(CommentReport)).all() == []


def settled_user(database, email) -> User:
    """An account older than REPORTER_MIN_AGE, whose reports count toward hiding."""
    user = make_user(database, email=email)
    user.created_at = utcnow() - comments.REPORTER_MIN_AGE - timedelta(hours=1)
    database.add(user)
    database.commit()
    return user


def _reported_by(client, auth, database, comment, numbers):
    for n in numbers:
        email = f"melder{n}@example.org"
        if database.exec(select(User).where(User.email == email)).first() is None:
            settled_user(database, email)
        switch_to(client, auth, email)
        report(client, comment.id)


def test_three_reports_hide_the_comment_until_a_product_owner_decides(client, auth, database):
    anna = make_user(database)
    comment = add_comment(database, anna, "Unfug")
    _reported_by(client, auth, database, comment, [0, 1])
    assert all_comments(database)[0].hidden is False
    _reported_by(client, auth, database, comment, [0, 1, 2])  # 0 and 1 again: not counted twice
    hidden = all_comments(database)[0]
    assert (hidden.report_count, hidden.hidden) == (3, True)
    page = client.get(THREAD).get_data(as_text=True)
    assert "Dieser Kommentar wird gerade geprüft." in page
    assert "Unfug" not in page
    # Its author is told once, when the reports hide it; a fourth report tells nobody again.
    assert notes(database) == [(anna.id, "comment_held", NEWS, "Neuigkeiten")]
    _reported_by(client, auth, database, comment, [3])
    assert len(notes(database)) == 1
    switch_to(client, auth, "anna@example.org")
    page = client.get("/benachrichtigungen").get_data(as_text=True)
    assert (
        "Ihr Kommentar zu „Neuigkeiten“ wurde mehrfach gemeldet und ist ausgeblendet, bis das "
        "Landwerk-Team ihn geprüft hat." in page
    )


def test_a_moderated_comment_is_not_hidden_again(client, auth, database):
    anna = make_user(database)
    comment = add_comment(database, anna, "Geprüft", moderated=True)
    _reported_by(client, auth, database, comment, range(4))
    checked = all_comments(database)[0]
    assert (checked.report_count, checked.hidden) == (4, False)


def test_parallel_reports_are_all_counted(app, database):
    anna = make_user(database)
    comment = add_comment(database, anna)
    reporters = [settled_user(database, f"p{n}@example.org") for n in range(6)]
    barrier = threading.Barrier(len(reporters))
    failures = []

    def send(user):
        try:
            barrier.wait()
            with app.test_request_context():
                session = db.session()
                comments.report_comment(
                    session, user=user, comment=session.get(Comment, comment.id), reason="spam"
                )
        except Exception as error:  # collected and asserted below
            failures.append(error)

    threads = [threading.Thread(target=send, args=(user,)) for user in reporters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    counted = all_comments(database)[0]
    assert (counted.report_count, counted.hidden) == (6, True)


def test_blocked_resident_cannot_comment_or_report(client, auth, database):
    anna = make_user(database)
    comment = add_comment(database, anna)
    signed_in(client, auth, database, email="bert@example.org", blocked=True)
    written = write(client, "Hallo")
    reported = report(client, comment.id)
    assert (written.status_code, reported.status_code) == (403, 403)
    assert "Ihr Konto ist gesperrt." in written.get_data(as_text=True)
    assert len(all_comments(database)) == 1
    assert database.exec(select(CommentReport)).all() == []
    page = client.get(THREAD).get_data(as_text=True)
    assert "Kommentar senden" not in page and "Ihr Konto ist gesperrt." in page


# --- Official answers and notifications --------------------------------------------------------


def notes(database) -> list[tuple[int, str, str, str]]:
    database.expire_all()
    return [
        (n.user_id, n.kind, n.subject, n.title)
        for n in database.exec(select(Notification).order_by(Notification.id))
    ]


def test_product_owner_answer_is_official_and_notifies_the_author(client, auth, database):
    anna = make_user(database)
    top = add_comment(database, anna, "Wann kommt das?")
    signed_in(client, auth, database, email="owner@example.org", is_product_owner=True)
    write(client, "Im Frühjahr.", parent_id=top.id)
    answer = all_comments(database)[-1]
    assert answer.official is True
    assert "Offizielle Antwort" in client.get(THREAD).get_data(as_text=True)
    assert notes(database) == [(anna.id, "official_answer", NEWS, "Neuigkeiten")]


def test_reply_notifies_the_author_answered_but_never_oneself(client, auth, database):
    anna = signed_in(client, auth, database)
    bert = make_user(database, email="bert@example.org", display_name="Bert")
    top = add_comment(database, anna, "Frage")
    write(client, "Nachtrag von mir", parent_id=top.id)
    assert notes(database) == []
    bert_reply = add_comment(database, bert, "Bert antwortet", parent_id=top.id)
    write(client, "Danke, Bert", parent_id=bert_reply.id)
    assert notes(database) == [(bert.id, "reply", NEWS, "Neuigkeiten")]
    assert all_comments(database)[-1].official is False


def test_a_reply_notice_names_who_replied_until_their_account_is_gone(client, auth, database):
    anna = signed_in(client, auth, database)
    bert = make_user(database, email="bert@example.org", display_name="Bert Berg")
    top = add_comment(database, anna, "Frage")
    auth.logout()
    auth.login("bert@example.org")
    write(client, "Bert antwortet", parent_id=top.id)
    auth.logout()
    auth.login("anna@example.org")
    page = client.get("/benachrichtigungen").get_data(as_text=True)
    assert "Bert Berg hat auf Ihren Kommentar zu „Neuigkeiten“ geantwortet." in page

    delete_account(db=database, user=database.get(User, bert.id))
    database.expire_all()
    [notice] = database.exec(select(Notification)).all()
    assert notice.user_id == anna.id and notice.actor_id is None
    page = client.get("/benachrichtigungen").get_data(as_text=True)
    assert "Auf Ihren Kommentar zu „Neuigkeiten“ gibt es eine Antwort." in page
    assert "Bert" not in page


# --- htmx and plain forms -----------------------------------------------------------------------


def test_htmx_comment_returns_the_new_comment_and_an_empty_form(client, auth, database):
    signed_in(client, auth, database)
    response = write(client, "Per htmx", headers=HTMX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<li class="comment-item">')
    assert "Per htmx" in body
    assert 'id="kommentar-neu" class="form comment-form"' in body and 'hx-swap-oob="true"' in body
    assert "1 Kommentar" in body
    assert 'hx-swap-oob="innerHTML:#meldungen"' in body


def test_htmx_reply_refreshes_the_reply_form_of_its_comment(client, auth, database):
    anna = signed_in(client, auth, database)
    top = add_comment(database, anna, "Oben")
    body = write(client, "Antwort", parent_id=top.id, headers=HTMX).get_data(as_text=True)
    assert f'id="antwort-{top.id}"' in body
    assert f'hx-target="#antworten-{top.id}"' in body


def test_htmx_invalid_comment_comes_back_as_the_form_in_its_place(client, auth, database):
    signed_in(client, auth, database)
    response = write(client, "", headers=HTMX)
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#kommentar-neu"
    assert response.headers["HX-Reswap"] == "outerHTML"
    body = response.get_data(as_text=True)
    assert "<html" not in body and "Bitte schreiben Sie einen Kommentar." in body
    assert all_comments(database) == []


def test_htmx_edit_delete_and_report_answer_with_fragments(client, auth, database):
    anna = signed_in(client, auth, database)
    bert = make_user(database, email="bert@example.org", display_name="Bert")
    own = add_comment(database, anna, "Meins")
    other = add_comment(database, bert, "Seins")
    edit_url = f"/diskussion/kommentare/{own.id}/bearbeiten"
    form = client.get(edit_url, headers=HTMX).get_data(as_text=True)
    assert "<html" not in form and f'id="kommentar-{own.id}"' in form and "<textarea" in form
    edited = post_form(client, edit_url, {"body": "Meins, korrigiert"}, headers=HTMX)
    assert "<html" not in edited.get_data(as_text=True)
    assert "Meins, korrigiert" in edited.get_data(as_text=True)
    reported = report(client, other.id, headers=HTMX).get_data(as_text=True)
    assert "<html" not in reported and "Danke für Ihre Meldung." in reported
    deleted = post_form(client, f"/diskussion/kommentare/{own.id}/loeschen", headers=HTMX)
    assert "<html" not in deleted.get_data(as_text=True)
    assert "Kommentar gelöscht" in deleted.get_data(as_text=True)


def test_thread_address_answers_htmx_with_the_thread_fragment(client, database):
    add_comment(database, make_user(database), "Im Fragment")
    response = client.get(THREAD, headers=HTMX)
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="diskussion"' in body and "Im Fragment" in body
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" in client.get(THREAD).get_data(as_text=True)


def test_without_csrf_token_nothing_is_written(client, auth, database):
    signed_in(client, auth, database)
    response = client.post("/diskussion/kommentare", data={"subject": NEWS, "body": "Hallo"})
    assert response.status_code == 400
    assert all_comments(database) == []


def test_comment_rate_limit_answers_429_in_german(app_factory, database):
    app = app_factory(COMMENT_RATE_LIMIT="2 per minute")
    client = app.test_client()
    make_user(database)
    post_form(client, "/login", {"email": "anna@example.org", "password": "sicheres-passwort-1"})
    statuses = [write(client, f"Nummer {n}").status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert "Zu viele Versuche" in write(client, "noch einer").get_data(as_text=True)
    assert len(all_comments(database)) == 2


# --- The thread's data --------------------------------------------------------------------------


def test_thread_groups_replies_and_loads_in_two_queries(app, database):
    anna = make_user(database)
    bert = make_user(database, email="bert@example.org", display_name="Bert")
    tops = [add_comment(database, anna, f"Oben {n}") for n in range(3)]
    for top in tops:
        add_comment(database, bert, f"Antwort auf {top.id}", parent_id=top.id)
    add_comment(database, bert, "", deleted=True)
    add_comment(database, anna, "Anderswo", subject="service:events")
    statements = []

    def count(*_args):
        statements.append(1)

    with app.test_request_context():
        from flask_login import login_user

        login_user(anna)
        db.session().exec(select(User)).all()  # the session's connection is open before counting
        event.listen(db.engine(), "before_cursor_execute", count)
        try:
            thread = comment_thread(NEWS)
        finally:
            event.remove(db.engine(), "before_cursor_execute", count)
    assert len(statements) == 2
    assert [entry.comment.body for entry in thread.entries] == ["Oben 0", "Oben 1", "Oben 2", ""]
    assert [[r.author for r in entry.replies] for entry in thread.entries[:3]] == [["Bert"]] * 3
    assert thread.count == 6
