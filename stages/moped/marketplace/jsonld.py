"""schema.org `LocalBusiness` (a producer, with its products as offers) and `Product` markup.

The template writes it with Flask's `tojson`, which escapes <, > and & as \\u003c, \\u003e and
\\u0026: a name containing "</script>" cannot end the data block."""

from core.municipalities import municipality_name
from stages.bicycle.directory.hours import clock
from stages.moped.marketplace.catalogue import AVAILABLE, PREORDER, SOLD_OUT, unit_text
from stages.moped.marketplace.models import Producer, Product

SCHEMA = "https://schema.org/"
AVAILABILITY = {
    AVAILABLE: "InStock",
    PREORDER: "PreOrder",
    SOLD_OUT: "SoldOut",
}  # out of season: "Discontinued" would say too much, so no value is given
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


def product_jsonld(product: Product, url: str, producer_url: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "url": url,
        "category": product.category,
        "brand": {"@type": "Brand", "name": product.producer.name},
        "offers": {**_offer(product, url), "seller": {"@id": producer_url}},
    }


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
