"""The console's confirmation pages work when loaded whole with JavaScript on: opened in a new
tab, after a reload, or tapped before htmx had loaded on a slow line. Each is opened by its
address and submitted; the change is made and the console says so."""

import re

from playwright.sync_api import Page, expect

from e2e.conftest import OWNER, flash, heading
from e2e.preview_services import MARKTPLATZ


def confirm_whole_page(page: Page, path: str, expected_heading: str, *, reason: str) -> None:
    """Open a confirmation by its address, give a reason and confirm it."""
    page.goto(path)
    expect(heading(page)).to_have_text(re.compile(re.escape(expected_heading)))
    reason_field = page.get_by_label("Begründung (freiwillig)")
    reason_field.evaluate("field => field.removeAttribute('maxlength')")
    reason_field.fill(reason)
    page.get_by_role("button", name="Bestätigen").click()


def test_every_confirmation_works_loaded_as_a_whole_page(signed_in_page, viewport):
    owner = signed_in_page(OWNER["email"])
    key = f"ganzseite_{viewport}"

    owner.goto("/admin/planned/new")
    expect(heading(owner)).to_have_text("Geplanten Dienst anlegen")
    owner.get_by_label("Schlüssel").fill(key)
    owner.get_by_label("Titel").fill(f"Ganze Seite ({viewport})")
    owner.get_by_role("button", name="Speichern").click()
    expect(heading(owner)).to_have_text("Stufen und Freigaben")
    expect(flash(owner)).to_contain_text(f"„Ganze Seite ({viewport})“ ist angelegt.")

    planned = owner.locator("[id^='geplant-']").filter(has_text=f"Ganze Seite ({viewport})")
    delete_path = planned.get_by_role("link", name="Löschen").get_attribute("href")
    confirm_whole_page(owner, delete_path, "löschen", reason="Nur ein Versuch.")
    expect(heading(owner)).to_have_text("Stufen und Freigaben")
    expect(flash(owner)).to_contain_text("gelöscht")

    steps = [
        ("rollout", "Anteil für „Marktplatz“ setzen", "50"),
        ("rollout", "Anteil für „Marktplatz“ setzen", "100"),
        ("kill", "„Marktplatz“ abschalten", None),
        ("restore", "„Marktplatz“ wieder einschalten", None),
        # Down to the truck and back up: where it stood before, for the journeys after this one.
        ("demote", "„Marktplatz“ zurückstufen", None),
        ("promote", "„Marktplatz“ eine Stufe weiter freischalten", None),
    ]
    for action, title, percent in steps:
        owner.goto(f"/admin/stages/{MARKTPLATZ.key}/{action}")
        expect(heading(owner)).to_have_text(title)
        if percent is not None:
            owner.get_by_label("Anteil in Prozent (0 bis 100)").fill(percent)
        owner.get_by_label("Begründung (freiwillig)").fill(f"{action} als ganze Seite")
        owner.get_by_role("button", name="Bestätigen").click()
        expect(heading(owner)).to_have_text("Stufen und Freigaben")
        expect(flash(owner)).to_contain_text("Marktplatz")

    # The platform's steps would change every other journey's stage: sent with a reason longer
    # than the field allows (its maxlength taken off, as an old browser ignores it), each
    # answers on its own page that nothing was changed, and why.
    for action, title in [
        ("advance", "Plattform eine Stufe weiter"),
        ("retreat", "Plattform eine Stufe zurück"),
    ]:
        confirm_whole_page(owner, f"/admin/platform/{action}", title, reason="x" * 1001)
        expect(heading(owner)).to_have_text(title)
        expect(owner.get_by_role("main")).to_contain_text(
            "Die Begründung darf höchstens 1000 Zeichen haben."
        )
