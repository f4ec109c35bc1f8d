"""What an outside audit found people could abuse: reports by accounts made for the purpose,
official answers hidden by reports, blocked partners still publishing, addresses disguised by
bidirectional controls."""

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from core import accounts as service
from core import db
from core.models import Organisation, User, utcnow
from core.ownership import acting_organisations, may_act_for
from core.text import clean_text
from feedback.comments import service as comments
from feedback.comments.markup import comment_html
from feedback.models import Comment
from feedback.moderation.service import moderation_queue
from stages.bicycle.directory.models import DirectoryEntry
from stages.bicycle.events.models import Event
from stages.bicycle.news.models import NewsPost
from tests.conftest import make_user, post_form

NEWS = "service:news"


def account(database, email, *, age=timedelta(days=30), **fields) -> User:
    user = make_user(database, email=email, **fields)
    user.created_at = utcnow() - age
    database.add(user)
    database.commit()
    return user


def comment_by(database, author, body="Ein Kommentar", **fields) -> Comment:
    comment = Comment(subject=NEWS, user_id=author.id, body=body, **fields)
    database.add(comment)
    database.commit()
    return comment


def report_by(app, users, comment_id):
    for user in users:
        with app.test_request_context():
            session = db.session()
            comments.report_comment(
                session,
                user=session.get(User, user.id),
                comment=session.get(Comment, comment_id),
                reason="spam",
            )


def reloaded(database, comment) -> Comment:
    database.expire_all()
    return database.get(Comment, comment.id)


# --- reports ------------------------------------------------------------------------------------


def test_reports_of_fresh_accounts_reach_the_queue_but_hide_nothing(app, database):
    anna = account(database, "anna@example.org")
    comment = comment_by(database, anna, "Eine unbequeme Meinung")
    fresh = [account(database, f"neu{n}@example.org", age=timedelta(days=1)) for n in range(3)]
    report_by(app, fresh, comment.id)
    counted = reloaded(database, comment)
    assert (counted.report_count, counted.hidden) == (3, False)
    with app.test_request_context():
        queued = [item.comment.id for item in moderation_queue(db.session())]
    assert queued == [comment.id]


def test_fresh_reports_count_once_their_accounts_are_old_enough(app, database):
    anna = account(database, "anna@example.org")
    comment = comment_by(database, anna, "Unfug")
    fresh = account(database, "neu@example.org", age=timedelta(days=1))
    settled = [account(database, f"alt{n}@example.org") for n in range(2)]
    report_by(app, [fresh, *settled], comment.id)
    assert reloaded(database, comment).hidden is False  # two reports that count
    third = account(database, "alt2@example.org")
    report_by(app, [third], comment.id)
    assert reloaded(database, comment).hidden is True


def test_official_answers_are_never_hidden_by_reports(app, database):
    owner = account(database, "owner@example.org", is_product_owner=True)
    answer = comment_by(database, owner, "Der Dienst kommt im Frühjahr.", official=True)
    reporters = [account(database, f"alt{n}@example.org") for n in range(4)]
    report_by(app, reporters, answer.id)
    counted = reloaded(database, answer)
    assert (counted.report_count, counted.hidden) == (4, False)
    with app.test_request_context():
        assert [item.comment.id for item in moderation_queue(db.session())] == [answer.id]


# --- blocked partners ---------------------------------------------------------------------------


def blocked_partner(database):
    club = Organisation(name="Heimatverein Gommern", kind="club", municipality="gommern")
    database.add(club)
    database.commit()
    partner = make_user(database, email="partner@example.org")
    service.add_membership(db=database, user=partner, organisation=club)
    partner.is_blocked = True
    database.add(partner)
    database.commit()
    return club, partner


def test_a_blocked_partner_acts_for_no_organisation(app, database):
    club, partner = blocked_partner(database)
    assert may_act_for(database, partner, club.id) is False
    assert acting_organisations(database, partner) == []


def test_a_blocked_partner_can_neither_publish_nor_change_news_events_or_entries(
    client, auth, database
):
    club, _partner = blocked_partner(database)
    when = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    post = NewsPost(
        organisation_id=club.id,
        title="Ein Beitrag",
        teaser="Kurz",
        body="Text",
        municipality="gommern",
        category="vereine",
        is_published=True,
        published_at=when,
    )
    event = Event(
        organisation_id=club.id,
        title="Konzert",
        place_name="Kloster",
        municipality="jerichow",
        category="kultur",
        starts_at=when + timedelta(days=400),
        ends_at=when + timedelta(days=400, hours=2),
    )
    entry = DirectoryEntry(
        name="Heimatstube", category="handwerk", municipality="gommern", organisation_id=club.id
    )
    database.add_all([post, event, entry])
    database.commit()
    auth.login("partner@example.org")
    news_form = {
        "organisation": str(club.id),
        "title": "Gesperrt, aber veröffentlicht",
        "teaser": "Kurz",
        "body": "Text",
        "municipality": "gommern",
        "category": "vereine",
        "publish": "y",
    }
    assert post_form(client, "/neuigkeiten/neu", news_form).status_code == 403
    assert post_form(client, f"/neuigkeiten/{post.id}/bearbeiten", news_form).status_code == 403
    assert post_form(client, f"/veranstaltungen/{event.id}/loeschen").status_code == 403
    assert client.get(f"/verzeichnis/{entry.id}/bearbeiten").status_code == 403
    database.expire_all()
    assert [p.title for p in database.exec(select(NewsPost))] == ["Ein Beitrag"]
    assert database.get(Event, event.id) is not None


# --- bidirectional controls ---------------------------------------------------------------------

SPOOF = "https://bank.example/\u202egpj.exe\u202c und \u2066x\u2069\u200e\u200f\u061c"


def test_clean_text_drops_bidirectional_controls():
    assert clean_text(SPOOF) == "https://bank.example/gpj.exe und x"
    assert clean_text("Grüße aus Möckern – שלום") == "Grüße aus Möckern – שלום"


def test_a_comment_is_stored_and_linked_without_bidirectional_controls(client, auth, database):
    make_user(database)
    auth.login()
    post_form(client, "/diskussion/kommentare", {"subject": NEWS, "body": SPOOF})
    [stored] = database.exec(select(Comment)).all()
    assert stored.body == "https://bank.example/gpj.exe und x"
    # Stored before the rule: shown and linked as the cleaned text.
    shown = str(comment_html("Siehe https://bank.example/\u202egpj.exe"))
    assert "\u202e" not in shown
    assert '<a href="https://bank.example/gpj.exe" rel="nofollow noopener">' in shown
