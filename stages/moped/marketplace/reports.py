"""Residents report a product or a producer to the moderators (stages.signals.reported_items),
who hide it with the owners' hiding of listings, or keep it (stages.moped.marketplace.changes)."""

from collections import defaultdict

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core.db import all_or_nothing
from core.errors import Refusal
from core.models import User
from stages.moped.marketplace import changes
from stages.moped.marketplace.forms import REPORT_REASONS
from stages.moped.marketplace.models import ListingReport, Producer, Product
from stages.moped.marketplace.permissions import may_edit_producer
from stages.signals import ReportedItem


def _producer_of(listing: Product | Producer) -> Producer:
    return listing.producer if isinstance(listing, Product) else listing


def report_listing(
    db: Session, *, reporter: User, listing: Product | Producer, reason: str
) -> bool:
    """A resident reports a listing they can see, once; False if they had already."""
    if may_edit_producer(db, reporter, _producer_of(listing)):
        raise Refusal(_("Ihr eigenes Angebot können Sie nicht melden."), 422)
    if reason not in REPORT_REASONS:
        raise Refusal(_("Bitte wählen Sie einen Grund."), 422)
    listing_column = "product_id" if isinstance(listing, Product) else "producer_id"
    try:
        with all_or_nothing(db):
            already = db.exec(
                select(ListingReport.id).where(
                    changes.reports_of(listing), ListingReport.reporter_id == reporter.id
                )
            ).first()
            if already is not None:
                return False
            db.add(
                ListingReport(
                    **{listing_column: listing.id}, reporter_id=reporter.id, reason=reason
                )
            )
    except IntegrityError:  # the same report sent twice at once: the constraint kept one
        return False
    return True


def _counted(db: Session, column) -> dict[int, list[tuple[str, int]]]:
    """Per listing with open reports in `column`: (reason label, how many gave it)."""
    rows = db.exec(
        select(column, ListingReport.reason, func.count())
        .where(ListingReport.decided.is_(False), column.is_not(None))
        .group_by(column, ListingReport.reason)
        .order_by(column, ListingReport.reason)
    ).all()
    reasons = defaultdict(list)
    for listing_id, reason, count in rows:
        reasons[listing_id].append((str(REPORT_REASONS.get(reason, reason)), count))
    return reasons


def _text(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def open_reports(db: Session) -> list[ReportedItem]:
    """Connected to stages.signals.reported_items: reported listings awaiting a decision,
    with the text they show (name, description or profile) and who offers them."""
    items = []
    reasons = _counted(db, ListingReport.product_id)
    if reasons:
        products = db.exec(select(Product).where(Product.id.in_(reasons)).order_by(Product.id))
        items += [
            ReportedItem(
                kind=_("Produkt"),
                text=_text(product.name, product.description),
                author_id=None,  # an organisation's listing: its partners are not named here
                author=product.producer.name,
                reasons=reasons[product.id],
                decide_url=url_for("marketplace.moderate_product", product_id=product.id),
                view_url=url_for("marketplace.product", product_id=product.id),
            )
            for product in products
        ]
    reasons = _counted(db, ListingReport.producer_id)
    if reasons:
        producers = db.exec(select(Producer).where(Producer.id.in_(reasons)).order_by(Producer.id))
        items += [
            ReportedItem(
                kind=_("Erzeuger"),
                text=_text(
                    producer.name,
                    producer.makes,
                    producer.practice,
                    producer.market_days,
                    producer.pickup_points,
                ),
                author_id=None,
                author=producer.name,
                reasons=reasons[producer.id],
                decide_url=url_for("marketplace.moderate_producer", producer_id=producer.id),
                view_url=url_for("marketplace.producer", producer_id=producer.id),
            )
            for producer in producers
        ]
    return items


def decide(db: Session, *, actor: User, listing: Product | Producer, hide: bool) -> None:
    """Hide the listing as owners hide listings (audited, with the reports' reasons), or keep
    it; either way its reports are decided."""
    if not hide:
        changes.keep_reported(db=db, user=actor, listing=listing)
        return
    column = ListingReport.product_id if isinstance(listing, Product) else ListingReport.producer_id
    given = _counted(db, column).get(listing.id, [])
    reasons = ", ".join(f"{label} ({count})" for label, count in given)
    changes.set_hidden(
        db=db,
        user=actor,
        listing=listing,
        hidden=True,
        reason=_("Nach Meldungen: %(reasons)s", reasons=reasons) if reasons else "",
    )
