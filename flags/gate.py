"""Wiring services into the app: every service blueprint is registered here, with a gate in
front of all its routes, so a locked service answers 404 even where its author forgot."""

from pathlib import Path

from flask import Flask, abort, current_app, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from core import db
from core.errors import error_response
from core.rendering import is_api_request, wants_fragment
from flags import access
from flags.server import ServerFlags
from flags.source import EmbeddedFlags
from stages.manifest import ServiceManifest

BADGES = {
    access.PREVIEW: _l("Vorschau"),
    access.STAFF: _l("Nur Team"),
}


PAUSED_RETRY_AFTER = 3600  # seconds: a switched-off service is usually back within hours


def _gate_for(key: str):
    def gate():
        decided = access.access(key)
        if decided.visible:
            return None
        reason = access.why_locked(decided)
        if reason is None:
            abort(404)
        return _unavailable(decided, reason)

    gate.__name__ = f"gate_{key}"
    return gate


def _unavailable(decided: access.ServiceAccess, reason: str):
    """Not "not found": the service is there, switched off for a while (503, Retry-After) or
    not yet unlocked for this person in a step-by-step unlock (403), said in words."""
    title = str(decided.service.title)
    if reason == access.PAUSED:
        status, headers = 503, {"Retry-After": str(PAUSED_RETRY_AFTER)}
        text = _(
            "„%(title)s“ ist vorübergehend nicht verfügbar. Bitte versuchen Sie es später noch "
            "einmal.",
            title=title,
        )
    else:
        status, headers = 403, {}
        text = _(
            "„%(title)s“ wird gerade schrittweise freigeschaltet und ist für Sie noch nicht "
            "dabei. Sie können dafür stimmen oder als Testerin oder Tester früher mitmachen.",
            title=title,
        )
    if is_api_request() or wants_fragment():
        body, code, *extra = error_response(status, text)
        return body, code, {**(extra[0] if extra else {}), **headers}
    page = render_template(
        "service_unavailable.html", service=decided.service, reason=reason, text=text
    )
    return page, status, headers


def install(app: Flask, services: list[ServiceManifest]) -> None:
    app.extensions["services"] = services
    app.extensions["flags"] = flag_source(app, services)
    for service in services:
        app.register_blueprint(service.blueprint)
        app.before_request_funcs.setdefault(service.key, []).insert(0, _gate_for(service.key))
    app.jinja_env.globals.update(
        visible_services=access.visible_services,
        service_access=access.access,
        service_badge=service_badge,
        flags_writable=flags_writable,
    )


def flag_source(app: Flask, services: list[ServiceManifest]) -> EmbeddedFlags:
    """The embedded source, or with UNLEASH_URL the Unleash server (both tokens required)."""
    check_interval = app.config.get("FLAG_CHECK_INTERVAL", 0.25)
    url = app.config.get("UNLEASH_URL")
    if not url:
        return EmbeddedFlags(services, check_interval)
    missing = [k for k in ("UNLEASH_CLIENT_TOKEN", "UNLEASH_ADMIN_TOKEN") if not app.config.get(k)]
    if missing:
        raise RuntimeError(f"UNLEASH_URL is set, so {' and '.join(missing)} must be set too")
    return ServerFlags(
        services,
        check_interval,
        url=url,
        client_token=app.config["UNLEASH_CLIENT_TOKEN"],
        admin_token=app.config["UNLEASH_ADMIN_TOKEN"],
        environment=app.config.get("UNLEASH_ENVIRONMENT", "development"),
        refresh_interval=app.config.get("UNLEASH_REFRESH_INTERVAL", 1),
        snapshot_path=Path(app.instance_path) / "unleash-features.json",
    )


def flags_writable() -> bool:
    """Whether owner changes can be written now: always with the embedded source; with an
    Unleash server only while it answers (else they are refused with a 503)."""
    return current_app.extensions["flags"].writable


def service_badge(decided: access.ServiceAccess) -> str:
    return str(BADGES.get(decided.state, ""))


def navigation_items() -> list[dict]:
    return [
        {
            "endpoint": decided.service.endpoint,
            "label": str(decided.service.nav_label),
            "icon": decided.service.icon,
            "badge": service_badge(decided),
            "count": _waiting(decided.service),
        }
        for decided in access.visible_services()
    ]


def partner_pages() -> list[dict]:
    """The services' pages of what a partner's organisation published, of the services the
    viewer may open now."""
    return [
        {"label": str(decided.service.partner_page[0]), "endpoint": decided.service.partner_page[1]}
        for decided in access.visible_services()
        if decided.service.partner_page is not None
    ]


def _waiting(service: ServiceManifest) -> int:
    """What waits for the signed-in person in a service (its manifest's `nav_count`)."""
    if service.nav_count is None or not current_user.is_authenticated:
        return 0
    try:
        return service.nav_count(db.session(), current_user)
    except SQLAlchemyError:
        # The navigation must not break a page, least of all the error page of a database
        # in trouble.
        db.session().rollback()
        return 0
