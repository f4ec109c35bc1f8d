"""A resident asks a producer through `messages`: switched off (kill switch) or not unlocked
for the resident (its rollout at 0 %), every button to write goes from the product's and the
producer's page, and both pages stay whole."""

import pytest

from tests.conftest import app_with_live_services, make_user
from tests.marketplace.conftest import add_producer, add_product, partner_of
from tests.marketplace.test_reports import signed_in
from tests.neighbour_help.test_without_messages import kill, lock

BUTTON = "Nachricht schreiben"
NEW_THREAD = "/nachrichten/neu"


@pytest.fixture
def live_app(app_factory):
    """Regionales and the messages it asks producers through, both live."""
    return app_with_live_services(app_factory, "messages", "marketplace")


@pytest.fixture
def honey(database):
    imkerei = add_producer(
        database, "Imkerei Gommern", municipality="gommern", organisation="Imkerei Gommern GbR"
    )
    partner_of(database, "Imkerei Gommern GbR")  # someone who answers for it
    return add_product(database, imkerei, "Rapshonig", category="honig-aufstriche")


def pages_of(honey) -> dict[str, str]:
    return {
        "product": f"/regionales/{honey.id}",
        "producer": f"/regionales/erzeuger/{honey.producer_id}",
    }


# What /nachrichten/ answers then: paused for a while (503), or not yet for this person (403).
@pytest.mark.parametrize(("switch_off", "closed"), [(kill, 503), (lock, 403)])
def test_without_messages_the_buttons_go_and_the_pages_stay(
    live_app, database, honey, switch_off, closed
):
    make_user(database, email="anna@example.org")
    anna = signed_in(live_app, "anna@example.org")
    for url in pages_of(honey).values():
        text = anna.get(url).get_data(as_text=True)
        assert BUTTON in text and NEW_THREAD in text, url
    switch_off(live_app)
    for url in pages_of(honey).values():
        page = anna.get(url)
        text = page.get_data(as_text=True)
        assert page.status_code == 200, url
        assert "Rapshonig" in text and "Imkerei Gommern" in text, url
        assert BUTTON not in text and NEW_THREAD not in text, url
        assert "Angebot melden" in text, url
    assert anna.get("/nachrichten/").status_code == closed
    # Reporting and searching work as before.
    assert anna.get(f"/regionales/{honey.id}/melden").status_code == 200
    assert "Rapshonig" in anna.get("/regionales/?q=Honig").get_data(as_text=True)
