"""Browser journeys: the real app in a thread on a fresh SQLite database with the demo content,
driven by Debian's Chromium through pytest-playwright, at a desktop and a phone viewport.

Every test here is marked `e2e`. Run them alone with `.venv/bin/pytest e2e`.
"""

import logging
import os
import re
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

# Before the app is imported: keep the generated secret key and SQLite files out of the repo.
INSTANCE_PATH = tempfile.mkdtemp(prefix="landwerk-e2e-instance-")
os.environ["LANDWERK_INSTANCE_PATH"] = INSTANCE_PATH

from core import db, mail_catcher  # noqa: E402
from core.accounts import create_user  # noqa: E402
from core.tasks import queue  # noqa: E402
from e2e.preview_services import E2E_SERVICES  # noqa: E402
from e2e.seed import demo_ids, seed  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.services import registered_services  # noqa: E402

E2E_DIR = Path(__file__).parent
ARTIFACTS = E2E_DIR / "artifacts"
DEMO_PASSWORD = "e2e-demo-passwort-1"
RESIDENT = {"email": "resident@landwerk.example", "name": "Rita Rentner"}
PARTNER = {"email": "partner@landwerk.example", "name": "Petra Partner"}
OWNER = {"email": "owner@landwerk.example", "name": "Paula Produkt"}
TESTER = {"email": "tester@landwerk.example", "name": "Tom Tester"}

# Debian's Chromium; the binary behind the wrapper script starts without its noise.
CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"]

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "mobile": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
    },
}

# WCAG 2.1 A and AA, plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "resultTypes": ["violations"],
}
_axe = Axe()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


# --- the browser -------------------------------------------------------------------------------


def _chromium() -> str:
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    raise pytest.UsageError("Chromium is missing: apt-get install -y chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": _chromium(),
        "args": [
            "--no-sandbox",  # we run as root
            "--disable-background-networking",  # the network is closed
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, base_url):
    return {**browser_context_args, "base_url": base_url, "locale": "de-DE"}


@pytest.fixture(params=list(VIEWPORTS), scope="session")
def viewport(request) -> str:
    """Every browser test runs once on a desktop and once on a phone."""
    return request.param


@pytest.fixture
def context(new_context, viewport):
    return new_context(**VIEWPORTS[viewport])


@pytest.fixture
def no_js_context(new_context, viewport):
    """A context with JavaScript switched off: every action must still work."""
    return new_context(java_script_enabled=False, **VIEWPORTS[viewport])


@pytest.fixture(scope="session")
def _signed_in_states(browser, browser_context_args):
    """The cookies of each demo account, signed in once through the form per test session."""
    states = {}

    def state_of(email: str) -> dict:
        if email not in states:
            context = browser.new_context(**browser_context_args)
            try:
                sign_in(context.new_page(), email=email)
                states[email] = context.storage_state()
            finally:
                context.close()
        return states[email]

    return state_of


@pytest.fixture
def signed_in_page(new_context, viewport, _signed_in_states):
    """A fresh page of someone already signed in (the sign-in form has its own journey)."""

    def open_page(email: str = RESIDENT["email"]) -> Page:
        context = new_context(storage_state=_signed_in_states(email), **VIEWPORTS[viewport])
        return context.new_page()

    return open_page


@pytest.fixture(scope="session")
def _reading_pages(browser, browser_context_args, _signed_in_states):
    pages = {}

    def page_for(viewport: str, email: str | None) -> Page:
        if (viewport, email) not in pages:
            options = {**browser_context_args, **VIEWPORTS[viewport]}
            if email is not None:
                options["storage_state"] = _signed_in_states(email)
            pages[viewport, email] = browser.new_context(**options).new_page()
        return pages[viewport, email]

    yield page_for
    for page in pages.values():
        page.context.close()


@pytest.fixture
def reading_page(_reading_pages, viewport):
    """A page for tests that only look (they change nothing on the server and start with
    `goto`): one tab per viewport and account, kept for the session, because a warm tab
    runs axe in a fraction of the time a fresh one needs. Pass an e-mail to be signed in."""

    def open_page(email: str | None = None) -> Page:
        return _reading_pages(viewport, email)

    return open_page


def pytest_sessionstart(session):
    """Only this run's pictures: a page that is gone must not leave its old picture behind.
    Cleared once, before any test: not by each of the parallel workers (`pytest -n`), which
    would delete what the others have already taken."""
    if not hasattr(session.config, "workerinput"):
        for folder in VIEWPORTS:
            shutil.rmtree(ARTIFACTS / folder, ignore_errors=True)


# --- the app -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def caught_mails(tmp_path_factory):
    """The development mail catcher on a free port: the folder its mails land in."""
    folder = tmp_path_factory.mktemp("e2e-mails")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    catcher = mail_catcher.start(folder, port=port)
    try:
        yield {"folder": folder, "url": f"smtp://127.0.0.1:{port}"}
    finally:
        catcher.stop()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, caught_mails):
    """The app on a fresh SQLite database: migrated, with the demo content, the e2e services
    one stage ahead (e2e/preview_services.py) and what the neighbours left (e2e/seed.py).
    Its mails go through the task queue (a consumer thread, as `make run` has one) over SMTP
    to the mail catcher."""
    folder = tmp_path_factory.mktemp("e2e")
    app = create_app(
        {
            "MAIL_URL": caught_mails["url"],
            "MAIL_CATCHER_FOLDER": str(caught_mails["folder"]),
            "TESTING": False,
            "DATABASE_URL": f"sqlite:///{folder}/e2e.db",
            "SECRET_KEY": "e2e-secret-key",
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "RATELIMIT_ENABLED": False,
            "SERVICES": registered_services() + E2E_SERVICES,
        }
    )
    db.upgrade(app)
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    seed(app, DEMO_PASSWORD)
    consumer = queue.create_consumer(workers=1, periodic=False)
    consumer.start()
    try:
        yield app
    finally:
        consumer.stop(graceful=True)
        app.extensions["db_engine"].dispose()
        shutil.rmtree(INSTANCE_PATH, ignore_errors=True)


@pytest.fixture(scope="session")
def live_server(live_app):
    """The app served from a thread on a free port."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def ids(live_app) -> dict[str, int]:
    """Ids of demo and seeded things, for paths like /neuigkeiten/{news}."""
    return demo_ids(live_app)


@pytest.fixture
def new_account(live_app, viewport, request):
    """A resident of this journey's own (one per viewport), so journeys start from a known
    state whatever ran before: no votes, no notifications, not a tester."""

    def create(display_name: str, municipality: str = "burg") -> dict:
        slug = re.sub(r"[^a-z0-9]+", "-", f"{request.node.originalname} {viewport}".lower())
        email = f"{slug.strip('-')}@landwerk.example"
        with live_app.app_context():
            session = db.session()
            create_user(
                db=session,
                email=email,
                display_name=display_name,
                municipality=municipality,
                password=DEMO_PASSWORD,
                email_verified=True,
            )
            session.commit()
        return {"email": email, "name": display_name}

    return create


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    return live_server


# --- helpers -----------------------------------------------------------------------------------


def mail_to(caught_mails, to: str, subject: str) -> mail_catcher.CaughtMail:
    """The newest mail to `to` with this subject, once the queue has sent it (waits up to
    20 seconds, as Playwright's expectations wait for a page)."""
    for _ in range(200):
        for caught in mail_catcher.caught(caught_mails["folder"]):
            if caught.message["To"] == to and caught.message["Subject"] == subject:
                return caught
        time.sleep(0.1)
    raise AssertionError(f"No mail „{subject}“ to {to} arrived at the catcher")


def sign_in(page: Page, email: str = RESIDENT["email"], password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form, as a person would."""
    page.goto("/login")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(password)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/login"))
    expect(header(page).get_by_role("button", name="Abmelden")).to_be_visible()


def viewport_name(page: Page) -> str:
    return "mobile" if page.viewport_size["width"] < 600 else "desktop"


def screenshot(page: Page, name: str) -> Path:
    """A full-page picture under e2e/artifacts/<viewport>/ for people to look at."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    path = ARTIFACTS / viewport_name(page) / f"{slug}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=True)
    return path


def axe_violations(page: Page) -> list[dict]:
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}\n      {node.get('html', '')}\n      {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page) -> None:
    """Zero axe violations of any impact (WCAG 2.1 A/AA and best practices) on this page."""
    violations = axe_violations(page)
    assert not violations, (
        f"{len(violations)} axe violation(s) on {page.url} "
        f"({page.viewport_size['width']}×{page.viewport_size['height']}):\n"
        + format_violations(violations)
    )


def assert_image_shown(image) -> None:
    """The image is loaded and decoded, not a broken one. A lazy image loads once it is in
    view; `decode()` waits for that and fails for an image that cannot be shown."""
    image.scroll_into_view_if_needed()
    width = image.evaluate("(img) => img.decode().then(() => img.naturalWidth)")
    assert width > 0


def flash(page: Page):
    """The page's message region (flash messages, and htmx notices)."""
    return page.locator("#meldungen")


MENU_IN_A_ROW_FROM = 768  # px: webapp/static/css/landwerk.css shows the menu as a row from 48rem


def header(page: Page):
    """The page header with its menu open: on a phone the menu is collapsed, and a person taps
    "Menü" before choosing a link or signing out."""
    # By the viewport, not by looking: while a page loads, the button can show for a moment
    # before the stylesheet hides it on a wide screen.
    narrow = page.viewport_size["width"] < MENU_IN_A_ROW_FROM
    if narrow and page.locator(".main-menu[open]").count() == 0:
        page.locator(".main-menu > summary").click()
    return page.get_by_role("banner")


def open_filters(page: Page) -> None:
    """On a phone a list's filters are folded away (<details>): tap to open them."""
    summary = page.locator("details.filter-toggle:not([open]) > summary")
    if summary.count() and summary.first.is_visible():
        summary.first.click()


def main_navigation(page: Page):
    return header(page).get_by_role("navigation", name="Hauptnavigation")


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def focus_is_visible(page: Page) -> bool:
    """Whether the focused element shows a focus ring: an outline or a box-shadow."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
            return outline || style.boxShadow !== "none";
        }"""
    )
