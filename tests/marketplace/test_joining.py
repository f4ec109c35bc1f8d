"""An organisation of the directory joins Regionales: its partner fills in the producer profile,
from Regionales or from the organisation's page in the directory; once, audited, refused to
everyone else and for bad input (German, nothing written). Runs on SQLite and PostgreSQL."""

import threading

from sqlmodel import Session, select

from core import accounts
from core import db as core_db
from core.audit import Actor
from core.models import Organisation
from stages import control
from stages.bicycle.directory.models import DirectoryEntry
from stages.moped.marketplace import joining
from stages.moped.marketplace.models import Producer
from tests.conftest import make_user, post_form
from tests.marketplace.conftest import add_producer, partner_of
from tests.marketplace.test_editing import audit_actions, count, marketplace_audit, product_form

PROFILE = {
    "makes": "Spargel, Erdbeeren und Kartoffeln",
    "practice": "Familienbetrieb seit 1921",
    "vat_note": "kleinunternehmer",
    "market_days": "Sonnabends auf dem Markt in Burg",
    "pickup_points": "Hofladen Niegripp",
}
SIGNUP = "Bei Regionales als Erzeuger eintragen"


def farm(database, name="Spargelhof Niegripp", organisation="Spargelhof Niegripp GbR"):
    owner = Organisation(name=organisation, kind="business", municipality="burg")
    database.add(owner)
    database.flush()
    entry = DirectoryEntry(
        name=name, category="lebensmittel", municipality="burg", organisation_id=owner.id
    )
    database.add(entry)
    database.commit()
    return owner, entry


def join_url(organisation) -> str:
    return f"/regionales/erzeuger/eintragen/{organisation.id}"


def signed_in_partner(database, auth, organisation, email="hof@example.org"):
    partner_of(database, organisation.name, email=email)
    auth.login(email)


def test_a_partner_makes_the_organisation_a_producer(client, database, auth):
    organisation, entry = farm(database)
    signed_in_partner(database, auth, organisation)
    index = client.get("/regionales/").get_data(as_text=True)
    assert "Spargelhof Niegripp GbR als Erzeuger eintragen" in index
    assert join_url(organisation) in index
    form = client.get(join_url(organisation))
    assert form.status_code == 200
    assert "„Spargelhof Niegripp“, wird Ihr Erzeugerprofil" in form.get_data(as_text=True)

    response = post_form(client, join_url(organisation), PROFILE)
    producer = database.exec(select(Producer)).one()
    assert response.status_code == 303
    assert response.location.endswith(f"/regionales/erzeuger/{producer.id}")
    assert producer.entry_id == entry.id
    assert {name: getattr(producer, name) for name in PROFILE} == PROFILE
    assert audit_actions(database) == ["producer_create"]
    assert marketplace_audit(database)[0].subject == f"producer:{producer.id}"
    page = client.get(response.location).get_data(as_text=True)
    assert "Spargelhof Niegripp ist jetzt als Erzeuger bei Regionales eingetragen." in page
    assert "Erstes Produkt anlegen" in page
    assert f"/regionales/erzeuger/{producer.id}/neu" in page
    # Regionales now leads the partner to the profile, not to joining again.
    index = client.get("/regionales/").get_data(as_text=True)
    assert "Erzeugerprofil von Spargelhof Niegripp GbR" in index
    assert join_url(organisation) not in index


def test_the_new_producer_is_listed_and_found_with_its_first_product(client, database, auth):
    organisation, _entry = farm(database)
    signed_in_partner(database, auth, organisation)
    post_form(client, join_url(organisation), PROFILE)
    producer = database.exec(select(Producer)).one()
    listed = client.get("/api/v1/marketplace/producers").get_json()["items"]
    assert [(item["id"], item["name"]) for item in listed] == [(producer.id, "Spargelhof Niegripp")]
    new_product = f"/regionales/erzeuger/{producer.id}/neu"
    post_form(client, new_product, product_form(name="Grüner Spargel", category="obst-gemuese"))
    auth.logout()
    found = client.get("/regionales/?q=spargel").get_data(as_text=True)
    assert "Grüner Spargel" in found
    assert "Spargelhof Niegripp" in found


def test_a_second_attempt_answers_with_the_existing_profile(client, database, auth):
    organisation, _entry = farm(database)
    signed_in_partner(database, auth, organisation)
    first = post_form(client, join_url(organisation), PROFILE)
    again = post_form(client, join_url(organisation), {**PROFILE, "makes": "Etwas anderes"})
    assert again.status_code == 303
    assert again.location == first.location
    assert client.get(join_url(organisation)).location == first.location
    assert "schon als Erzeuger eingetragen" in client.get(first.location).get_data(as_text=True)
    assert count(database, Producer) == 1
    assert database.exec(select(Producer)).one().makes == PROFILE["makes"]
    assert audit_actions(database) == ["producer_create"]


def test_two_submissions_at_once_make_one_producer(live_app, database):
    organisation, entry = farm(database)
    user = partner_of(database, organisation.name)
    engine = live_app.extensions["db_engine"]
    results, barrier = [], threading.Barrier(2)

    def submit():
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            results.append(
                joining.create_producer(
                    db=session,
                    user=user,
                    entry=session.get(DirectoryEntry, entry.id),
                    values=PROFILE,
                )
            )

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(is_new for _producer, is_new in results) == [False, True]
    assert len({producer.id for producer, _is_new in results}) == 1
    assert count(database, Producer) == 1
    assert audit_actions(database) == ["producer_create"]


def test_partners_of_another_organisation_and_residents_are_refused(client, database, auth):
    organisation, _entry = farm(database)
    other, _other_entry = farm(database, "Fischerei Ferchland", "Fischerei GbR")
    signed_in_partner(database, auth, other)
    assert client.get(join_url(organisation)).status_code == 403
    assert post_form(client, join_url(organisation), PROFILE).status_code == 403
    auth.logout()
    make_user(database, email="rita@example.org")
    auth.login("rita@example.org")
    assert client.get(join_url(organisation)).status_code == 403
    assert post_form(client, join_url(organisation), PROFILE).status_code == 403
    assert "als Erzeuger eintragen" not in client.get("/regionales/").get_data(as_text=True)
    auth.logout()
    assert client.get(join_url(organisation)).location.startswith("/login")
    assert count(database, Producer) == 0
    assert audit_actions(database) == []


def test_a_blocked_partner_is_refused(client, database, auth):
    organisation, _entry = farm(database)
    signed_in_partner(database, auth, organisation)
    user = accounts.find_user_by_email(db=database, email="hof@example.org")
    user.is_blocked = True
    database.add(user)
    database.commit()
    assert post_form(client, join_url(organisation), PROFILE).status_code == 403
    assert join_url(organisation) not in client.get("/regionales/").get_data(as_text=True)
    assert count(database, Producer) == 0


def test_a_product_owner_may_do_it_for_any_organisation(client, database, auth):
    organisation, entry = farm(database)
    make_user(database, email="paula@example.org", is_product_owner=True)
    auth.login("paula@example.org")
    # The directory offers it to the organisation's partners, not on every page to owners.
    assert SIGNUP not in client.get(f"/verzeichnis/{entry.id}").get_data(as_text=True)
    assert post_form(client, join_url(organisation), PROFILE).status_code == 303
    assert count(database, Producer) == 1


def test_forged_and_edge_ids_are_not_found(client, database, auth):
    organisation, _entry = farm(database)
    signed_in_partner(database, auth, organisation)
    for forged in ("0", "-1", str(2**63), str(organisation.id + 1000), "abc"):
        assert client.get(f"/regionales/erzeuger/eintragen/{forged}").status_code == 404
        refused = post_form(client, f"/regionales/erzeuger/eintragen/{forged}", PROFILE)
        assert refused.status_code == 404
    assert count(database, Producer) == 0


def test_bad_input_is_refused_in_german_and_nothing_is_written(client, database, auth):
    organisation, _entry = farm(database)
    signed_in_partner(database, auth, organisation)
    refusals = {
        "makes": ("x" * 501, "Höchstens 500 Zeichen, bitte."),
        "market_days": ("y" * 501, "Höchstens 500 Zeichen, bitte."),
        "practice": ("Bio\x0bland", "Bitte keine Steuerzeichen verwenden."),
        "pickup_points": ("Hof\x1bladen", "Bitte keine Steuerzeichen verwenden."),
        "vat_note": ("keine", "Diese Angabe gibt es nicht."),
    }
    for name, (value, message) in refusals.items():
        response = post_form(client, join_url(organisation), {**PROFILE, name: value})
        assert response.status_code == 422, name
        assert message in response.get_data(as_text=True), name
    # A NUL is refused before any view runs.
    nul = post_form(client, join_url(organisation), {**PROFILE, "makes": "Ho\x00nig"})
    assert nul.status_code == 400
    assert count(database, Producer) == 0
    assert audit_actions(database) == []


def test_the_form_needs_the_csrf_token(client, database, auth):
    organisation, _entry = farm(database)
    signed_in_partner(database, auth, organisation)
    assert client.post(join_url(organisation), data=PROFILE).status_code == 400
    assert count(database, Producer) == 0


def test_an_organisation_without_a_directory_entry_is_told_what_to_do(client, database, auth):
    organisation = Organisation(name="Imkerei ohne Eintrag", kind="business", municipality="burg")
    database.add(organisation)
    database.commit()
    signed_in_partner(database, auth, organisation)
    page = client.get(join_url(organisation))
    assert page.status_code == 200
    assert "hat noch keinen Eintrag im Verzeichnis" in page.get_data(as_text=True)
    refused = post_form(client, join_url(organisation), PROFILE)
    assert refused.status_code == 409
    assert "noch keinen Eintrag im Verzeichnis" in refused.get_data(as_text=True)
    assert count(database, Producer) == 0


def test_the_directory_page_offers_joining_to_its_partners_only(live_app, client, database, auth):
    organisation, entry = farm(database)
    second = DirectoryEntry(
        name="Spargelstand Burg", category="lebensmittel", municipality="burg",
        organisation_id=organisation.id,
    )  # fmt: skip
    database.add(second)
    database.commit()
    page = f"/verzeichnis/{entry.id}"
    assert SIGNUP not in client.get(page).get_data(as_text=True)
    signed_in_partner(database, auth, organisation)
    assert join_url(organisation) in client.get(page).get_data(as_text=True)
    # Only the entry that becomes the producer offers it.
    assert SIGNUP not in client.get(f"/verzeichnis/{second.id}").get_data(as_text=True)
    with live_app.test_request_context():
        control.kill_service(
            db=core_db.session(),
            services=live_app.extensions["services"],
            key="marketplace",
            actor=Actor(None, "test"),
        )
    killed = client.get(page)
    assert killed.status_code == 200
    assert SIGNUP not in killed.get_data(as_text=True)


def test_the_directory_page_stops_offering_it_once_joined(client, database, auth):
    producer = add_producer(database, "Imkerei Gommern", organisation="Imkerei Gommern GbR")
    organisation = database.get(Organisation, producer.organisation_id)
    signed_in_partner(database, auth, organisation)
    page = client.get(f"/verzeichnis/{producer.entry_id}").get_data(as_text=True)
    assert SIGNUP not in page
    assert "Eintrag bearbeiten" in page
