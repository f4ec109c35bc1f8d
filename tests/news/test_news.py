"""News: who may read and write which post, drafts, Markdown, bad input, filters, pages.
The helpers at the top are shared with tests/news/test_news_feeds.py."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import func, select

from core import accounts as service
from core.audit import AuditEntry
from core.models import Organisation
from stages.bicycle.news.models import NewsPost
from tests.conftest import PASSWORD, make_user, post_form


def make_organisation(database, name="Heimatverein Gommern", municipality="gommern"):
    organisation = Organisation(name=name, kind="club", municipality=municipality)
    database.add(organisation)
    database.commit()
    return organisation


def make_partner(database, organisation, email="partner@example.org"):
    user = make_user(database, email=email)
    service.add_membership(db=database, user=user, organisation=organisation)
    database.commit()
    return user


def make_post(database, organisation, title="Ein Beitrag", days_ago=0, **fields):
    published = fields.pop("is_published", True)
    when = datetime(2026, 6, 1, 10, 0, tzinfo=UTC) - timedelta(days=days_ago)
    post = NewsPost(
        organisation_id=organisation.id,
        title=title,
        teaser=fields.pop("teaser", f"Kurz: {title}"),
        body=fields.pop("body", f"Text zu {title}"),
        municipality=fields.pop("municipality", organisation.municipality),
        category=fields.pop("category", "vereine"),
        is_published=published,
        published_at=when if published else None,
        created_at=when,
        updated_at=when,
        **fields,
    )
    database.add(post)
    database.commit()
    return post


def sign_in(client, email):
    response = post_form(client, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def post_count(database) -> int:
    database.expire_all()
    return database.exec(select(func.count()).select_from(NewsPost)).one()


def reload(database, post) -> NewsPost:
    database.expire_all()
    return database.get(NewsPost, post.id)


def titles_on(page_html: str) -> list[str]:
    return re.findall(r'<h2><a href="/neuigkeiten/\d+">([^<]+)</a></h2>', page_html)


def news_body(page_html: str) -> str:
    return page_html.split('<div class="news-body">')[1].split("</div>")[0]


def valid_form(organisation, **changes):
    data = {
        "organisation": str(organisation.id),
        "title": "Frühjahrsputz an der Wasserburg",
        "teaser": "Alle packen mit an.",
        "body": "Wir treffen uns **am Samstag** um 9 Uhr.",
        "municipality": "gommern",
        "category": "vereine",
        "publish": "y",
    }
    data.update(changes)
    return data


@pytest.fixture
def club(database):
    return make_organisation(database)


@pytest.fixture
def other_club(database):
    return make_organisation(database, name="Sparkasse Jerichower Land", municipality="burg")


# --- reading ---------------------------------------------------------------------------


def test_visitor_reads_published_posts_newest_first_with_organisation_and_place(
    client, database, club
):
    make_post(database, club, title="Älterer Beitrag", days_ago=3)
    make_post(database, club, title="Neuester Beitrag", days_ago=0, municipality="landkreis")
    page = client.get("/neuigkeiten/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert titles_on(html) == ["Neuester Beitrag", "Älterer Beitrag"]
    assert "Heimatverein Gommern" in html
    assert "Ganzer Landkreis" in html
    assert html.count("<h1>") == 1


def test_detail_shows_the_date_in_berlin_time(client, database, club):
    post = make_post(database, club, title="Kurz vor Mitternacht")
    post.published_at = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)  # 1 July, 00:30 in Berlin
    database.add(post)
    database.commit()
    html = client.get(f"/neuigkeiten/{post.id}").get_data(as_text=True)
    assert "1. Juli 2026" in html
    assert "Gommern" in html
    assert "Vereine" in html


def test_unknown_post_is_404(client):
    assert client.get("/neuigkeiten/999999").status_code == 404


# --- drafts ----------------------------------------------------------------------------


def test_drafts_are_seen_only_by_their_organisation_and_product_owners(
    app, database, club, other_club
):
    draft = make_post(database, club, title="Geheimer Entwurf", is_published=False)
    make_partner(database, club, email="eigen@example.org")
    make_partner(database, other_club, email="fremd@example.org")
    make_user(database, email="chefin@example.org", is_product_owner=True)
    make_user(database, email="rita@example.org")

    def sees_draft(email=None):
        client = app.test_client()
        if email:
            sign_in(client, email)
        detail = client.get(f"/neuigkeiten/{draft.id}")
        listed = "Geheimer Entwurf" in client.get("/neuigkeiten/").get_data(as_text=True)
        assert not listed  # the public list never shows drafts
        return detail.status_code

    assert sees_draft() == 404
    assert sees_draft("rita@example.org") == 404
    assert sees_draft("fremd@example.org") == 404
    assert sees_draft("eigen@example.org") == 200
    assert sees_draft("chefin@example.org") == 200


def test_partner_finds_the_drafts_of_their_organisation_under_their_posts(
    client, database, club, other_club
):
    make_post(database, club, title="Unser Entwurf", is_published=False)
    make_post(database, other_club, title="Fremder Entwurf", is_published=False)
    make_partner(database, club)
    sign_in(client, "partner@example.org")
    html = client.get("/neuigkeiten/verwalten").get_data(as_text=True)
    assert "Unser Entwurf" in html
    assert "Fremder Entwurf" not in html


# --- writing: who may --------------------------------------------------------------------


def test_partner_publishes_a_post_for_their_organisation(client, database, club):
    partner = make_partner(database, club)
    sign_in(client, "partner@example.org")
    assert client.get("/neuigkeiten/neu").status_code == 200
    response = post_form(client, "/neuigkeiten/neu", valid_form(club))
    assert response.status_code == 302
    [post] = database.exec(select(NewsPost)).all()
    assert (post.organisation_id, post.author_id, post.is_published) == (club.id, partner.id, True)
    assert post.published_at is not None
    assert "Frühjahrsputz an der Wasserburg" in client.get("/neuigkeiten/?gemeinde=").get_data(as_text=True)


def test_post_saved_without_publishing_stays_a_draft(client, database, club):
    make_partner(database, club)
    sign_in(client, "partner@example.org")
    form = valid_form(club)
    del form["publish"]
    post_form(client, "/neuigkeiten/neu", form)
    [post] = database.exec(select(NewsPost)).all()
    assert not post.is_published
    assert post.published_at is None


def test_partner_cannot_write_for_another_organisation(client, database, club, other_club):
    make_partner(database, club)
    sign_in(client, "partner@example.org")
    response = post_form(client, "/neuigkeiten/neu", valid_form(other_club))
    assert response.status_code == 422
    assert "Keine gültige Auswahl" in response.get_data(as_text=True)
    assert post_count(database) == 0


def test_resident_without_organisation_cannot_write(client, database, club):
    make_user(database, email="rita@example.org")
    sign_in(client, "rita@example.org")
    assert client.get("/neuigkeiten/neu").status_code == 403
    assert post_form(client, "/neuigkeiten/neu", valid_form(club)).status_code == 403
    assert client.get("/neuigkeiten/verwalten").status_code == 403
    assert post_count(database) == 0


def test_visitor_is_sent_to_sign_in_before_writing(client, database, club):
    response = client.get("/neuigkeiten/neu")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert post_form(client, "/neuigkeiten/neu", valid_form(club)).status_code == 302
    assert post_count(database) == 0


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/neuigkeiten/{id}/bearbeiten", None),
        ("post", "/neuigkeiten/{id}/bearbeiten", {"title": "Übernommen!"}),
        ("post", "/neuigkeiten/{id}/zurueckziehen", {}),
    ],
)
def test_partner_of_another_organisation_may_not_change_a_post(
    client, database, club, other_club, method, path, data
):
    post = make_post(database, club, title="Original")
    make_partner(database, other_club, email="fremd@example.org")
    sign_in(client, "fremd@example.org")
    url = path.format(id=post.id)
    if method == "get":
        response = client.get(url)
    else:
        full = {**valid_form(club), **data} if "bearbeiten" in url else data
        response = post_form(client, url, full)
    assert response.status_code == 403
    post = reload(database, post)
    assert (post.title, post.is_published) == ("Original", True)


def test_draft_of_another_organisation_answers_404_to_its_forged_id(
    client, database, club, other_club
):
    draft = make_post(database, club, title="Entwurf", is_published=False)
    make_partner(database, other_club, email="fremd@example.org")
    sign_in(client, "fremd@example.org")
    assert client.get(f"/neuigkeiten/{draft.id}/bearbeiten").status_code == 404
    assert post_form(client, f"/neuigkeiten/{draft.id}/veroeffentlichen").status_code == 404
    assert not reload(database, draft).is_published


def test_partner_edits_and_unpublishes_their_own_post(client, database, club):
    post = make_post(database, club, title="Alt")
    make_partner(database, club)
    sign_in(client, "partner@example.org")
    edited = post_form(client, f"/neuigkeiten/{post.id}/bearbeiten", valid_form(club, title="Neu"))
    assert edited.status_code == 302
    assert reload(database, post).title == "Neu"
    assert post_form(client, f"/neuigkeiten/{post.id}/zurueckziehen").status_code == 302
    assert not reload(database, post).is_published
    assert "Neu" not in titles_on(client.get("/neuigkeiten/").get_data(as_text=True))
    assert post_form(client, f"/neuigkeiten/{post.id}/veroeffentlichen").status_code == 302
    republished = reload(database, post)
    assert republished.is_published
    assert republished.published_at == post.published_at  # the first publication date stays


def test_what_a_partner_writes_and_publishes_is_in_the_audit_log(client, database, club):
    partner = make_partner(database, club)
    sign_in(client, "partner@example.org")
    assert post_form(client, "/neuigkeiten/neu", valid_form(club, title="Alt")).status_code == 302
    post = database.exec(select(NewsPost)).one()
    post_form(client, f"/neuigkeiten/{post.id}/bearbeiten", valid_form(club, title="Neu"))
    post_form(client, f"/neuigkeiten/{post.id}/zurueckziehen")
    post_form(client, f"/neuigkeiten/{post.id}/veroeffentlichen")
    refused = post_form(client, f"/neuigkeiten/{post.id}/bearbeiten", valid_form(club, title=""))
    assert refused.status_code == 422
    database.expire_all()
    entries = database.exec(
        select(AuditEntry).where(AuditEntry.subject == f"news:{post.id}").order_by(AuditEntry.id)
    ).all()
    assert [(e.action, e.actor_id) for e in entries] == [
        ("news_create", partner.id),
        ("news_edit", partner.id),
        ("news_withdraw", partner.id),
        ("news_publish", partner.id),
    ]
    assert json.loads(entries[1].before)["title"] == "Alt"
    assert json.loads(entries[1].after)["title"] == "Neu"


def test_product_owner_edits_and_unpublishes_any_post(client, database, club):
    post = make_post(database, club, title="Von einem Verein")
    make_user(database, email="chefin@example.org", is_product_owner=True)
    sign_in(client, "chefin@example.org")
    form = valid_form(club, title="Vom Team korrigiert")
    del form["organisation"]
    assert post_form(client, f"/neuigkeiten/{post.id}/bearbeiten", form).status_code == 302
    assert post_form(client, f"/neuigkeiten/{post.id}/zurueckziehen").status_code == 302
    post = reload(database, post)
    assert (post.title, post.is_published) == ("Vom Team korrigiert", False)


# --- writing: what -----------------------------------------------------------------------


def test_markdown_is_rendered_and_everything_dangerous_removed(client, database, club):
    body = "\n".join(
        [
            "# Zwischentitel",
            "Ein *schöner* Tag mit **Kaffee**.",
            "",
            "- eins",
            "- zwei",
            "",
            "> Zitat des Bürgermeisters",
            "",
            "[Programm](https://example.org/programm) [böse](javascript:alert(1))",
            "",
            '<script>alert("xss")</script>',
            "",
            "Bild: <img src=x onerror=alert(1)> ![Foto](https://example.org/foto.png)",
            "",
            '<a href="https://example.org" onclick="alert(1)">roh</a>',
        ]
    )
    post = make_post(database, club, body=body)
    html = client.get(f"/neuigkeiten/{post.id}").get_data(as_text=True)
    body_html = news_body(html)
    assert "<h2>Zwischentitel</h2>" in body_html  # below the page's only <h1>
    assert "<em>schöner</em>" in body_html and "<strong>Kaffee</strong>" in body_html
    assert "<li>eins</li>" in body_html
    assert "<blockquote>" in body_html
    assert (
        '<a href="https://example.org/programm" rel="nofollow noopener">Programm</a>' in body_html
    )
    for dangerous in (
        "<script",
        "alert(&#34;xss",
        "onerror",
        "onclick",
        'href="javascript',
        "<img",
    ):
        assert dangerous not in body_html
    assert html.count("<h1>") == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "x" * 141}, "höchstens 140 Zeichen"),
        ({"teaser": "x" * 301}, "höchstens 300 Zeichen"),
        ({"body": "x" * 20_001}, "höchstens 20000 Zeichen"),
        ({"title": "   "}, "Bitte geben Sie eine Überschrift ein."),
        ({"body": ""}, "Bitte schreiben Sie einen Text."),
        ({"municipality": "magdeburg"}, "Keine gültige Auswahl"),
        ({"category": "klatsch"}, "Keine gültige Auswahl"),
    ],
)
def test_bad_input_is_refused_with_a_german_message_and_nothing_is_written(
    client, database, club, changes, message
):
    make_partner(database, club)
    sign_in(client, "partner@example.org")
    response = post_form(client, "/neuigkeiten/neu", valid_form(club, **changes))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert post_count(database) == 0


def test_bad_edit_leaves_the_post_as_it_was(client, database, club):
    post = make_post(database, club, title="Unverändert")
    make_partner(database, club)
    sign_in(client, "partner@example.org")
    response = post_form(
        client, f"/neuigkeiten/{post.id}/bearbeiten", valid_form(club, title="x" * 141)
    )
    assert response.status_code == 422
    assert reload(database, post).title == "Unverändert"


def test_form_without_csrf_token_changes_nothing(client, database, club):
    post = make_post(database, club, title="Bleibt")
    make_partner(database, club)
    sign_in(client, "partner@example.org")
    assert client.post("/neuigkeiten/neu", data=valid_form(club)).status_code == 400
    assert client.post(f"/neuigkeiten/{post.id}/zurueckziehen").status_code == 400
    assert post_count(database) == 1
    assert reload(database, post).is_published


# --- list: filters and pages --------------------------------------------------------------


@pytest.fixture
def spread(database, club, other_club):
    make_post(database, club, title="Gommern Verein", municipality="gommern", days_ago=1)
    make_post(database, club, title="Gommern Kultur", category="kultur", days_ago=2)
    make_post(
        database,
        other_club,
        title="Burg Wirtschaft",
        municipality="burg",
        category="wirtschaft",
        days_ago=3,
    )
    make_post(
        database,
        other_club,
        title="Kreisweit",
        municipality="landkreis",
        category="wirtschaft",
        days_ago=4,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Gommern Verein", "Gommern Kultur", "Burg Wirtschaft", "Kreisweit"]),
        ("gemeinde=burg", ["Burg Wirtschaft", "Kreisweit"]),  # district-wide posts concern Burg too
        ("gemeinde=landkreis", ["Kreisweit"]),
        ("kategorie=kultur", ["Gommern Kultur"]),
        ("gemeinde=gommern&kategorie=wirtschaft", ["Kreisweit"]),
        ("gemeinde=genthin&kategorie=kultur", []),
    ],
)
def test_list_filters_by_municipality_and_category(client, spread, query, expected):
    response = client.get(f"/neuigkeiten/?{query}")
    assert response.status_code == 200
    assert titles_on(response.get_data(as_text=True)) == expected


@pytest.mark.parametrize("query", ["gemeinde=magdeburg", "kategorie=klatsch"])
def test_unknown_filter_value_is_a_bad_request(client, query):
    assert client.get(f"/neuigkeiten/?{query}").status_code == 400


def test_htmx_filter_request_gets_only_the_list_and_the_form_keeps_the_url_shareable(
    client, spread
):
    page = client.get("/neuigkeiten/").get_data(as_text=True)
    assert 'hx-get="/neuigkeiten/"' in page and 'hx-push-url="true"' in page
    assert 'method="get" action="/neuigkeiten/"' in page  # works without JavaScript too
    fragment = client.get("/neuigkeiten/?gemeinde=burg", headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="news-list"')
    assert "<html" not in html
    assert titles_on(html) == ["Burg Wirtschaft", "Kreisweit"]


def test_pages_hold_ten_posts_and_keep_the_filters(client, database, club, other_club):
    for number in range(23):
        make_post(database, club, title=f"Beitrag {number:02d}", days_ago=number)
    make_post(database, other_club, title="Anderswo", municipality="burg", days_ago=99)
    first = client.get("/neuigkeiten/?gemeinde=gommern").get_data(as_text=True)
    assert titles_on(first) == [f"Beitrag {n:02d}" for n in range(10)]
    assert "/neuigkeiten/?seite=2&amp;gemeinde=gommern" in first
    third = client.get("/neuigkeiten/?gemeinde=gommern&seite=3").get_data(as_text=True)
    assert titles_on(third) == [f"Beitrag {n:02d}" for n in range(20, 23)]


@pytest.mark.parametrize(("seite", "status"), [("3", 404), ("0", 404), ("abc", 404), ("-1", 404)])
def test_page_out_of_range_or_malformed_is_refused_without_error(
    client, database, club, seite, status
):
    for number in range(12):
        make_post(database, club, title=f"Beitrag {number}", days_ago=number)
    assert client.get(f"/neuigkeiten/?seite={seite}").status_code == status


def test_empty_list_has_a_first_page(client):
    response = client.get("/neuigkeiten/")
    assert response.status_code == 200
    assert "noch keine Neuigkeiten" in response.get_data(as_text=True)


def test_headings_in_a_post_never_skip_a_level_below_the_title():
    from stages.bicycle.news.text import markdown_to_html

    html = markdown_to_html("## Erstens\n\n#### Genauer\n\n# Zweitens\n\n### Drittens")
    assert re.findall(r"<(h\d)>", html) == ["h2", "h3", "h2", "h3"]


def test_nul_characters_are_refused_and_crlf_in_a_post_cleaned_not_a_server_error(
    client, database
):
    club = make_organisation(database)
    make_partner(database, club)
    sign_in(client, "partner@example.org")
    form = {**valid_form(club), "title": "Null\x00Byte", "body": "Zeile 1\r\nZeile 2"}
    assert post_form(client, "/neuigkeiten/neu", form).status_code == 400
    assert post_count(database) == 0
    form["title"] = "Kein Nullzeichen"
    assert post_form(client, "/neuigkeiten/neu", form).status_code == 302
    database.expire_all()
    post = database.exec(select(NewsPost)).one()
    assert (post.title, post.body) == ("Kein Nullzeichen", "Zeile 1\nZeile 2")
