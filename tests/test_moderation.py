"""The moderation queue: only product owners; restore, hide and block, each with an audit entry."""

import json

import pytest
from sqlmodel import select

from core.audit import AuditEntry
from core.models import User
from feedback.models import Comment, CommentReport, Notification
from tests.conftest import make_user, post_form

HTMX = {"HX-Request": "true"}
OWNER = "owner@example.org"


def reported_comment(database, author, reasons=("spam",), body="Kauft billige Uhren!", **fields):
    comment = Comment(
        subject="service:news",
        user_id=author.id,
        body=body,
        report_count=len(reasons),
        **fields,
    )
    database.add(comment)
    database.commit()
    for n, reason in enumerate(reasons):
        reporter = make_user(database, email=f"melder{comment.id}-{n}@example.org")
        database.add(CommentReport(comment_id=comment.id, user_id=reporter.id, reason=reason))
    database.commit()
    return comment


@pytest.fixture
def owner(client, auth, database):
    user = make_user(database, email=OWNER, display_name="Olga Owner", is_product_owner=True)
    auth.login(OWNER)
    return user


@pytest.fixture
def author(database):
    return make_user(database, email="spam@example.org", display_name="Sven Spam")


def audit(database) -> list[AuditEntry]:
    database.expire_all()
    return list(database.exec(select(AuditEntry).order_by(AuditEntry.id)))


def fresh(database, model, key):
    database.expire_all()
    return database.get(model, key)


def test_visitor_is_sent_to_sign_in(client):
    response = client.get("/moderation")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", [{}, {"is_tester": True}])
def test_residents_and_testers_may_not_moderate(client, auth, database, author, role):
    make_user(database, email="anna@example.org", **role)
    auth.login("anna@example.org")
    comment = reported_comment(database, author, hidden=True)
    assert client.get("/moderation").status_code == 403
    for url in (
        f"/moderation/kommentare/{comment.id}/wiederherstellen",
        f"/moderation/kommentare/{comment.id}/ausblenden",
        f"/moderation/nutzer/{author.id}/sperren",
    ):
        assert post_form(client, url).status_code == 403
    unchanged = fresh(database, Comment, comment.id)
    assert (unchanged.hidden, unchanged.moderated) == (True, False)
    assert fresh(database, User, author.id).is_blocked is False
    assert audit(database) == []


def test_queue_shows_hidden_and_reported_comments_with_reasons_author_and_subject(
    client, database, owner, author
):
    hidden = reported_comment(
        database, author, ("spam", "spam", "beleidigend"), body="Versteckt", hidden=True
    )
    reported_comment(database, author, ("unpassend",), body="Einmal gemeldet")
    reported_comment(database, author, (), body="Harmlos")
    reported_comment(database, author, ("spam",), body="Schon entschieden", moderated=True)
    page = client.get("/moderation").get_data(as_text=True)
    assert page.index("Versteckt") < page.index("Einmal gemeldet")
    assert "Harmlos" not in page and "Schon entschieden" not in page
    assert "<dd>3: Spam (2), Beleidigend (1)</dd>" in page
    assert "<dd>1: Unpassend (1)</dd>" in page
    assert "Kommentar von Sven Spam" in page
    assert 'href="/roadmap/news"' in page and "Neuigkeiten" in page
    assert f'id="meldung-{hidden.id}"' in page


def test_restore_makes_the_comment_visible_and_audits_it(client, database, owner, author):
    comment = reported_comment(database, author, ("spam",) * 3, hidden=True)
    response = post_form(client, f"/moderation/kommentare/{comment.id}/wiederherstellen")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/moderation")
    restored = fresh(database, Comment, comment.id)
    assert (restored.hidden, restored.moderated) == (False, True)
    [entry] = audit(database)
    assert (entry.actor_id, entry.actor, entry.action, entry.subject) == (
        owner.id,
        OWNER,
        "comment_restore",
        f"comment:{comment.id}",
    )
    assert json.loads(entry.before) == {"hidden": True, "moderated": False}
    assert json.loads(entry.after) == {"hidden": False, "moderated": True}
    page = client.get("/moderation").get_data(as_text=True)
    assert "Der Kommentar ist wieder sichtbar." in page
    assert f'id="meldung-{comment.id}"' not in page
    [notice] = database.exec(select(Notification).where(Notification.user_id == author.id)).all()
    assert notice.kind == "comment_restored" and notice.subject == comment.subject


def test_keeping_a_visible_comment_tells_its_author_nothing(client, database, owner, author):
    comment = reported_comment(database, author)
    post_form(client, f"/moderation/kommentare/{comment.id}/wiederherstellen")
    assert database.exec(select(Notification)).all() == []


def test_owners_see_on_every_page_how_many_decisions_wait(client, database, owner, author):
    def badge() -> str:
        page = client.get("/ideen").get_data(as_text=True)
        link = page.split('href="/moderation"', 1)[1].split("</a>", 1)[0]
        return link

    assert "badge-count" not in badge()
    reported_comment(database, author)
    reported_comment(database, author, ("spam",) * 3, hidden=True)
    reported_comment(database, author, moderated=True)  # decided: no longer waiting
    link = badge()
    assert '<span class="visually-hidden">, 2 warten auf Ihre Entscheidung</span>' in link
    assert '<span class="badge badge-count" aria-hidden="true">2</span>' in link


def test_residents_have_no_moderation_link(client, auth, database):
    make_user(database)
    auth.login()
    assert 'href="/moderation"' not in client.get("/ideen").get_data(as_text=True)


def test_hide_keeps_the_comment_hidden_for_good_and_audits_it(client, database, owner, author):
    comment = reported_comment(database, author, ("beleidigend",))
    post_form(client, f"/moderation/kommentare/{comment.id}/ausblenden")
    decided = fresh(database, Comment, comment.id)
    assert (decided.hidden, decided.moderated) == (True, True)
    [entry] = audit(database)
    assert (entry.action, entry.subject) == ("comment_hide", f"comment:{comment.id}")
    assert json.loads(entry.after) == {"hidden": True, "moderated": True}


def test_htmx_decision_answers_with_the_entry_in_its_new_state(client, database, owner, author):
    comment = reported_comment(database, author, hidden=True)
    response = post_form(
        client, f"/moderation/kommentare/{comment.id}/wiederherstellen", headers=HTMX
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body
    assert f'<li class="card moderation-item" id="meldung-{comment.id}">' in body
    assert (
        "Der Kommentar ist wieder sichtbar." in body and "<dd>Sichtbar (entschieden)</dd>" in body
    )


def test_deleted_or_unknown_comment_cannot_be_decided(client, database, owner, author):
    comment = reported_comment(database, author, deleted=True)
    assert post_form(client, f"/moderation/kommentare/{comment.id}/ausblenden").status_code == 404
    assert post_form(client, "/moderation/kommentare/9999/ausblenden").status_code == 404
    assert audit(database) == []


def test_blocking_asks_first_then_blocks_and_audits(client, database, owner, author):
    comment = reported_comment(database, author)
    url = f"/moderation/nutzer/{author.id}/sperren?kommentar={comment.id}"
    confirmation = client.get(url)
    text = confirmation.get_data(as_text=True)
    assert confirmation.status_code == 200
    assert "Sven Spam sperren" in text and "Sperren bestätigen" in text
    assert fresh(database, User, author.id).is_blocked is False
    response = post_form(client, url, {"reason": "Wiederholt Werbung"})
    assert response.status_code == 302
    assert fresh(database, User, author.id).is_blocked is True
    [entry] = audit(database)
    assert (entry.action, entry.subject, entry.reason) == (
        "user_block",
        f"user:{author.id}",
        "Wiederholt Werbung",
    )
    assert (json.loads(entry.before), json.loads(entry.after)) == (
        {"is_blocked": False, "votes": 0},
        {"is_blocked": True, "votes": 0},
    )
    assert "Sven Spam ist jetzt gesperrt." in client.get("/moderation").get_data(as_text=True)


def test_htmx_block_confirmation_and_answer_are_fragments(client, database, owner, author):
    comment = reported_comment(database, author)
    url = f"/moderation/nutzer/{author.id}/sperren?kommentar={comment.id}"
    confirmation = client.get(url, headers=HTMX).get_data(as_text=True)
    assert "<html" not in confirmation and f'hx-target="#meldung-{comment.id}"' in confirmation
    answer = post_form(client, url, headers=HTMX).get_data(as_text=True)
    assert "<html" not in answer and "Sven Spam ist jetzt gesperrt." in answer
    assert "Nutzer sperren" not in answer  # already blocked: the button is gone


def test_overlong_block_reason_is_refused_at_its_field(client, database, owner, author):
    response = post_form(client, f"/moderation/nutzer/{author.id}/sperren", {"reason": "x" * 1001})
    assert response.status_code == 422
    assert "höchstens 1000 Zeichen" in response.get_data(as_text=True)
    assert fresh(database, User, author.id).is_blocked is False
    assert audit(database) == []


def test_product_owners_and_blocked_people_cannot_be_blocked_again(client, database, owner, author):
    other_owner = make_user(database, email="o2@example.org", is_product_owner=True)
    assert post_form(client, f"/moderation/nutzer/{other_owner.id}/sperren").status_code == 409
    post_form(client, f"/moderation/nutzer/{author.id}/sperren")
    response = post_form(client, f"/moderation/nutzer/{author.id}/sperren")
    assert response.status_code == 409
    assert "bereits gesperrt" in response.get_data(as_text=True)
    assert [entry.action for entry in audit(database)] == ["user_block"]


def test_blocked_author_can_no_longer_comment(client, auth, database, owner, author):
    post_form(client, f"/moderation/nutzer/{author.id}/sperren")
    auth.logout()
    auth.login("spam@example.org")
    response = post_form(
        client, "/diskussion/kommentare", {"subject": "service:news", "body": "Noch mehr Uhren"}
    )
    assert response.status_code == 403
    assert database.exec(select(Comment)).all() == []


def test_moderation_actions_need_the_csrf_token(client, database, owner, author):
    comment = reported_comment(database, author, hidden=True)
    response = client.post(f"/moderation/kommentare/{comment.id}/wiederherstellen")
    assert response.status_code == 400
    assert fresh(database, Comment, comment.id).moderated is False
    assert audit(database) == []


def test_decisions_are_named_by_where_the_comment_stands(client, database, owner, author):
    visible = reported_comment(database, author)
    hidden = reported_comment(database, author, body="Noch mehr Uhren", hidden=True)
    page = client.get("/moderation").get_data(as_text=True)
    entry = page.split(f'id="meldung-{visible.id}"', 1)[1].split("</li>", 1)[0]
    assert "Sichtbar lassen" in entry and "Ausblenden" in entry and "Wieder zeigen" not in entry
    entry = page.split(f'id="meldung-{hidden.id}"', 1)[1].split("</li>", 1)[0]
    assert "Wieder zeigen" in entry and "Ausgeblendet lassen" in entry
    answer = post_form(client, f"/moderation/kommentare/{visible.id}/ausblenden", headers=HTMX)
    assert "Der Kommentar ist jetzt ausgeblendet." in answer.get_data(as_text=True)
    answer = post_form(client, f"/moderation/kommentare/{hidden.id}/ausblenden", headers=HTMX)
    assert "Der Kommentar bleibt ausgeblendet." in answer.get_data(as_text=True)


def test_a_hidden_comment_tells_its_author_and_readers_that_the_team_decided(
    client, database, owner, author
):
    comment = reported_comment(database, author)
    post_form(client, f"/moderation/kommentare/{comment.id}/ausblenden")
    [notice] = database.exec(select(Notification).where(Notification.user_id == author.id)).all()
    assert notice.kind == "comment_hidden" and notice.subject == comment.subject
    # Deciding again tells nobody twice.
    post_form(client, f"/moderation/kommentare/{comment.id}/ausblenden")
    database.expire_all()
    assert len(database.exec(select(Notification)).all()) == 1
    page = client.get("/roadmap/news").get_data(as_text=True)
    assert "Das Landwerk-Team hat diesen Kommentar ausgeblendet." in page
    assert "Dieser Kommentar wird gerade geprüft." not in page
