"""Residents take part: browse the roadmap, vote for a locked service, comment and reply, propose
an idea – with JavaScript, without it, and with the keyboard alone."""

import re

from playwright.sync_api import Locator, Page, expect

from e2e.conftest import (
    DEMO_PASSWORD,
    assert_no_axe_violations,
    flash,
    focus_is_visible,
    header,
    heading,
    main_navigation,
    open_filters,
    screenshot,
    sign_in,
)
from e2e.seed import PLANNED, SIMILAR_IDEA

NO_RELOAD_MARKER = "window.landwerkSamePage"


def votes_of(panel: Locator) -> int:
    """The count a vote panel shows ("1 Stimme", "12 Stimmen")."""
    match = re.search(r"(\d+) Stimme", panel.inner_text())
    assert match, f"no vote count in {panel.inner_text()!r}"
    return int(match[1])


def roadmap_card(page: Page, title: str) -> Locator:
    return page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", level=3, name=title, exact=True)
    )


def mark_page(page: Page) -> None:
    """A marker that only survives as long as no new page is loaded."""
    page.evaluate(f"{NO_RELOAD_MARKER} = true")


def assert_same_page(page: Page) -> None:
    assert page.evaluate(f"{NO_RELOAD_MARKER} === true"), "the page was loaded anew"


def comments_region(page: Page) -> Locator:
    return page.get_by_role("region", name="Kommentare")


def test_resident_votes_comments_replies_and_proposes_an_idea(context, new_account):
    resident = new_account("Rosa Rübe", "genthin")
    page = context.new_page()
    sign_in(page, resident["email"])

    main_navigation(page).get_by_role("link", name="Fahrplan").click()
    expect(heading(page)).to_have_accessible_name("Fahrplan")
    # Only what is locked: the list changes in place, the address can be shared.
    open_filters(page)
    page.get_by_label("Zustand").select_option(label="noch nicht freigeschaltet")
    expect(page).to_have_url(re.compile(r"/roadmap\?.*zustand=gesperrt"))
    expect(roadmap_card(page, "Neuigkeiten")).to_have_count(0)
    card = roadmap_card(page, "Marktplatz")
    expect(card.get_by_text("noch nicht freigeschaltet", exact=True)).to_be_visible()
    expect(card).to_contain_text("Noch 5 von 5 Stimmen frei")
    before = votes_of(card)

    # With JavaScript the panel answers in place: no new page, the button keeps the focus.
    mark_page(page)
    card.get_by_role("button", name="Dafür stimmen").click()
    withdraw = card.get_by_role("button", name="Stimme zurücknehmen")
    expect(withdraw).to_be_focused()
    expect(card).to_contain_text("Ihre Stimme ist dabei.")
    expect(card).to_contain_text("Noch 4 von 5 Stimmen frei")
    assert votes_of(card) == before + 1
    assert_same_page(page)
    screenshot(page, "reise-fahrplan-abgestimmt")
    assert_no_axe_violations(page)

    card.get_by_role("link", name="Marktplatz", exact=True).click()
    expect(heading(page)).to_have_accessible_name("Marktplatz")
    expect(page.get_by_role("region", name="Abstimmung")).to_contain_text("Ihre Stimme ist dabei.")

    mark_page(page)
    thread = comments_region(page)
    comment = f"Ich würde dort Honig aus Genthin kaufen. ({resident['email']})"
    thread.get_by_label("Ihr Kommentar").fill(comment)
    thread.get_by_role("button", name="Kommentar senden").click()
    expect(flash(page)).to_contain_text("Ihr Kommentar ist veröffentlicht.")
    mine = thread.get_by_role("listitem").filter(has=page.get_by_text(comment))
    expect(mine.get_by_role("article")).to_contain_text(resident["name"])
    expect(thread.get_by_label("Ihr Kommentar")).to_have_value("")

    mine.get_by_text(f"Antworten an {resident['name']}").click()
    reply = "Nachtrag: am liebsten mit Abholung am Samstag."
    mine.get_by_label("Ihre Antwort").fill(reply)
    mine.get_by_role("button", name="Antwort senden").click()
    expect(mine.get_by_role("list").get_by_role("article")).to_contain_text(reply)
    assert_same_page(page)
    screenshot(page, "reise-dienst-kommentiert")
    assert_no_axe_violations(page)

    main_navigation(page).get_by_role("link", name="Ideen").click()
    expect(heading(page)).to_have_accessible_name("Ideen für das Jerichower Land")
    page.get_by_role("link", name="Idee vorschlagen").click()
    expect(heading(page)).to_have_accessible_name("Idee vorschlagen")
    title = "Offene Bücherschränke an den Bushaltestellen"
    # Typed like a person types; the hint appears while typing, before anything is sent.
    page.get_by_label("Titel Ihrer Idee").press_sequentially(title)
    hint = page.get_by_text("Ähnliche Ideen gibt es schon:").locator("..")
    expect(hint.get_by_role("link", name=SIMILAR_IDEA)).to_be_visible()
    screenshot(page, "reise-idee-aehnliche")
    assert_no_axe_violations(page)

    page.get_by_label("Beschreibung").fill(
        "Ein Schrank an jeder Haltestelle: Wer wartet, liest; wer fertig ist, stellt zurück."
    )
    page.get_by_label("Wo soll es das geben?").select_option(label="Genthin")
    page.get_by_role("button", name="Idee vorschlagen").click()
    # Nothing is saved yet: the similar ideas are named once more, with a way on.
    expect(page.get_by_text("Ist Ihre Idee doch etwas anderes?")).to_be_visible()
    expect(page.get_by_role("link", name=SIMILAR_IDEA)).to_be_visible()
    page.get_by_role("button", name="Trotzdem vorschlagen").click()
    expect(heading(page)).to_have_accessible_name(title)
    expect(flash(page)).to_contain_text("Danke! Ihre Idee ist veröffentlicht.")
    expect(page.get_by_text(f"Vorgeschlagen von {resident['name']}")).to_be_visible()


def test_resident_votes_comments_signs_in_and_out_without_javascript(no_js_context, new_account):
    resident = new_account("Otto Ohnescript", "moeser")
    page = no_js_context.new_page()
    page.goto("/roadmap")
    assert page.evaluate("typeof window.htmx") == "undefined", "JavaScript ran"
    card = roadmap_card(page, PLANNED["title"])
    expect(card.get_by_text("geplant", exact=True)).to_be_visible()
    card.get_by_role("link", name="Anmelden, um abzustimmen").click()

    expect(heading(page)).to_have_accessible_name("Anmelden")
    page.get_by_label("E-Mail-Adresse").fill(resident["email"])
    page.get_by_label("Passwort", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    # Signed in, the vote they wanted waits for its one tap.
    expect(heading(page)).to_have_accessible_name(f"Abstimmen: {PLANNED['title']}")
    expect(flash(page)).to_contain_text(f"Willkommen zurück, {resident['name']}!")
    before = votes_of(page.get_by_role("main"))
    # axe does not return in a context without JavaScript after this redirect; the page scan
    # (e2e/test_accessibility.py) checks the confirmation with JavaScript on.
    screenshot(page, "ohne-js-abstimmen-bestaetigen")
    page.get_by_role("button", name="Dafür stimmen").click()
    expect(page).to_have_url(re.compile(r"/roadmap#stimme-service-"))
    expect(flash(page)).to_contain_text(f"Danke! Ihre Stimme für „{PLANNED['title']}“ ist gezählt.")
    card = roadmap_card(page, PLANNED["title"])
    expect(card).to_contain_text("Ihre Stimme ist dabei.")
    expect(card).to_contain_text("Noch 4 von 5 Stimmen frei")
    assert votes_of(card) == before + 1
    screenshot(page, "ohne-js-abgestimmt")

    card.get_by_role("link", name=PLANNED["title"], exact=True).click()
    expect(heading(page)).to_have_accessible_name(PLANNED["title"])
    comment = f"Auch ohne JavaScript dabei. ({resident['email']})"
    thread = comments_region(page)
    thread.get_by_label("Ihr Kommentar").fill(comment)
    thread.get_by_role("button", name="Kommentar senden").click()
    expect(flash(page)).to_contain_text("Ihr Kommentar ist veröffentlicht.")
    expect(comments_region(page).get_by_text(comment)).to_be_visible()
    screenshot(page, "ohne-js-kommentiert")

    header(page).get_by_role("button", name="Abmelden").click()
    expect(flash(page)).to_contain_text("Sie sind abgemeldet. Bis bald!")
    expect(header(page).get_by_role("link", name="Anmelden")).to_be_visible()


def tab_to(page: Page, target: Locator, limit: int = 80) -> None:
    """Press Tab until `target` has the focus; every stop on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
        assert focus_is_visible(page), f"the focus is invisible on {focused}"
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{limit} presses of Tab did not reach {target}")


def test_resident_votes_and_comments_with_the_keyboard_alone(context, new_account):
    resident = new_account("Kurt Keyboard", "gommern")
    page = context.new_page()
    sign_in(page, resident["email"])
    page.goto(f"/roadmap/{PLANNED['key']}")
    expect(heading(page)).to_have_accessible_name(PLANNED["title"])
    panel = page.get_by_role("region", name="Abstimmung")
    before = votes_of(panel)

    tab_to(page, panel.get_by_role("button", name="Dafür stimmen"))
    page.keyboard.press("Space")
    withdraw = panel.get_by_role("button", name="Stimme zurücknehmen")
    expect(withdraw).to_be_focused()
    assert focus_is_visible(page)
    expect(panel).to_contain_text("Ihre Stimme ist dabei.")
    assert votes_of(panel) == before + 1

    thread = comments_region(page)
    tab_to(page, thread.get_by_label("Ihr Kommentar"))
    comment = f"Mit der Tastatur geschrieben. ({resident['email']})"
    page.keyboard.type(comment)
    tab_to(page, thread.get_by_role("button", name="Kommentar senden"))
    page.keyboard.press("Enter")
    expect(flash(page)).to_contain_text("Ihr Kommentar ist veröffentlicht.")
    expect(thread.get_by_role("article").filter(has_text=comment)).to_contain_text(resident["name"])
    screenshot(page, "tastatur-kommentiert")
