"""A person's part of the marketplace under the DSGVO. Producers and products are the
organisation's, not its partners': they stay when a partner's account goes (the audit log
keeps who changed what). What is the person's own are the listings they reported."""

from sqlalchemy import delete
from sqlmodel import Session, select

from core.models import User
from stages.moped.marketplace.models import ListingReport, Producer, Product


def personal_data(db: Session, user: User) -> dict[str, list[dict]]:
    rows = db.exec(
        select(ListingReport, Product.name, Producer.id)
        .outerjoin(Product, Product.id == ListingReport.product_id)
        .outerjoin(Producer, Producer.id == ListingReport.producer_id)
        .where(ListingReport.reporter_id == user.id)
        .order_by(ListingReport.id)
    ).all()
    return {
        "marketplace_report": [
            {
                "product_id": report.product_id,
                "product": product_name,
                "producer_id": producer_id,
                "reason": report.reason,
                "created_at": report.created_at.isoformat(),
                "decided": report.decided,
            }
            for report, product_name, producer_id in rows
        ]
    }


def forget(db: Session, user: User) -> None:
    # A report still open is withdrawn with its reporter: moderators act on listings, and
    # one who can no longer be asked does not keep one hidden.
    db.exec(delete(ListingReport).where(ListingReport.reporter_id == user.id))
    db.flush()
