"""An early tester: joins the programme, finds the preview in the navigation, reports a problem."""

from playwright.sync_api import expect

from e2e.conftest import (
    assert_no_axe_violations,
    flash,
    header,
    heading,
    main_navigation,
    screenshot,
    sign_in,
)


def test_early_tester_joins_previews_a_service_and_reports_a_problem(context, new_account):
    tester = new_account("Tina Tüftel", "jerichow")
    page = context.new_page()
    sign_in(page, tester["email"])
    navigation = main_navigation(page)
    expect(navigation.get_by_role("link", name="Marktplatz")).to_have_count(0)

    header(page).get_by_role("link", name=tester["name"]).click()
    page.get_by_role("button", name="Am Testprogramm teilnehmen").click()
    expect(flash(page)).to_contain_text("Sie sind jetzt Testerin oder Tester")

    preview = main_navigation(page).get_by_role("link", name="Marktplatz")  # after the reload
    expect(preview).to_have_accessible_name("Marktplatz Vorschau")
    preview.click()
    expect(heading(page)).to_have_accessible_name("Marktplatz")
    banner = page.get_by_role("note")
    expect(banner).to_contain_text(
        "Vorschau: Dieser Dienst ist noch nicht für alle freigeschaltet. "
        "Sie sehen ihn, weil Sie im Testprogramm sind."
    )
    screenshot(page, "reise-vorschau")
    assert_no_axe_violations(page)

    banner.get_by_role("link", name="Rückmeldung geben").click()
    expect(heading(page)).to_have_accessible_name("Rückmeldung zu „Marktplatz“")
    page.get_by_role("radio", name="Problem").check()
    problem = "Auf dem Telefon verdeckt das Hofladen-Foto den Knopf „Bestellen“."
    page.get_by_label("Was ist Ihnen aufgefallen?").fill(problem)
    page.get_by_role("button", name="Rückmeldung senden").click()

    expect(flash(page)).to_contain_text(
        "Danke! Ihre Rückmeldung ist beim Landwerk-Team angekommen."
    )
    mine = page.get_by_role("region", name="Ihre bisherigen Rückmeldungen")
    expect(mine.get_by_role("listitem")).to_have_count(1)
    expect(mine.get_by_role("listitem")).to_contain_text("Problem")
    expect(mine.get_by_role("listitem")).to_contain_text("(offen)")
    expect(mine.get_by_role("listitem")).to_contain_text(problem)
    screenshot(page, "reise-rueckmeldung-gesendet")
    assert_no_axe_violations(page)
