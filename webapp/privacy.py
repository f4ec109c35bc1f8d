"""A person's rights under the DSGVO, put together in the roof, where every layer is in
reach: the data download (Art. 15/20) with the ground's, feedback's and every registered
service's part, and the account's deletion (Art. 17) with each layer's `forget` in the same
transaction. Every registered service takes part, whatever its stage or flag: the data is the
person's, not the service's state."""

import json
from collections.abc import Callable

from flask import Response, current_app
from sqlmodel import Session

from core import accounts
from core import privacy as ground
from core.formatting import local_timezone
from core.models import User, utcnow
from core.security import limiter, per_user
from feedback import privacy as feedback
from stages.manifest import ServiceManifest

EXPORT_FORMAT = "landwerk-personal-data/1"


def _export_limit() -> str:
    return current_app.config["EXPORT_RATE_LIMIT"]


# One allowance for the profile's button and the API together: each download reads every table.
export_rate_limit = limiter.shared_limit(_export_limit, scope="data-export", key_func=per_user)


def _services() -> list[ServiceManifest]:
    return current_app.extensions["services"]


def personal_data(db: Session, user: User) -> dict:
    """Everything of the person, JSON-ready: {"format", "exported_at", "tables": {table: rows}}.
    A table name two parts claim is an error, not a silent overwrite."""
    parts = [ground.personal_data, feedback.personal_data]
    parts += [service.personal_data for service in _services() if service.personal_data]
    tables: dict[str, list[dict]] = {}
    for part in parts:
        for table, rows in part(db, user).items():
            if table in tables:
                raise RuntimeError(f"two parts of the data download name the table {table}")
            tables[table] = rows
    return {"format": EXPORT_FORMAT, "exported_at": utcnow().isoformat(), "tables": tables}


def export_response(db: Session, user: User, *, as_file: bool) -> Response:
    """The download as JSON; `as_file`: saved under a name with the day, not shown."""
    data = personal_data(db, user)
    response = Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json")
    # Nobody's data in a shared cache, nor in the browser's after signing out.
    response.headers["Cache-Control"] = "no-store"
    if as_file:
        day = utcnow().astimezone(local_timezone()).date().isoformat()
        response.headers["Content-Disposition"] = (
            f'attachment; filename="landwerk-meine-daten-{day}.json"'
        )
    return response


def forget_hooks() -> list[Callable[[Session, User], None]]:
    return [feedback.forget, *(service.forget for service in _services() if service.forget)]


def delete_account(db: Session, user: User) -> None:
    accounts.delete_account(db=db, user=user, forget=forget_hooks())
