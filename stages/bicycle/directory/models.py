"""Directory entries and their opening hours. The search columns are kept up to date on every
write (see the mapper events below), so searching never reads the whole table into Python."""

from datetime import datetime, time

from sqlalchemy import CheckConstraint, event
from sqlmodel import Field, Relationship, SQLModel

from core.models import EMAIL_MAX, utcnow
from core.municipalities import municipality_name
from core.text import search_column
from stages.bicycle.directory.categories import category_label

NAME_MAX = 120
DESCRIPTION_MAX = 2000
ADDRESS_MAX = 200
PHONE_MAX = 40
WEBSITE_MAX = 300
SEARCH_NAME_MAX = 600
SEARCH_CATEGORY_MAX = 200
SEARCH_TEXT_MAX = 6000


class DirectoryEntry(SQLModel, table=True):
    __tablename__ = "directory_entry"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=NAME_MAX)
    category: str = Field(max_length=40, index=True)  # a slug of CATEGORIES
    description: str = Field(default="", max_length=DESCRIPTION_MAX)
    municipality: str = Field(max_length=20, index=True)  # a slug of MUNICIPALITIES
    address: str = Field(default="", max_length=ADDRESS_MAX)
    phone: str = Field(default="", max_length=PHONE_MAX)
    email: str = Field(default="", max_length=EMAIL_MAX)
    website: str = Field(default="", max_length=WEBSITE_MAX)
    # Members of this organisation may edit the entry.
    organisation_id: int | None = Field(
        default=None, foreign_key="organisation.id", ondelete="SET NULL", index=True
    )
    # Set only on demo content: loading the demo twice finds its entries by this key.
    demo_key: str | None = Field(default=None, max_length=60, unique=True)
    search_name: str = Field(default="", max_length=SEARCH_NAME_MAX, index=True)
    search_category: str = Field(default="", max_length=SEARCH_CATEGORY_MAX, index=True)
    search_text: str = Field(default="", max_length=SEARCH_TEXT_MAX)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    hours: list["OpeningHours"] = Relationship(
        back_populates="entry",
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": "[OpeningHours.weekday, OpeningHours.opens]",
        },
    )

    @property
    def is_demo(self) -> bool:
        return self.demo_key is not None

    def refresh_search_columns(self) -> None:
        self.search_name = search_column(self.name, SEARCH_NAME_MAX)
        self.search_category = search_column(category_label(self.category), SEARCH_CATEGORY_MAX)
        described = " ".join([self.description, self.address, municipality_name(self.municipality)])
        self.search_text = search_column(described, SEARCH_TEXT_MAX)


class OpeningHours(SQLModel, table=True):
    """One time range on one weekday (0 = Monday); a day without ranges is closed."""

    __tablename__ = "directory_opening_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="ck_directory_hours_weekday"),
        CheckConstraint("opens < closes", name="ck_directory_hours_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="directory_entry.id", ondelete="CASCADE", index=True)
    weekday: int
    opens: time
    closes: time

    entry: DirectoryEntry = Relationship(back_populates="hours")


@event.listens_for(DirectoryEntry, "before_insert")
@event.listens_for(DirectoryEntry, "before_update")
def _keep_search_columns_current(_mapper, _connection, entry: DirectoryEntry) -> None:
    entry.refresh_search_columns()
    entry.updated_at = utcnow()
