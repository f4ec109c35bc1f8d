"""A resident uses their rights under the DSGVO: downloads their data from the profile, writes a
comment, deletes the account – and the comment stays, signed "ehemaliges Mitglied", with the
counts as they should be: the comment still counted, the vote gone."""

import json
import re

from playwright.sync_api import expect

from e2e.conftest import (
    DEMO_PASSWORD,
    assert_no_axe_violations,
    flash,
    header,
    heading,
    screenshot,
    sign_in,
)
from e2e.seed import PLANNED


def _votes(panel) -> int:
    return int(re.search(r"(\d+) Stimme", panel.inner_text())[1])


def test_resident_downloads_their_data_comments_and_leaves(context, new_account):
    resident = new_account("Dora Datenschutz", "jerichow")
    page = context.new_page()
    sign_in(page, resident["email"])

    page.goto(f"/roadmap/{PLANNED['key']}")
    expect(heading(page)).to_have_accessible_name(PLANNED["title"])
    panel = page.get_by_role("region", name="Abstimmung")
    votes_before = _votes(panel)
    panel.get_by_role("button", name="Dafür stimmen").click()
    expect(panel).to_contain_text("Ihre Stimme ist dabei.")
    assert _votes(panel) == votes_before + 1
    thread = page.get_by_role("region", name="Kommentare")
    comment = f"Das brauchen wir in Jerichow. ({resident['email']})"
    thread.get_by_label("Ihr Kommentar").fill(comment)
    thread.get_by_role("button", name="Kommentar senden").click()
    expect(flash(page)).to_contain_text("Ihr Kommentar ist veröffentlicht.")
    mine = thread.get_by_role("article").filter(has_text=comment)
    expect(mine).to_contain_text(resident["name"])
    comments = page.locator("#diskussion-anzahl").inner_text()

    # The profile's button saves the data as a file, named with the day.
    header(page).get_by_role("link", name=resident["name"]).click()
    expect(heading(page)).to_have_text("Mein Profil")
    data_section = page.get_by_role("region", name="Ihre Daten")
    screenshot(page, "reise-profil-meine-daten")
    assert_no_axe_violations(page)
    with page.expect_download() as download_info:
        data_section.get_by_role("link", name="Meine Daten herunterladen").click()
    download = download_info.value
    assert re.fullmatch(r"landwerk-meine-daten-\d{4}-\d\d-\d\d\.json", download.suggested_filename)
    with open(download.path(), encoding="utf-8") as saved:
        tables = json.load(saved)["tables"]
    [account] = tables["user_account"]
    assert account["email"] == resident["email"]
    assert account["display_name"] == resident["name"]
    assert "password_hash" not in account
    assert [vote["subject"] for vote in tables["vote"]] == [f"service:{PLANNED['key']}"]
    assert [c["body"] for c in tables["comment"]] == [comment]

    # Leaving: the password confirms it.
    danger = page.get_by_role("region", name="Konto löschen")
    expect(danger).to_contain_text("ehemaliges Mitglied")
    danger.get_by_label("Passwort zur Bestätigung").fill(DEMO_PASSWORD)
    danger.get_by_role("button", name="Konto endgültig löschen").click()
    expect(flash(page)).to_contain_text("Ihr Konto ist gelöscht.")
    expect(header(page).get_by_role("link", name="Anmelden")).to_be_visible()

    # The comment stays, without her name; it still counts, her vote does not.
    page.goto(f"/roadmap/{PLANNED['key']}")
    thread = page.get_by_role("region", name="Kommentare")
    kept = thread.get_by_role("article").filter(has_text=comment)
    expect(kept).to_contain_text("ehemaliges Mitglied")
    expect(kept).not_to_contain_text(resident["name"])
    expect(page.locator("#diskussion-anzahl")).to_have_text(comments)
    panel = page.get_by_role("region", name="Abstimmung")
    assert _votes(panel) == votes_before
    screenshot(page, "reise-ehemaliges-mitglied")

    # And she cannot sign in any more.
    page.goto("/login")
    page.get_by_label("E-Mail-Adresse").fill(resident["email"])
    page.get_by_label("Passwort", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page.get_by_text("E-Mail-Adresse oder Passwort stimmen nicht.").first).to_be_visible()
