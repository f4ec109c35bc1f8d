"""Landwerk: the regional platform of the Jerichower Land. `create_app` builds the Flask app."""

import os

from flask import Flask, current_app, has_request_context, render_template, request, session
from flask_babel import Babel
from flask_login import LoginManager
from werkzeug.middleware.proxy_fix import ProxyFix

from core import db, errors, formatting, input_guard, routing, security, submissions
from core.rendering import htmx
from webapp import config as config_module

babel = Babel()
login_manager = LoginManager()


def create_app(config: dict | None = None) -> Flask:
    import webapp.all_models  # noqa: F401  (the whole schema; imported here, not at package import, to keep service packages importable on their own)

    app = Flask(__name__, instance_path=os.environ.get("LANDWERK_INSTANCE_PATH"))
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config_module.from_environment(app.instance_path))
    if config:
        app.config.update(config)

    app.wsgi_app = security.TrustedHosts(app.wsgi_app, app)
    if app.config["PROXY_HOPS"]:
        # Behind nginx every request comes from 127.0.0.1; rate limits need the real address.
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    routing.init_app(app)
    security.init_upload_limits(app)
    input_guard.init_app(app)
    db.init_app(app, layers=("stages", "feedback"))  # whose migrations come before the services'
    security.init_app(app)
    errors.init_app(app)
    submissions.init_app(app)
    htmx.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    formatting.init_app(app)
    _init_login(app)
    _register_blueprints(app)
    _register_services(app)
    _register_template_helpers(app)
    app.before_request(_refuse_outdated_database)
    _init_tasks(app)

    from webapp.cli import register_commands

    register_commands(app)
    return app


def _select_locale() -> str:
    # German is the platform's language; English only when someone chose it.
    if not has_request_context():
        return "de"
    return session.get("language", "de")


def _init_login(app: Flask) -> None:
    from core.auth import load_user, unauthorized

    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)


def _register_blueprints(app: Flask) -> None:
    from feedback import bp as feedback_bp
    from feedback import connect_signals as connect_feedback_signals
    from webapp.accounts import bp as accounts_bp
    from webapp.admin import bp as admin_bp
    from webapp.api import bp as api_bp
    from webapp.home import bp as home_bp
    from webapp.legal import bp as legal_bp

    app.register_blueprint(home_bp)
    app.register_blueprint(legal_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(feedback_bp)
    connect_feedback_signals()


def _register_services(app: Flask) -> None:
    from flags.gate import install
    from stages.registry import validate
    from webapp.services import registered_services

    install(app, validate(app.config.get("SERVICES") or registered_services()))


def _init_tasks(app: Flask) -> None:
    from webapp import tasks

    tasks.init_app(app)


def _register_template_helpers(app: Flask) -> None:
    from core.accounts import author_name
    from webapp.layout import layout_context

    app.context_processor(layout_context)
    # A contribution's author, or "ehemaliges Mitglied" once the account is gone: every layer's
    # templates sign with it.
    app.jinja_env.globals["author_name"] = author_name


def _refuse_outdated_database():
    """Serve nothing from a database whose schema is behind the code: say what to run instead."""
    app = current_app._get_current_object()
    if app.extensions.get("db_up_to_date") or request.endpoint == "static":
        return None
    if db.is_up_to_date(db.engine()):
        app.extensions["db_up_to_date"] = True
        return None
    app.logger.error("Database schema is behind the code; run: flask --app webapp db upgrade")
    return render_template("outdated_database.html"), 503
