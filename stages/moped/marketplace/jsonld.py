"""schema.org `LocalBusiness` (a producer, with its products as offers) and `Product` markup.

The template writes it with Flask's `tojson`, which escapes <, > and & as \\u003c, \\u003e and
\\u0026: a name containing "</script>" cannot end the data block."""

import html

import nh3
from flask import url_for

from core.markdown import markdown_to_html
from core.municipalities import municipality_name
from stages.bicycle.directory.hours import clock
from stages.moped.marketplace.catalogue import AVAILABLE, PREORDER, SOLD_OUT, unit_text
from stages.moped.marketplace.models import Producer, Product
from stages.moped.marketplace.photo_routes import photos_of

SCHEMA = "https://schema.org/"
AVAILABILITY = {
    AVAILABLE: "InStock",
    PREORDER: "PreOrder",
    SOLD_OUT: "SoldOut",
}  # out of season: "Discontinued" would say too much, so no value is given
# What a search result shows of a description; the page has the whole text.
DESCRIPTION_MAX = 300
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _offer(product: Product, url: str) -> dict:
    offer = {
        "@type": "Offer",
        "url": url,
        "price": f"{product.price_cents / 100:.2f}",
        "priceCurrency": "EUR",
        "eligibleQuantity": {
            "@type": "QuantitativeValue",
            "unitText": unit_text(product.unit, product.quantity),
        },
    }
    if product.availability in AVAILABILITY:
        offer["availability"] = SCHEMA + AVAILABILITY[product.availability]
    return offer


def plain_description(markdown: str) -> str:
    """The description as it reads on the page, without Markdown or tags, on one line, cut
    after a whole word."""
    text = " ".join(html.unescape(nh3.clean(markdown_to_html(markdown), tags=set())).split())
    if len(text) <= DESCRIPTION_MAX:
        return text
    cut = text[: DESCRIPTION_MAX - 1]  # room for the ellipsis
    if text[DESCRIPTION_MAX - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-") + "…"


def product_jsonld(product: Product, url: str, producer_url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "url": url,
        "category": product.category,
        "brand": {"@type": "Brand", "name": product.producer.name},
        "offers": {**_offer(product, url), "seller": {"@id": producer_url}},
    }
    description = plain_description(product.description)
    if description:
        data["description"] = description
    photos = photos_of(product)
    if photos:
        data["image"] = url_for(
            "marketplace.photo", photo_id=photos[0].id, size="gross", _external=True
        )
    return data


def producer_jsonld(producer: Producer, url: str, products: list[tuple[Product, str]]) -> dict:
    entry = producer.entry
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "@id": url,
        "name": entry.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": entry.address,
            "addressLocality": municipality_name(entry.municipality),
            "addressRegion": "Sachsen-Anhalt",
            "addressCountry": "DE",
        },
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": SCHEMA + DAYS[hour.weekday],
                "opens": clock(hour.opens),
                "closes": clock(hour.closes),
            }
            for hour in entry.hours
        ],
        "makesOffer": [
            {
                **_offer(product, product_url),
                "itemOffered": {"@type": "Product", "name": product.name},
            }
            for product, product_url in products
        ],
    }
    if entry.phone:
        data["telephone"] = entry.phone
    if producer.makes:
        data["description"] = producer.makes
    return data
