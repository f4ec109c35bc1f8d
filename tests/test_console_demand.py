"""Demand beside every service in the product-owner console, the roadmap as CSV, links to the
other staff pages, and the audit log's words for what the feedback module records."""

import csv
import io
import re
import secrets
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from core import db
from core.audit import Actor, AuditEntry
from core.models import User, utcnow
from feedback import demand, models
from feedback.ideas.service import decline_idea
from feedback.models import Comment, Idea, Vote, VoteTally
from feedback.moderation.service import block_user, decide_comment
from feedback.tester_reports.service import resolve_report
from stages.models import PlannedService
from tests.conftest import AuthActions, make_user, post_form
from tests.fake_services import TEST_SERVICES
from webapp.admin import optional_url
from webapp.admin.demand_view import Demand, read_demand
from webapp.admin.overview import read_overview

BERLIN = ZoneInfo("Europe/Berlin")  # the district's zone, as the expected value
OWNER_EMAIL = "chefin@example.org"


@pytest.fixture
def staged(app_factory):
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


@pytest.fixture
def client(staged):
    return staged.test_client()


@pytest.fixture
def database(staged):
    with Session(staged.extensions["db_engine"], expire_on_commit=False) as session:
        yield session


@pytest.fixture
def owner(client, database):
    make_user(database, email=OWNER_EMAIL, is_product_owner=True)
    AuthActions(client).login(OWNER_EMAIL)
    return client


def body(response) -> str:
    return response.get_data(as_text=True)


def residents(database, count: int) -> list[int]:
    """Accounts to vote and write with; no password hashing, these never sign in."""
    users = [
        User(
            email=f"einwohner-{secrets.token_hex(6)}@example.org",
            display_name="Einwohnerin",
            municipality="burg",
            password_hash="-",
            session_token=secrets.token_hex(8),
            email_verified_at=utcnow(),
        )
        for _ in range(count)
    ]
    database.add_all(users)
    database.commit()
    return [user.id for user in users]


def add_votes(database, subject: str, times: list[datetime], tally: int | None = None) -> None:
    """Votes cast at the given times; the database keeps their tally. A different `tally`
    shows which of the two a view reads."""
    for user_id, at in zip(residents(database, len(times)), times, strict=True):
        database.add(Vote(user_id=user_id, subject=subject, created_at=at))
    database.commit()
    if tally is not None:
        database.get(VoteTally, subject).votes = tally
        database.commit()


def add_planned(database, key: str, title: str | None = None) -> None:
    database.add(
        PlannedService(key=key, title=title or key.title(), summary="", target_stage="moped")
    )
    database.commit()


def berlin_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=BERLIN)


# --- the queries: one for all subjects, keyed by subject -------------------------------------

# A Thursday in November; 30 days back reach across the end of summer time (26 October).
NOW = datetime(2025, 11, 20, 10, 0, tzinfo=UTC)


def test_daily_votes_are_counted_per_berlin_day_over_the_last_30_days(database):
    add_votes(
        database,
        "service:gamma",
        [
            datetime(2025, 11, 20, 8, 0, tzinfo=UTC),  # today
            datetime(2025, 11, 19, 23, 30, tzinfo=UTC),  # 00:30 in Berlin: today as well
            datetime(2025, 11, 18, 12, 0, tzinfo=UTC),
            datetime(2025, 10, 21, 22, 30, tzinfo=UTC),  # 00:30 summer time: the first day
            datetime(2025, 10, 21, 21, 30, tzinfo=UTC),  # 23:30 the day before: too old
            datetime(2025, 11, 21, 12, 0, tzinfo=UTC),  # tomorrow: a wrong clock, not counted
        ],
    )
    add_votes(database, "service:alpha", [datetime(2025, 11, 1, 12, 0, tzinfo=UTC)])

    daily = demand.daily_votes(
        database, ["service:gamma", "service:alpha", "service:leer"], now=NOW
    )

    days = demand.trend_days(NOW)
    assert (len(days), days[0], days[-1]) == (30, date(2025, 10, 22), date(2025, 11, 20))
    gamma = dict(zip(days, daily["service:gamma"], strict=True))
    assert {day: count for day, count in gamma.items() if count} == {
        date(2025, 10, 22): 1,
        date(2025, 11, 18): 1,
        date(2025, 11, 20): 2,
    }
    assert sum(daily["service:alpha"]) == 1
    assert daily["service:alpha"][days.index(date(2025, 11, 1))] == 1
    assert daily["service:leer"] == [0] * 30


def test_vote_totals_come_from_the_tallies_and_are_zero_without_votes(database):
    add_votes(database, "service:alpha", [NOW, NOW], tally=7)
    assert demand.vote_totals(database, ["service:alpha", "service:beta"]) == {
        "service:alpha": 7,
        "service:beta": 0,
    }


def test_open_reports_are_counted_by_kind_and_resolved_ones_left_out(database):
    [tester] = residents(database, 1)
    for key, kind, resolved in [
        ("alpha", "blocker", False),
        ("alpha", "blocker", False),
        ("alpha", "blocker", True),
        ("alpha", "problem", False),
        ("alpha", "works", False),
        ("beta", "works", True),
    ]:
        database.add(
            models.TesterReport(
                service_key=key,
                user_id=tester,
                kind=kind,
                text="Beobachtung",
                resolved_at=NOW if resolved else None,
            )
        )
    database.commit()
    assert demand.open_reports(database, ["service:alpha", "service:beta", "idea:1"]) == {
        "service:alpha": {"blocker": 2, "problem": 1, "works": 1},
        "service:beta": {"blocker": 0, "problem": 0, "works": 0},
        "idea:1": {"blocker": 0, "problem": 0, "works": 0},
    }


def test_comment_count_leaves_out_deleted_comments_but_counts_hidden_ones(database):
    [author] = residents(database, 1)
    for deleted, hidden in [(False, False), (False, True), (True, False)]:
        database.add(
            Comment(
                subject="service:alpha", user_id=author, body="Gut", deleted=deleted, hidden=hidden
            )
        )
    database.add(Comment(subject="service:beta", user_id=author, body="Auch"))
    database.commit()
    assert demand.comment_counts(database, ["service:alpha", "service:gamma"]) == {
        "service:alpha": 2,
        "service:gamma": 0,
    }


# --- the chart and its words -----------------------------------------------------------------

DAYS = demand.trend_days(NOW)


def demand_with(daily: list[int]) -> Demand:
    return Demand(
        votes=sum(daily),
        daily=daily,
        days=DAYS,
        open_reports={"blocker": 0, "problem": 0, "works": 0},
        comments=0,
    )


@pytest.mark.parametrize(
    ("daily", "text"),
    [
        ([0] * 30, "Keine Stimmen in den letzten 30 Tagen"),
        ([0] * 25 + [1] + [0] * 4, "Eine Stimme in den letzten 30 Tagen, am 16.11."),
        (
            [0] * 20 + [3] + [1] * 8 + [3],
            "14 Stimmen in den letzten 30 Tagen, die meisten am 20.11.",  # of equal days the latest
        ),
        ([4] + [0] * 28 + [1], "5 Stimmen in den letzten 30 Tagen, die meisten am 22.10."),
    ],
)
def test_trend_is_said_in_words(staged, daily, text):
    with staged.test_request_context():
        assert demand_with(daily).trend_text() == text


def test_bars_are_scaled_to_the_busiest_day_and_days_without_votes_have_none(staged):
    bars = demand_with([0] * 27 + [4, 0, 1]).bars()
    assert [(bar.x, bar.y, bar.height) for bar in bars] == [(81, 0, 23), (87, 17, 6)]
    assert demand_with([0] * 30).bars() == []


# --- the console -----------------------------------------------------------------------------


def card(page: str, card_id: str) -> str:
    start = page.index(f'id="{card_id}"')
    return page[start : page.index("</article>", start)]


def test_console_shows_votes_trend_reports_and_comments_beside_each_service(owner, database):
    today = datetime.now(BERLIN).date()
    add_votes(
        database,
        "service:gamma",
        [berlin_noon(today - timedelta(days=back)) for back in (0, 3, 3, 3, 10, 45)],
    )
    add_planned(database, "mitfahrbank", "Mitfahrbank")
    add_votes(database, "service:mitfahrbank", [berlin_noon(today)], tally=1)
    [tester] = residents(database, 1)
    for kind in ("blocker", "problem", "problem", "works"):
        database.add(models.TesterReport(service_key="gamma", user_id=tester, kind=kind, text="x"))
    database.add(Comment(subject="service:gamma", user_id=tester, body="Bitte bald"))
    database.commit()

    page = body(owner.get("/admin/stages"))

    gamma = card(page, "dienst-gamma")
    busiest = today - timedelta(days=3)
    words = f"5 Stimmen in den letzten 30 Tagen, die meisten am {busiest.day}.{busiest.month}."
    assert re.search(r"<dt>Stimmen</dt><dd>6</dd>", gamma)
    assert 'role="img" aria-labelledby="dienst-gamma-verlauf"' in gamma
    assert f'<title id="dienst-gamma-verlauf">{words}</title>' in gamma
    assert "5 in 30 Tagen" in gamma
    assert gamma.count('class="admin-sparkline-bar"') == 3
    assert "<strong>blockiert: 1</strong>" in gamma
    assert "Problem: 2" in gamma and "funktioniert: 1" in gamma
    assert 'href="/admin/rueckmeldungen?dienst=gamma"' in gamma
    assert re.search(r"<dt>Kommentare</dt><dd>1</dd>", gamma)
    assert "style=" not in page

    planned = card(page, "geplant-" + str(database.exec(select(PlannedService.id)).one()))
    assert re.search(r"<dt>Stimmen</dt><dd>1</dd>", planned)
    assert "1 in 30 Tagen" in planned
    assert "/admin/rueckmeldungen" not in planned  # no code yet, so nothing to test

    alpha = card(page, "dienst-alpha")
    assert re.search(r"<dt>Stimmen</dt><dd>0</dd>", alpha)
    assert "Keine Stimmen in den letzten 30 Tagen" in alpha
    assert "blockiert: 0" in alpha


def test_htmx_console_after_a_change_still_shows_the_demand(owner, database):
    add_votes(database, "service:alpha", [datetime.now(UTC)], tally=3)
    response = post_form(
        owner, "/admin/stages/alpha/rollout", {"percent": "50"}, headers={"HX-Request": "true"}
    )
    assert re.search(r"<dt>Stimmen</dt><dd>3</dd>", card(body(response), "dienst-alpha"))


def statements_for(staged, client, url: str) -> int:
    statements = []

    def count(*_args):
        statements.append(1)

    engine = staged.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def planned_with_votes(database, keys: list[str]) -> None:
    now = datetime.now(UTC)
    for number, key in enumerate(keys):
        add_planned(database, key)
        add_votes(database, f"service:{key}", [now - timedelta(days=number % 30)])
        database.add(Comment(subject=f"service:{key}", body="Bitte"))
    database.commit()


@pytest.mark.parametrize("url", ["/admin/stages", "/admin/roadmap.csv"])
def test_console_needs_as_many_queries_for_20_services_as_for_3(staged, owner, database, url):
    keys = [f"geplant_{number:02d}" for number in range(20)]
    planned_with_votes(database, keys[:3])
    owner.get(url)  # the first request checks the schema and loads the flags
    with_three = statements_for(staged, owner, url)
    planned_with_votes(database, keys[3:])
    with_twenty = statements_for(staged, owner, url)
    assert with_three == with_twenty
    assert all(key in body(owner.get(url)) for key in keys)


def test_console_links_to_the_other_staff_pages(owner):
    page = body(owner.get("/admin/stages"))
    for href, text in [
        ("/admin/roadmap.csv", "Fahrplan als CSV"),
        ("/moderation", "Moderation der Kommentare"),
        ("/admin/rueckmeldungen", "Rückmeldungen von Testerinnen und Testern"),
        ("/roadmap", "Öffentlicher Fahrplan"),
        ("/neu", "Neu freigeschaltet"),
    ]:
        assert f'<a href="{href}"' in page and text in page


def test_a_link_to_a_page_that_does_not_exist_yet_is_left_out(staged):
    with staged.test_request_context():
        assert optional_url("feedback.gibt_es_noch_nicht") is None
        assert optional_url("feedback.moderation") == "/moderation"


def test_demand_is_read_with_the_overview_for_every_row(staged, database):
    add_planned(database, "dorfladen")
    with staged.test_request_context():
        overview = read_overview(db.session(), TEST_SERVICES, "de")
        figures = read_demand(db.session(), overview.rows)
    assert set(figures) == {"alpha", "beta", "gamma", "dorfladen"}


# --- the roadmap as CSV ----------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the byte order mark
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_roadmap_csv_has_a_row_per_service_with_its_demand(owner, database):
    add_votes(database, "service:gamma", [datetime.now(UTC), datetime.now(UTC)], tally=4)
    add_planned(database, "mitfahrbank", "Mitfahrbank; mit Bänken")
    [tester] = residents(database, 1)
    for kind in ("blocker", "problem", "problem", "works"):
        database.add(models.TesterReport(service_key="gamma", user_id=tester, kind=kind, text="x"))
    database.add(Comment(subject="service:mitfahrbank", user_id=tester, body="Ja!"))
    database.commit()
    post_form(owner, "/admin/stages/alpha/rollout", {"percent": "25"})

    response = owner.get("/admin/roadmap.csv")

    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="landwerk-roadmap-\d{4}-\d{2}-\d{2}\.csv"',
        response.headers["Content-Disposition"],
    )
    header, *rows = read_csv(response)
    assert header == [
        "Schlüssel",
        "Titel",
        "Art",
        "Stufe jetzt",
        "Heimat- oder Zielstufe",
        "Sieht ihn jetzt",
        "Anteil in Prozent",
        "Eingeschaltet",
        "Stimmen",
        "Stimmen in den letzten 30 Tagen",
        "Offene Blocker-Meldungen",
        "Offene Problem-Meldungen",
        "Kommentare",
    ]
    by_key = {row[0]: row for row in rows}
    assert [row[0] for row in rows] == ["alpha", "beta", "mitfahrbank", "gamma"]  # by stage
    assert by_key["alpha"] == [
        "alpha", "Dienst Alpha", "gebaut", "Fahrrad", "Fahrrad", "alle", "25", "ja",
        "0", "0", "0", "0", "0",
    ]  # fmt: skip
    assert by_key["gamma"] == [
        "gamma", "Dienst Gamma", "gebaut", "LKW", "LKW", "niemand außer dem Team", "100", "ja",
        "4", "2", "1", "2", "0",
    ]  # fmt: skip
    assert by_key["mitfahrbank"] == [
        "mitfahrbank", "Mitfahrbank; mit Bänken", "geplant", "", "Moped",
        "niemand außer dem Team", "", "", "0", "0", "0", "0", "1",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "cell"),
    [
        ('=HYPERLINK("http://example.org")', '\'=HYPERLINK("http://example.org")'),
        ("+49 Rufbus", "'+49 Rufbus"),
        ("-1 Dorfladen", "'-1 Dorfladen"),
        ("@SUMME(A1)", "'@SUMME(A1)"),
        ("Dorfladen = gut", "Dorfladen = gut"),
    ],
)
def test_roadmap_csv_keeps_formulas_from_running_in_a_spreadsheet(owner, database, title, cell):
    add_planned(database, "dorfladen", title)
    rows = read_csv(owner.get("/admin/roadmap.csv"))
    assert [row[1] for row in rows if row[0] == "dorfladen"] == [cell]


def test_visitor_is_sent_to_sign_in_for_the_csv(client):
    response = client.get("/admin/roadmap.csv")
    assert response.status_code == 302
    assert "/login?next=" in response.location


@pytest.mark.parametrize("role", [{}, {"is_tester": True}])
def test_residents_and_testers_get_no_csv(client, database, role):
    make_user(database, email="anna@example.org", **role)
    AuthActions(client).login("anna@example.org")
    response = client.get("/admin/roadmap.csv")
    assert response.status_code == 403
    assert response.mimetype != "text/csv"


# --- the audit log's words for the feedback module -------------------------------------------


@pytest.fixture
def feedback_history(staged, database, owner):
    """A comment hidden, its author blocked, an idea declined, a tester report resolved."""
    chief = database.exec(select(User).where(User.email == OWNER_EMAIL)).one()
    [author] = residents(database, 1)
    comment = Comment(subject="service:alpha", user_id=author, body="Unsinn", report_count=3)
    idea = Idea(title="Rufbus", description="Bitte", municipality="burg", user_id=author)
    report = models.TesterReport(
        service_key="alpha", user_id=author, kind="problem", text="Langsam"
    )
    database.add_all([comment, idea, report])
    database.commit()
    with staged.test_request_context():
        session = db.session()
        chief = session.get(User, chief.id)
        decide_comment(session, actor=chief, comment=session.get(Comment, comment.id), hide=True)
        block_user(db=session, actor=chief, user=session.get(User, author))
        actor = Actor.of(chief)
        decline_idea(db=session, idea_id=idea.id, actor=actor, answer="Gibt es schon")
        resolve_report(db=session, report=session.get(models.TesterReport, report.id), actor=actor)


def test_audit_log_says_in_words_what_moderation_ideas_and_reports_changed(owner, feedback_history):
    page = body(owner.get("/admin/audit"))
    for words in [
        "<strong>Kommentar ausgeblendet</strong>",
        "Ausgeblendet: nein → ja",
        "Prüfung: offen → erledigt",
        "<strong>Nutzer gesperrt</strong>",
        "Gesperrt: nein → ja",
        "<strong>Status einer Idee geändert</strong>",
        "Status: offen → abgelehnt",
        "<strong>Rückmeldung erledigt</strong>",
        "Erledigt: nein → ja",
    ]:
        assert words in page
    assert "True" not in page and "False" not in page


def test_audit_log_names_subjects_and_actors_in_words(owner, database, feedback_history):
    page = body(owner.get("/admin/audit"))
    comment = database.exec(select(Comment)).one()
    idea = database.exec(select(Idea)).one()
    author = database.get(User, comment.user_id)
    chief = database.exec(select(User).where(User.email == OWNER_EMAIL)).one()
    assert f"<strong>Kommentar ausgeblendet</strong>: Kommentar Nr. {comment.id}" in page
    assert f"<strong>Nutzer gesperrt</strong>: Konto Nr. {author.id}" in page
    assert f"<strong>Status einer Idee geändert</strong>: Idee Nr. {idea.id}" in page
    # The tester report's service by its title, without its key.
    assert "<strong>Rückmeldung erledigt</strong>: Dienst Alpha</p>" in page
    assert f">comment:{comment.id}<" not in page and "(alpha)" not in page
    # Who acted, by name; the address beside it tells two of the same name apart.
    assert f'{chief.display_name} <span class="muted">{OWNER_EMAIL}</span>' in page


def test_audit_entry_restoring_a_comment_is_named(owner, database):
    database.add(
        AuditEntry(
            actor="chefin@example.org",
            action="comment_restore",
            subject="comment:1",
            before='{"hidden": true, "moderated": false}',
            after='{"hidden": false, "moderated": true}',
        )
    )
    database.commit()
    page = body(owner.get("/admin/audit"))
    assert "<strong>Kommentar wiederhergestellt</strong>" in page
    assert "Ausgeblendet: ja → nein" in page


def test_audit_filter_offers_the_feedback_actions_and_finds_them(owner, feedback_history):
    page = body(owner.get("/admin/audit"))
    for value, label in [
        ("comment_restore", "Kommentar wiederhergestellt"),
        ("comment_hide", "Kommentar ausgeblendet"),
        ("user_block", "Nutzer gesperrt"),
        ("idea_status", "Status einer Idee geändert"),
        ("report_resolve", "Rückmeldung erledigt"),
    ]:
        assert f'<option value="{value}">{label}</option>' in page
    filtered = body(owner.get("/admin/audit?action=user_block"))
    assert filtered.count('class="audit-entry"') == 1
    assert "Gesperrt: nein → ja" in filtered
