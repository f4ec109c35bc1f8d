"""Accounts, organisations and memberships: who someone is and what they may do."""

from datetime import UTC, datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlmodel import Field, SQLModel, UniqueConstraint

EMAIL_MAX = 254
NAME_MAX = 80


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(stored: datetime) -> datetime:
    """A time from the database with its zone. The columns keep UTC without one (SQLite and
    PostgreSQL give it back naive); `astimezone` alone would read it in the server's zone."""
    return stored if stored.tzinfo is not None else stored.replace(tzinfo=UTC)


class Role(StrEnum):
    RESIDENT = "resident"
    TESTER = "tester"
    PARTNER = "partner"
    PRODUCT_OWNER = "product_owner"


class OrganisationKind(StrEnum):
    BUSINESS = "business"
    CLUB = "club"
    AUTHORITY = "authority"
    CARE = "care"
    MEDIA = "media"
    BANK = "bank"
    UTILITY = "utility"


class User(UserMixin, SQLModel, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    # Stored lower-cased, so the unique index makes e-mails unique case-insensitively.
    email: str = Field(max_length=EMAIL_MAX, unique=True, index=True)
    display_name: str = Field(max_length=NAME_MAX)
    municipality: str = Field(max_length=20)
    password_hash: str = Field(max_length=255)
    is_tester: bool = Field(default=False)
    is_product_owner: bool = Field(default=False)
    # Blocked by a product owner after abuse: may read, but not vote, comment or propose.
    is_blocked: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow)
    # When the address was confirmed through the link mailed to it; until then no votes.
    email_verified_at: datetime | None = Field(default=None)
    # The language of the mails the platform sends this person ("de" or "en").
    language: str = Field(default="de", max_length=5)
    # Changes on password change and sign-out everywhere; ends every sign-in of the account.
    session_token: str = Field(max_length=64)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"


    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class SignIn(SQLModel, table=True):
    """One device's sign-in. Its session and remember cookies carry the nonce: signing out there
    deletes the row, which ends that cookie and every copy of it – and no other device's."""

    __tablename__ = "sign_in"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    nonce: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class Organisation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    kind: str = Field(max_length=20)  # an OrganisationKind value
    municipality: str = Field(max_length=20)
    is_demo: bool = Field(default=False)


class Membership(SQLModel, table=True):
    """A partner is a user who is a member of at least one organisation."""

    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE", index=True)
