"""The apps the load benchmarks serve under gunicorn.

bench.app:create_bench_app()     Landwerk with the 30 bench services, DATABASE_URL from the
                                 environment; BENCH_GATE_OPEN=1 answers every flag decision
                                 from a fixed table (no flag evaluation)
bench.app:create_ceiling_app()   a bare Flask + Jinja page of about a Landwerk page's size:
                                 what the framework itself serves on this machine
"""

import os

from flask import Flask, render_template
from jinja2 import DictLoader

from flags import access
from stages.ladder import FIRST, LADDER, level_of
from stages.state import default_status
from tests.fake_services import make_service
from webapp.services import registered_services

# The built services with their real pages, and small ones spread over the stages up to a
# platform of 30 services, each one flag (the figures stay comparable as services are built).
PLATFORM_SIZE = 30
SERVICES = registered_services() + [
    make_service(f"service_{n:02d}", LADDER[n % 3].key)
    for n in range(PLATFORM_SIZE - len(registered_services()))
]
SECRET_KEY = "bench-secret-key"
NO_LIMIT = "1000000 per minute"


def bench_config(database_url: str) -> dict:
    """The app's configuration for load: the same as production but with a fixed key and rate
    limits far above what a load test sends (a limit would measure 429s, not pages)."""
    return {
        "DATABASE_URL": database_url,
        "SERVICES": SERVICES,
        "SECRET_KEY": SECRET_KEY,
        "LOGIN_RATE_LIMIT": NO_LIMIT,
        "REGISTER_RATE_LIMIT": NO_LIMIT,
        "VOTE_RATE_LIMIT": NO_LIMIT,
        "COMMENT_RATE_LIMIT": NO_LIMIT,
        "IDEA_RATE_LIMIT": NO_LIMIT,
    }


def open_every_gate() -> None:
    """Every flag decision answered from a fixed table, without asking the Unleash client: what
    a visitor gets on the bench data (the platform on its first stage, every service at its home
    stage), so the pages are the same and only the cost of flag evaluation is taken out. Call it
    before the app is built (the template globals are bound then); it holds for the process."""
    decisions = {
        service.key: access.ServiceAccess(
            service,
            default_status(service),
            *(
                (access.LIVE, access.EVERYONE)
                if level_of(service.home_stage) <= FIRST.level
                else (access.LOCKED, access.TESTERS)
            ),
        )
        for service in SERVICES
    }
    access.access = decisions.get
    visible = [decided for decided in decisions.values() if decided.visible]
    access.visible_services = lambda: visible


def create_bench_app() -> Flask:
    from webapp import create_app

    if os.environ.get("BENCH_GATE_OPEN") == "1":
        open_every_gate()
    return create_app(bench_config(os.environ["DATABASE_URL"]))


CEILING_PAGE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>{{ title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><nav><ul>{% for item in navigation %}<li><a href="{{ item.url }}">{{ item.label }}</a></li>{% endfor %}</ul></nav></header>
<main><h1>{{ title }}</h1>
{% for card in cards %}<article><h2><a href="{{ card.url }}">{{ card.title }}</a></h2>
<p>{{ card.text }}</p><p class="meta">{{ card.meta }}</p></article>
{% endfor %}</main><footer><p>{{ footer }}</p></footer></body></html>"""


def create_ceiling_app(cards: int = 20) -> Flask:
    """One route rendering an inline Jinja template with a navigation and `cards` articles
    (about 8 KB with the default, a Landwerk list page's size): no database, no session."""
    app = Flask(__name__)
    # A loaded template is compiled once and cached, as the app's own templates are.
    app.jinja_loader = DictLoader({"ceiling.html": CEILING_PAGE})
    navigation = [{"url": f"/dienst/{n}", "label": f"Dienst {n}"} for n in range(12)]
    content = [
        {
            "url": f"/beitrag/{n}",
            "title": f"Beitrag Nummer {n} aus dem Jerichower Land",
            "text": "Ein kurzer Anrisstext über das, was in der Region geschieht. " * 3,
            "meta": f"Burg · {n}. November",
        }
        for n in range(cards)
    ]

    @app.get("/")
    def page():
        return render_template(
            "ceiling.html",
            title="Obergrenze",
            navigation=navigation,
            cards=content,
            footer="Landwerk Jerichower Land",
        )

    return app
