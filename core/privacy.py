"""The ground's part of a person's data download (DSGVO Art. 15/20): their account, the
organisations they act for, their sign-ins, the forms they sent, what they changed in the
audit log and the mails addressed to them. The layers above add theirs (feedback, each
service's `personal_data`); the roof puts the parts together (webapp.privacy).

Left out on purpose: the password hash, the session token and each sign-in's nonce (keys to
the account, not facts about the person) and the mails' bodies (core.mail.mails_to)."""

from sqlmodel import Session, select

from core.audit import AuditEntry
from core.mail import mails_to
from core.models import Membership, Organisation, SignIn, User
from core.submissions import Submission


def _when(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def account(user: User) -> dict:
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "municipality": user.municipality,
        "language": user.language,
        "is_tester": user.is_tester,
        "is_product_owner": user.is_product_owner,
        "is_blocked": user.is_blocked,
        "created_at": _when(user.created_at),
        "email_verified_at": _when(user.email_verified_at),
    }


def personal_data(db: Session, user: User) -> dict[str, list[dict]]:
    memberships = db.exec(
        select(Organisation.id, Organisation.name)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.user_id == user.id)
        .order_by(Organisation.name)
    ).all()
    sign_ins = db.exec(select(SignIn).where(SignIn.user_id == user.id).order_by(SignIn.id))
    submissions = db.exec(
        select(Submission).where(Submission.user_id == user.id).order_by(Submission.id)
    )
    changes = db.exec(
        select(AuditEntry).where(AuditEntry.actor_id == user.id).order_by(AuditEntry.id)
    )
    return {
        "user_account": [account(user)],
        "membership": [{"organisation_id": id, "organisation": name} for id, name in memberships],
        "sign_in": [{"created_at": _when(s.created_at)} for s in sign_ins],
        "submission": [
            {"target": s.target, "created_at": _when(s.created_at)} for s in submissions
        ],
        "audit_entry": [
            {
                "at": _when(entry.at),
                "action": entry.action,
                "subject": entry.subject,
                "before": entry.before,
                "after": entry.after,
                "reason": entry.reason,
            }
            for entry in changes
        ],
        "outbox_mail": mails_to(db, user.email),
    }
