"""Phone first: on a 390×844 screen the header is compact, its menu works without JavaScript,
and on every list page the first item starts on the first screen – measured on the demo a
newcomer sees (the live demo of `flask --app webapp demo`)."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import (
    ARTIFACTS,
    OWNER,
    TESTER,
    assert_no_axe_violations,
    flash,
    focus_is_visible,
    main_navigation,
    sign_in,
    viewport_name,
)

PHONE_HEIGHT = 844

# (name, account or None for a visitor, path, the first item of the list)
LIST_PAGES = [
    ("neuigkeiten", None, "/neuigkeiten/", "#news-list .news-item"),
    ("veranstaltungen", None, "/veranstaltungen/", "#veranstaltungen-liste .events-item"),
    ("verzeichnis", None, "/verzeichnis/", "#verzeichnis-ergebnisse .directory-item"),
    ("fahrplan", None, "/roadmap", "#fahrplan-liste .roadmap-card"),
    ("ideen", None, "/ideen", "#ideen-liste .card"),
    ("neu", None, "/neu", ".changelog > li"),
    ("regionales", TESTER["email"], "/regionales/", "#regionales-ergebnisse .directory-item"),
    ("nachrichten", TESTER["email"], "/nachrichten/", ".message-thread"),
    ("energie", TESTER["email"], "/energie/", "main form.card"),
    ("nachbarschaftshilfe", TESTER["email"], "/nachbarschaftshilfe/", ".help-card"),
    ("konsole", OWNER["email"], "/admin/stages", ".admin-summary"),
]


def first_screen(page: Page, name: str) -> None:
    """What the reader sees without scrolling, under e2e/artifacts/<viewport>/."""
    path = ARTIFACTS / viewport_name(page) / f"erster-bildschirm-{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path)


@pytest.mark.parametrize(
    ("name", "email", "path", "first_item"), LIST_PAGES, ids=[p[0] for p in LIST_PAGES]
)
def test_first_item_is_on_the_first_screen(reading_page, name, email, path, first_item):
    page = reading_page(email)
    response = page.goto(path)
    assert response.status == 200, path
    item = page.locator(first_item).first
    expect(item).to_be_visible()
    first_screen(page, name)
    if viewport_name(page) != "mobile":
        return
    box = item.bounding_box()
    assert box["y"] < PHONE_HEIGHT, f"{path}: the first item starts at {box['y']:.0f} px"


def test_the_menu_opens_without_javascript(no_js_context, viewport):
    page = no_js_context.new_page()
    page.goto("/neuigkeiten/")
    menu = page.locator(".main-menu")
    if viewport == "mobile":
        # Collapsed on a phone: a short header, the menu one tap away.
        header = page.get_by_role("banner").bounding_box()
        assert header["height"] <= 140, f"the header is {header['height']:.0f} px high"
        expect(page.get_by_role("link", name="Veranstaltungen", exact=True)).to_be_hidden()
        menu.locator("summary").click()
    expect(main_navigation(page).get_by_role("link", name="Veranstaltungen")).to_be_visible()
    main_navigation(page).get_by_role("link", name="Veranstaltungen").click()
    expect(page).to_have_url(re.compile(r"/veranstaltungen/$"))


def test_the_menu_button_is_named_and_shows_its_focus(reading_page, viewport):
    page = reading_page()
    page.goto("/")
    summary = page.locator(".main-menu > summary")
    if viewport == "mobile":
        expect(summary).to_be_visible()
        expect(summary).to_have_accessible_name("Menü")
        summary.focus()
        page.keyboard.press("Tab")
        page.keyboard.press("Shift+Tab")
        assert focus_is_visible(page)
        page.keyboard.press("Enter")
        expect(main_navigation(page).get_by_role("link", name="Fahrplan")).to_be_visible()
        assert_no_axe_violations(page)
        first_screen(page, "menue-offen")
        page.keyboard.press("Enter")
    else:
        # On a wide screen the navigation is a row, no menu button in the way.
        expect(summary).to_be_hidden()
        expect(main_navigation(page).get_by_role("link", name="Fahrplan")).to_be_visible()
    assert_no_axe_violations(page)


def test_the_month_is_a_day_list_on_a_phone(reading_page, viewport):
    page = reading_page()
    page.goto("/veranstaltungen/monat")
    scroll = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert scroll[0] <= scroll[1], f"the page scrolls sideways: {scroll[0]} > {scroll[1]} px"
    first_screen(page, "monat")
    days = page.locator(".events-days > li")
    if viewport == "mobile":
        expect(page.locator(".events-month")).to_be_hidden()
        expect(days.first).to_be_visible()
        # Titles wrap between words, never inside one: every link is no wider than its day.
        widths = page.evaluate(
            """() => [...document.querySelectorAll('.events-days a')].map(
                a => [a.scrollWidth, a.clientWidth])"""
        )
        assert widths and all(inner <= outer for inner, outer in widths)
        assert_no_axe_violations(page)
    else:
        expect(page.locator(".events-month")).to_be_visible()
        expect(days.first).to_be_hidden()


def test_a_comment_is_confirmed_where_the_reader_is(context, new_account):
    """The thanks for a comment sent far down the page shows on the screen, not at its top."""
    resident = new_account("Paula Postet", "burg")
    page = context.new_page()
    sign_in(page, resident["email"])
    page.goto("/roadmap/marktplatz")
    thread = page.get_by_role("region", name="Kommentare")
    thread.get_by_label("Ihr Kommentar").fill(f"Gern mit Honig. ({resident['email']})")
    thread.get_by_role("button", name="Kommentar senden").click()
    notice = flash(page).get_by_text("Ihr Kommentar ist veröffentlicht.")
    expect(notice).to_be_in_viewport()
    first_screen(page, "kommentar-bestaetigt")
    assert_no_axe_violations(page)
