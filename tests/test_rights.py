"""A person's rights under the DSGVO, on both databases: the data download (the API and the
profile's button) holds every kind of their data and nothing of anyone else's; deleting the
account runs every service's `forget` in the same transaction, keeps the contributions signed
"ehemaliges Mitglied", and leaves every count equal to the rows behind it."""

import json
import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from core.mail import OutboxMail
from core.models import Membership, Organisation, User, utcnow
from feedback import models as feedback_models
from feedback.models import (
    Comment,
    CommentReport,
    CommentTally,
    Idea,
    Notification,
    Vote,
    VoteTally,
)
from stages.bicycle.events.models import Event
from stages.bicycle.news.models import NewsPost
from stages.moped.landstrom.models import Meter, Reading
from stages.moped.messages.models import STARTER, Message, MessageThread
from stages.moped.neighbour_help.models import HelpPost
from tests.conftest import PASSWORD, make_user, post_form
from tests.landstrom.conftest import add_meter, add_organisation
from tests.neighbour_help.conftest import add_post
from tests.test_vote_tallies import assert_tallies_are_the_votes, signed_in

ANNA = "anna@example.org"
BERT = "bert@example.org"


def _mail(database, to: str, subject: str, sent: bool = True) -> OutboxMail:
    row = OutboxMail(
        key=f"test:{to}:{subject}",
        recipient=to,
        message=f"Subject: {subject}\r\nTo: {to}\r\n\r\nGeheimer Link: https://x.example/t/abc\r\n",
        sent_at=utcnow() if sent else None,
    )
    database.add(row)
    database.commit()
    return row


def _people_with_data(database):
    """Anna and Bert, each with something in every table that holds a person's data."""
    anna = make_user(database, email=ANNA, display_name="Anna Abend")
    bert = make_user(database, email=BERT, display_name="Bert Berg", municipality="genthin")
    works = add_organisation(database)
    database.add(Membership(user_id=bert.id, organisation_id=works.id))
    ideas = {}
    for person, title in ((anna, "Mitfahrbank in Parey"), (bert, "Bücherschrank in Genthin")):
        ideas[person.id] = Idea(
            user_id=person.id, title=title, description="Bitte.", municipality="burg"
        )
        database.add(ideas[person.id])
    database.commit()
    annas_idea, berts_idea = ideas[anna.id], ideas[bert.id]
    annas_comment = Comment(subject="service:news", user_id=anna.id, body="Annas Gedanke")
    berts_comment = Comment(subject="service:news", user_id=bert.id, body="Berts Meinung")
    on_idea = Comment(subject=f"idea:{annas_idea.id}", user_id=anna.id, body="Annas Nachtrag")
    database.add_all([annas_comment, berts_comment, on_idea])
    database.commit()
    database.add(
        Comment(
            subject="service:news",
            user_id=bert.id,
            parent_id=annas_comment.id,
            body="Berts Antwort an Anna",
        )
    )
    for voter in (anna, bert):
        database.add(Vote(user_id=voter.id, subject=f"idea:{berts_idea.id}"))
        database.add(Vote(user_id=voter.id, subject="service:landstrom"))
    # Each reports the other's comment.
    database.add(CommentReport(comment_id=berts_comment.id, user_id=anna.id, reason="spam"))
    for person, delivery in ((anna, "sofort"), (bert, "woechentlich")):
        database.add(
            feedback_models.EmailPreference(user_id=person.id, kind="antworten", delivery=delivery)
        )
        database.add(feedback_models.NotificationDigest(user_id=person.id, week="2026-W48"))
    database.add(CommentReport(comment_id=annas_comment.id, user_id=bert.id, reason="unpassend"))
    berts_comment.report_count = annas_comment.report_count = 1
    database.add_all([berts_comment, annas_comment])
    database.add(
        feedback_models.TesterReport(
            service_key="landstrom", user_id=anna.id, kind="works", text="Annas Test"
        )
    )
    database.add(
        feedback_models.TesterReport(
            service_key="landstrom", user_id=bert.id, kind="problem", text="B"
        )
    )
    for person in (anna, bert):
        database.add(
            Notification(
                user_id=person.id,
                kind="reply",
                title=f"Antwort für {person.display_name}",
                subject="service:news",
            )
        )
    database.commit()
    _mail(database, ANNA, "Bitte bestätigen Sie Ihre E-Mail-Adresse")
    _mail(database, ANNA, "Ein neues Passwort für Landwerk", sent=False)
    _mail(database, BERT, "Post für Bert", sent=False)
    # The services' parts: meters and readings, help posts, a conversation.
    add_meter(database, anna, works, number="ANNA-DONE",
              readings=[(date(2025, 11, 2), 5, "uebernommen")])  # fmt: skip
    add_meter(database, anna, works, number="ANNA-WAIT", readings=[(date(2026, 11, 2), 9)])
    add_meter(database, bert, works, number="BERT-1", readings=[(date(2026, 11, 2), 1)])
    add_post(database, anna, title="Annas offener Aushang")
    add_post(database, anna, title="Annas erledigter Aushang", status="geklappt",
             closed_at=utcnow())  # fmt: skip
    add_post(database, bert, title="Berts Aushang")
    thread = MessageThread(title="Fahrt nach Burg", resident_id=anna.id, other_resident_id=bert.id)
    database.add(thread)
    database.commit()
    database.add(Message(thread_id=thread.id, author_id=anna.id, side=STARTER, text="Annas Frage"))
    database.commit()
    return anna, bert, annas_idea, berts_idea, annas_comment, berts_comment


def _tables(response) -> dict:
    assert response.status_code == 200
    data = json.loads(response.get_data(as_text=True))
    assert data["format"] == "landwerk-personal-data/1"
    return data["tables"]


def test_the_download_holds_each_kind_of_her_data_and_nothing_of_his(app, database):
    anna, _bert, annas_idea, berts_idea, annas_comment, berts_comment = _people_with_data(database)
    client = signed_in(app, ANNA)
    response = client.get("/api/v1/me/export")
    assert response.headers["Cache-Control"] == "no-store"
    tables = _tables(response)
    [account] = tables["user_account"]
    assert account["email"] == ANNA and account["display_name"] == "Anna Abend"
    assert "password_hash" not in account and "session_token" not in account
    assert {v["subject"] for v in tables["vote"]} == {f"idea:{berts_idea.id}", "service:landstrom"}
    assert sorted(c["body"] for c in tables["comment"]) == ["Annas Gedanke", "Annas Nachtrag"]
    assert [i["id"] for i in tables["idea"]] == [annas_idea.id]
    assert [r["comment_id"] for r in tables["comment_report"]] == [berts_comment.id]
    assert [r["text"] for r in tables["tester_report"]] == ["Annas Test"]
    assert [n["title"] for n in tables["notification"]] == ["Antwort für Anna Abend"]
    assert [(p["kind"], p["delivery"]) for p in tables["email_preference"]] == [
        ("antworten", "sofort")
    ]
    assert [d["week"] for d in tables["notification_digest"]] == ["2026-W48"]
    assert [len(tables["sign_in"]), tables["membership"]] == [1, []]
    assert [(m["purpose"], m["subject"], m["sent_at"] is None) for m in tables["outbox_mail"]] == [
        ("test", "Bitte bestätigen Sie Ihre E-Mail-Adresse", False),
        ("test", "Ein neues Passwort für Landwerk", True),
    ]
    # Every registered service's part, whether its flag is on or not (they are all locked here).
    assert sorted(m["number"] for m in tables["landstrom_meter"]) == ["ANNA-DONE", "ANNA-WAIT"]
    assert sorted(r["value"] for r in tables["landstrom_reading"]) == [5, 9]
    assert sorted(p["title"] for p in tables["neighbour_help_post"]) == [
        "Annas erledigter Aushang",
        "Annas offener Aushang",
    ]
    assert [m["text"] for m in tables["message"]] == ["Annas Frage"]
    assert tables["marketplace_report"] == []
    exported = json.dumps(tables, ensure_ascii=False)
    for his in ("Bert", BERT, "BERT-1", "Bücherschrank", "Post für Bert", "Geheimer Link"):
        assert his not in exported


def test_the_profile_button_saves_the_same_data_as_a_dated_file(app, database):
    make_user(database, email=ANNA)
    client = signed_in(app, ANNA)
    page = client.get("/profil").get_data(as_text=True)
    assert 'href="/profil/meine-daten"' in page and "Meine Daten herunterladen" in page
    response = client.get("/profil/meine-daten")
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(
        r'attachment; filename="landwerk-meine-daten-\d{4}-\d\d-\d\d\.json"', disposition
    )
    assert response.mimetype == "application/json"
    assert _tables(response) == _tables(client.get("/api/v1/me/export"))


def test_visitors_get_no_download(client):
    response = client.get("/api/v1/me/export")
    assert response.status_code == 401
    assert response.get_json()["error"] == 401
    response = client.get("/profil/meine-daten")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_downloads_are_limited_for_the_button_and_the_api_together(app_factory, database):
    app = app_factory(EXPORT_RATE_LIMIT="2 per hour")
    make_user(database, email=ANNA)
    client = signed_in(app, ANNA)
    assert client.get("/profil/meine-daten").status_code == 200
    assert client.get("/api/v1/me/export").status_code == 200
    assert client.get("/api/v1/me/export").status_code == 429
    assert client.get("/profil/meine-daten").status_code == 429
    make_user(database, email=BERT)
    assert signed_in(app, BERT).get("/api/v1/me/export").status_code == 200


def test_the_api_document_names_the_download(client):
    operation = client.get("/api/v1/openapi.json").get_json()["paths"]["/me/export"]["get"]
    # 400: the input guard's answer to a NUL, which every operation documents.
    assert set(operation["responses"]) == {"200", "400", "401", "429"}


def _counts(database) -> tuple[dict, dict]:
    database.expire_all()
    comments = dict(database.exec(select(CommentTally.subject, CommentTally.comments)).all())
    rows = dict(
        database.exec(
            select(Comment.subject, func.count())
            .where(Comment.deleted.is_(False), Comment.hidden.is_(False))
            .group_by(Comment.subject)
        ).all()
    )
    return comments, rows


def test_deleting_her_account_anonymises_and_keeps_every_count(app, database):
    anna, bert, annas_idea, berts_idea, annas_comment, berts_comment = _people_with_data(database)
    anna_id, bert_id = anna.id, bert.id
    annas_idea_id, berts_idea_id = annas_idea.id, berts_idea.id
    annas_comment_id, berts_comment_id = annas_comment.id, berts_comment.id
    comments_before, _rows = _counts(database)
    client = signed_in(app, ANNA)
    assert post_form(client, "/profil/loeschen", {"password": PASSWORD}).status_code == 302
    database.expire_all()
    assert database.get(User, anna_id) is None and database.get(User, bert_id) is not None

    # Her contributions stay, signed "ehemaliges Mitglied"; the comment counts are as before.
    kept = database.get(Comment, annas_comment_id)
    assert kept.user_id is None and kept.body == "Annas Gedanke"
    comments_after, rows = _counts(database)
    assert comments_after == comments_before == rows
    page = app.test_client().get("/diskussion?subject=service:news").get_data(as_text=True)
    assert "Annas Gedanke" in page and "ehemaliges Mitglied" in page
    assert "Bert Berg" in page and "Berts Antwort an Anna" in page
    idea_page = app.test_client().get(f"/ideen/{annas_idea_id}").get_data(as_text=True)
    assert "Vorgeschlagen von ehemaliges Mitglied" in idea_page
    assert database.get(Idea, annas_idea_id).user_id is None
    assert database.exec(
        select(feedback_models.TesterReport.text).order_by(feedback_models.TesterReport.id)
    ).all() == ["Annas Test", "B"]

    # Her votes went, and every tally is the votes left; his vote counts on.
    tallies = assert_tallies_are_the_votes(database)
    assert tallies[f"idea:{berts_idea_id}"] == 1 and tallies["service:landstrom"] == 1
    assert database.exec(select(Vote.user_id)).all() == [bert_id, bert_id]
    assert database.get(VoteTally, f"idea:{berts_idea_id}").votes == 1
    # Her report is withdrawn and the count follows; his report on her comment stays.
    assert database.get(Comment, berts_comment_id).report_count == 0
    assert database.get(Comment, annas_comment_id).report_count == 1
    assert database.exec(select(CommentReport.user_id)).all() == [bert_id]
    assert database.exec(select(Notification.user_id)).all() == [bert_id]
    # Her mails, sent or waiting, are gone; his wait to be sent.
    assert database.exec(select(OutboxMail.recipient)).all() == [BERT]

    # Each service's forget ran: the meter the utility has done with went, the one with a
    # reading still waiting for it stays without her; open help posts went, the closed one
    # stays without her words; her message stays for Bert, without her.
    meters = database.exec(select(Meter.number, Meter.user_id).order_by(Meter.number)).all()
    assert meters == [("ANNA-WAIT", None), ("BERT-1", bert_id)]
    assert sorted(database.exec(select(Reading.value)).all()) == [1, 9]
    posts = database.exec(select(HelpPost.title, HelpPost.author_id).order_by(HelpPost.id)).all()
    assert posts == [("", None), ("Berts Aushang", bert_id)]
    [message] = database.exec(select(Message)).all()
    assert message.author_id is None and message.text == "Annas Frage"
    # Partners' organisation data stays.
    assert database.exec(select(Organisation.name)).all() == ["Stadtwerke Burg"]
    assert database.exec(select(Membership.user_id)).all() == [bert_id]
    # His download is untouched by hers.
    tables = _tables(signed_in(app, BERT).get("/api/v1/me/export"))
    assert [c["body"] for c in tables["comment"]] == ["Berts Meinung", "Berts Antwort an Anna"]
    assert [m["number"] for m in tables["landstrom_meter"]] == ["BERT-1"]


def test_a_failing_service_leaves_the_account_whole(app, database, monkeypatch):
    """All or nothing: a service's forget that fails undoes every other layer's part too."""
    anna, *_ = _people_with_data(database)
    anna_id = anna.id

    def broken(db, user):
        raise RuntimeError("the help board failed")

    services = [
        replace(s, forget=broken) if s.key == "neighbour_help" else s
        for s in app.extensions["services"]
    ]
    monkeypatch.setitem(app.extensions, "services", services)
    client = signed_in(app, ANNA)
    with pytest.raises(RuntimeError, match="help board"):
        post_form(client, "/profil/loeschen", {"password": PASSWORD})
    database.expire_all()
    assert database.get(User, anna_id) is not None
    assert len(database.exec(select(Meter).where(Meter.user_id == anna_id)).all()) == 2
    assert len(database.exec(select(OutboxMail).where(OutboxMail.recipient == ANNA)).all()) == 2
    assert len(database.exec(select(Vote).where(Vote.user_id == anna_id)).all()) == 2
    assert database.exec(select(Comment.report_count).order_by(Comment.id)).all()[:2] == [1, 1]


def test_the_english_label_is_former_member(app, database):
    _people_with_data(database)
    post_form(signed_in(app, ANNA), "/profil/loeschen", {"password": PASSWORD})
    reader = app.test_client()
    post_form(reader, "/sprache", {"sprache": "en"})
    page = reader.get("/diskussion?subject=service:news").get_data(as_text=True)
    assert "former member" in page and "ehemaliges Mitglied" not in page


def test_a_partner_leaves_and_the_organisations_posts_and_events_stay(app, database):
    _anna, bert, *_ = _people_with_data(database)
    works = database.exec(select(Organisation)).one()
    post = NewsPost(organisation_id=works.id, author_id=bert.id, title="Neuer Tarif",
                    body="Ab Januar.", municipality="burg", category="verwaltung")  # fmt: skip
    event = Event(organisation_id=works.id, created_by_id=bert.id, title="Tag der offenen Tür",
                  starts_at=utcnow() + timedelta(days=3), ends_at=utcnow() + timedelta(days=4),
                  place_name="Kundenzentrum", municipality="burg", category="markt")  # fmt: skip
    database.add_all([post, event])
    database.commit()
    post_id, event_id, bert_id = post.id, event.id, bert.id
    client = signed_in(app, BERT)
    tables = _tables(client.get("/api/v1/me/export"))
    assert tables["membership"] == [{"organisation_id": works.id, "organisation": works.name}]
    assert [(p["title"], p["organisation"]) for p in tables["news_post"]] == [
        ("Neuer Tarif", "Stadtwerke Burg")
    ]
    assert [e["title"] for e in tables["event"]] == ["Tag der offenen Tür"]
    assert _tables(signed_in(app, ANNA).get("/api/v1/me/export"))["news_post"] == []

    assert post_form(client, "/profil/loeschen", {"password": PASSWORD}).status_code == 302
    database.expire_all()
    assert database.get(User, bert_id) is None
    assert database.exec(select(Membership)).all() == []
    assert database.exec(select(Organisation.name)).all() == ["Stadtwerke Burg"]
    kept_post, kept_event = database.get(NewsPost, post_id), database.get(Event, event_id)
    assert (kept_post.title, kept_post.author_id) == ("Neuer Tarif", None)
    assert (kept_event.title, kept_event.created_by_id) == ("Tag der offenen Tür", None)
