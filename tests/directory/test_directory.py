"""Directory: search with ranking and umlauts, filters, htmx fragment, entry pages, who may
edit what, refused input, demo content, and the kill switch. Runs on SQLite and PostgreSQL."""

import html
import re
from datetime import time

import pytest
from sqlmodel import func, select

from core import accounts as service
from core import db
from core.audit import Actor
from core.models import Organisation
from stages import control
from stages.bicycle.directory.forms import DAY_FIELDS
from stages.bicycle.directory.models import DirectoryEntry, OpeningHours
from tests.conftest import make_user, post_form

DAY_PARTS = ("first_opens", "first_closes", "second_opens", "second_closes")


def add_entry(database, name, hours=(), **fields) -> DirectoryEntry:
    values = {"category": "handwerk", "municipality": "burg", **fields}
    entry = DirectoryEntry(
        name=name,
        **values,
        hours=[
            OpeningHours(
                weekday=day, opens=time.fromisoformat(opens), closes=time.fromisoformat(closes)
            )
            for day, opens, closes in hours
        ],
    )
    database.add(entry)
    database.commit()
    return entry


def names(response) -> list[str]:
    """The entry names of a results list, in order."""
    found = re.findall(r'<h3><a href="/verzeichnis/\d+">([^<]*)</a></h3>', response.get_data(True))
    return [html.unescape(name) for name in found]


def count_entries(database) -> int:
    database.expire_all()
    return database.exec(select(func.count()).select_from(DirectoryEntry)).one()


def reload(database, entry: DirectoryEntry) -> DirectoryEntry:
    database.expire_all()
    return database.get(DirectoryEntry, entry.id)


def form_data(entry_fields=None, **hours) -> dict:
    """The entry form as a browser sends it: every field, the weekdays' time fields empty
    unless given as montag=("08:00", "12:00", "13:00", "17:00")."""
    data = {
        "name": "Stadtwerke Burg Kundenzentrum",
        "category": "versorgung",
        "municipality": "burg",
        "description": "Strom, Gas und Wasser.",
        "address": "Niegripper Chaussee 38, 39288 Burg",
        "phone": "03921 123456",
        "email": "service@stadtwerke.example",
        "website": "https://stadtwerke.example",
        **(entry_fields or {}),
    }
    for day in DAY_FIELDS:
        values = hours.get(day, ())
        for index, part in enumerate(DAY_PARTS):
            data[f"{day}-{part}"] = values[index] if index < len(values) else ""
    return data


@pytest.fixture
def bakery(database):
    return add_entry(
        database,
        "Bäckerei Müller",
        category="lebensmittel",
        municipality="genthin",
        address="Große Straße 5, 39307 Genthin",
        description="Brot und Brötchen.",
    )


# --- search ---------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["backerei", "baeckerei", "Bäckerei", "BÄCKEREI", "bäckerei"])
def test_bakery_is_found_with_or_without_umlauts_in_any_case(client, database, bakery, query):
    add_entry(database, "Tischlerei Schulz")
    response = client.get("/verzeichnis/", query_string={"q": query})
    assert response.status_code == 200
    assert names(response) == ["Bäckerei Müller"]


@pytest.mark.parametrize("query", ["strasse", "Straße", "STRASSE", "müller strasse"])
def test_sharp_s_is_found_by_ss(client, database, bakery, query):
    add_entry(database, "Tischlerei Schulz", address="Am Markt 1")
    assert names(client.get("/verzeichnis/", query_string={"q": query})) == ["Bäckerei Müller"]


def test_name_matches_rank_before_category_before_description(client, database):
    # Alphabetically the other way round: the ranking must come from the match, not the name.
    add_entry(database, "Aaron's Café", category="gastronomie", description="Kuchen vom Bäcker")
    add_entry(database, "Alte Mühle", category="lebensmittel")  # "Bäckerei & Lebensmittel"
    add_entry(database, "Bäckerei Zander", category="gastronomie")
    add_entry(database, "Zimmerei Roth", category="handwerk")
    response = client.get("/verzeichnis/", query_string={"q": "bäcker"})
    assert names(response) == ["Bäckerei Zander", "Alte Mühle", "Aaron's Café"]


def test_several_words_must_all_match_somewhere(client, database, bakery):
    add_entry(database, "Bäckerei Schröder", category="lebensmittel", municipality="burg")
    response = client.get("/verzeichnis/", query_string={"q": "Bäckerei Genthin"})
    assert names(response) == ["Bäckerei Müller"]


def test_filters_narrow_by_category_and_municipality(client, database, bakery):
    add_entry(database, "Bäckerei Schröder", category="lebensmittel", municipality="burg")
    add_entry(database, "Tischlerei Genthin", category="handwerk", municipality="genthin")
    by_place = client.get("/verzeichnis/", query_string={"gemeinde": "genthin"})
    assert names(by_place) == ["Bäckerei Müller", "Tischlerei Genthin"]
    both = client.get(
        "/verzeichnis/", query_string={"gemeinde": "genthin", "kategorie": "handwerk"}
    )
    assert names(both) == ["Tischlerei Genthin"]
    with_query = client.get(
        "/verzeichnis/", query_string={"q": "backerei", "kategorie": "lebensmittel"}
    )
    assert names(with_query) == ["Bäckerei Müller", "Bäckerei Schröder"]


def test_empty_query_lists_every_entry_by_name(client, database, bakery):
    add_entry(database, "Zimmerei Roth")
    add_entry(database, "Angelverein Parey", category="verein")
    response = client.get("/verzeichnis/", query_string={"q": "   "})
    assert names(response) == ["Angelverein Parey", "Bäckerei Müller", "Zimmerei Roth"]
    assert "Gefundene Einträge: 3" in response.get_data(True)


def test_nothing_found_says_so(client, bakery):
    response = client.get("/verzeichnis/", query_string={"q": "Schwimmbad"})
    assert response.status_code == 200
    assert names(response) == []
    assert "Keine Einträge gefunden" in response.get_data(True)


def test_query_longer_than_100_characters_is_refused_with_a_message(client, bakery):
    response = client.get("/verzeichnis/", query_string={"q": "b" * 101})
    assert response.status_code == 422
    assert "Der Suchbegriff darf höchstens 100 Zeichen haben." in response.get_data(True)
    assert names(response) == []
    assert client.get("/verzeichnis/", query_string={"q": "b" * 100}).status_code == 200


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kategorie": "spielbank"}, "Diese Kategorie gibt es nicht."),
        ({"gemeinde": "berlin"}, "Diese Gemeinde gibt es nicht."),
    ],
)
def test_unknown_filter_is_refused_with_a_message(client, bakery, params, message):
    response = client.get("/verzeichnis/", query_string=params)
    assert response.status_code == 422
    assert message in response.get_data(True)


@pytest.mark.parametrize(
    "query", ["%", "_", "\\", "'; DROP TABLE directory_entry; --", "ä" * 100, "-–—"]
)
def test_odd_queries_answer_normally(client, database, bakery, query):
    response = client.get("/verzeichnis/", query_string={"q": query})
    assert response.status_code == 200
    assert count_entries(database) == 1


def test_a_query_with_a_nul_character_is_refused(client, database, bakery):
    assert client.get("/verzeichnis/", query_string={"q": "\x00"}).status_code == 400


def test_results_come_in_pages_of_twenty(client, database):
    for number in range(25):
        add_entry(database, f"Betrieb {number:02d}")
    first = client.get("/verzeichnis/")
    assert names(first) == [f"Betrieb {n:02d}" for n in range(20)]
    assert "Seite 1 von 2" in first.get_data(True)
    assert 'href="/verzeichnis/?seite=2"' in first.get_data(True)
    second = client.get("/verzeichnis/", query_string={"seite": 2})
    assert names(second) == [f"Betrieb {n:02d}" for n in range(20, 25)]
    # Past the last page, or not a page number: that page does not exist.
    assert client.get("/verzeichnis/", query_string={"seite": 3}).status_code == 404
    assert client.get("/verzeichnis/", query_string={"seite": "x"}).status_code == 404


def test_page_links_keep_the_search(client, database):
    for number in range(21):
        add_entry(database, f"Tischlerei {number:02d}", municipality="gommern")
    page = client.get("/verzeichnis/", query_string={"q": "tischlerei", "gemeinde": "gommern"})
    assert 'href="/verzeichnis/?q=tischlerei&amp;gemeinde=gommern&amp;seite=2"' in page.get_data(
        True
    )


def test_search_columns_follow_edits(client, database, bakery):
    bakery.name = "Konditorei Süß"
    bakery.category = "gastronomie"
    database.add(bakery)
    database.commit()
    assert names(client.get("/verzeichnis/", query_string={"q": "konditorei suss"})) == [
        "Konditorei Süß"
    ]
    assert names(client.get("/verzeichnis/", query_string={"q": "backerei"})) == []


# --- htmx and the plain form ------------------------------------------------------------


def test_htmx_search_answers_with_the_results_fragment_only(client, bakery):
    response = client.get(
        "/verzeichnis/", query_string={"q": "backerei"}, headers={"HX-Request": "true"}
    )
    page = response.get_data(True)
    assert response.status_code == 200
    assert "<html" not in page and "<form" not in page
    assert names(response) == ["Bäckerei Müller"]
    assert "HX-Request" in response.headers["Vary"]


def test_search_page_is_a_plain_get_form_enhanced_with_live_search(client, bakery):
    page = client.get("/verzeichnis/").get_data(True)
    form = re.search(r'<form method="get" action="/verzeichnis/"[^>]*>', page).group(0)
    assert 'role="search"' in form
    assert 'hx-push-url="true"' in form
    assert 'hx-indicator="#verzeichnis-laedt"' in form
    search_input = re.search(r'<input[^>]*name="q"[^>]*>', page).group(0)
    assert 'type="search"' in search_input
    assert 'hx-get="/verzeichnis/"' in search_input
    assert 'hx-trigger="input changed delay:300ms, search"' in search_input
    assert 'maxlength="100"' in search_input
    assert '<label for="q">Suchbegriff</label>' in page
    for name in ("kategorie", "gemeinde"):
        select_tag = re.search(rf'<select[^>]*name="{name}"[^>]*>', page).group(0)
        assert 'hx-trigger="change"' in select_tag
    assert '<button type="submit" class="button">Suchen</button>' in page
    assert 'id="verzeichnis-laedt" class="htmx-indicator' in page
    assert "Suche läuft …" in page
    results = re.search(r'<section id="verzeichnis-ergebnisse"[^>]*>', page).group(0)
    assert 'aria-live="polite"' in results


# --- entry page ---------------------------------------------------------------------------


def test_entry_page_shows_contact_opening_hours_and_status(client, database):
    entry = add_entry(
        database,
        "Bürgerbüro Burg",
        category="verwaltung",
        address="In der Alten Kaserne 2, 39288 Burg",
        phone="03921 921-0",
        email="buergerbuero@burg.example",
        website="https://www.burg.example/buergerbuero?a=1&b=2",
        hours=[(0, "08:00", "12:00"), (0, "13:00", "17:00"), (2, "09:00", "12:00")],
    )
    response = client.get(f"/verzeichnis/{entry.id}")
    page = response.get_data(True)
    assert response.status_code == 200
    assert "<h1>Bürgerbüro Burg</h1>" in page
    assert "Behörde &amp; Verwaltung · Burg" in page
    assert '<a href="tel:039219210">03921 921-0</a>' in page
    assert '<a href="mailto:buergerbuero@burg.example">' in page
    assert '<a href="https://www.burg.example/buergerbuero?a=1&amp;b=2" rel="noopener">' in page
    assert '<th scope="col">Tag</th>' in page
    assert re.search(
        r'<th scope="row">Montag[^<]*</th>\s*<td>08:00–12:00 und 13:00–17:00</td>', page
    )
    assert re.search(r'<th scope="row">Sonntag[^<]*</th>\s*<td>geschlossen</td>', page)
    assert re.search(r"(Jetzt geöffnet · bis|Geschlossen · öffnet) ", page)


def test_entry_without_hours_says_so(client, database):
    entry = add_entry(database, "Wasserstraßenkreuz", category="sehenswuerdigkeit")
    page = client.get(f"/verzeichnis/{entry.id}").get_data(True)
    assert "keine Öffnungszeiten angegeben" in page
    assert "<table" not in page


def test_entry_text_is_escaped(client, database):
    entry = add_entry(database, "<script>alert(1)</script>", description="<b>fett</b>")
    page = client.get(f"/verzeichnis/{entry.id}").get_data(True)
    assert "<script>alert(1)" not in page
    assert "&lt;b&gt;fett&lt;/b&gt;" in page


def test_unknown_entry_is_404(client):
    assert client.get("/verzeichnis/999999").status_code == 404


# --- who may edit -------------------------------------------------------------------------


@pytest.fixture
def utility(database):
    organisation = Organisation(name="Stadtwerke Burg", kind="utility", municipality="burg")
    database.add(organisation)
    database.commit()
    return organisation


@pytest.fixture
def utility_entry(database, utility):
    return add_entry(
        database,
        "Stadtwerke Kundenzentrum",
        category="versorgung",
        organisation_id=utility.id,
        hours=[(4, "08:00", "12:00")],
    )


def partner_of(database, organisation, email) -> None:
    user = make_user(database, email=email)
    service.add_membership(db=database, user=user, organisation=organisation)
    database.commit()


def test_partner_of_the_linked_organisation_edits_the_entry(
    client, auth, database, utility, utility_entry
):
    partner_of(database, utility, "petra@stadtwerke.example")
    auth.login("petra@stadtwerke.example")
    page = client.get(f"/verzeichnis/{utility_entry.id}").get_data(True)
    assert f'href="/verzeichnis/{utility_entry.id}/bearbeiten"' in page
    form_page = client.get(f"/verzeichnis/{utility_entry.id}/bearbeiten").get_data(True)
    assert 'value="08:00"' in form_page
    assert 'name="organisation"' not in form_page
    response = post_form(
        client,
        f"/verzeichnis/{utility_entry.id}/bearbeiten",
        form_data(montag=("08:00", "12:00", "13:00", "17:00"), dienstag=("09:00", "18:00")),
    )
    assert response.status_code == 302
    entry = reload(database, utility_entry)
    assert entry.name == "Stadtwerke Burg Kundenzentrum"
    assert entry.website == "https://stadtwerke.example"
    assert entry.organisation_id == utility.id
    assert [
        (h.weekday, h.opens.isoformat("minutes"), h.closes.isoformat("minutes"))
        for h in entry.hours
    ] == [
        (0, "08:00", "12:00"),
        (0, "13:00", "17:00"),
        (1, "09:00", "18:00"),
    ]
    assert "Der Eintrag ist gespeichert." in client.get(response.location).get_data(True)


def test_partner_cannot_hand_the_entry_to_another_organisation(
    client, auth, database, utility, utility_entry
):
    other = Organisation(name="Heimatverein", kind="club", municipality="gommern")
    database.add(other)
    database.commit()
    partner_of(database, utility, "petra@stadtwerke.example")
    auth.login("petra@stadtwerke.example")
    data = form_data() | {"organisation": str(other.id)}
    post_form(client, f"/verzeichnis/{utility_entry.id}/bearbeiten", data)
    assert reload(database, utility_entry).organisation_id == utility.id


def test_partner_of_another_organisation_gets_403(client, auth, database, utility_entry):
    club = Organisation(name="Heimatverein", kind="club", municipality="gommern")
    database.add(club)
    database.commit()
    partner_of(database, club, "hans@heimatverein.example")
    auth.login("hans@heimatverein.example")
    url = f"/verzeichnis/{utility_entry.id}/bearbeiten"
    assert "/bearbeiten" not in client.get(f"/verzeichnis/{utility_entry.id}").get_data(True)
    assert client.get(url).status_code == 403
    assert post_form(client, url, form_data({"name": "Übernommen"})).status_code == 403
    assert reload(database, utility_entry).name == "Stadtwerke Kundenzentrum"


def test_resident_gets_403_and_visitor_is_sent_to_sign_in(client, auth, database, utility_entry):
    url = f"/verzeichnis/{utility_entry.id}/bearbeiten"
    visitor = client.get(url)
    assert visitor.status_code == 302
    assert "/login" in visitor.location
    make_user(database, email="rita@example.org")
    auth.login("rita@example.org")
    assert client.get(url).status_code == 403
    assert post_form(client, url, form_data({"name": "Übernommen"})).status_code == 403
    assert client.get("/verzeichnis/neu").status_code == 403
    assert reload(database, utility_entry).name == "Stadtwerke Kundenzentrum"


def test_entry_without_organisation_is_editable_by_product_owners_only(
    client, auth, database, utility
):
    entry = add_entry(database, "Kloster Jerichow", category="sehenswuerdigkeit")
    partner_of(database, utility, "petra@stadtwerke.example")
    auth.login("petra@stadtwerke.example")
    assert client.get(f"/verzeichnis/{entry.id}/bearbeiten").status_code == 403


def test_product_owner_edits_every_entry_and_links_an_organisation(client, auth, database, utility):
    entry = add_entry(database, "Kloster Jerichow", category="sehenswuerdigkeit")
    make_user(database, email="chefin@example.org", is_product_owner=True)
    auth.login("chefin@example.org")
    form_page = client.get(f"/verzeichnis/{entry.id}/bearbeiten").get_data(True)
    assert f'<option value="{utility.id}">Stadtwerke Burg</option>' in form_page
    data = form_data({"name": "Kloster Jerichow", "category": "sehenswuerdigkeit"})
    response = post_form(
        client, f"/verzeichnis/{entry.id}/bearbeiten", data | {"organisation": str(utility.id)}
    )
    assert response.status_code == 302
    assert reload(database, entry).organisation_id == utility.id
    post_form(client, f"/verzeichnis/{entry.id}/bearbeiten", data | {"organisation": ""})
    assert reload(database, entry).organisation_id is None


def test_only_product_owners_create_entries(client, auth, database, utility):
    partner_of(database, utility, "petra@stadtwerke.example")
    auth.login("petra@stadtwerke.example")
    assert post_form(client, "/verzeichnis/neu", form_data()).status_code == 403
    assert count_entries(database) == 0
    auth.logout()
    make_user(database, email="chefin@example.org", is_product_owner=True)
    auth.login("chefin@example.org")
    assert 'href="/verzeichnis/neu"' in client.get("/verzeichnis/").get_data(True)
    response = post_form(
        client, "/verzeichnis/neu", form_data(samstag=("09:00", "12:00")) | {"organisation": ""}
    )
    assert response.status_code == 302
    [entry] = database.exec(select(DirectoryEntry)).all()
    assert response.location.endswith(f"/verzeichnis/{entry.id}")
    assert entry.search_name.startswith("stadtwerke burg kundenzentrum")
    assert [h.weekday for h in entry.hours] == [5]


def test_forged_entry_id_is_404(client, auth, database):
    make_user(database, email="chefin@example.org", is_product_owner=True)
    auth.login("chefin@example.org")
    assert client.get("/verzeichnis/424242/bearbeiten").status_code == 404
    assert post_form(client, "/verzeichnis/424242/bearbeiten", form_data()).status_code == 404
    assert client.get("/verzeichnis/-1/bearbeiten").status_code == 404
    assert client.get("/verzeichnis/abc/bearbeiten").status_code == 404
    assert count_entries(database) == 0


def test_a_web_address_typed_without_https_means_the_https_address(
    client, auth, database, utility_entry
):
    make_user(database, email="chefin@example.org", is_product_owner=True)
    auth.login("chefin@example.org")
    # The form says so, instead of asking for https://.
    form_page = client.get(f"/verzeichnis/{utility_entry.id}/bearbeiten").get_data(True)
    assert "Zum Beispiel www.hofladen.de" in form_page and "Beginnt mit https://" not in form_page
    data = form_data({"website": "www.stadtwerke-burg.example"}) | {"organisation": ""}
    response = post_form(client, f"/verzeichnis/{utility_entry.id}/bearbeiten", data)
    assert response.status_code == 302
    assert reload(database, utility_entry).website == "https://www.stadtwerke-burg.example"


# --- refused input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "hours", "message"),
    [
        ({"name": ""}, {}, "Bitte geben Sie einen Namen ein."),
        ({"name": "x" * 121}, {}, "Höchstens 120 Zeichen, bitte."),
        ({"description": "x" * 2001}, {}, "Höchstens 2000 Zeichen, bitte."),
        ({"address": "x" * 201}, {}, "Höchstens 200 Zeichen, bitte."),
        ({"website": "javascript:alert(1)"}, {}, "Webadresse wie www.hofladen.de"),
        ({"website": "javascript:alert(document.cookie)"}, {}, "Webadresse wie www.hofladen.de"),
        ({"website": "ftp://stadtwerke.example"}, {}, "Webadresse wie www.hofladen.de"),
        ({"website": "https://"}, {}, "Webadresse wie www.hofladen.de"),
        ({"website": "https://stadt werke.example"}, {}, "Webadresse wie www.hofladen.de"),
        ({"website": "http://[::1"}, {}, "Webadresse wie www.hofladen.de"),
        ({"website": "https://x.example/" + "a" * 300}, {}, "Höchstens 300 Zeichen, bitte."),
        ({"email": "keine-adresse"}, {}, "Das ist keine gültige E-Mail-Adresse."),
        ({"phone": "0392 ABC"}, {}, "Bitte nur Ziffern"),
        ({"municipality": "berlin"}, {}, "Diese Gemeinde gibt es nicht."),
        ({"category": "spielbank"}, {}, "Diese Kategorie gibt es nicht."),
        ({"name": "Vertikal\x0bTab"}, {}, "Bitte keine Steuerzeichen verwenden."),
        ({"address": "Zeile 1\nZeile 2"}, {}, "Bitte keine Steuerzeichen verwenden."),
        ({}, {"montag": ("12:00", "08:00")}, "Die Schließzeit muss nach der Öffnungszeit liegen."),
        ({}, {"montag": ("08:00", "08:00")}, "Die Schließzeit muss nach der Öffnungszeit liegen."),
        ({}, {"dienstag": ("08:00", "")}, "Bitte geben Sie auch an, wann geschlossen wird."),
        ({}, {"dienstag": ("", "12:00")}, "Bitte geben Sie auch an, wann geöffnet wird."),
        (
            {},
            {"freitag": ("08:00", "12:00", "11:00", "17:00")},
            "Der zweite Zeitraum darf erst nach dem ersten beginnen.",
        ),
        ({}, {"sonntag": ("8 Uhr", "12:00")}, "Bitte geben Sie eine Uhrzeit wie 08:00 an."),
        ({}, {"sonntag": ("25:00", "26:00")}, "Bitte geben Sie eine Uhrzeit wie 08:00 an."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_written(
    client, auth, database, utility_entry, fields, hours, message
):
    make_user(database, email="chefin@example.org", is_product_owner=True)
    auth.login("chefin@example.org")
    before = reload(database, utility_entry)
    before_state = (before.name, before.website, before.updated_at, len(before.hours))
    data = form_data(fields, **hours) | {"organisation": ""}
    response = post_form(client, f"/verzeichnis/{utility_entry.id}/bearbeiten", data)
    assert response.status_code == 422
    page = response.get_data(True)
    assert html.escape(message, quote=False) in page or message in page
    assert "Es wurde nichts gespeichert." in page
    after = reload(database, utility_entry)
    assert (after.name, after.website, after.updated_at, len(after.hours)) == before_state
    assert after.organisation_id is not None
    created = post_form(client, "/verzeichnis/neu", data)
    assert created.status_code == 422
    assert count_entries(database) == 1


def test_errors_are_tied_to_their_fields_and_listed_above_the_form(
    client, auth, database, utility_entry
):
    make_user(database, email="chefin@example.org", is_product_owner=True)
    auth.login("chefin@example.org")
    response = post_form(
        client,
        f"/verzeichnis/{utility_entry.id}/bearbeiten",
        form_data({"website": "nein"}, montag=("12:00", "08:00")),
    )
    page = response.get_data(True)
    assert '<a href="#website">Webseite: ' in page
    assert '<a href="#montag-first_closes">Montag – Schließt um: ' in page
    assert 'aria-describedby="montag-first_closes-fehler"' in page
    assert 'id="montag-first_closes-fehler"' in page
    assert "<title>Fehler: " in page


# --- demo content -------------------------------------------------------------------------


def test_demo_content_covers_all_municipalities_and_loads_only_once(runner, database):
    assert runner.invoke(args=["demo"]).exit_code == 0
    entries = database.exec(select(DirectoryEntry)).all()
    hours = database.exec(select(func.count()).select_from(OpeningHours)).one()
    assert len(entries) >= 40
    assert all(entry.is_demo for entry in entries)
    assert {entry.municipality for entry in entries} == {
        "burg",
        "genthin",
        "gommern",
        "moeckern",
        "jerichow",
        "biederitz",
        "moeser",
        "elbe-parey",
    }
    names_ = {entry.name for entry in entries}
    for name in (
        "Wasserstraßenkreuz Magdeburg bei Hohenwarthe",
        "Wasserburg Gommern",
        "Schloss Möckern",
        "Kloster Jerichow",
        "Bäckerei Müller (Demo)",
        "Stadtwerke Burg Kundenzentrum (Demo)",
    ):
        assert name in names_
    assert sum(1 for entry in entries if entry.hours) > len(entries) / 2
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert count_entries(database) == len(entries)
    assert database.exec(select(func.count()).select_from(OpeningHours)).one() == hours


def test_demo_partner_may_edit_the_stadtwerke_entry_only(app_factory):
    app = app_factory(DEMO_PASSWORD="demo-passwort-1")
    app.test_cli_runner().invoke(args=["demo"])
    client = app.test_client()
    post_form(
        client, "/login", {"email": "partner@landwerk.example", "password": "demo-passwort-1"}
    )
    with app.app_context():
        entries = {entry.demo_key: entry.id for entry in db.session().exec(select(DirectoryEntry))}
    assert client.get(f"/verzeichnis/{entries['stadtwerke-burg']}/bearbeiten").status_code == 200
    assert client.get(f"/verzeichnis/{entries['kloster-jerichow']}/bearbeiten").status_code == 403
    search = client.get("/verzeichnis/", query_string={"q": "backerei", "gemeinde": "genthin"})
    # "Bäckerei & Lebensmittel" is the butcher's category too.
    assert sorted(names(search)) == ["Bäckerei Müller (Demo)", "Landfleischerei Tucheim (Demo)"]


# --- the kill switch ----------------------------------------------------------------------


def test_killed_directory_is_unavailable_on_every_route(app_factory, database):
    app = app_factory(FLAG_CHECK_INTERVAL=0)
    client = app.test_client()
    entry = add_entry(database, "Bäckerei Müller")
    assert client.get("/verzeichnis/").status_code == 200
    with app.test_request_context():
        control.kill_service(
            db=db.session(),
            services=app.extensions["services"],
            key="directory",
            actor=Actor(id=None, label="chefin@example.org"),
        )
    assert client.get("/verzeichnis/").status_code == 503
    assert client.get(f"/verzeichnis/{entry.id}").status_code == 503
    assert client.get("/verzeichnis/?q=backerei", headers={"HX-Request": "true"}).status_code == 503
