"""Journeys through the mailbox: a newcomer registers, the confirmation mail arrives at the
local catcher, the link confirms the address, and the vote counts; someone who forgot their
password gets a link, sets a new one and signs in with it."""

import re

from playwright.sync_api import expect

from e2e.conftest import (
    DEMO_PASSWORD,
    assert_no_axe_violations,
    flash,
    heading,
    mail_to,
    screenshot,
    sign_in,
)
from e2e.seed import PLANNED

CONFIRM_LINK = re.compile(r"https?://[^\s]+/konto/bestaetigen/[A-Za-z0-9_.\-]+")
RESET_LINK = re.compile(r"https?://[^\s]+/passwort-neu/[A-Za-z0-9_.\-]+")


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_register_confirm_by_mail_then_vote(context, viewport, caught_mails):
    page = context.new_page()
    email = f"greta-{viewport}@example.org"
    page.goto("/registrieren")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Anzeigename").fill("Greta Grün")
    page.get_by_label("Heimatgemeinde").select_option(label="Jerichow")
    page.get_by_label("Passwort", exact=True).fill("ein-gutes-passwort-7")
    page.get_by_label("Passwort wiederholen").fill("ein-gutes-passwort-7")
    page.get_by_role("button", name="Konto anlegen").click()
    expect(flash(page)).to_contain_text("Danke! Wir haben Ihnen eine E-Mail geschickt.")

    # Before confirming: signed in, the vote is explained and the link can be sent again.
    sign_in(page, email=email, password="ein-gutes-passwort-7")
    page.goto(f"/roadmap/{PLANNED['key']}")
    panel = page.get_by_role("region", name="Abstimmung")
    expect(panel).to_contain_text("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse")
    expect(panel.get_by_role("button", name="Bestätigungslink erneut senden")).to_be_visible()
    expect(panel.get_by_role("button", name="Dafür stimmen")).to_have_count(0)
    screenshot(page, "mail-unbestaetigt-abstimmen")
    assert_no_axe_violations(page)

    mail = mail_to(caught_mails, email, "Bitte bestätigen Sie Ihre E-Mail-Adresse")
    assert mail.message["From"] == "Landwerk <noreply@landwerk.example>"
    page.goto(_path(CONFIRM_LINK.search(mail.text).group(0)))
    expect(heading(page)).to_have_accessible_name("E-Mail-Adresse bestätigen")
    page.get_by_role("button", name="Adresse bestätigen").click()
    expect(flash(page)).to_contain_text("Ihre E-Mail-Adresse ist bestätigt")

    page.goto(f"/roadmap/{PLANNED['key']}")
    panel = page.get_by_role("region", name="Abstimmung")
    panel.get_by_role("button", name="Dafür stimmen").click()
    expect(panel).to_contain_text("Ihre Stimme ist dabei.")
    screenshot(page, "mail-bestaetigt-abgestimmt")


def test_forgot_password_reset_by_mail_then_sign_in(context, viewport, new_account, caught_mails):
    resident = new_account("Fritz Vergesslich", "genthin")
    page = context.new_page()
    page.goto("/login")
    page.get_by_role("link", name="Passwort vergessen?").click()
    expect(heading(page)).to_have_accessible_name("Passwort vergessen?")
    page.get_by_label("E-Mail-Adresse").fill(resident["email"])
    page.get_by_role("button", name="Link schicken").click()
    expect(flash(page)).to_contain_text("Wenn zu dieser Adresse ein Konto gehört")
    screenshot(page, "mail-passwort-vergessen")

    mail = mail_to(caught_mails, resident["email"], "Ein neues Passwort für Landwerk")
    page.goto(_path(RESET_LINK.search(mail.text).group(0)))
    page.get_by_label("Neues Passwort", exact=True).fill("ganz-neues-passwort-5")
    page.get_by_label("Neues Passwort wiederholen").fill("ganz-neues-passwort-5")
    page.get_by_role("button", name="Passwort speichern").click()
    expect(flash(page)).to_contain_text("Ihr neues Passwort gilt.")

    sign_in(page, email=resident["email"], password="ganz-neues-passwort-5")
    expect(page.get_by_role("banner").get_by_role("link", name=resident["name"])).to_be_visible()
    # The old password is over.
    page.get_by_role("banner").get_by_role("button", name="Abmelden").click()
    page.goto("/login")
    page.get_by_label("E-Mail-Adresse").fill(resident["email"])
    page.get_by_label("Passwort", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page.get_by_text("E-Mail-Adresse oder Passwort stimmen nicht.", exact=True)).to_be_visible()
