"""Producer photos (the farm shop, the fields): the product photos' checks and sizes, at most
four, alt text required, per-object permissions, audited, the organisation's. SQLite and
PostgreSQL."""

import io

import pytest
from PIL import Image
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from core.audit import AuditEntry
from core.models import User
from stages.moped.marketplace.models import ListingPhoto
from stages.moped.marketplace.privacy import forget, personal_data
from tests.conftest import make_user, post_form
from tests.marketplace.conftest import add_producer, add_product, partner_of
from tests.marketplace.test_photos import picture, post_photo
from tests.marketplace.test_photos import upload as upload_product_photo


def upload(client, producer_id, data: bytes, alt="Der Hofladen", name="hof.jpg"):
    return post_photo(client, f"/regionales/erzeuger/{producer_id}/fotos", data, alt, name)


def photos(database) -> list[ListingPhoto]:
    database.expire_all()
    return list(database.exec(select(ListingPhoto).order_by(ListingPhoto.id)))


def photo_audit(database) -> list[tuple[str, str]]:
    database.expire_all()
    statement = select(AuditEntry).where(AuditEntry.action.like("photo_%")).order_by(AuditEntry.id)
    return [(entry.action, entry.subject) for entry in database.exec(statement)]


@pytest.fixture
def farm(database, auth):
    producer = add_producer(database, "Hof Lindenberg", organisation="Hof Lindenberg GbR")
    partner_of(database, "Hof Lindenberg GbR")
    auth.login("hof@example.org")
    return producer


def test_a_partner_adds_a_photo_that_the_producer_page_shows_in_phone_sizes(
    client, database, farm, auth
):
    original = picture(3000, 2000)
    response = upload(client, farm.id, original)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/regionales/erzeuger/{farm.id}/bearbeiten")
    [photo] = photos(database)
    assert (photo.producer_id, photo.product_id, photo.alt) == (farm.id, None, "Der Hofladen")
    assert Image.open(io.BytesIO(photo.large)).size == (1200, 800)
    assert Image.open(io.BytesIO(photo.small)).size == (480, 320)
    assert b"Kamera GmbH" not in photo.large + photo.small
    assert photo_audit(database) == [("photo_add", f"producer:{farm.id}")]
    edit_page = client.get(f"/regionales/erzeuger/{farm.id}/bearbeiten").get_data(True)
    assert f"/regionales/foto/{photo.id}/loeschen" in edit_page
    auth.logout()
    page = client.get(f"/regionales/erzeuger/{farm.id}").get_data(True)
    assert 'alt="Der Hofladen"' in page
    assert f"/regionales/foto/{photo.id}/klein.jpg 480w" in page
    assert f"/regionales/foto/{photo.id}/gross.jpg 1200w" in page
    assert 'sizes="(max-width: 600px) 100vw, 600px"' in page
    assert "loeschen" not in page
    served = client.get(f"/regionales/foto/{photo.id}/klein.jpg")
    assert (served.status_code, served.mimetype) == (200, "image/jpeg")
    assert "public" in served.headers["Cache-Control"]


def test_the_audit_log_says_in_words_what_happened_to_which_producer(client, database, farm, auth):
    assert upload(client, farm.id, picture()).status_code == 302
    [photo] = photos(database)
    assert post_form(client, f"/regionales/foto/{photo.id}/loeschen").status_code == 302
    assert photos(database) == []
    assert photo_audit(database) == [
        ("photo_add", f"producer:{farm.id}"),
        ("photo_delete", f"producer:{farm.id}"),
    ]
    make_user(database, email="owner@example.org", is_product_owner=True)
    auth.logout()
    auth.login("owner@example.org")
    log = client.get("/admin/audit").get_data(True)
    assert "Foto hinzugefügt" in log and "Foto gelöscht" in log
    assert "Erzeuger „Hof Lindenberg“" in log


def test_a_product_owner_may_add_a_producers_photo(client, database, farm, auth):
    make_user(database, email="owner@example.org", is_product_owner=True)
    auth.logout()
    auth.login("owner@example.org")
    assert upload(client, farm.id, picture()).status_code == 302
    assert len(photos(database)) == 1


def forty_megapixels() -> bytes:
    out = io.BytesIO()
    Image.new("1", (8000, 5000)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "hof.png", "kein lesbares Foto"),
        (forty_megapixels(), "riesig.png", "zu viele Pixel"),
    ],
)
def test_what_is_not_a_sensible_photo_is_refused_in_german_and_nothing_is_written(
    client, database, farm, data, name, message
):
    response = upload(client, farm.id, data, name=name)
    assert response.status_code == 422
    assert message in response.get_data(True)
    assert photos(database) == []
    assert photo_audit(database) == []


def test_alt_text_is_required_and_four_photos_are_the_most(client, database, farm):
    refused = upload(client, farm.id, picture(), alt="")
    assert refused.status_code == 422
    assert "Bitte beschreiben Sie das Foto" in refused.get_data(True)
    for _ in range(4):
        assert upload(client, farm.id, picture(200, 200)).status_code == 302
    fifth = upload(client, farm.id, picture(200, 200))
    assert fifth.status_code == 422
    assert "Ein Erzeuger hat höchstens 4 Fotos" in fifth.get_data(True)
    assert "Foto hinzufügen" not in client.get(f"/regionales/erzeuger/{farm.id}/bearbeiten").text
    # The producer's four do not count against its products' own.
    product = add_product(database, farm, "Kartoffeln")
    assert upload_product_photo(client, product, picture(200, 200)).status_code == 302
    assert len(photos(database)) == 5


def test_another_organisations_partner_gets_403_and_forged_ids_404(client, database, farm, auth):
    assert upload(client, farm.id, picture()).status_code == 302
    [photo] = photos(database)
    add_producer(database, "Gärtnerei Möser", organisation="Gärtnerei Möser GbR")
    auth.logout()
    partner_of(database, "Gärtnerei Möser GbR", email="moeser@example.org")
    auth.login("moeser@example.org")
    assert upload(client, farm.id, picture()).status_code == 403
    assert post_form(client, f"/regionales/foto/{photo.id}/loeschen").status_code == 403
    for forged in ("999999", "0", "-1", "1x", "99999999999999999999"):
        assert upload(client, forged, picture()).status_code == 404
        assert post_form(client, f"/regionales/foto/{forged}/loeschen").status_code == 404
    assert len(photos(database)) == 1
    assert photo_audit(database) == [("photo_add", f"producer:{farm.id}")]


def test_writes_need_the_csrf_token(client, database, farm):
    response = client.post(
        f"/regionales/erzeuger/{farm.id}/fotos",
        data={"photo": (io.BytesIO(picture()), "hof.jpg"), "alt": "Der Hofladen"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert photos(database) == []
    assert upload(client, farm.id, picture()).status_code == 302
    [photo] = photos(database)
    assert client.post(f"/regionales/foto/{photo.id}/loeschen").status_code == 400
    assert len(photos(database)) == 1


def test_a_hidden_producers_photos_are_its_partners_alone(client, database, farm, auth):
    assert upload(client, farm.id, picture()).status_code == 302
    [photo] = photos(database)
    farm.is_hidden = True
    database.add(farm)
    database.commit()
    own = client.get(f"/regionales/foto/{photo.id}/gross.jpg")
    assert own.status_code == 200
    assert "private" in own.headers["Cache-Control"]
    auth.logout()
    assert client.get(f"/regionales/foto/{photo.id}/gross.jpg").status_code == 404


def test_the_photos_are_the_organisations_and_stay_when_a_partners_account_goes(
    client, database, farm
):
    assert upload(client, farm.id, picture()).status_code == 302
    partner = database.exec(select(User).where(User.email == "hof@example.org")).one()
    assert personal_data(database, partner) == {"marketplace_report": []}
    forget(database, partner)
    database.delete(partner)
    database.commit()
    assert database.exec(select(func.count()).select_from(ListingPhoto)).one() == 1
    assert client.get(f"/regionales/erzeuger/{farm.id}").status_code == 200


@pytest.mark.parametrize("both", [False, True])
def test_the_database_refuses_a_photo_of_no_listing_or_of_two(database, farm, both):
    product = add_product(database, farm, "Kartoffeln")
    ids = {"product_id": product.id, "producer_id": farm.id} if both else {}
    database.add(ListingPhoto(alt="Hof", width=1, height=1, small=b"x", large=b"x", **ids))
    with pytest.raises(IntegrityError):
        database.commit()
    database.rollback()
