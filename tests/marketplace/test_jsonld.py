"""The schema.org markup of a product's page: its first photo as an absolute address, its
description as plain text (no Markdown, no tags) and short, and nothing a partner writes can
end the data block."""

import json
import re

import pytest
from sqlmodel import select

from stages.moped.marketplace.models import ListingPhoto
from tests.marketplace.conftest import add_producer, add_product, partner_of
from tests.marketplace.test_photos import picture, upload

BREAK_OUT = "</script><script>alert(1)</script> & <!--"


def jsonld_of(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    return json.loads(block.group(1))


@pytest.fixture
def imkerei(database):
    return add_producer(database, "Imkerei Gommern", organisation="Imkerei GbR")


def product_page(client, product) -> str:
    page = client.get(f"/regionales/{product.id}")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_the_first_photo_and_the_description_as_plain_text(client, database, auth, imkerei):
    honey = add_product(
        database,
        imkerei,
        "Rapshonig",
        description="**Cremig** gerührt,\n\n- aus [Gommern](https://gommern.de)\n- 500 g & mehr",
    )
    partner_of(database, "Imkerei GbR")
    auth.login("hof@example.org")
    for alt in ("Das Glas", "Der Deckel"):
        assert upload(client, honey, picture(), alt=alt).status_code == 302
    data = jsonld_of(product_page(client, honey))
    assert data["@type"] == "Product"
    assert data["description"] == "Cremig gerührt, aus Gommern 500 g & mehr"
    first = re.fullmatch(r"http://localhost/regionales/foto/(\d+)/gross\.jpg", data["image"])
    assert first, data["image"]
    photo = client.get(data["image"])
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    first_photo = database.exec(select(ListingPhoto).order_by(ListingPhoto.id)).first()
    assert (first.group(1), first_photo.alt) == (str(first_photo.id), "Das Glas")


def test_without_photo_and_description_neither_is_claimed(client, database, imkerei):
    honey = add_product(database, imkerei, "Rapshonig")
    data = jsonld_of(product_page(client, honey))
    assert data["name"] == "Rapshonig"
    assert "image" not in data and "description" not in data


def test_a_long_description_is_cut_after_a_whole_word(client, database, imkerei):
    text = "Honig aus der Elbaue, " * 40
    honey = add_product(database, imkerei, "Rapshonig", description=text)
    description = jsonld_of(product_page(client, honey))["description"]
    assert len(description) <= 300
    assert description.endswith("…")
    assert text.startswith(description.removesuffix("…"))
    assert description.removesuffix("…").split(" ")[-1] in {"Honig", "aus", "der", "Elbaue"}


def test_markup_cannot_break_out_of_its_data_block(client, database, imkerei):
    # Escaped in Markdown, the tags are text: on the page, and in the description.
    escaped = BREAK_OUT.replace("<", "\\<")
    honey = add_product(database, imkerei, BREAK_OUT, description=escaped)
    html = product_page(client, honey)
    assert "<script>alert(1)" not in html
    assert "\\u003c/script\\u003e" in html
    data = jsonld_of(html)
    assert data["name"] == BREAK_OUT
    assert data["description"] == BREAK_OUT
