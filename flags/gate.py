"""Wiring services into the app: every service blueprint is registered here, with a gate in
front of all its routes, so a locked service answers 404 even where its author forgot."""

from flask import Flask, abort
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from flags import access
from flags.source import EmbeddedFlags
from stages.manifest import ServiceManifest

BADGES = {
    access.PREVIEW: _l("Vorschau"),
    access.STAFF: _l("Nur Team"),
}


def _gate_for(key: str):
    def gate():
        if not access.is_visible(key):
            abort(404)

    gate.__name__ = f"gate_{key}"
    return gate


def install(app: Flask, services: list[ServiceManifest]) -> None:
    app.extensions["services"] = services
    app.extensions["flags"] = EmbeddedFlags(services, app.config.get("FLAG_CHECK_INTERVAL", 0.25))
    for service in services:
        app.register_blueprint(service.blueprint)
        app.before_request_funcs.setdefault(service.key, []).insert(0, _gate_for(service.key))
    app.jinja_env.globals.update(
        visible_services=access.visible_services,
        service_access=access.access,
        service_badge=service_badge,
    )


def service_badge(decided: access.ServiceAccess) -> str:
    return str(BADGES.get(decided.state, ""))


def navigation_items() -> list[dict]:
    language = str(get_locale())
    return [
        {
            "endpoint": decided.service.endpoint,
            "label": decided.service.nav_label(language),
            "icon": decided.service.icon,
            "badge": service_badge(decided),
        }
        for decided in access.visible_services()
    ]
