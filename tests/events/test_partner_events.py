"""A partner's own events ("Ihre Veranstaltungen"): upcoming, past and called off, only their
organisation's, each linked to its form; and "Meine Beiträge" on a partner's profile."""

import json
from datetime import datetime

from sqlmodel import select

from core.audit import AuditEntry
from stages.bicycle.events.models import DESCRIPTION_MAX, Event
from tests.conftest import make_user, post_form
from tests.events.test_events import add_event, event_form, organisation, page, partner

MANAGE = "/veranstaltungen/verwalten"


def item(html: str, title: str) -> str:
    """The list item of the event with this title."""
    before, after = html.split(f">{title}</a>", 1)
    return before.rsplit("<li", 1)[1] + after.split("</li>", 1)[0]


def test_a_partner_finds_every_event_of_their_organisation_and_no_other(client, auth, database):
    gommern = organisation(database)
    genthin = organisation(database, name="Kulturverein Genthin", municipality="genthin")
    partner(database, gommern)
    past = add_event(database, gommern, start=datetime(2026, 6, 1, 18), title="Sommerfest")
    called_off = add_event(
        database, gommern, start=datetime(2026, 12, 20, 18), title="Adventskonzert",
        is_cancelled=True,
    )  # fmt: skip
    add_event(database, genthin, start=datetime(2026, 12, 12, 10), title="Fremdes Fest")
    auth.login("partner@example.org")
    html = page(client, MANAGE)
    assert html.index("Adventskonzert") < html.index("Sommerfest")  # the latest start first
    assert "Fremdes Fest" not in html
    assert f'href="/veranstaltungen/{past.id}/bearbeiten"' in html
    assert f'href="/veranstaltungen/{called_off.id}/bearbeiten"' in html
    adventskonzert, sommerfest = item(html, "Adventskonzert"), item(html, "Sommerfest")
    assert "Abgesagt" in adventskonzert and "vorbei" not in adventskonzert
    assert "vorbei" in sommerfest and "Abgesagt" not in sommerfest
    assert 'href="/veranstaltungen/verwalten"' in page(client, "/veranstaltungen/")


def test_a_new_partner_is_told_there_is_nothing_yet(client, auth, database):
    partner(database, organisation(database))
    auth.login("partner@example.org")
    assert "Ihre Organisation hat noch keine Veranstaltungen eingetragen." in page(client, MANAGE)


def test_the_list_has_pages_and_htmx_gets_the_list_alone(client, auth, database):
    gommern = organisation(database)
    partner(database, gommern)
    for day in range(1, 26):
        add_event(database, gommern, start=datetime(2026, 11, day, 18), title=f"Abend {day:02d}")
    auth.login("partner@example.org")
    first = page(client, MANAGE)
    assert "Abend 25" in first and "Abend 05" not in first
    assert 'href="/veranstaltungen/verwalten?seite=2"' in first
    second = page(client, MANAGE + "?seite=2", headers={"HX-Request": "true"})
    assert "<html" not in second and second.lstrip().startswith('<section id="ihre-veranstaltungen"')
    assert "Abend 05" in second and "Abend 25" not in second
    assert client.get(MANAGE + "?seite=3").status_code == 404


def test_residents_are_refused_and_visitors_asked_to_sign_in(client, auth, database):
    assert client.get(MANAGE).status_code == 302
    make_user(database)
    auth.login()
    assert client.get(MANAGE).status_code == 403


def test_a_product_owner_sees_every_organisations_events(client, auth, database):
    add_event(database, organisation(database), start=datetime(2026, 12, 12, 10), title="Eins")
    other = organisation(database, name="Kulturverein Genthin", municipality="genthin")
    add_event(database, other, start=datetime(2026, 12, 13, 10), title="Zwei")
    make_user(database, email="owner@example.org", is_product_owner=True)
    auth.login("owner@example.org")
    html = page(client, MANAGE)
    assert "Eins" in html and "Zwei" in html


def test_a_partners_profile_links_what_their_organisation_published(client, auth, database):
    partner(database, organisation(database))
    auth.login("partner@example.org")
    profile = page(client, "/profil")
    section = profile.split('id="beitraege-titel"', 1)[1].split("</section>", 1)[0]
    assert '<a href="/veranstaltungen/verwalten">Ihre Veranstaltungen</a>' in section
    assert '<a href="/neuigkeiten/verwalten">Ihre Neuigkeiten</a>' in section


def test_a_residents_profile_has_no_such_section(client, auth, database):
    make_user(database)
    auth.login()
    assert "Meine Beiträge" not in page(client, "/profil")


def _audit(database) -> list[tuple[str, str, int | None]]:
    database.expire_all()
    entries = database.exec(
        select(AuditEntry).where(AuditEntry.subject.like("event:%")).order_by(AuditEntry.id)
    )
    return [(entry.action, entry.subject, entry.actor_id) for entry in entries]


def test_what_a_partner_changes_is_in_the_audit_log(client, auth, database):
    org = organisation(database)
    user = partner(database, org)
    auth.login("partner@example.org")
    longest = ("Musik im Klostergarten. " * 250)[:DESCRIPTION_MAX].strip()
    assert post_form(client, "/veranstaltungen/neu", event_form(org)).status_code == 302
    event_id = database.exec(select(Event.id)).one()
    subject = f"event:{event_id}"
    edited = post_form(
        client, f"/veranstaltungen/{event_id}/bearbeiten",
        event_form(org, title="Kartoffelfest am Hof", description=longest),
    )  # fmt: skip
    assert edited.status_code == 302
    for wanted in ("ja", "ja", "nein"):  # the second "ja" changes nothing and records nothing
        post_form(client, f"/veranstaltungen/{event_id}/absagen", {"abgesagt": wanted})
    post_form(client, f"/veranstaltungen/{event_id}/loeschen")
    assert _audit(database) == [
        ("event_create", subject, user.id),
        ("event_edit", subject, user.id),
        ("event_cancel", subject, user.id),
        ("event_resume", subject, user.id),
        ("event_delete", subject, user.id),
    ]
    edit = database.exec(select(AuditEntry).where(AuditEntry.action == "event_edit")).one()
    assert json.loads(edit.before)["title"] == "Kartoffelfest"
    assert json.loads(edit.after)["description"] == longest
    make_user(database, email="owner@example.org", is_product_owner=True)
    auth.logout()
    auth.login("owner@example.org")
    log = page(client, "/admin/audit")
    for words in ("Veranstaltung eingetragen", "Veranstaltung abgesagt", f"Veranstaltung Nr. {event_id}",
                  "Titel: Kartoffelfest → Kartoffelfest am Hof"):  # fmt: skip
        assert words in log


def test_a_refused_edit_records_nothing(client, auth, database):
    org = organisation(database)
    partner(database, org)
    event = add_event(database, org, start=datetime(2026, 12, 12, 10))
    auth.login("partner@example.org")
    refused = post_form(client, f"/veranstaltungen/{event.id}/bearbeiten", event_form(org, title=""))
    assert refused.status_code == 422
    assert _audit(database) == []
