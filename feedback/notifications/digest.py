"""The weekly digest: every Monday, one mail per person with the past week's notifications of
the kinds they want weekly. The scheduled step runs daily (a consumer that was down on Monday
catches up the next day); each person's digest of an ISO week is marked in the transaction
that records its mail, by an insert only one run can win – so none is sent twice."""

from collections import defaultdict
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from core import mail
from core.formatting import DISTRICT_TIMEZONE
from core.models import User
from feedback.models import EmailPreference, Notification, NotificationDigest
from feedback.notifications import mails, preferences, wording

BERLIN = ZoneInfo(DISTRICT_TIMEZONE)
# Every day at 05:30 UTC (6:30 or 7:30 in Berlin): Monday's run sends, later ones catch up.
MINUTE, HOUR = "30", "5"
# A digest lists this many at most, the newest; the rest are on the notifications page.
MOST = 50


def last_week(now: datetime) -> tuple[str, datetime, datetime]:
    """The ISO week before the one `now` falls in (Berlin): its key and its bounds in UTC."""
    today = now.astimezone(BERLIN).date()
    monday = today - timedelta(days=today.weekday() + 7)
    start = datetime.combine(monday, time(), tzinfo=BERLIN)
    end = datetime.combine(monday + timedelta(days=7), time(), tzinfo=BERLIN)
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}", start.astimezone(UTC), end.astimezone(UTC)


def _weekly_kinds(db: Session, week: str) -> dict[int, set[str]]:
    """Who wants a digest, has a confirmed address and has none for this week yet."""
    digested = select(NotificationDigest.user_id).where(NotificationDigest.week == week)
    rows = db.exec(
        select(EmailPreference.user_id, EmailPreference.kind)
        .join(User, User.id == EmailPreference.user_id)
        .where(
            EmailPreference.delivery == preferences.WEEKLY,
            User.email_verified_at.is_not(None),
            EmailPreference.user_id.not_in(digested),
        )
    )
    kinds: dict[int, set[str]] = defaultdict(set)
    for user_id, kind in rows:
        if kind in preferences.BY_KEY:
            kinds[user_id].add(kind)
    return kinds


def _mark(db: Session, user_id: int, week: str, count: int) -> bool:
    """This person's digest of the week, unless another run marked it first."""
    insert = sqlite_insert if db.get_bind().dialect.name == "sqlite" else postgres_insert
    statement = (
        insert(NotificationDigest)
        .values(user_id=user_id, week=week, notifications=count, created_at=datetime.now(UTC))
        .on_conflict_do_nothing(index_elements=["user_id", "week"])
        .returning(NotificationDigest.id)
    )
    return db.exec(statement).scalar() is not None


def send_digests(db: Session, now: datetime) -> int:
    """The digests of the week before `now` that are not sent yet; how many were recorded."""
    week, start, end = last_week(now)
    wanted = _weekly_kinds(db, week)
    if not wanted:
        return 0
    notifications = db.exec(
        select(Notification)
        .where(
            Notification.user_id.in_(list(wanted)),
            Notification.created_at >= start,
            Notification.created_at < end,
        )
        .order_by(Notification.user_id, Notification.created_at, Notification.id)
    )
    found: dict[int, list[Notification]] = defaultdict(list)
    for notification in notifications:
        if preferences.kind_of(notification.kind).key in wanted[notification.user_id]:
            found[notification.user_id].append(notification)
    sent = 0
    for user_id, listed in found.items():
        user = db.get(User, user_id)
        if not _mark(db, user_id, week, len(listed)):
            continue
        _record(db, user, week, listed[-MOST:], len(listed), wanted[user_id])
        sent += 1
    db.commit()
    return sent


def _record(db: Session, user: User, week: str, shown, total: int, kinds: set[str]) -> None:
    language = mails.language_of(user)
    with force_locale(language):
        texts = wording.messages(db, shown)
        items = [
            (n.created_at, text, mails.link_of(n)) for n, text in zip(shown, texts, strict=True)
        ]
    headers, links = mails.unsubscribe_context(user, kinds)
    number = int(week.rpartition("W")[2])
    message = mail.compose(
        to=user.email,
        language=language,
        template="feedback/mail/digest",
        subject=_l("Ihre Wochenübersicht von Landwerk – KW %(number)d", number=number),
        headers=headers,
        name=user.display_name,
        items=items,
        total=total,
        week=number,
        kind_labels=[kind.label for kind in preferences.KINDS if kind.key in kinds],
        list_link=mails.public_url("feedback.notification_list"),
        **links,
    )
    mail.send_after_commit(db, key=f"digest:{mails.account_stamp(user)}:{week}", message=message)
