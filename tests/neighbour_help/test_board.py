"""The board: who sees what, filters, expiry by the query itself, and the count of help."""

from datetime import timedelta

from core.models import utcnow
from stages.moped.neighbour_help import service
from stages.moped.neighbour_help.service import local_today
from tests.neighbour_help.conftest import add_post, client_of


def test_visitors_see_posts_but_no_names(live_app, database, anna):
    add_post(database, anna, title="Milch aus Genthin")
    page = live_app.test_client().get("/nachbarschaftshilfe/").get_data(as_text=True)
    assert "Milch aus Genthin" in page
    assert "Anna" not in page


def test_residents_see_first_name_and_initial_only(live_app, database, anna, bert):
    add_post(database, anna, title="Milch aus Genthin")
    page = client_of(live_app, bert.email).get("/nachbarschaftshilfe/?gemeinde=").get_data(as_text=True)
    assert "Anna B." in page
    assert "Beispiel" not in page
    assert anna.email not in page


def test_expired_hidden_and_closed_posts_leave_the_board(live_app, database, anna):
    add_post(database, anna, title="Abgelaufen", ends_on=local_today() - timedelta(days=1))
    add_post(database, anna, title="Versteckt", is_hidden=True)
    add_post(database, anna, title="Erledigt", status="geklappt", closed_at=utcnow())
    add_post(database, anna, title="Heute noch", ends_on=local_today())
    page = live_app.test_client().get("/nachbarschaftshilfe/").get_data(as_text=True)
    assert "Heute noch" in page
    for gone in ("Abgelaufen", "Versteckt", "Erledigt"):
        assert gone not in page


def test_filters_by_municipality_kind_and_category(live_app, database, anna):
    add_post(database, anna, title="In Genthin")
    add_post(database, anna, title="In Burg", municipality="burg")
    add_post(database, anna, title="Ein Angebot", kind="biete", category="garten")
    client = live_app.test_client()
    page = client.get("/nachbarschaftshilfe/?gemeinde=burg").get_data(as_text=True)
    assert "In Burg" in page and "In Genthin" not in page
    page = client.get("/nachbarschaftshilfe/?art=biete&kategorie=garten").get_data(as_text=True)
    assert "Ein Angebot" in page and "In Burg" not in page


def test_unknown_filter_values_are_refused_in_german(live_app):
    client = live_app.test_client()
    for query in ("gemeinde=berlin", "kategorie=waffen", "ortsteil=Atlantis",
                  "gemeinde=burg&ortsteil=Tucheim"):  # fmt: skip
        response = client.get(f"/nachbarschaftshilfe/?{query}")
        assert response.status_code == 422, query
        assert "gibt es nicht" in response.get_data(as_text=True) or "gehört nicht" in (
            response.get_data(as_text=True)
        )


def test_helped_this_month_counts_closed_posts_of_the_municipality(live_app, database, anna):
    for _ in range(3):
        add_post(database, anna, status="geklappt", closed_at=utcnow())
    add_post(database, anna, municipality="burg", status="geklappt", closed_at=utcnow())
    add_post(database, anna, status="geklappt", closed_at=utcnow() - timedelta(days=62))
    assert service.helped_this_month(database, municipality="genthin") == 3
    page = live_app.test_client().get("/nachbarschaftshilfe/?gemeinde=genthin")
    assert "Diesen Monat 3 Mal geholfen in Genthin" in page.get_data(as_text=True)


def test_the_feed_lists_new_posts_of_a_municipality(live_app, database, anna):
    add_post(database, anna, title="Im Feed")
    add_post(database, anna, title="Anderswo", municipality="burg")
    response = live_app.test_client().get("/nachbarschaftshilfe/feed.atom?gemeinde=genthin")
    assert response.status_code == 200
    assert response.content_type.startswith("application/atom+xml")
    body = response.get_data(as_text=True)
    assert "Im Feed" in body and "Anderswo" not in body and "Anna" not in body
    assert (
        live_app.test_client().get("/nachbarschaftshilfe/feed.atom?gemeinde=x").status_code == 404
    )


def test_the_front_page_shows_the_board(live_app, database, anna):
    add_post(database, anna, title="Auf der Startseite")
    page = live_app.test_client().get("/?gemeinde=genthin").get_data(as_text=True)
    assert "Auf der Startseite" in page


def test_a_resident_sees_their_municipality_first_and_all_with_one_tap(
    live_app, database, anna, bert
):
    add_post(database, anna, title="Milch aus Genthin")
    client = client_of(live_app, bert.email)
    opened = client.get("/nachbarschaftshilfe/").get_data(as_text=True)
    assert "Sie sehen, was in Burg los ist." in opened and "Milch aus Genthin" not in opened
    everywhere = client.get("/nachbarschaftshilfe/?gemeinde=").get_data(as_text=True)
    assert "Milch aus Genthin" in everywhere and "Sie sehen, was in" not in everywhere
