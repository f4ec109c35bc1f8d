"""The pages German law asks for: Impressum, Datenschutzerklärung, Erklärung zur
Barrierefreiheit, Kontakt – public, in every footer, naming the configured operator."""

import pytest

from webapp.config import EXAMPLE_OPERATOR

LEGAL_PAGES = ["/impressum", "/datenschutz", "/barrierefreiheit", "/kontakt"]


@pytest.mark.parametrize("path", LEGAL_PAGES)
def test_every_legal_page_names_the_configured_operator(app_factory, path):
    operator = {**EXAMPLE_OPERATOR, "name": "Stadtwerke Musterstadt GmbH", "phone": "03921 123456"}
    client = app_factory(OPERATOR=operator).test_client()

    page = client.get(path).get_data(as_text=True)

    assert client.get(path).status_code == 200
    assert "Stadtwerke Musterstadt GmbH" in page
    assert 'href="tel:03921123456"' in page
    assert EXAMPLE_OPERATOR["name"] not in page


def test_the_operator_comes_from_the_environment(monkeypatch, app_factory):
    monkeypatch.setenv("LANDWERK_OPERATOR_NAME", "Landwerk Jerichower Land GmbH")
    monkeypatch.setenv("LANDWERK_OPERATOR_EMAIL", "hallo@landwerk.example")
    from webapp.config import from_environment

    operator = from_environment(app_factory().instance_path)["OPERATOR"]

    assert operator["name"] == "Landwerk Jerichower Land GmbH"
    assert operator["email"] == "hallo@landwerk.example"
    assert operator["address"] == EXAMPLE_OPERATOR["address"]


def test_imprint_has_what_section_5_ddg_asks_for(client):
    page = client.get("/impressum").get_data(as_text=True)

    for detail in ("address", "representative", "register", "vat_id", "email"):
        assert EXAMPLE_OPERATOR[detail] in page


def test_privacy_statement_says_there_are_only_technical_cookies(client):
    page = client.get("/datenschutz").get_data(as_text=True)

    assert "technisch nötig" in page
    assert "kein Cookie-Banner" in page
    assert EXAMPLE_OPERATOR["privacy_email"] in page


def test_every_footer_links_the_legal_pages(client):
    for path in ("/", "/roadmap", "/gibt-es-nicht"):
        page = client.get(path).get_data(as_text=True)
        for legal in LEGAL_PAGES:
            assert f'href="{legal}"' in page, (path, legal)


def test_registration_says_what_is_stored_and_links_the_privacy_statement(client):
    page = client.get("/registrieren").get_data(as_text=True)

    assert "Wir speichern Ihre E-Mail-Adresse" in page
    assert 'href="/datenschutz"' in page


def test_privacy_statement_says_what_the_services_process_and_what_deletion_keeps(client):
    page = client.get("/datenschutz").get_data(as_text=True)

    for section in ("nachrichten", "zaehlerstaende", "aushaenge", "e-mails", "meine-daten"):
        assert f'id="{section}"' in page, section
    assert "die Moderation nur diese eine Nachricht" in page
    assert "Mitarbeiterinnen und Mitarbeiter der Stadtwerke" in page
    assert (
        "über den Link darin oder, wenn Ihr E-Mail-Programm das anbietet, mit einem Klick" in page
    )
    assert 'href="/benachrichtigungen/einstellungen"' in page
    assert 'href="/profil/meine-daten"' in page and "GET /api/v1/me/export" in page
    assert "„ehemaliges Mitglied“" in page and "gelöschtes Konto" not in page
    # The visitor id of a gradual rollout (flags.access) is in the session cookie, and said so.
    assert 'id="schrittweise"' in page and "Zufallsnummer in das Sitzungs-Cookie" in page


def test_accessibility_statement_offers_a_way_to_report_and_the_conciliation_bodies(client):
    page = client.get("/barrierefreiheit").get_data(as_text=True)

    assert f'href="mailto:{EXAMPLE_OPERATOR["email"]}?subject=Barriere%20im%20Landwerk"' in page
    reporting = page.split('id="barrieren-melden"')[1].split('id="schlichtung"')[0]
    assert 'href="/kontakt"' in reporting  # not only the footer's
    assert 'href="https://www.schlichtungsstelle-bgg.de"' in page
    assert 'href="https://www.lf-barrierefreiheit-st.de/ueber-uns/ombudsstelle"' in page
