"""Residents report a listing into the owners' moderation queue, once each; the owner hides it
with the marketplace's own hiding (audited) or keeps it. Runs on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import event
from sqlmodel import func, select

from core import db as core_db
from core.audit import Actor, AuditEntry
from core.models import User
from stages import control
from stages.moped.marketplace.models import ListingReport, Producer, Product
from stages.moped.marketplace.privacy import forget, personal_data
from tests.conftest import PASSWORD, make_user, post_form
from tests.marketplace.conftest import add_producer, add_product, partner_of


def signed_in(app, email):
    client = app.test_client()
    assert post_form(client, "/login", {"email": email, "password": PASSWORD}).status_code == 302
    return client


def reports(database) -> list[ListingReport]:
    database.expire_all()
    return list(database.exec(select(ListingReport).order_by(ListingReport.id)))


def audit(database, action) -> list[AuditEntry]:
    database.expire_all()
    return list(database.exec(select(AuditEntry).where(AuditEntry.action == action)))


@pytest.fixture
def imkerei(database):
    return add_producer(
        database, "Imkerei Gommern", organisation="Imkerei Gommern GbR", makes="Honig vom Elbdeich"
    )


@pytest.fixture
def honey(database, imkerei):
    return add_product(database, imkerei, "Wunderhonig", description="Heilt **alles** sofort.")


@pytest.fixture
def anna(live_app, database):
    make_user(database, email="anna@example.org")
    return signed_in(live_app, "anna@example.org")


@pytest.fixture
def owner(live_app, database):
    make_user(database, email="chefin@example.org", is_product_owner=True)
    return signed_in(live_app, "chefin@example.org")


def test_a_resident_reports_a_product_once_and_the_queue_shows_its_text(
    anna, owner, database, honey
):
    page = anna.get(f"/regionales/{honey.id}").get_data(True)
    assert f'href="/regionales/{honey.id}/melden"' in page
    form = anna.get(f"/regionales/{honey.id}/melden").get_data(True)
    assert "Warum melden Sie dieses Angebot?" in form and "Wunderhonig" in form
    missing = post_form(anna, f"/regionales/{honey.id}/melden", {})
    assert missing.status_code == 422 and "Bitte wählen Sie einen Grund." in missing.get_data(True)
    unknown = post_form(anna, f"/regionales/{honey.id}/melden", {"reason": "langweilig"})
    assert unknown.status_code == 422
    assert reports(database) == []

    first = post_form(anna, f"/regionales/{honey.id}/melden", {"reason": "irrefuehrend"})
    assert first.status_code == 303 and first.headers["Location"] == f"/regionales/{honey.id}"
    again = post_form(
        anna, f"/regionales/{honey.id}/melden", {"reason": "betrug"}, follow_redirects=True
    )
    assert "Sie hatten dieses Angebot schon gemeldet." in again.get_data(True)
    [report] = reports(database)
    assert (report.product_id, report.producer_id, report.reason) == (
        honey.id,
        None,
        "irrefuehrend",
    )

    queue = owner.get("/moderation").get_data(True)
    assert "Gemeldet in den Diensten" in queue
    assert "Produkt" in queue and "Wunderhonig" in queue and "Heilt **alles** sofort." in queue
    assert "Falsche oder irreführende Angaben (1)" in queue and "von Imkerei Gommern" in queue
    assert f'action="/regionales/moderation/produkt/{honey.id}"' in queue
    assert f'href="/regionales/{honey.id}"' in queue


def test_visitors_are_sent_to_sign_in_and_nothing_is_written(client, database, honey):
    assert "/melden" not in client.get(f"/regionales/{honey.id}").get_data(True)
    for answer in (
        client.get(f"/regionales/{honey.id}/melden"),
        post_form(client, f"/regionales/{honey.id}/melden", {"reason": "spam"}),
    ):
        assert answer.status_code == 302 and "/login" in answer.headers["Location"]
    assert reports(database) == []


def test_no_report_of_ones_own_of_unseen_listings_or_without_the_csrf_token(
    live_app, anna, database, imkerei, honey
):
    partner_of(database, "Imkerei Gommern GbR")
    partner = signed_in(live_app, "hof@example.org")
    assert "/melden" not in partner.get(f"/regionales/{honey.id}").get_data(True)
    own = post_form(partner, f"/regionales/{honey.id}/melden", {"reason": "spam"})
    assert own.status_code == 422 and "eigenes Angebot" in own.get_data(True)
    draft = add_product(database, imkerei, "Entwurf", is_published=False)
    assert post_form(anna, f"/regionales/{draft.id}/melden", {"reason": "spam"}).status_code == 404
    assert post_form(anna, "/regionales/999999/melden", {"reason": "spam"}).status_code == 404
    forged = anna.post(f"/regionales/{honey.id}/melden", data={"reason": "spam"})
    assert forged.status_code == 400
    assert reports(database) == []


def test_hiding_from_the_queue_uses_the_owners_hiding_and_is_audited(
    client, anna, owner, database, imkerei, honey
):
    post_form(anna, f"/regionales/{honey.id}/melden", {"reason": "betrug"})
    # Residents do not decide.
    assert (
        post_form(
            anna, f"/regionales/moderation/produkt/{honey.id}", {"decision": "hide"}
        ).status_code
        == 403
    )
    bad = post_form(owner, f"/regionales/moderation/produkt/{honey.id}", {"decision": "löschen"})
    assert bad.status_code == 400
    unknown = post_form(owner, "/regionales/moderation/produkt/999999", {"decision": "hide"})
    assert unknown.status_code == 404

    decided = post_form(owner, f"/regionales/moderation/produkt/{honey.id}", {"decision": "hide"})
    assert decided.status_code == 303 and decided.headers["Location"] == "/moderation"
    database.expire_all()
    assert database.get(Product, honey.id).is_hidden
    assert client.get(f"/regionales/{honey.id}").status_code == 404
    [entry] = audit(database, "product_hide")
    assert (
        entry.subject == f"product:{honey.id}"
        and entry.reason == "Nach Meldungen: Betrugsversuch (1)"
    )
    assert all(report.decided for report in reports(database))
    assert "Wunderhonig" not in owner.get("/moderation").get_data(True)


def test_keeping_a_listing_decides_its_reports_and_is_audited(anna, owner, database, honey):
    post_form(anna, f"/regionales/{honey.id}/melden", {"reason": "spam"})
    kept = post_form(owner, f"/regionales/moderation/produkt/{honey.id}", {"decision": "keep"})
    assert kept.status_code == 303
    database.expire_all()
    assert not database.get(Product, honey.id).is_hidden
    assert [e.subject for e in audit(database, "product_keep")] == [f"product:{honey.id}"]
    assert "Wunderhonig" not in owner.get("/moderation").get_data(True)
    # A kept listing is not reported again by the same resident.
    post_form(anna, f"/regionales/{honey.id}/melden", {"reason": "betrug"})
    assert len(reports(database)) == 1


def test_a_producer_is_reported_and_hidden_with_its_profile_text(
    client, anna, owner, database, imkerei
):
    page = anna.get(f"/regionales/erzeuger/{imkerei.id}").get_data(True)
    assert f'href="/regionales/erzeuger/{imkerei.id}/melden"' in page
    answer = post_form(anna, f"/regionales/erzeuger/{imkerei.id}/melden", {"reason": "verboten"})
    assert answer.status_code == 303
    queue = owner.get("/moderation").get_data(True)
    assert "Erzeuger" in queue and "Honig vom Elbdeich" in queue
    assert "Verbotene oder gefährliche Ware (1)" in queue
    post_form(owner, f"/regionales/moderation/erzeuger/{imkerei.id}", {"decision": "hide"})
    database.expire_all()
    assert database.get(Producer, imkerei.id).is_hidden
    assert client.get(f"/regionales/erzeuger/{imkerei.id}").status_code == 404
    assert [e.subject for e in audit(database, "producer_hide")] == [f"producer:{imkerei.id}"]


def test_hiding_on_the_listing_page_also_settles_its_reports(anna, owner, database, honey):
    post_form(anna, f"/regionales/{honey.id}/melden", {"reason": "spam"})
    post_form(owner, f"/regionales/{honey.id}/ausblenden", {"reason": "Werbung"})
    assert all(report.decided for report in reports(database))
    assert "Wunderhonig" not in owner.get("/moderation").get_data(True)


def test_reports_are_rate_limited_per_resident(app_factory, database):
    # A second app on the same database (where `database` made the marketplace live), with
    # limits on.
    app = app_factory(FLAG_CHECK_INTERVAL=0, MARKETPLACE_REPORT_RATE_LIMIT="2 per hour")
    producer = add_producer(database, "Hof Lostau", organisation="Hof Lostau GbR")
    products = [add_product(database, producer, name) for name in ("Äpfel", "Birnen", "Quitten")]
    make_user(database, email="anna@example.org")
    anna = signed_in(app, "anna@example.org")
    answers = [
        post_form(anna, f"/regionales/{p.id}/melden", {"reason": "spam"}).status_code
        for p in products
    ]
    assert answers == [303, 303, 429]
    assert database.exec(select(func.count()).select_from(ListingReport)).one() == 2


@pytest.mark.parametrize("close", ["demote_service", "kill_service"])
def test_the_queue_still_shows_and_decides_a_listing_of_a_closed_service(
    live_app, anna, owner, database, honey, close
):
    post_form(anna, f"/regionales/{honey.id}/melden", {"reason": "betrug"})
    with live_app.test_request_context():
        getattr(control, close)(
            db=core_db.session(),
            services=live_app.extensions["services"],
            key="marketplace",
            actor=Actor(id=None, label="test"),
        )
    assert anna.get(f"/regionales/{honey.id}").status_code in (404, 503)
    queue = owner.get("/moderation")
    assert queue.status_code == 200 and "Wunderhonig" in queue.get_data(True)
    decided = post_form(owner, f"/regionales/moderation/produkt/{honey.id}", {"decision": "hide"})
    assert decided.status_code == 303
    database.expire_all()
    assert database.get(Product, honey.id).is_hidden


def test_a_residents_reports_are_hers_to_download_and_go_with_her_account(
    anna, honey, imkerei, database
):
    post_form(anna, f"/regionales/{honey.id}/melden", {"reason": "irrefuehrend"})
    resident = database.exec(select(User).where(User.email == "anna@example.org")).one()
    data = personal_data(database, resident)
    assert [(r["product"], r["reason"]) for r in data["marketplace_report"]] == [
        ("Wunderhonig", "irrefuehrend")
    ]
    forget(database, resident)
    database.commit()
    assert reports(database) == []


def test_a_partners_account_goes_but_the_organisations_products_stay(honey, imkerei, database):
    partner = partner_of(database, "Imkerei Gommern GbR")
    assert personal_data(database, partner) == {"marketplace_report": []}
    forget(database, partner)
    database.delete(partner)
    database.commit()
    database.expire_all()
    assert database.get(Product, honey.id) is not None
    assert database.get(Producer, imkerei.id) is not None


def test_the_owners_log_names_products_and_producers_by_name(owner, database, imkerei, honey):
    post_form(owner, f"/regionales/{honey.id}/ausblenden", {"reason": "Werbung"})
    post_form(owner, f"/regionales/erzeuger/{imkerei.id}/ausblenden", {"reason": "Werbung"})
    log = owner.get("/admin/audit").get_data(True)
    assert f"<strong>Produkt ausgeblendet</strong>: Produkt „Wunderhonig“ (Nr. {honey.id})" in log
    assert (
        f"<strong>Erzeuger ausgeblendet</strong>: Erzeuger „Imkerei Gommern“ (Nr. {imkerei.id})"
        in log
    )
    assert f">product:{honey.id}<" not in log and f">producer:{imkerei.id}<" not in log
    # Once the product is gone, the log still says what it was.
    database.delete(database.get(Product, honey.id))
    database.commit()
    log = owner.get("/admin/audit").get_data(True)
    assert f"<strong>Produkt ausgeblendet</strong>: Produkt Nr. {honey.id}" in log


def test_the_log_reads_the_names_of_ten_products_as_of_one(live_app, owner, database, imkerei):
    statements = []
    # On this test's own engine, which goes with the test.
    event.listen(
        live_app.extensions["db_engine"], "before_cursor_execute", lambda *_: statements.append(1)
    )

    def hidden(name):
        product = add_product(database, imkerei, name)
        database.add(
            AuditEntry(actor="test", action="product_hide", subject=f"product:{product.id}")
        )
        database.commit()

    def page_queries() -> int:
        before = len(statements)
        assert owner.get("/admin/audit").status_code == 200
        return len(statements) - before

    hidden("Äpfel")
    one = page_queries()
    for number in range(10):
        hidden(f"Birnen {number}")
    assert page_queries() == one
