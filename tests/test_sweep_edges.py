"""A sweep over the whole URL map: every route gets ids at the edges (0, -1, 2^31, 2^63, "²",
"abc") in each id argument and NUL and control characters in its string arguments; every page
reachable from the front page gets them in its query parameters and in every field of every
form on it – as a visitor, a resident, a partner and a product owner. No answer may
be a server error, and afterwards every page (the news feeds and calendar files included)
still renders for a visitor."""

import re
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urlsplit

from sqlmodel import Session, select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from core.models import User
from feedback import models as feedback
from tests.conftest import csrf_token

DEMO_PASSWORD = "landwerk-demo"
ROLES = {
    "visitor": None,
    "resident": "resident@landwerk.example",
    "partner": "partner@landwerk.example",
    "owner": "owner@landwerk.example",
}
EDGE_IDS = ["0", "-1", str(2**31), str(2**63), "²", "abc"]
BAD_TEXT = ["\x00", "a\x0bb"]  # NUL; a vertical tab inside a word (at an end it is stripped)
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Ending the sign-in would make the rest of the sweep a visitor's.
SIGN_OUTS = {"/abmelden", "/profil/ueberall-abmelden", "/profil/loeschen"}
ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<options>[^)]*)\))?:)?(?P<name>\w+)>")
# What an empty field of each type is filled with, so that the one bad field of a submission
# is the reason for its refusal (or is stored: then the pages afterwards must still work).
FILLED = {
    "text": "Beispiel",
    "search": "Beispiel",
    "checkbox": "y",
    "email": "sweep@example.org",
    "date": "2026-12-24",
    "time": "10:00",
    "url": "https://example.org",
    "tel": "03921 123",
    "number": "1",
}
PAGES_PER_ENDPOINT = 2
MAX_PAGES = 120


def _is_id(converter: str | None, name: str) -> bool:
    return converter in ("int", "id") or name.endswith("_id")


def _valid(converter: str | None, options: str | None, name: str) -> str:
    if converter == "any":
        return options.split(",")[0].strip().strip("'\"")
    if name == "year":
        return "2026"
    if _is_id(converter, name):
        return "1"
    return "news"


def _rule_urls(rule) -> list[str]:
    """The rule's path with valid arguments, and once per argument with each edge value."""
    arguments = list(ARGUMENT.finditer(rule.rule))

    def build(replacements: dict[int, str]) -> str:
        path, last = "", 0
        for index, match in enumerate(arguments):
            value = replacements.get(index) or _valid(*match.group("converter", "options", "name"))
            path += rule.rule[last : match.start()] + quote(value, safe="")
            last = match.end()
        return path + rule.rule[last:]

    urls = [build({})]
    for index, match in enumerate(arguments):
        converter, name = match.group("converter", "name")
        if converter == "any":
            continue
        edges = EDGE_IDS if _is_id(converter, name) else BAD_TEXT
        urls += [build({index: edge}) for edge in edges]
    return urls


class _Forms(HTMLParser):
    """Links and forms of a page: each form's method, action and fields with their values."""

    def __init__(self):
        super().__init__()
        self.links, self.forms = [], []
        self._form = None
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "option" and self._select and self._form["fields"][self._select] is None:
            self._form["fields"][self._select] = attrs.get("value", "")
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {
                "method": (attrs.get("method") or "get").upper(),
                "action": attrs.get("action") or "",
                "fields": {},
            }
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name"):
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "file", "image"):
                return
            if kind in ("checkbox", "radio") and attrs["name"] in self._form["fields"]:
                return
            self._form["fields"][attrs["name"]] = attrs.get("value") or FILLED.get(kind, "")
        elif tag == "select":
            self._select = attrs["name"]
            self._form["fields"][self._select] = None
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._form["fields"][self._textarea] = FILLED["text"]

    def handle_data(self, data):
        if self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


class Sweep:
    def __init__(self, app, role: str):
        self.app, self.role = app, role
        self.client = app.test_client()
        self.failures: list[tuple] = []
        self.token = ""
        self.adapter = app.url_map.bind("localhost")

    def sign_in(self, email: str | None) -> None:
        self.token = csrf_token(self.client)
        if email:
            self.send("POST", "/login", data={"email": email, "password": DEMO_PASSWORD})
            self.token = csrf_token(self.client)  # a sign-in starts a new session

    def send(self, method: str, url: str, data=None, json=None):
        headers = {"X-CSRFToken": self.token} if method in WRITES else {}
        if method in WRITES and json is None:
            data = {"csrf_token": self.token, **(data or {})}
        if method == "GET" and data:
            url, data = f"{url}?{urlencode(data)}", None
        response = self.client.open(url, method=method, data=data, json=json, headers=headers)
        if response.status_code >= 500:
            self.failures.append((self.role, method, url, data or json, response.status_code))
        return response

    def endpoint(self, path: str) -> str | None:
        try:
            return self.adapter.match(path)[0]
        except RequestRedirect:
            return None
        except HTTPException:
            return None

    def rules(self) -> None:
        for rule in self.app.url_map.iter_rules():
            if rule.endpoint == "static":
                continue
            for url in _rule_urls(rule):
                if url in SIGN_OUTS:
                    continue
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    self.send(method, url)
                    if url.startswith("/api/") and method in WRITES:
                        for body in _json_bodies():
                            self.send(method, url, json=body)

    def crawl(self) -> list[str]:
        """Pages reachable from the front page, a few per endpoint; their forms are swept."""
        queue, seen, per_endpoint, forms = ["/"], set(), {}, {}
        while queue and len(seen) < MAX_PAGES:
            url = queue.pop(0)
            parts = urlsplit(url)
            if url in seen or parts.netloc or parts.path in SIGN_OUTS:
                continue
            endpoint = self.endpoint(parts.path)
            if endpoint is None or endpoint == "static":
                continue
            if per_endpoint.get(endpoint, 0) >= PAGES_PER_ENDPOINT:
                continue
            per_endpoint[endpoint] = per_endpoint.get(endpoint, 0) + 1
            seen.add(url)
            response = self.send("GET", url)
            if response.status_code != 200 or "html" not in response.content_type:
                continue
            page = _Forms()
            page.feed(response.get_data(as_text=True))
            queue += [link.split("#")[0] for link in page.links if link.startswith("/")]
            for form in page.forms:
                action = urlsplit(form["action"]).path or parts.path
                key = (form["method"], self.endpoint(action), tuple(sorted(form["fields"])))
                forms.setdefault(key, (action, form))
        for pages_url in sorted(seen):
            path = urlsplit(pages_url).path
            for value in [*EDGE_IDS, *BAD_TEXT]:
                self.send("GET", path, data={"seite": value})
        for (method, _endpoint, _names), (action, form) in forms.items():
            self.form(method, action, form["fields"])
        if self.role != "visitor":
            assert self.client.get("/profil").status_code == 200, f"{self.role} was signed out"
        return sorted(seen)

    def form(self, method: str, action: str, fields: dict) -> None:
        if action in SIGN_OUTS:
            return
        base = {name: value or "" for name, value in fields.items() if name != "csrf_token"}
        for name, value in base.items():
            numeric = (value or "").isdigit() or name in ("seite", "percent", "original")
            for bad in [*BAD_TEXT, *(EDGE_IDS if numeric else [])]:
                self.send(method, action, data={**base, name: bad})


def _json_bodies() -> list[dict]:
    return [
        {"reason": "\x00"},
        {"reason": "Gr\x0bund"},
        *({"rollout": edge} for edge in [*EDGE_IDS, 2**63, -1, "\x00", 50.5, True]),
        {"override_blockers": "\x00", "reason": "ok"},
    ]


def _arrange(app) -> None:
    """Demo content, and comments (one a reply), an idea, a tester report and a notification,
    so their pages and forms are swept too."""
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with Session(app.extensions["db_engine"]) as db:
        resident = db.exec(select(User).where(User.email == ROLES["resident"])).one()
        idea = feedback.Idea(
            user_id=resident.id, title="Rufbus", description="Ein Bus", municipality="burg"
        )
        comment = feedback.Comment(subject="service:news", user_id=resident.id, body="Gut so")
        db.add_all([idea, comment])
        db.flush()
        db.add_all(
            [
                feedback.Comment(subject="service:news", parent_id=comment.id, body="Ja"),
                feedback.Comment(subject=f"idea:{idea.id}", user_id=resident.id, body="Ja"),
                feedback.TesterReport(service_key="news", kind="problem", text="Hm"),
                feedback.Notification(
                    user_id=resident.id, kind="reply", title="Neu", subject="service:news"
                ),
            ]
        )
        db.commit()


def test_no_server_error_at_the_edges(app_factory):
    app = app_factory(RATELIMIT_ENABLED=False, PROPAGATE_EXCEPTIONS=False)
    _arrange(app)
    failures, pages = [], set()
    for role, email in ROLES.items():
        sweep = Sweep(app, role)
        sweep.sign_in(email)
        sweep.rules()
        pages.update(sweep.crawl())
        failures += sweep.failures
    # What was stored on the way must not take a page down for anyone (the feeds, say).
    after = Sweep(app, "visitor afterwards")
    for url in sorted(pages) + ["/neuigkeiten/feed.rss", "/neuigkeiten/feed.atom"]:
        after.send("GET", url)
    failures += after.failures
    assert failures == []
