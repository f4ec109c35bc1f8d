"""Producers and their products. A producer is an entry of the directory (its address, opening
hours and owning organisation come from there) with a profile; its partners edit it. The
search columns of a product are kept up to date on every write (mapper events below); the
producer's folded name in `search_producer` and the search index by the database's triggers
(migration marketplace_0004), since the name is changed in the directory."""

from datetime import datetime

from sqlalchemy import CheckConstraint, LargeBinary, event
from sqlmodel import Field, Relationship, SQLModel, UniqueConstraint

from core.models import utcnow
from core.text import search_column
from stages.bicycle.directory.models import DirectoryEntry
from stages.moped.marketplace.catalogue import (
    AVAILABLE,
    CATEGORIES,
    QUANTITY_MAX,
    VAT_INCLUDED,
    unit_price,
)

PROFILE_MAX = 500
NAME_MAX = 120
DESCRIPTION_MAX = 5000
PRICE_MAX = 1_000_000  # cents: 10,000 €
STOCK_MAX = 100_000
SEARCH_NAME_MAX = 600
SEARCH_CATEGORY_MAX = 200
SEARCH_TEXT_MAX = 6000


class Producer(SQLModel, table=True):
    __tablename__ = "marketplace_producer"

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(
        foreign_key="directory_entry.id", ondelete="CASCADE", unique=True, index=True
    )
    makes: str = Field(default="", max_length=PROFILE_MAX)  # what it makes
    practice: str = Field(default="", max_length=PROFILE_MAX)  # "Bioland", "seit 1921"
    vat_note: str = Field(default=VAT_INCLUDED, max_length=20)  # a key of VAT_NOTES
    market_days: str = Field(default="", max_length=PROFILE_MAX)
    pickup_points: str = Field(default="", max_length=PROFILE_MAX)
    # Hidden by a product owner (a report, a dispute): no list or page shows it any more.
    is_hidden: bool = Field(default=False)
    demo_key: str | None = Field(default=None, max_length=60, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    entry: DirectoryEntry = Relationship(sa_relationship_kwargs={"lazy": "joined"})
    products: list["Product"] = Relationship(
        back_populates="producer",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Product.name"},
    )

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def organisation_id(self) -> int | None:
        return self.entry.organisation_id

    @property
    def is_demo(self) -> bool:
        return self.demo_key is not None


class Product(SQLModel, table=True):
    __tablename__ = "marketplace_product"
    __table_args__ = (
        CheckConstraint(f"price_cents BETWEEN 0 AND {PRICE_MAX}", name="ck_marketplace_price"),
        CheckConstraint(
            f"quantity IS NULL OR quantity BETWEEN 1 AND {QUANTITY_MAX}",
            name="ck_marketplace_quantity",
        ),
        CheckConstraint(
            f"stock IS NULL OR stock BETWEEN 0 AND {STOCK_MAX}", name="ck_marketplace_stock"
        ),
        CheckConstraint(
            "(season_from IS NULL AND season_to IS NULL) OR "
            "(season_from BETWEEN 1 AND 12 AND season_to BETWEEN 1 AND 12)",
            name="ck_marketplace_season",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    producer_id: int = Field(foreign_key="marketplace_producer.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=NAME_MAX)
    category: str = Field(max_length=30, index=True)  # a key of CATEGORIES
    description: str = Field(default="", max_length=DESCRIPTION_MAX)  # Markdown
    price_cents: int
    unit: str = Field(max_length=20)  # a key of UNITS
    quantity: int | None = Field(default=None)  # g or ml of the unit, where it is weighed
    season_from: int | None = Field(default=None)  # months 1–12; none: all year
    season_to: int | None = Field(default=None)
    availability: str = Field(default=AVAILABLE, max_length=20)  # a key of AVAILABILITY
    stock: int | None = Field(default=None)  # counted down by orders later
    is_published: bool = Field(default=False)
    published_at: datetime | None = Field(default=None)
    is_hidden: bool = Field(default=False)  # by a product owner
    demo_key: str | None = Field(default=None, max_length=60, unique=True)
    search_name: str = Field(default="", max_length=SEARCH_NAME_MAX, index=True)
    search_category: str = Field(default="", max_length=SEARCH_CATEGORY_MAX, index=True)
    search_text: str = Field(default="", max_length=SEARCH_TEXT_MAX)
    search_producer: str = Field(default="", max_length=SEARCH_NAME_MAX)  # set by triggers
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    producer: Producer = Relationship(back_populates="products")

    @property
    def is_demo(self) -> bool:
        return self.demo_key is not None

    @property
    def unit_price(self):
        return unit_price(self.price_cents, self.unit, self.quantity)

    def refresh_search_columns(self) -> None:
        self.search_name = search_column(self.name, SEARCH_NAME_MAX)
        self.search_category = search_column(CATEGORIES.get(self.category, ""), SEARCH_CATEGORY_MAX)
        self.search_text = search_column(self.description, SEARCH_TEXT_MAX)


@event.listens_for(Product, "before_insert")
@event.listens_for(Product, "before_update")
def _keep_search_columns_current(_mapper, _connection, product: Product) -> None:
    product.refresh_search_columns()
    product.updated_at = utcnow()


ALT_MAX = 200


class ListingPhoto(SQLModel, table=True):
    """A product's photo, or a producer's (the farm shop, the fields), re-encoded
    (`photos.encode`), kept in the database so that every app instance serves it and backups
    hold it (at most 4 per listing, about 250 KB each). A producer's photos are the
    organisation's, as the producer is: no partner's account holds them."""

    __tablename__ = "marketplace_photo"
    __table_args__ = (
        CheckConstraint("length(alt) > 0", name="ck_marketplace_photo_alt"),
        CheckConstraint(
            "(product_id IS NULL) <> (producer_id IS NULL)",
            name="ck_marketplace_photo_one_listing",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    product_id: int | None = Field(
        default=None, foreign_key="marketplace_product.id", ondelete="CASCADE", index=True
    )
    producer_id: int | None = Field(
        default=None, foreign_key="marketplace_producer.id", ondelete="CASCADE", index=True
    )
    alt: str = Field(max_length=ALT_MAX)  # what the photo shows, for screen readers
    width: int
    height: int
    small: bytes = Field(sa_type=LargeBinary)
    large: bytes = Field(sa_type=LargeBinary)
    created_at: datetime = Field(default_factory=utcnow)


REPORT_REASON_MAX = 20


class ListingReport(SQLModel, table=True):
    """A resident reported a product or a producer to the moderators, once per listing."""

    __tablename__ = "marketplace_report"
    __table_args__ = (
        CheckConstraint(
            "(product_id IS NULL) <> (producer_id IS NULL)",
            name="ck_marketplace_report_one_listing",
        ),
        UniqueConstraint("product_id", "reporter_id"),
        UniqueConstraint("producer_id", "reporter_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    product_id: int | None = Field(
        default=None, foreign_key="marketplace_product.id", ondelete="CASCADE", index=True
    )
    producer_id: int | None = Field(
        default=None, foreign_key="marketplace_producer.id", ondelete="CASCADE", index=True
    )
    reporter_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE")
    reason: str = Field(max_length=REPORT_REASON_MAX)  # a key of forms.REPORT_REASONS
    created_at: datetime = Field(default_factory=utcnow)
    decided: bool = Field(default=False, index=True)
