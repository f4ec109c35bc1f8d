"""Who may report, the reports beside a service, writing and resolving them, and the open
blockers stage control asks for."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import case, update
from sqlmodel import Session, select

from core import audit
from core.audit import Actor
from core.models import User, utcnow
from feedback.models import TesterReport
from flags import access

KINDS = {"works": _l("funktioniert"), "problem": _l("Problem"), "blocker": _l("blockiert")}
PANEL_LIMIT = 50  # reports listed beside a service; the console list has them all

audit.describe(
    actions={"report_resolve": _l("Rückmeldung erledigt")},
    fields={"resolved": _l("Erledigt")},
)


def kind_label(kind: str) -> str:
    return str(KINDS.get(kind, kind))


def open_blockers(session: Session, *, key: str) -> list[str]:
    """Texts of the open "blockiert" reports on a service: each one stops it going live.
    Connected to stages.signals.promotion_blockers (the sender is the session)."""
    statement = (
        select(TesterReport.text)
        .where(
            TesterReport.service_key == key,
            TesterReport.kind == "blocker",
            TesterReport.resolved_at.is_(None),
        )
        .order_by(TesterReport.created_at, TesterReport.id)
    )
    return list(session.exec(statement))


def may_preview(decided: access.ServiceAccess) -> bool:
    """Testers see a service in preview; product owners every service they can see."""
    if current_user.is_product_owner:
        return decided.visible
    return current_user.is_tester and decided.state == access.PREVIEW


def may_report(decided: access.ServiceAccess | None) -> bool:
    """Testers on a service in preview; product owners on every service they can see."""
    if decided is None or not current_user.is_authenticated or current_user.is_blocked:
        return False
    return may_preview(decided)


@dataclass(frozen=True)
class ReportRow:
    report: TesterReport
    reporter: str  # display name; empty when the account is gone


def with_reporters(conditions: list):
    return (
        select(TesterReport, User.display_name)
        .outerjoin(User, User.id == TesterReport.user_id)
        .where(*conditions)
    )


def open_first(statement):
    still_open = case((TesterReport.resolved_at.is_(None), 0), else_=1)
    return statement.order_by(still_open, TesterReport.created_at.desc(), TesterReport.id.desc())


def rows_of(results) -> list[ReportRow]:
    return [ReportRow(report, reporter or "") for report, reporter in results]


def reports_for(session: Session, key: str, limit: int = PANEL_LIMIT) -> list[ReportRow]:
    statement = open_first(with_reporters([TesterReport.service_key == key]))
    return rows_of(session.exec(statement.limit(limit)))


def reports_by(session: Session, key: str, user_id: int, limit: int = PANEL_LIMIT):
    """The reporter's own reports on a service, open ones first."""
    statement = select(TesterReport).where(
        TesterReport.service_key == key, TesterReport.user_id == user_id
    )
    return list(session.exec(open_first(statement).limit(limit)))


def add_report(*, db: Session, user: User, key: str, kind: str, text: str) -> TesterReport:
    report = TesterReport(service_key=key, user_id=user.id, kind=kind, text=text)
    db.add(report)
    db.commit()
    return report


def resolve_report(*, db: Session, report: TesterReport, actor: Actor) -> bool:
    """Mark a report done, with an audit entry; False if it was done already."""
    done = db.exec(
        update(TesterReport)
        .where(TesterReport.id == report.id, TesterReport.resolved_at.is_(None))
        .values(resolved_by_id=actor.id, resolved_at=utcnow())
    )
    if done.rowcount == 0:  # someone else was quicker: one entry per report
        db.rollback()
        return False
    record = {"report_id": report.id, "kind": report.kind}
    audit.record(
        db,
        actor=actor,
        action="report_resolve",
        subject=report.service_key,
        before={**record, "resolved": False},
        after={**record, "resolved": True},
    )
    db.commit()
    return True
