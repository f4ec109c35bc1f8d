"""Regionales, against the demo a newcomer sees: a tester finds honey from Gommern and asks the
beekeeper, whose partner answers, and the tester is told in the navigation; a farm's partner
adds a product with a photo from a phone; without JavaScript a tester finds and reports a
listing, and a partner adds a product with a photo; the owner promotes Regionales and a
resident finds it. Every page on the way is scanned by axe (where JavaScript runs)."""

import io
import re
from contextlib import contextmanager

from flask import Flask
from PIL import Image
from playwright.sync_api import Page, expect

from core import db
from core.accounts import add_membership, find_user_by_email
from core.audit import Actor
from core.models import Organisation, OrganisationKind
from e2e.conftest import (
    OWNER,
    VIEWPORTS,
    assert_image_shown,
    assert_no_axe_violations,
    flash,
    heading,
    main_navigation,
    open_filters,
    screenshot,
    sign_in,
)
from e2e.test_messages_journey import expect_unread, message, messages_link, thread_in_inbox
from e2e.test_owner_journey import console_card
from stages import control
from stages.bicycle.directory.models import DirectoryEntry

BEEKEEPER = {
    "email": "imkerei@landwerk.example",
    "organisation": "Imkerei Lindenblüte Gommern (Demo)",
}
FARM = {"email": "hofladen@landwerk.example", "producer": "Hofladen Möckern (Demo)"}
HONEY = "Lindenblütenhonig"


@contextmanager
def in_testers(app: Flask, email: str):
    """Regionales and Nachrichten are previews; the demo's partners are no testers. They are
    for this journey only, as the profile's button would make them."""

    def set_tester(joined: bool) -> None:
        with app.app_context():
            session = db.session()
            user = find_user_by_email(db=session, email=email)
            user.is_tester = joined
            session.add(user)
            session.commit()

    set_tester(True)
    try:
        yield
    finally:
        set_tester(False)


def new_tester(app: Flask, new_account, name: str, municipality: str) -> dict:
    account = new_account(name, municipality)
    with app.app_context():
        session = db.session()
        find_user_by_email(db=session, email=account["email"]).is_tester = True
        session.commit()
    return account


def regionales(page: Page):
    return main_navigation(page).get_by_role("link", name=re.compile(r"^Regionales"))


def test_tester_asks_the_beekeeper_of_gommern_and_is_told_of_the_answer(
    live_app, context, new_account, signed_in_page, viewport
):
    account = new_tester(live_app, new_account, "Greta Gommern", "gommern")
    tester = context.new_page()
    sign_in(tester, account["email"])
    regionales(tester).click()
    expect(heading(tester)).to_have_accessible_name("Regionales")
    tester.get_by_label("Suchbegriff").fill("Honig")
    open_filters(tester)
    tester.get_by_label("Gemeinde").select_option(label="Gommern")
    tester.get_by_role("button", name="Suchen").click()
    tester.get_by_role("link", name=HONEY).click()
    expect(heading(tester)).to_have_accessible_name(HONEY)
    expect(tester.get_by_role("main")).to_contain_text("Demo-Eintrag")
    expect(tester.get_by_role("img", name=re.compile("Symbolbild"))).to_be_visible()
    screenshot(tester, "reise-honig-aus-gommern")
    assert_no_axe_violations(tester)

    tester.get_by_role("link", name="Nachricht schreiben").click()
    expect(heading(tester)).to_have_accessible_name("Nachricht schreiben")
    subject = f"Lindenblütenhonig abholen ({viewport})"
    question = "Guten Tag, kann ich am Samstag zwei Gläser am Hoftor abholen?"
    tester.get_by_label("Betreff").fill(subject)
    tester.get_by_label("Ihre Nachricht").fill(question)
    tester.get_by_role("button", name="Senden").click()
    expect(flash(tester)).to_contain_text("Ihre Nachricht ist verschickt.")
    expect(tester.get_by_role("main")).to_contain_text(f"Gespräch mit {BEEKEEPER['organisation']}")

    with in_testers(live_app, BEEKEEPER["email"]):
        beekeeper = signed_in_page(BEEKEEPER["email"])
        beekeeper.goto("/")
        messages_link(beekeeper).click()
        thread_in_inbox(beekeeper, subject).get_by_role("link", name=subject).click()
        expect(message(beekeeper, question)).to_contain_text(account["name"])
        answer = "Gern, ich stelle sie Ihnen ab 10 Uhr zurück. Viele Grüße vom Kulk"
        beekeeper.get_by_label("Ihre Nachricht").fill(answer)
        beekeeper.get_by_role("button", name="Antworten").click()
        expect(message(beekeeper, answer)).to_contain_text(f"Sie für {BEEKEEPER['organisation']}")

    tester.goto("/regionales/")
    expect_unread(tester, 1)
    messages_link(tester).click()
    mine = thread_in_inbox(tester, subject)
    expect(mine.get_by_text("neu", exact=True)).to_be_visible()
    mine.get_by_role("link", name=subject).click()
    expect(message(tester, answer)).to_contain_text(BEEKEEPER["organisation"])
    expect(message(tester, answer)).not_to_contain_text("Ingo")
    expect_unread(tester, 0)
    screenshot(tester, "reise-antwort-der-imkerei")
    assert_no_axe_violations(tester)


def _png(width: int = 1600, height: int = 1200) -> bytes:
    picture = Image.new("RGB", (width, height), "#f3ead9")
    picture.paste("#a67c52", (400, 300, 1200, 900))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def test_farm_partner_adds_a_product_with_a_photo_on_a_phone(live_app, new_context):
    with in_testers(live_app, FARM["email"]):
        partner = new_context(**VIEWPORTS["mobile"]).new_page()
        sign_in(partner, FARM["email"])
        partner.goto("/regionales/")
        # From one of the farm's own products to its producer page.
        partner.get_by_label("Suchbegriff").fill("Freilandeier")
        partner.get_by_role("button", name="Suchen").click()
        partner.get_by_role("link", name="Freilandeier, 10 Stück").click()
        partner.get_by_role("region", name="Erzeuger").get_by_role(
            "link", name=FARM["producer"]
        ).click()
        expect(heading(partner)).to_have_accessible_name(FARM["producer"])
        partner.get_by_role("link", name="Neues Produkt").click()
        assert_no_axe_violations(partner)
        partner.get_by_label("Name").fill("Kürbiskernöl")
        partner.get_by_label("Kategorie").select_option(label="Getränke")
        partner.get_by_label("Beschreibung (Markdown)").fill("Kaltgepresst, aus Lübars.")
        partner.get_by_label("Preis in Euro").fill("9,90")
        partner.get_by_label("Einheit").select_option(label="Flasche")
        partner.get_by_label("Inhalt in g oder ml (bei Glas, Flasche, Schale, Kiste)").fill("250")
        partner.get_by_label("Veröffentlichen (sonst bleibt das Produkt ein Entwurf)").check()
        partner.get_by_role("button", name="Speichern").click()
        expect(flash(partner)).to_contain_text("Das Produkt ist veröffentlicht.")
        expect(heading(partner)).to_have_accessible_name("Kürbiskernöl")
        expect(partner.get_by_role("main")).to_contain_text("39,60")  # € per litre (PAngV)

        partner.get_by_label("Foto", exact=True).set_input_files(
            files=[{"name": "oel.png", "mimeType": "image/png", "buffer": _png()}]
        )
        partner.get_by_label("Was ist auf dem Foto zu sehen?").fill("Eine Flasche Kürbiskernöl")
        partner.get_by_role("button", name="Foto hochladen").click()
        expect(flash(partner)).to_contain_text("Das Foto ist gespeichert.")
        photo = partner.get_by_role("img", name="Eine Flasche Kürbiskernöl")
        expect(photo).to_be_visible()
        assert_image_shown(photo)
        screenshot(partner, "reise-produkt-mit-foto")
        assert_no_axe_violations(partner)


def test_found_reported_and_added_with_a_photo_without_javascript(
    live_app, no_js_context, new_context, new_account, viewport
):
    account = new_tester(live_app, new_account, "Jens Ohnejs", "gommern")
    tester = no_js_context.new_page()
    sign_in(tester, account["email"])
    assert tester.evaluate("typeof window.htmx") == "undefined", "JavaScript ran"
    tester.goto("/regionales/")
    tester.get_by_label("Suchbegriff").fill("Honig")
    open_filters(tester)
    tester.get_by_label("Gemeinde").select_option(label="Gommern")
    tester.get_by_role("button", name="Suchen").click()
    # Without htmx the form is an ordinary GET: the whole page comes, with the search in it.
    expect(tester).to_have_url(re.compile(r"q=Honig.*gemeinde=gommern"))
    expect(tester.get_by_role("link", name="Robinienhonig (Akazie)")).to_have_count(0)  # Möser
    tester.get_by_role("link", name=HONEY).click()
    expect(heading(tester)).to_have_accessible_name(HONEY)
    tester.get_by_role("link", name="Angebot melden").click()
    expect(heading(tester)).to_have_accessible_name("Angebot melden")
    tester.get_by_role("button", name="Melden", exact=True).click()
    expect(tester.get_by_role("main")).to_contain_text("Bitte wählen Sie einen Grund.")
    tester.get_by_label("Falsche oder irreführende Angaben").check()
    tester.get_by_role("button", name="Melden", exact=True).click()
    expect(flash(tester)).to_contain_text("Danke. Die Moderation sieht sich das Angebot an.")
    expect(heading(tester)).to_have_accessible_name(HONEY)
    screenshot(tester, "ohne-js-regionales-gemeldet")

    product = f"Holunderblütensirup ({viewport})"
    with in_testers(live_app, FARM["email"]):
        partner = new_context(java_script_enabled=False, **VIEWPORTS[viewport]).new_page()
        sign_in(partner, FARM["email"])
        partner.goto("/regionales/")
        partner.get_by_role("link", name=f"Erzeugerprofil von {FARM['producer']}").click()
        expect(heading(partner)).to_have_accessible_name(FARM["producer"])
        partner.get_by_role("link", name="Neues Produkt").click()
        partner.get_by_label("Name").fill(product)
        partner.get_by_label("Kategorie").select_option(label="Getränke")
        partner.get_by_label("Beschreibung (Markdown)").fill(
            "Aus den Dolden am Hof, **ungespritzt**."
        )
        partner.get_by_label("Preis in Euro").fill("4,50")
        partner.get_by_label("Einheit").select_option(label="Flasche")
        partner.get_by_label("Inhalt in g oder ml (bei Glas, Flasche, Schale, Kiste)").fill("500")
        partner.get_by_label("Veröffentlichen (sonst bleibt das Produkt ein Entwurf)").check()
        partner.get_by_role("button", name="Speichern").click()
        expect(flash(partner)).to_contain_text("Das Produkt ist veröffentlicht.")
        expect(heading(partner)).to_have_accessible_name(product)

        partner.get_by_label("Foto", exact=True).set_input_files(
            files=[{"name": "sirup.png", "mimeType": "image/png", "buffer": _png(800, 600)}]
        )
        partner.get_by_label("Was ist auf dem Foto zu sehen?").fill("Eine Flasche Sirup")
        partner.get_by_role("button", name="Foto hochladen").click()
        expect(flash(partner)).to_contain_text("Das Foto ist gespeichert.")
        photo = partner.get_by_role("img", name="Eine Flasche Sirup")
        expect(photo).to_be_visible()
        assert_image_shown(photo)

        partner.get_by_role("region", name="Erzeuger").get_by_role(
            "link", name=FARM["producer"]
        ).click()
        expect(heading(partner)).to_have_accessible_name(FARM["producer"])
        expect(
            partner.get_by_role("region", name="Produkte").get_by_role("link", name=product)
        ).to_be_visible()
        # axe needs JavaScript; the same pages are checked in the journeys with it.
        screenshot(partner, "ohne-js-regionales-neues-produkt")


def test_a_farm_joins_regionales_from_its_directory_page(live_app, context, new_account, viewport):
    """A Spargelhof whose entry is in the directory, and whose partner is a tester."""
    account = new_tester(live_app, new_account, "Sören Spargel", "burg")
    farm_name = f"Spargelhof Ihleburg ({viewport})"
    with live_app.app_context():
        session = db.session()
        farm = Organisation(name=farm_name, kind=OrganisationKind.BUSINESS, municipality="burg")
        session.add(farm)
        session.flush()
        entry = DirectoryEntry(
            name=farm_name, category="lebensmittel", municipality="burg", organisation_id=farm.id
        )
        session.add(entry)
        add_membership(
            db=session,
            user=find_user_by_email(db=session, email=account["email"]),
            organisation=farm,
        )
        session.commit()
        entry_id = entry.id
    partner = context.new_page()
    sign_in(partner, account["email"])
    partner.goto(f"/verzeichnis/{entry_id}")
    partner.get_by_role("link", name="Bei Regionales als Erzeuger eintragen").click()
    expect(heading(partner)).to_have_accessible_name("Als Erzeuger eintragen")
    assert_no_axe_violations(partner)
    partner.get_by_label("Was wir herstellen").fill("Weißer und grüner Spargel, Erdbeeren")
    partner.get_by_label("Hinweis zur Mehrwertsteuer").select_option(
        label="Kleinunternehmer, keine MwSt. (§19 UStG)"
    )
    partner.get_by_label("Abholorte").fill("Hofladen Ihleburg")
    partner.get_by_role("button", name="Als Erzeuger eintragen").click()
    expect(flash(partner)).to_contain_text(f"{farm_name} ist jetzt als Erzeuger")
    expect(heading(partner)).to_have_accessible_name(farm_name)
    screenshot(partner, "reise-erzeuger-eingetragen")
    assert_no_axe_violations(partner)
    partner.get_by_role("link", name="Erstes Produkt anlegen").click()
    expect(heading(partner)).to_contain_text("Produkt")


def test_owner_promotes_regionales_and_a_resident_finds_it(
    live_app, new_context, viewport, signed_in_page, new_account
):
    resident_account = new_account("Rolf Regional", "biederitz")
    resident = new_context(**VIEWPORTS[viewport]).new_page()
    sign_in(resident, resident_account["email"])
    expect(regionales(resident)).to_have_count(0)
    assert resident.goto("/regionales/").status == 404

    owner = signed_in_page(OWNER["email"])
    owner.goto("/admin/stages")
    card = console_card(owner, "Moped", "Regionales")
    card.get_by_role("link", name="Eine Stufe weiter freischalten").click()
    expect(card).to_contain_text("„Regionales“ kommt von Stufe 🛵 Moped auf Stufe 🚲 Fahrrad.")
    card.get_by_role("button", name="Bestätigen").click()
    try:
        expect(flash(owner)).to_contain_text("„Regionales“ steht jetzt auf Stufe 🚲 Fahrrad.")
        resident.goto("/")
        regionales(resident).click()
        expect(heading(resident)).to_have_accessible_name("Regionales")
        open_filters(resident)
        resident.get_by_label("Gemeinde").select_option(label="Biederitz")
        resident.get_by_role("button", name="Suchen").click()
        expect(resident.get_by_role("link", name="Äpfel Elstar")).to_be_visible()
        screenshot(resident, "reise-regionales-fuer-alle")
        assert_no_axe_violations(resident)
    finally:
        # The other journeys and the page scan meet Regionales as the demo has it: a preview.
        with live_app.test_request_context():
            control.demote_service(
                db=db.session(),
                services=live_app.extensions["services"],
                key="marketplace",
                actor=Actor(None, "e2e"),
            )
