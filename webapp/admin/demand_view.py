"""Demand beside every service in the console: votes, the last 30 days as a small bar chart with
its text alternative, open tester reports and comments. Read for all services at once (a fixed
number of queries, however many services there are); the queries live in feedback.demand."""

from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlmodel import Session

from core.models import utcnow
from feedback import demand
from feedback.subjects import service_subject
from webapp.admin.overview import ServiceRow

# The chart's drawing units: one bar of 2 and a gap of 1 per day, bars up to 23 high on a
# baseline of 1. The SVG scales them; presentation attributes only, as the CSP forbids style="".
BAR_STEP = 3
BAR_WIDTH = 2
CHART_HEIGHT = 24
BAR_MAX = CHART_HEIGHT - 1


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int


@dataclass(frozen=True)
class Demand:
    votes: int
    daily: list[int]  # votes cast per day, oldest first, today last
    days: list[date]
    open_reports: dict[str, int]  # blocker, problem, works
    comments: int

    @property
    def recent_votes(self) -> int:
        return sum(self.daily)

    @property
    def busiest_day(self) -> date | None:
        """The day with the most votes; of equal days the latest, as it says most about now."""
        if not self.recent_votes:
            return None
        most = max(self.daily)
        return max(day for day, count in zip(self.days, self.daily, strict=True) if count == most)

    @property
    def chart_width(self) -> int:
        return BAR_STEP * len(self.daily)

    @property
    def chart_height(self) -> int:
        return CHART_HEIGHT

    def bars(self) -> list[Bar]:
        """A bar for every day with votes, scaled to the busiest day."""
        most = max(self.daily, default=0)
        bars = []
        for number, count in enumerate(self.daily):
            if count:
                height = max(1, round(count * BAR_MAX / most))
                bars.append(Bar(x=number * BAR_STEP, y=BAR_MAX - height, height=height))
        return bars

    def trend_text(self) -> str:
        """The chart in words, for people who cannot see it."""
        days = len(self.daily)
        if not self.recent_votes:
            return _("Keine Stimmen in den letzten %(days)d Tagen", days=days)
        day = format_skeleton("dM", self.busiest_day, locale=get_locale())
        if self.recent_votes == 1:
            return _("Eine Stimme in den letzten %(days)d Tagen, am %(day)s", days=days, day=day)
        return _(
            "%(count)d Stimmen in den letzten %(days)d Tagen, die meisten am %(day)s",
            count=self.recent_votes,
            days=days,
            day=day,
        )

    def trend_short(self) -> str:
        return _("%(count)d in %(days)d Tagen", count=self.recent_votes, days=len(self.daily))

    @property
    def open_report_total(self) -> int:
        return sum(self.open_reports.values())


def read_demand(
    db: Session, rows: list[ServiceRow], now: datetime | None = None
) -> dict[str, Demand]:
    """Demand of every service in the overview, by service key."""
    now = now or utcnow()
    subjects = [service_subject(row.key) for row in rows]
    votes = demand.vote_totals(db, subjects)
    daily = demand.daily_votes(db, subjects, now=now)
    reports = demand.open_reports(db, subjects)
    comments = demand.comment_counts(db, subjects)
    days = demand.trend_days(now)
    return {
        row.key: Demand(
            votes=votes[subject],
            daily=daily[subject],
            days=days,
            open_reports=reports[subject],
            comments=comments[subject],
        )
        for row, subject in zip(rows, subjects, strict=True)
    }
