"""Nachrichten, the testers' preview: a resident in the tester programme asks the Stadtwerke
from their directory page, the Stadtwerke's partner sees the unread count, reads and answers,
and the resident reads the answer and sees the question was read – with JavaScript and
without it. Outside the tester programme there is no button to write."""

import re

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page, expect

from core import db
from core.accounts import find_user_by_email
from e2e.conftest import (
    PARTNER,
    RESIDENT,
    VIEWPORTS,
    assert_no_axe_violations,
    flash,
    header,
    heading,
    main_navigation,
    screenshot,
    sign_in,
)

ENTRY = "Stadtwerke Burg Kundenzentrum (Demo)"
ORGANISATION = "Stadtwerke Burg (Demo)"
NO_RELOAD_MARKER = "window.landwerkSamePage"


@pytest.fixture
def partner_in_testers(live_app: Flask):
    """Nachrichten is on the moped stage, so only testers see it – the Stadtwerke's partner
    too. The demo partner is no tester, and the other journeys and the page scan expect them as
    the demo has them: they are in the tester programme for this journey only (what the
    profile's button does, without a browser of its own)."""

    def set_tester(joined: bool) -> None:
        with live_app.app_context():
            session = db.session()
            partner = find_user_by_email(db=session, email=PARTNER["email"])
            partner.is_tester = joined
            session.add(partner)
            session.commit()

    set_tester(True)
    try:
        yield PARTNER
    finally:
        set_tester(False)


def join_testers(page: Page, name: str) -> None:
    """Through the profile's button, as a resident would (it works without JavaScript)."""
    header(page).get_by_role("link", name=name).click()
    page.get_by_role("button", name="Am Testprogramm teilnehmen").click()
    expect(flash(page)).to_contain_text("Sie sind jetzt Testerin oder Tester")


def messages_link(page: Page) -> Locator:
    return main_navigation(page).get_by_role("link", name=re.compile(r"^Nachrichten"))


def unread_of(page: Page) -> int:
    """What the navigation says waits in Nachrichten ("…, 2 ungelesen"), 0 if nothing."""
    expect(messages_link(page)).to_be_visible()
    match = re.search(r"(\d+) ungelesen", messages_link(page).inner_text())
    return int(match[1]) if match else 0


def expect_unread(page: Page, count: int) -> None:
    link = messages_link(page)
    if count:
        expect(link).to_have_accessible_name(
            re.compile(rf"^Nachrichten Vorschau\W+{count} ungelesen$")
        )
        expect(link.locator(".badge-count")).to_have_text(str(count))
    else:
        expect(link).to_have_accessible_name("Nachrichten Vorschau")
        expect(link.locator(".badge-count")).to_have_count(0)


def open_entry_of_the_stadtwerke(page: Page) -> None:
    main_navigation(page).get_by_role("link", name="Verzeichnis").click()
    page.get_by_label("Suchbegriff").fill("Stadtwerke")
    page.get_by_role("button", name="Suchen").click()
    page.get_by_role("link", name=ENTRY).click()
    expect(heading(page)).to_have_accessible_name(ENTRY)
    expect(page.get_by_text(f"Gepflegt von {ORGANISATION}.")).to_be_visible()


def open_the_form_to_the_stadtwerke(page: Page) -> None:
    open_entry_of_the_stadtwerke(page)
    page.get_by_role("link", name="Nachricht schreiben").click()
    expect(heading(page)).to_have_accessible_name("Nachricht schreiben")
    expect(page.get_by_role("main")).to_contain_text(
        f"An {ORGANISATION}. Alle, die dort für Landwerk antworten, lesen mit."
    )
    # The page it came from names the subject; the resident may say it in their own words.
    expect(page.get_by_label("Betreff")).to_have_value(ENTRY)


def send(page: Page, subject: str, question: str) -> None:
    page.get_by_label("Betreff").fill(subject)
    page.get_by_label("Ihre Nachricht").fill(question)
    page.get_by_role("button", name="Senden").click()
    expect(flash(page)).to_contain_text("Ihre Nachricht ist verschickt.")
    expect(heading(page)).to_have_accessible_name(subject)
    expect(page.get_by_role("main")).to_contain_text(f"Gespräch mit {ORGANISATION}")


def message(page: Page, text: str) -> Locator:
    return page.locator("#gespraech").get_by_role("listitem").filter(has_text=text)


def thread_in_inbox(page: Page, subject: str) -> Locator:
    return page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", level=2, name=re.compile(re.escape(subject)))
    )


def test_resident_asks_the_stadtwerke_and_reads_the_partners_answer(
    context, new_account, signed_in_page, partner_in_testers, viewport
):
    resident_account = new_account("Nora Nachfrage", "jerichow")
    resident = context.new_page()
    sign_in(resident, resident_account["email"])
    expect(messages_link(resident)).to_have_count(0)
    join_testers(resident, resident_account["name"])
    expect(messages_link(resident)).to_have_accessible_name("Nachrichten Vorschau")

    partner = signed_in_page(partner_in_testers["email"])
    partner.goto("/")
    waiting = unread_of(partner)

    subject = f"Zählerstand im Winter ({viewport})"
    question = "Guten Tag, kann ich den Zählerstand auch hier schicken, wenn Schnee liegt?"
    open_the_form_to_the_stadtwerke(resident)
    screenshot(resident, "reise-nachricht-schreiben")
    assert_no_axe_violations(resident)
    send(resident, subject, question)
    asked = message(resident, question)
    expect(asked).to_contain_text("Sie ·")
    expect(asked).to_contain_text("verschickt")
    screenshot(resident, "reise-nachricht-verschickt")
    assert_no_axe_violations(resident)

    # The shared inbox of the Stadtwerke: the partner is told in the navigation.
    partner.reload()
    expect_unread(partner, waiting + 1)
    messages_link(partner).click()
    expect(heading(partner)).to_have_accessible_name("Nachrichten")
    item = thread_in_inbox(partner, subject)
    expect(item.get_by_text("neu", exact=True)).to_be_visible()
    expect(item).to_contain_text(resident_account["name"])
    expect(item).to_contain_text(question)
    screenshot(partner, "reise-posteingang-partner")
    assert_no_axe_violations(partner)

    item.get_by_role("link", name=subject).click()
    expect(heading(partner)).to_have_accessible_name(subject)
    expect(partner.get_by_role("main")).to_contain_text(f"Gespräch mit {resident_account['name']}")
    expect(message(partner, question)).to_contain_text(resident_account["name"])
    # With JavaScript the answer joins the conversation in place.
    partner.evaluate(f"{NO_RELOAD_MARKER} = true")
    answer = "Guten Tag, ja: schreiben Sie ihn uns einfach hier. Viele Grüße aus Burg"
    partner.get_by_label("Ihre Nachricht").fill(answer)
    partner.get_by_role("button", name="Antworten").click()
    answered = message(partner, answer)
    expect(answered).to_contain_text(f"Sie für {ORGANISATION}")
    expect(answered).to_contain_text("verschickt")
    expect(partner.get_by_label("Ihre Nachricht")).to_have_value("")
    assert partner.evaluate(f"{NO_RELOAD_MARKER} === true"), "the page was loaded anew"
    screenshot(partner, "reise-nachricht-beantwortet")
    assert_no_axe_violations(partner)
    partner.reload()
    expect_unread(partner, waiting)

    # The resident, back on the front page later, is told too; reads the answer, and sees
    # their question was read.
    resident.goto("/")
    expect_unread(resident, 1)
    messages_link(resident).click()
    mine = thread_in_inbox(resident, subject)
    expect(mine.get_by_text("neu", exact=True)).to_be_visible()
    expect(mine).to_contain_text(ORGANISATION)
    screenshot(resident, "reise-posteingang")
    assert_no_axe_violations(resident)
    mine.get_by_role("link", name=subject).click()
    # The organisation answers; which of its partners wrote stays within it.
    expect(message(resident, answer)).to_contain_text(ORGANISATION)
    expect(message(resident, answer)).not_to_contain_text(PARTNER["name"])
    expect(message(resident, question)).to_contain_text("gelesen")
    expect_unread(resident, 0)

    # And the partner sees the answer read.
    partner.reload()
    expect(message(partner, answer)).to_contain_text("gelesen")


def test_without_javascript_a_question_is_answered_and_answered_back(
    no_js_context, new_context, new_account, partner_in_testers, viewport
):
    resident_account = new_account("Olaf Offline", "genthin")
    resident = no_js_context.new_page()
    sign_in(resident, resident_account["email"])
    assert resident.evaluate("typeof window.htmx") == "undefined", "JavaScript ran"
    join_testers(resident, resident_account["name"])

    subject = f"Abschlag ohne Internet am Abend ({viewport})"
    question = "Kann ich den Abschlag auch ändern, ohne ins Kundenzentrum zu kommen?"
    open_the_form_to_the_stadtwerke(resident)
    send(resident, subject, question)
    expect(message(resident, question)).to_contain_text("verschickt")

    partner = new_context(java_script_enabled=False, **VIEWPORTS[viewport]).new_page()
    sign_in(partner, partner_in_testers["email"])
    messages_link(partner).click()
    thread_in_inbox(partner, subject).get_by_role("link", name=subject).click()
    answer = "Ja, schreiben Sie uns den neuen Betrag hier; wir bestätigen ihn per Post."
    partner.get_by_label("Ihre Nachricht").fill(answer)
    partner.get_by_role("button", name="Antworten").click()
    # Without JavaScript the page comes anew, at the answer just written.
    expect(partner).to_have_url(re.compile(r"/nachrichten/\d+#nachricht-\d+$"))
    expect(message(partner, answer)).to_contain_text(f"Sie für {ORGANISATION}")
    screenshot(partner, "ohne-js-nachricht-beantwortet")

    resident.reload()
    expect(message(resident, answer)).to_contain_text(ORGANISATION)
    expect(message(resident, question)).to_contain_text("gelesen")
    thanks = "Danke, dann schreibe ich Ihnen nächste Woche den Betrag."
    resident.get_by_label("Ihre Nachricht").fill(thanks)
    resident.get_by_role("button", name="Antworten").click()
    expect(message(resident, thanks)).to_contain_text("verschickt")
    expect(resident.get_by_label("Ihre Nachricht")).to_have_value("")
    # axe needs JavaScript; the same pages are checked in the journey above.
    screenshot(resident, "ohne-js-nachricht-zurueck")


@pytest.mark.parametrize("email", [None, RESIDENT["email"]], ids=["besucher", "einwohnerin"])
def test_outside_the_tester_programme_there_is_nothing_to_write(reading_page, ids, email):
    page = reading_page(email)
    page.goto(f"/verzeichnis/{ids['partner_entry']}")
    expect(heading(page)).to_have_accessible_name(ENTRY)
    expect(page.get_by_text(f"Gepflegt von {ORGANISATION}.")).to_be_visible()
    expect(page.get_by_role("link", name="Nachricht schreiben")).to_have_count(0)
    expect(messages_link(page)).to_have_count(0)
