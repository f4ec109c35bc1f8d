"""Outbound e-mail: built from templates in the recipient's language, recorded in the outbox,
sent by the task queue over SMTP.

    mail.send(db, key="verify:12:…", to=user.email, language=user.language,
              template="mail/verify", subject=_l("…"), link=…)

Each mail is one outbox row with a unique key per purpose: the same key twice is the same
mail, sent once. The row holds the whole message (with its Message-ID), so a retry sends
exactly the bytes of the first try; the task marks the row sent in the same breath.

SMTP has no exactly-once. Delivery here is at-least-once: a crash after the server accepted
the message and before the row is marked sent sends it once more on the retry – with the same
Message-ID, so mail programs can tell the copy. The other way round (mark first, then send)
would lose the mail in that crash, and a lost confirmation or reset mail locks a person out;
a second copy of it harms nobody.

MAIL_URL (README, "E-Mail"): `smtp://user:password@host:587?starttls=1` (plain SMTP, upgraded
with STARTTLS – required when `starttls=1`), `smtps://user:password@host:465` (TLS from the
first byte), `smtp://127.0.0.1:8025` (the development catcher, `core.mail_catcher`).
"""

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_string, policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import parse_qs, unquote, urlparse

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import Text, delete, event, or_, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Column, Field, Session, SQLModel, select

from core import db as database
from core.models import EMAIL_MAX, utcnow
from core.tasks import queue

KEY_MAX = 200
# A task that claimed a mail and died meanwhile leaves the claim; after this long another try
# may take it over (longer than any SMTP conversation lasts).
CLAIM_EXPIRES = timedelta(minutes=10)
# A mail still unsent this long after it was written has lost its task (the process stopped
# between the commit and the hand-off, or every retry failed): the sweep hands it on again,
# for two days and a limited number of tries; after that it stays unsent for an owner to see.
STRANDED_AFTER = timedelta(minutes=15)
STRANDED_UNTIL = timedelta(days=2)
MOST_ATTEMPTS = 20
SWEEP_BATCH = 500
SMTP_TIMEOUT = 30
MAX_HEADER_LINE = 990  # SMTP allows 998 characters a line, with the colon and space
# Headers set raw (`compose(headers=…)`) go out as they are; all others are folded as usual.
WIRE = policy.SMTP.clone(refold_source="none")


class OutboxMail(SQLModel, table=True):
    __tablename__ = "outbox_mail"

    id: int | None = Field(default=None, primary_key=True)
    # What the mail is for, unique: "verify:<user id>:<token id>", "reset:<user id>:<token id>".
    key: str = Field(max_length=KEY_MAX, unique=True)
    recipient: str = Field(max_length=EMAIL_MAX)
    # The whole message as it goes over the wire (RFC 5322).
    message: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    claimed_at: datetime | None = Field(default=None)
    sent_at: datetime | None = Field(default=None)
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, max_length=500)


@dataclass(frozen=True)
class MailServer:
    host: str
    port: int
    tls: bool  # TLS from the first byte (smtps)
    starttls: bool
    username: str
    password: str


class MailConfigurationError(ValueError):
    """MAIL_URL cannot be understood; the message says what is wrong."""


def parse_mail_url(url: str) -> MailServer:
    parsed = urlparse(url)
    if parsed.scheme not in ("smtp", "smtps") or not parsed.hostname:
        raise MailConfigurationError(
            "MAIL_URL must look like smtp://user:password@host:587?starttls=1 or smtps://host:465"
        )
    options = parse_qs(parsed.query)
    tls = parsed.scheme == "smtps"
    return MailServer(
        host=parsed.hostname,
        port=parsed.port or (465 if tls else 25),
        tls=tls,
        starttls=options.get("starttls", ["0"])[0] in ("1", "true", "yes"),
        username=unquote(parsed.username or ""),
        password=unquote(parsed.password or ""),
    )


def compose(
    *,
    to: str,
    language: str,
    template: str,
    subject,
    headers: dict[str, str] | None = None,
    **context,
) -> EmailMessage:
    """Plain text (`<template>.txt`) with an HTML alternative (`<template>.html`), rendered in
    the recipient's language; `subject` is a lazy string, translated in that language too;
    `headers` are added as they are (ASCII)."""
    with force_locale(language if language in current_app.config["LANGUAGES"] else "de"):
        subject_text = str(subject)
        text = render_template(f"{template}.txt", subject=subject_text, **context)
        html = render_template(f"{template}.html", subject=subject_text, **context)
    message = EmailMessage()
    message["Subject"] = subject_text
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=current_app.config["MAIL_MESSAGE_ID_DOMAIN"])
    # Quoted-printable: SMTP servers refuse lines over 998 characters, and a long link or a
    # paragraph of HTML is one line.
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    # After the content: setting it drops every Content-* header set before.
    message["Content-Language"] = language
    for name, value in (headers or {}).items():
        # Raw, so they are never folded into encoded words: a List-Unsubscribe URL must reach
        # mail programs in one piece (ASCII, within SMTP's 998 characters a line).
        assert value.isascii() and len(name) + len(value) < MAX_HEADER_LINE, name
        message.set_raw(name, value)
    return message


def record(db: Session, *, key: str, message: EmailMessage) -> int | None:
    """The mail into the outbox (in the caller's transaction); None if its key is there
    already – that mail was recorded before and is not sent again."""
    insert = sqlite_insert if db.get_bind().dialect.name == "sqlite" else postgres_insert
    statement = (
        insert(OutboxMail)
        .values(
            key=key,
            recipient=str(message["To"]),
            # With CRLF line ends, as SMTP wants them: smtplib sends bytes as they are.
            message=message.as_string(policy=WIRE),
            created_at=utcnow(),
            attempts=0,
        )
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(OutboxMail.id)
    )
    return db.exec(statement).scalar()


def send(db: Session, *, key: str, to: str, language: str, template: str, subject, **context):
    """Compose, record and commit the mail, then hand it to the queue. False when a mail with
    this key was recorded before (nothing is sent again)."""
    headers = context.pop("headers", None)
    message = compose(
        to=to, language=language, template=template, subject=subject, headers=headers, **context
    )
    mail_id = record(db, key=key, message=message)
    db.commit()
    if mail_id is None:
        return False
    deliver(mail_id)
    return True


# Outbox ids recorded in a session's open transaction, handed to the queue once it commits.
_AFTER_COMMIT = "mails_after_commit"


def send_after_commit(db: Session, *, key: str, message: EmailMessage) -> bool:
    """Record the mail in the caller's transaction without committing it: the queue gets it
    when that transaction commits, and a rollback takes the mail back with the rest (for mails
    about something being written, such as a notification). False when a mail with this key
    was recorded before."""
    mail_id = record(db, key=key, message=message)
    if mail_id is None:
        return False
    if _AFTER_COMMIT not in db.info:
        db.info[_AFTER_COMMIT] = []
        event.listen(db, "after_commit", _hand_to_queue)
        event.listen(db, "after_rollback", _drop_recorded)
    db.info[_AFTER_COMMIT].append(mail_id)
    return True


def _hand_to_queue(db: Session) -> None:
    recorded, db.info[_AFTER_COMMIT] = db.info[_AFTER_COMMIT], []
    for mail_id in recorded:
        deliver(mail_id)


def _drop_recorded(db: Session) -> None:
    db.info[_AFTER_COMMIT] = []


def mails_to(db: Session, address: str) -> list[dict]:
    """The outbox rows addressed to someone, for their data download: what each mail was for,
    its subject and when it was written and sent – not the message, whose links (confirmation,
    password reset) must not lie about in a downloaded file."""
    mails = db.exec(
        select(OutboxMail).where(OutboxMail.recipient == address).order_by(OutboxMail.id)
    )
    return [
        {
            "purpose": mail.key.split(":", 1)[0],
            "subject": str(
                message_from_string(mail.message, policy=policy.default)["Subject"] or ""
            ),
            "created_at": mail.created_at.isoformat(),
            "sent_at": mail.sent_at.isoformat() if mail.sent_at else None,
        }
        for mail in mails
    ]


def forget_recipient(db: Session, address: str) -> None:
    """The account of this address is being deleted (no commit): its mails not sent yet are
    not sent any more, and the copies of those sent go – nobody needs them afterwards."""
    db.exec(delete(OutboxMail).where(OutboxMail.recipient == address))


def _claim(db: Session, mail_id: int) -> OutboxMail | None:
    """Take the mail for this try, unless it is sent or another try holds it."""
    now = utcnow()
    claimed = db.exec(
        update(OutboxMail)
        .where(
            OutboxMail.id == mail_id,
            OutboxMail.sent_at.is_(None),
            or_(OutboxMail.claimed_at.is_(None), OutboxMail.claimed_at < now - CLAIM_EXPIRES),
        )
        .values(claimed_at=now, attempts=OutboxMail.attempts + 1)
    )
    db.commit()
    if claimed.rowcount != 1:
        return None
    return db.get(OutboxMail, mail_id)


def transmit(server: MailServer, *, recipient: str, message: str) -> None:
    """One SMTP conversation; raises on any refusal (the task then retries)."""
    context = ssl.create_default_context()
    if server.tls:
        connection = smtplib.SMTP_SSL(
            server.host, server.port, timeout=SMTP_TIMEOUT, context=context
        )
    else:
        connection = smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT)
    with connection:
        if server.starttls:
            connection.starttls(context=context)
        if server.username:
            connection.login(server.username, server.password)
        sender = current_app.config["MAIL_ENVELOPE_FROM"]
        connection.sendmail(sender, [recipient], message.encode("utf-8"))


def deliver_now(mail_id: int) -> bool:
    """Send one outbox mail unless it is sent already; True if it went out on this call."""
    # A session of its own: in a request (the queue's immediate mode while testing) the
    # request's session must not be committed by the mail.
    with Session(database.engine(), expire_on_commit=False) as db:
        mail = _claim(db, mail_id)
        if mail is None:
            return False
        try:
            transmit(
                parse_mail_url(current_app.config["MAIL_URL"]),
                recipient=mail.recipient,
                message=mail.message,
            )
        except (OSError, smtplib.SMTPException) as error:
            mail.claimed_at = None
            mail.last_error = f"{type(error).__name__}: {error}"[:500]
            db.add(mail)
            db.commit()
            raise
        mail.sent_at = utcnow()
        mail.last_error = None
        db.add(mail)
        db.commit()
        return True


def resend_stranded(db: Session, now: datetime) -> int:
    """The scheduled sweep: hands every stranded mail to the queue again and says how many.
    Running it twice, or on two instances at once, sends nothing twice: each try claims its
    mail first (`_claim`)."""
    stranded = db.exec(
        select(OutboxMail.id)
        .where(
            OutboxMail.sent_at.is_(None),
            OutboxMail.created_at < now - STRANDED_AFTER,
            OutboxMail.created_at > now - STRANDED_UNTIL,
            OutboxMail.attempts < MOST_ATTEMPTS,
            or_(OutboxMail.claimed_at.is_(None), OutboxMail.claimed_at < now - CLAIM_EXPIRES),
        )
        .order_by(OutboxMail.id)
        .limit(SWEEP_BATCH)
    ).all()
    for mail_id in stranded:
        deliver(mail_id)
    return len(stranded)


@queue.task(retries=5, retry_delay=60)
def deliver(mail_id: int) -> bool:
    """The queue's task: retried a minute later on any SMTP or network failure."""
    return deliver_now(mail_id)
