"""Every security-sensitive account operation lives here, keyword-only and typed."""

import secrets
from collections.abc import Callable, Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select
from werkzeug.security import check_password_hash, generate_password_hash

from core import mail
from core.db import all_or_nothing, retried_on_conflict
from core.models import Membership, Organisation, Role, User, utcnow

# Who wrote what a deleted account left behind (comments, ideas, messages, help posts): the
# contribution stays, its author's name does not.
FORMER_MEMBER = _l("ehemaliges Mitglied")

# Compared against when an e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
_UNKNOWN_USER_HASH = generate_password_hash(secrets.token_hex(16))


class AccountError(ValueError):
    """A rule about accounts was broken; the message is for the person who broke it."""


def author_name(display_name: str | None) -> str:
    """The name shown beside a contribution: its author's, or FORMER_MEMBER once the account
    is gone."""
    return display_name or str(FORMER_MEMBER)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    # werkzeug's default is scrypt, a memory-hard KDF.
    return generate_password_hash(password)


def new_session_token() -> str:
    return secrets.token_hex(16)


def find_user_by_email(*, db: Session, email: str) -> User | None:
    return db.exec(select(User).where(User.email == normalise_email(email))).first()


def create_user(
    *,
    db: Session,
    email: str,
    display_name: str,
    municipality: str,
    password: str,
    email_verified: bool,
    language: str = "de",
    is_tester: bool = False,
    is_product_owner: bool = False,
) -> User:
    """`email_verified`: whether the address counts as confirmed from the start (demo
    accounts, accounts an operator creates); a registration confirms it by the mailed link."""
    # Hashed before the check: a known e-mail costs as long as a new one, so the time of the
    # answer does not tell whether an address is registered.
    password_hash = hash_password(password)
    if find_user_by_email(db=db, email=email) is not None:
        raise AccountError(_("Diese E-Mail-Adresse ist bereits registriert."))
    user = User(
        email=normalise_email(email),
        display_name=display_name.strip(),
        municipality=municipality,
        password_hash=password_hash,
        is_tester=is_tester,
        is_product_owner=is_product_owner,
        session_token=new_session_token(),
        email_verified_at=utcnow() if email_verified else None,
        language=language,
    )
    db.add(user)
    db.flush()
    return user


def authenticate(*, db: Session, email: str, password: str) -> User | None:
    user = find_user_by_email(db=db, email=email)
    if user is None:
        check_password_hash(_UNKNOWN_USER_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    return user


def change_password(*, db: Session, user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise AccountError(_("Das bisherige Passwort stimmt nicht."))
    user.password_hash = hash_password(new)
    user.session_token = new_session_token()
    db.add(user)


def confirm_email(*, db: Session, user: User) -> bool:
    """Mark the address confirmed; False if it was confirmed already."""
    if user.email_verified_at is not None:
        return False
    user.email_verified_at = utcnow()
    db.add(user)
    return True


def reset_password(*, db: Session, user: User, new: str) -> None:
    """A new password through the mailed link: it proves the address too. The caller ends
    every sign-in (core.auth.end_every_sign_in)."""
    user.password_hash = hash_password(new)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    db.add(user)


def verify_password(*, user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def organisations_of(*, db: Session, user: User) -> list[Organisation]:
    statement = (
        select(Organisation)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.user_id == user.id)
        .order_by(Organisation.name)
    )
    return list(db.exec(statement))


def roles_of(*, db: Session, user: User) -> list[Role]:
    roles = [Role.RESIDENT]
    if user.is_tester:
        roles.append(Role.TESTER)
    if organisations_of(db=db, user=user):
        roles.append(Role.PARTNER)
    if user.is_product_owner:
        roles.append(Role.PRODUCT_OWNER)
    return roles


def add_membership(*, db: Session, user: User, organisation: Organisation) -> None:
    exists = db.exec(
        select(Membership).where(
            Membership.user_id == user.id, Membership.organisation_id == organisation.id
        )
    ).first()
    if exists is None:
        db.add(Membership(user_id=user.id, organisation_id=organisation.id))


@retried_on_conflict
def delete_account(
    *, db: Session, user: User, forget: Iterable[Callable[[Session, User], None]] = ()
) -> None:
    """The account goes with everything that is only its own, in one transaction: first each
    `forget(db, user)` of the layers above (feedback, every service: they remove what is only
    the person's and anonymise what others rely on), then the mails still addressed to the
    person, the memberships and the account. The database's cascades and triggers take its
    votes off every count; comments and ideas stay, signed FORMER_MEMBER."""
    with all_or_nothing(db):
        for hook in forget:
            hook(db, user)
        mail.forget_recipient(db, user.email)
        for membership in db.exec(select(Membership).where(Membership.user_id == user.id)):
            db.delete(membership)
        db.delete(user)
