"""The JSON API, the expiry step (idempotent), and the person's data and deletion."""

from datetime import timedelta

from sqlmodel import select

from core.models import utcnow
from feedback.models import Notification
from stages.moped.neighbour_help.expiry import tell_expired
from stages.moped.neighbour_help.models import HelpPost
from stages.moped.neighbour_help.privacy import forget, personal_data
from stages.moped.neighbour_help.service import helped_this_month, local_today
from tests.conftest import app_with_live_services, csrf_token
from tests.neighbour_help.conftest import add_post, client_of, count_posts

API = "/api/v1/neighbour_help/posts"


def test_the_list_names_authors_only_for_signed_in_residents(live_app, database, anna, bert):
    add_post(database, anna, title="Per API")
    visitor = live_app.test_client().get(API).get_json()
    assert visitor["total"] == 1 and "author" not in visitor["items"][0]
    assert set(visitor["items"][0]) >= {"id", "kind", "category", "municipality", "text", "ends_on"}
    resident = (
        client_of(live_app, bert.email).get(API + "?municipality=genthin&kind=suche").get_json()
    )
    assert resident["items"][0]["author"] == "Anna B."
    assert live_app.test_client().get(API + "?category=waffen").status_code == 400
    assert live_app.test_client().get(API + "?page=0").status_code == 400
    # Empty filters are no filters, as the board's form sends them; the document says so.
    assert live_app.test_client().get(API + "?kind=&category=&municipality=").status_code == 200
    spec = (
        live_app.test_client()
        .get("/api/v1/openapi.json")
        .get_json()["paths"]["/neighbour_help/posts"]
    )
    assert "" in spec["get"]["parameters"][1]["schema"]["enum"]
    assert "NUL" in spec["post"]["responses"]["400"]["description"]


def _post(client, body):
    return client.post(API, json=body, headers={"X-CSRFToken": csrf_token(client)})


def test_a_post_through_the_api_keeps_every_rule(live_app, database, anna):
    client = client_of(live_app, anna.email)
    body = {"kind": "biete", "category": "garten", "municipality": "burg", "village": "Niegripp",
            "title": "Rasen mähen", "text": "Ich mähe gern mit."}  # fmt: skip
    created = _post(client, body)
    assert created.status_code == 201
    assert created.get_json()["ends_on"] == (local_today() + timedelta(days=28)).isoformat()
    far = (local_today() + timedelta(days=365)).isoformat()
    for bad, message in [
        ({"ends_on": far}, "drei Monate"),
        ({"ends_on": "morgen"}, "Datum"),
        ({"village": "Tucheim"}, "Ortsteil"),
        ({"text": "x" * 601}, "600"),
        ({"text": "Ruf an: 03921 12345"}, "Telefonnummer"),
        ({"category": 7}, "Kategorie"),
    ]:
        response = _post(client, {**body, **bad})
        assert response.status_code == 422, bad
        assert message in response.get_json()["message"]
    assert count_posts(database) == 1
    assert _post(live_app.test_client(), body).status_code in (400, 401)


def test_a_visitors_post_is_asked_to_sign_in_with_the_rate_limit_on(app_factory):
    """The post limit counts per person: a visitor has no id, and that was a server error."""
    app = app_with_live_services(app_factory, "messages", "neighbour_help", RATELIMIT_ENABLED=True)
    visitor = app.test_client()
    response = _post(visitor, {"kind": "biete", "title": "Rasen", "text": "Mähen"})
    assert response.status_code == 401
    assert response.get_json()["message"] == "Bitte melden Sie sich an."


def test_expired_posts_are_told_once(live_app, database, anna):
    post = add_post(database, anna, ends_on=local_today() - timedelta(days=1))
    add_post(database, anna, title="Läuft noch")
    now = utcnow()
    assert tell_expired(database, now) == 1
    assert tell_expired(database, now + timedelta(minutes=15)) == 0
    notices = database.exec(select(Notification).where(Notification.user_id == anna.id)).all()
    assert [(n.kind, n.subject) for n in notices] == [
        ("help_expired", f"page:/nachbarschaftshilfe/{post.id}")
    ]


def test_forget_deletes_open_posts_and_keeps_closed_ones_counted(live_app, database, anna, bert):
    add_post(database, anna, title="Offen")
    add_post(database, anna, title="Geklappt", status="geklappt", closed_at=utcnow())
    add_post(database, bert, title="Von Bert")
    data = personal_data(database, anna)
    assert sorted(p["title"] for p in data["neighbour_help_post"]) == ["Geklappt", "Offen"]
    forget(database, anna)
    database.commit()
    left = database.exec(select(HelpPost).order_by(HelpPost.id)).all()
    assert [(p.author_id, p.title) for p in left] == [(None, ""), (bert.id, "Von Bert")]
    assert helped_this_month(database, municipality="genthin") == 1
