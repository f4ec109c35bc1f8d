"""Product photos: real pictures only, re-encoded without metadata, size and pixel limits, alt
text required, at most four, per-object permissions, caching headers. SQLite and PostgreSQL."""

import io
import random

import pytest
from PIL import Image
from sqlmodel import func, select
from werkzeug.test import EnvironBuilder

from stages.moped.marketplace.models import ListingPhoto
from stages.moped.marketplace.photos import UPLOAD_MAX, PhotoRefused, encode
from tests.conftest import csrf_token, make_user, post_form
from tests.marketplace.conftest import add_producer, add_product, partner_of


def picture(width=800, height=600, fmt="JPEG", exif=True) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (width, height), (200, 160, 40))
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x010F] = "Kamera GmbH"  # Make
        data[0x8825] = {1: "N", 2: (52.0, 16.0, 0.0)}  # GPS position
        image.save(out, fmt, exif=data)
    else:
        image.save(out, fmt)
    return out.getvalue()


def post_photo(client, url: str, data: bytes, alt: str, name: str):
    return post_form(
        client,
        url,
        {"photo": (io.BytesIO(data), name), "alt": alt},
        content_type="multipart/form-data",
    )


def upload(client, product, data: bytes, alt="Ein Glas Honig", name="foto.jpg"):
    return post_photo(client, f"/regionales/{product.id}/fotos", data, alt, name)


def photos(database) -> int:
    database.expire_all()
    return database.exec(select(func.count()).select_from(ListingPhoto)).one()


@pytest.fixture
def honey(database, auth):
    producer = add_producer(database, "Imkerei Gommern", organisation="Imkerei GbR")
    product = add_product(database, producer, "Rapshonig")
    partner_of(database, "Imkerei GbR")
    auth.login("hof@example.org")
    return product


def test_a_photo_is_re_encoded_in_two_sizes_without_metadata(client, database, honey):
    original = picture(3000, 2000)
    assert b"Kamera GmbH" in original
    assert upload(client, honey, original).status_code == 302
    photo = database.exec(select(ListingPhoto)).one()
    assert photo.alt == "Ein Glas Honig"
    large = Image.open(io.BytesIO(photo.large))
    assert (large.format, large.size) == ("JPEG", (1200, 800))
    assert Image.open(io.BytesIO(photo.small)).size == (480, 320)
    assert not large.getexif()
    assert b"Kamera GmbH" not in photo.large + photo.small
    page = client.get(f"/regionales/{honey.id}").get_data(True)
    assert 'alt="Ein Glas Honig"' in page
    served = client.get(f"/regionales/foto/{photo.id}/klein.jpg")
    assert served.status_code == 200
    assert served.mimetype == "image/jpeg"
    assert "public" in served.headers["Cache-Control"]
    again = client.get(
        f"/regionales/foto/{photo.id}/klein.jpg", headers={"If-None-Match": served.headers["ETag"]}
    )
    assert again.status_code == 304


def test_png_and_webp_are_taken(client, database, honey):
    assert upload(client, honey, picture(fmt="PNG"), name="a.png").status_code == 302
    assert upload(client, honey, picture(fmt="WEBP"), name="a.webp").status_code == 302
    assert photos(database) == 2


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "foto.png", "kein lesbares Foto"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "bild.svg",
            "kein lesbares Foto",
        ),
        (picture(fmt="GIF", exif=False), "a.gif", "JPEG, PNG oder WebP"),
        (picture()[:400], "kaputt.jpg", "kein lesbares Foto"),
    ],
)
def test_what_is_not_a_photo_is_refused(client, database, honey, data, name, message):
    response = upload(client, honey, data, name=name)
    assert response.status_code == 422
    assert message in response.get_data(True)
    assert photos(database) == 0


def test_a_40_megapixel_picture_is_refused_before_it_is_decoded(client, database, honey):
    out = io.BytesIO()
    Image.new("1", (8000, 5000)).save(out, "PNG")  # 40 MP, a few kilobytes
    response = upload(client, honey, out.getvalue(), name="riesig.png")
    assert response.status_code == 422
    assert "zu viele Pixel" in response.get_data(True)
    assert photos(database) == 0


def test_alt_text_is_required_and_four_photos_are_the_most(client, database, honey):
    refused = upload(client, honey, picture(), alt="")
    assert refused.status_code == 422
    assert "Bitte beschreiben Sie das Foto" in refused.get_data(True)
    for _ in range(4):
        assert upload(client, honey, picture(200, 200)).status_code == 302
    fifth = upload(client, honey, picture(200, 200))
    assert fifth.status_code == 422
    assert "höchstens 4 Fotos" in fifth.get_data(True)
    assert photos(database) == 4


def test_others_may_not_add_or_delete_photos(client, database, honey, auth):
    assert upload(client, honey, picture()).status_code == 302
    photo = database.exec(select(ListingPhoto)).one()
    auth.logout()
    make_user(database, email="rita@example.org")
    auth.login("rita@example.org")
    assert upload(client, honey, picture()).status_code == 403
    assert post_form(client, f"/regionales/foto/{photo.id}/loeschen").status_code == 403
    assert photos(database) == 1


def test_a_drafts_photo_is_not_served_to_others_and_not_cached_publicly(
    client, database, honey, auth
):
    draft = add_product(database, honey.producer, "Honigwein", is_published=False)
    assert upload(client, draft, picture()).status_code == 302
    photo = database.exec(select(ListingPhoto)).one()
    own = client.get(f"/regionales/foto/{photo.id}/gross.jpg")
    assert "private" in own.headers["Cache-Control"]
    assert post_form(client, f"/regionales/foto/{photo.id}/loeschen").status_code == 302
    assert photos(database) == 0
    assert upload(client, draft, picture()).status_code == 302
    photo = database.exec(select(ListingPhoto)).one()
    auth.logout()
    assert client.get(f"/regionales/foto/{photo.id}/gross.jpg").status_code == 404
    assert client.get(f"/regionales/foto/{photo.id}/riesig.jpg").status_code == 404


def test_a_phone_sized_photo_above_the_form_limit_is_taken(client, database, honey):
    noise = Image.frombytes("RGB", (1000, 800), bytes(random.Random(1).randbytes(1000 * 800 * 3)))
    out = io.BytesIO()
    noise.save(out, "PNG")
    assert 2_000_000 < len(out.getvalue()) < 8_000_000  # above the 1 MiB of other forms
    # Built here, so that the body's temporary file can be closed (the test client leaves it).
    builder = EnvironBuilder(
        path=f"/regionales/{honey.id}/fotos",
        method="POST",
        data={
            "csrf_token": csrf_token(client),
            "photo": (io.BytesIO(out.getvalue()), "handy.png"),
            "alt": "Ein Glas Honig",
        },
    )
    environ = builder.get_environ()
    builder.close()
    try:
        assert client.open(environ).status_code == 302
    finally:
        environ["wsgi.input"].close()
    assert photos(database) == 1


def test_an_upload_above_8_mb_is_refused_unread(app):
    with app.test_request_context(), pytest.raises(PhotoRefused, match="zu groß"):
        encode(b"\xff\xd8" + b"\0" * UPLOAD_MAX)


def test_a_product_owner_sees_the_photo_form_beside_the_hide_form(client, database, honey, auth):
    make_user(database, email="owner@example.org", is_product_owner=True)
    auth.logout()
    auth.login("owner@example.org")
    page = client.get(f"/regionales/{honey.id}")
    assert page.status_code == 200
    assert "Foto hochladen" in page.text
    assert f"/regionales/{honey.id}/ausblenden" in page.text
