"""Ideas: proposing (with similar ideas first), the list, and product owners' decisions with the
votes following the idea."""

import json
import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from core import db
from core.audit import Actor, AuditEntry
from core.models import utcnow
from feedback.ideas.search import search_stems, search_text, similar_ideas
from feedback.ideas.service import IdeaError, mark_duplicate
from feedback.models import Idea, Notification, Vote, VoteTally
from feedback.votes import service as votes
from feedback.votes.trending import vote_weight
from stages.models import PlannedService
from tests.conftest import PASSWORD, make_user, post_form

OWNER = Actor(id=None, label="chefin@example.org")
IDEA = {
    "title": "Bücherbus für die Dörfer",
    "description": "Einmal im Monat.",
    "municipality": "genthin",
}


def signed_in(app, database, email="anna@example.org", **fields):
    user = make_user(database, email=email, **fields)
    client = app.test_client()
    post_form(client, "/login", {"email": email, "password": PASSWORD})
    return client, user


def add_idea(database, title, *, user=None, **fields) -> Idea:
    idea = Idea(
        user_id=user.id if user else None,
        title=title,
        description=fields.pop("description", "Eine Beschreibung."),
        municipality=fields.pop("municipality", "burg"),
        search_title=search_text(title),
        **fields,
    )
    database.add(idea)
    database.commit()
    return idea


def cast(app, user, subject):
    with app.test_request_context():
        votes.cast_vote(db=db.session(), user=user, subject=subject, budgeted_subjects=None)


def voters(database, subject) -> set[int]:
    database.expire_all()
    return set(database.exec(select(Vote.user_id).where(Vote.subject == subject)))


def tally_of(database, subject) -> VoteTally | None:
    database.expire_all()
    return database.get(VoteTally, subject)


def ideas_in(database) -> list[Idea]:
    database.expire_all()
    return list(database.exec(select(Idea).order_by(Idea.id)))


def audit(database) -> list[AuditEntry]:
    database.expire_all()
    return list(database.exec(select(AuditEntry).order_by(AuditEntry.id)))


def notifications(database) -> list[Notification]:
    database.expire_all()
    return list(database.exec(select(Notification).order_by(Notification.id)))


# --- Proposing ----------------------------------------------------------------------------------


def test_search_title_is_lower_case_with_umlauts_spelled_out_and_no_punctuation():
    assert (
        search_text("Mitfahrbänke im Dorf – schön & groß!") == "mitfahrbaenke im dorf schoen gross"
    )


def test_resident_proposes_an_idea_and_lands_on_its_page(app, database):
    client, anna = signed_in(app, database)
    assert client.get("/ideen/neu").status_code == 200
    response = post_form(client, "/ideen/neu", {**IDEA, "title": "  Bücherbus für die Dörfer!  "})
    [idea] = ideas_in(database)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/ideen/{idea.id}")
    assert (idea.title, idea.user_id, idea.status, idea.municipality) == (
        "Bücherbus für die Dörfer!",
        anna.id,
        "open",
        "genthin",
    )
    assert idea.search_title == "buecherbus fuer die doerfer"
    page = client.get(f"/ideen/{idea.id}").get_data(as_text=True)
    assert "Bücherbus für die Dörfer!" in page and "Einmal im Monat." in page


def test_an_idea_may_be_for_the_whole_district(app, database):
    client, _anna = signed_in(app, database)
    post_form(client, "/ideen/neu", {**IDEA, "municipality": "landkreis"})
    [idea] = ideas_in(database)
    assert idea.municipality == "landkreis"
    assert "Ganzer Landkreis" in client.get(f"/ideen/{idea.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "x" * 121}, "höchstens 120 Zeichen"),
        ({"title": "   "}, "Titel"),
        ({"description": "x" * 4001}, "höchstens 4000 Zeichen"),
        ({"description": ""}, "beschreiben Sie"),
        ({"municipality": "berlin"}, "Gemeinde"),
        ({"municipality": ""}, "Gemeinde"),
    ],
)
def test_invalid_idea_is_refused_with_a_message_and_nothing_written(app, database, change, message):
    client, _anna = signed_in(app, database)
    response = post_form(client, "/ideen/neu", {**IDEA, **change})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert ideas_in(database) == []


def test_idea_without_csrf_token_is_refused(app, database):
    client, _anna = signed_in(app, database)
    assert client.post("/ideen/neu", data=IDEA).status_code == 400
    assert ideas_in(database) == []


def test_visitors_are_sent_to_sign_in_and_blocked_residents_may_not_propose(app, database):
    visitor = app.test_client()
    assert visitor.get("/ideen/neu").status_code == 302
    assert "/login" in visitor.get("/ideen/neu").headers["Location"]
    client, anna = signed_in(app, database)
    anna.is_blocked = True
    database.add(anna)
    database.commit()
    assert client.get("/ideen/neu").status_code == 403
    assert post_form(client, "/ideen/neu", IDEA).status_code == 403
    assert ideas_in(database) == []


def test_ideas_are_rate_limited_per_resident_counting_only_saved_ones(app_factory, database):
    app = app_factory(IDEA_RATE_LIMIT="1 per hour")
    add_idea(database, "Mitfahrbank")
    client, _anna = signed_in(app, database)
    similar = {**IDEA, "title": "Mitfahrbänke im Dorf"}
    assert post_form(client, "/ideen/neu", similar).status_code == 200  # the similar-ideas step
    assert post_form(client, "/ideen/neu", {**similar, "trotzdem": "ja"}).status_code == 303
    assert post_form(client, "/ideen/neu", IDEA).status_code == 429
    assert len(ideas_in(database)) == 2
    other, _bert = signed_in(app, database, email="bert@example.org")
    assert post_form(other, "/ideen/neu", {**similar, "trotzdem": "ja"}).status_code == 303


# --- Similar ideas ------------------------------------------------------------------------------


def test_similar_ideas_fragment_finds_a_stem_despite_plural_and_umlaut(app, database):
    wanted = add_idea(database, "Mitfahrbank")
    add_idea(database, "Schwimmbad länger öffnen")
    response = app.test_client().get(
        "/ideen/aehnliche", query_string={"title": "Mitfahrbänke im Dorf"}
    )
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ähnliche Ideen gibt es schon" in fragment
    assert f'href="/ideen/{wanted.id}"' in fragment and "Schwimmbad" not in fragment
    assert "Vielleicht möchten Sie lieber dort abstimmen?" in fragment


def test_similar_ideas_fragment_is_empty_for_an_unrelated_title(app, database):
    add_idea(database, "Mitfahrbank")
    response = app.test_client().get(
        "/ideen/aehnliche", query_string={"title": "Hundewiese am See"}
    )
    assert response.status_code == 200
    assert "Ähnliche Ideen" not in response.get_data(as_text=True)


def test_similar_ideas_rank_by_shared_words_and_stop_at_five(app, database):
    best = add_idea(database, "Mitfahrbank am Dorfplatz")
    for n in range(6):
        add_idea(database, f"Dorfplatz Nummer {n}")
    add_idea(database, "Mitfahrbank alt", status="duplicate")
    with app.test_request_context():
        found = similar_ideas(db.session(), "Mitfahrbänke am Dorfplatz")
    assert len(found) == 5
    assert found[0].id == best.id
    assert all(idea.status != "duplicate" for idea in found)


def test_only_significant_words_are_searched():
    assert search_stems("Ein Bus für alle, bitte!") == []
    assert search_stems("Mitfahrbänke im Dorf") == ["mitfahrbank", "dorf"]


def test_new_idea_form_asks_for_similar_ideas_while_typing_into_a_polite_region(app, database):
    client, _anna = signed_in(app, database)
    page = client.get("/ideen/neu").get_data(as_text=True)
    assert 'hx-get="/ideen/aehnliche"' in page
    assert 'hx-trigger="input changed delay:400ms"' in page
    assert 'hx-target="#aehnliche-ideen"' in page
    assert 'id="aehnliche-ideen" aria-live="polite"' in page


def test_without_javascript_similar_ideas_are_shown_before_anything_is_saved(app, database):
    existing = add_idea(database, "Mitfahrbank")
    client, _anna = signed_in(app, database)
    step = post_form(client, "/ideen/neu", {**IDEA, "title": "Mitfahrbänke im Dorf"})
    page = step.get_data(as_text=True)
    assert step.status_code == 200
    assert f'href="/ideen/{existing.id}"' in page and "Trotzdem vorschlagen" in page
    assert len(ideas_in(database)) == 1
    saved = post_form(
        client, "/ideen/neu", {**IDEA, "title": "Mitfahrbänke im Dorf", "trotzdem": "ja"}
    )
    assert saved.status_code == 303
    assert [idea.title for idea in ideas_in(database)] == ["Mitfahrbank", "Mitfahrbänke im Dorf"]


# --- The list -----------------------------------------------------------------------------------


def titles_on(client, url) -> list[str]:
    page = client.get(url).get_data(as_text=True)
    return re.findall(r'<h2><a href="/ideen/\d+">([^<]+)</a></h2>', page)


@pytest.fixture
def three_ideas(database):
    now = utcnow()
    old = add_idea(database, "Alt und beliebt", created_at=now - timedelta(days=30))
    middle = add_idea(database, "Mitte im Trend", created_at=now - timedelta(days=10))
    new = add_idea(database, "Ganz neu", created_at=now)
    # Tallies as votes leave them: many old votes, fewer but recent ones.
    database.add(VoteTally(subject=f"idea:{old.id}", votes=5, trend=1.0))
    database.add(VoteTally(subject=f"idea:{middle.id}", votes=3, trend=9.0))
    database.commit()
    return old, middle, new


def test_idea_list_sorts_by_votes_trend_and_newest(client, three_ideas):
    assert titles_on(client, "/ideen") == ["Alt und beliebt", "Mitte im Trend", "Ganz neu"]
    assert titles_on(client, "/ideen?sortierung=beliebt") == [
        "Alt und beliebt",
        "Mitte im Trend",
        "Ganz neu",
    ]
    assert titles_on(client, "/ideen?sortierung=trend") == [
        "Mitte im Trend",
        "Alt und beliebt",
        "Ganz neu",
    ]
    assert titles_on(client, "/ideen?sortierung=neu") == [
        "Ganz neu",
        "Mitte im Trend",
        "Alt und beliebt",
    ]
    assert "Stimmen: 5" in client.get("/ideen").get_data(as_text=True)


def test_idea_list_filters_by_status(client, database, three_ideas):
    old, middle, _new = three_ideas
    old.status = "declined"
    middle.status = "duplicate"
    middle.duplicate_of_id = old.id
    database.add_all([old, middle])
    database.commit()
    assert titles_on(client, "/ideen?status=abgelehnt") == ["Alt und beliebt"]
    assert titles_on(client, "/ideen?status=offen") == ["Ganz neu"]
    assert titles_on(client, "/ideen?status=geplant") == []
    page = client.get("/ideen?status=doppelt").get_data(as_text=True)
    assert f"doppelt – siehe Idee Nr. {old.id}" in page


@pytest.mark.parametrize("query", ["sortierung=laut", "status=alle"])
def test_idea_list_refuses_unknown_parameters(client, query):
    assert client.get(f"/ideen?{query}").status_code == 400


def test_idea_list_has_no_page_that_is_not_a_number(client):
    assert client.get("/ideen?seite=x").status_code == 404


def test_idea_list_pages(client, database):
    for n in range(21):
        add_idea(database, f"Idee {n:02d}")
    first = titles_on(client, "/ideen?sortierung=neu")
    second = titles_on(client, "/ideen?sortierung=neu&seite=2")
    assert len(first) == 20 and second == ["Idee 00"]
    assert client.get("/ideen?seite=3").status_code == 404


def test_idea_list_reads_votes_in_one_query_whatever_the_number_of_ideas(app_factory, database):
    # Flags are checked on every request, not when 0.25 s have passed: the count keeps no time.
    app = app_factory(FLAG_CHECK_INTERVAL=0)

    def statements_for_list() -> int:
        counted = []

        def count(*_args):
            counted.append(1)

        engine = app.extensions["db_engine"]
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert app.test_client().get("/ideen").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(counted)

    add_idea(database, "Eine Idee")
    statements_for_list()  # the first request also checks the schema and loads the flags
    with_one = statements_for_list()
    for n in range(10):
        idea = add_idea(database, f"Idee {n}")
        database.add(VoteTally(subject=f"idea:{idea.id}", votes=n, trend=float(n)))
    database.commit()
    assert statements_for_list() == with_one


def test_unknown_idea_is_not_found(client):
    assert client.get("/ideen/999").status_code == 404


# --- Product owners decide ----------------------------------------------------------------------


@pytest.fixture
def owner(app, database):
    client, _user = signed_in(app, database, email="chefin@example.org", is_product_owner=True)
    return client


@pytest.fixture
def author(database):
    return make_user(database, email="ideengeberin@example.org")


def test_owner_declines_with_an_answer_the_author_is_told_and_it_is_audited(
    owner, database, author
):
    idea = add_idea(database, "Seilbahn nach Burg", user=author)
    response = post_form(owner, f"/ideen/{idea.id}/ablehnen", {"answer": "Zu teuer für den Kreis."})
    assert response.status_code == 303
    [changed] = ideas_in(database)
    assert (changed.status, changed.answer) == ("declined", "Zu teuer für den Kreis.")
    [note] = notifications(database)
    assert (note.user_id, note.kind, note.subject) == (
        author.id,
        "idea_declined",
        f"idea:{idea.id}",
    )
    [entry] = audit(database)
    assert (entry.actor, entry.action, entry.subject, entry.reason) == (
        "chefin@example.org",
        "idea_status",
        f"idea:{idea.id}",
        "Zu teuer für den Kreis.",
    )
    assert json.loads(entry.before)["status"] == "open"
    assert json.loads(entry.after)["status"] == "declined"
    page = owner.get(f"/ideen/{idea.id}").get_data(as_text=True)
    assert "Antwort des Landwerk-Teams" in page and "Zu teuer für den Kreis." in page


def test_declining_needs_an_answer(owner, database):
    idea = add_idea(database, "Seilbahn nach Burg")
    response = post_form(owner, f"/ideen/{idea.id}/ablehnen", {"answer": "  "})
    assert response.status_code == 422
    assert "Bitte begründen Sie die Ablehnung" in response.get_data(as_text=True)
    assert ideas_in(database)[0].status == "open"
    assert audit(database) == [] and notifications(database) == []


def test_planning_creates_a_planned_service_and_moves_the_votes_there(app, owner, database, author):
    idea = add_idea(database, "Mitfahrbank", user=author)
    fans = [make_user(database, email=f"fan{n}@example.org") for n in range(2)]
    for fan in fans:
        cast(app, fan, f"idea:{idea.id}")
    response = post_form(
        owner,
        f"/ideen/{idea.id}/planen",
        {
            "key": "mitfahrbank",
            "title": "Mitfahrbank",
            "summary": "Bänke, an denen man mitgenommen wird.",
            "target_stage": "truck",
            "answer": "Kommt mit dem LKW.",
        },
    )
    assert response.status_code == 303
    planned = database.exec(select(PlannedService)).one()
    assert (planned.key, planned.origin_idea_id, planned.target_stage) == (
        "mitfahrbank",
        idea.id,
        "truck",
    )
    [changed] = ideas_in(database)
    assert (changed.status, changed.planned_key, changed.answer) == (
        "planned",
        "mitfahrbank",
        "Kommt mit dem LKW.",
    )
    assert voters(database, "service:mitfahrbank") == {fan.id for fan in fans}
    assert voters(database, f"idea:{idea.id}") == set()
    assert tally_of(database, "service:mitfahrbank").votes == 2
    assert tally_of(database, f"idea:{idea.id}").votes == 0
    assert [n.kind for n in notifications(database)] == ["idea_planned"]
    page = owner.get(f"/ideen/{idea.id}").get_data(as_text=True)
    assert 'href="/roadmap/mitfahrbank"' in page and "Stimmen: 2" in page
    assert [(e.action, e.subject) for e in audit(database)] == [
        ("idea_status", f"idea:{idea.id}"),
        ("plan", "mitfahrbank"),
    ]


def test_guard_rail_refusal_of_a_plan_is_shown_in_german_and_changes_nothing(app, owner, database):
    idea = add_idea(database, "Noch mehr Neuigkeiten")
    fan = make_user(database, email="fan@example.org")
    cast(app, fan, f"idea:{idea.id}")
    response = post_form(
        owner,
        f"/ideen/{idea.id}/planen",
        {"key": "news", "title": "Neuigkeiten", "summary": "", "target_stage": "truck"},
    )
    assert response.status_code == 409
    assert "„news“ ist schon ein gebauter Dienst." in response.get_data(as_text=True)
    assert ideas_in(database)[0].status == "open"
    assert voters(database, f"idea:{idea.id}") == {fan.id}
    assert database.exec(select(PlannedService)).all() == []
    assert audit(database) == [] and notifications(database) == []


def test_duplicate_merge_counts_each_voter_once(app, owner, database, author):
    original = add_idea(database, "Mitfahrbank")
    duplicate = add_idea(database, "Mitfahrbänke im Dorf", user=author)
    a1, a2, both, b_only = (make_user(database, email=f"v{n}@example.org") for n in range(4))
    for voter in (a1, a2, both):
        cast(app, voter, f"idea:{original.id}")
    for voter in (both, b_only):
        cast(app, voter, f"idea:{duplicate.id}")
    response = post_form(
        owner, f"/ideen/{duplicate.id}/doppelt", {"original": str(original.id), "answer": ""}
    )
    assert response.status_code == 303
    assert voters(database, f"idea:{original.id}") == {a1.id, a2.id, both.id, b_only.id}
    assert voters(database, f"idea:{duplicate.id}") == set()
    moved = tally_of(database, f"idea:{original.id}")
    cast_at = database.exec(select(Vote.created_at).where(Vote.subject == f"idea:{original.id}"))
    assert moved.votes == 4
    assert moved.trend == pytest.approx(sum(vote_weight(moment) for moment in cast_at))
    emptied = tally_of(database, f"idea:{duplicate.id}")
    assert (emptied.votes, emptied.trend) == (0, 0.0)
    changed = ideas_in(database)[1]
    assert (changed.status, changed.duplicate_of_id) == ("duplicate", original.id)
    assert [n.kind for n in notifications(database)] == ["idea_duplicate"]
    [entry] = audit(database)
    assert json.loads(entry.after)["duplicate_of_id"] == original.id
    page = owner.get(f"/ideen/{duplicate.id}").get_data(as_text=True)
    assert f"doppelt – siehe Idee Nr. {original.id}" in page


def test_duplicates_of_a_duplicate_are_redirected_to_the_original(owner, database):
    first, second, third = (add_idea(database, f"Idee {n}") for n in range(3))
    post_form(owner, f"/ideen/{third.id}/doppelt", {"original": str(second.id)})
    post_form(owner, f"/ideen/{second.id}/doppelt", {"original": str(first.id)})
    assert [idea.duplicate_of_id for idea in ideas_in(database)] == [None, first.id, first.id]


def test_duplicate_of_a_planned_idea_gives_its_votes_to_the_planned_service(app, owner, database):
    planned = add_idea(database, "Mitfahrbank", status="planned", planned_key="mitfahrbank")
    duplicate = add_idea(database, "Mitfahrbänke")
    fan = make_user(database, email="fan@example.org")
    cast(app, fan, f"idea:{duplicate.id}")
    post_form(owner, f"/ideen/{duplicate.id}/doppelt", {"original": str(planned.id)})
    assert voters(database, "service:mitfahrbank") == {fan.id}
    assert tally_of(database, "service:mitfahrbank").votes == 1


@pytest.mark.parametrize(
    ("original", "status", "message"),
    [
        ("self", 400, "nicht ihr eigenes Duplikat"),
        ("999", 404, "Eine Idee Nr. 999 gibt es nicht."),
        ("chain", 409, "ist selbst ein Duplikat"),
        ("zwei", 422, "Nummer einer Idee"),
    ],
)
def test_forged_self_and_chained_duplicates_are_refused(
    app, owner, database, original, status, message
):
    first = add_idea(database, "Original")
    copy = add_idea(database, "Kopie", status="duplicate", duplicate_of_id=first.id)
    idea = add_idea(database, "Diese hier")
    fan = make_user(database, email="fan@example.org")
    cast(app, fan, f"idea:{idea.id}")
    target = {"self": str(idea.id), "chain": str(copy.id)}.get(original, original)
    response = post_form(owner, f"/ideen/{idea.id}/doppelt", {"original": target})
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert ideas_in(database)[2].status == "open"
    assert voters(database, f"idea:{idea.id}") == {fan.id}
    assert audit(database) == []


def test_a_decided_status_is_final_once_votes_have_moved(owner, database):
    first = add_idea(database, "Original")
    copy = add_idea(database, "Kopie", status="duplicate", duplicate_of_id=first.id)
    response = post_form(owner, f"/ideen/{copy.id}/ablehnen", {"answer": "Doch nicht."})
    assert response.status_code == 409
    assert "steht schon fest" in response.get_data(as_text=True)
    assert ideas_in(database)[1].status == "duplicate"


@pytest.mark.parametrize("action", ["planen", "ablehnen", "doppelt"])
@pytest.mark.parametrize("role", [{}, {"is_tester": True}])
def test_only_product_owners_decide(app, database, action, role):
    idea = add_idea(database, "Seilbahn")
    client, _user = signed_in(app, database, email="jemand@example.org", **role)
    data = {"answer": "Nein.", "original": "1", "key": "seilbahn", "title": "Seilbahn"}
    assert post_form(client, f"/ideen/{idea.id}/{action}", data).status_code == 403
    assert ideas_in(database)[0].status == "open"
    assert "Über die Idee entscheiden" not in client.get(f"/ideen/{idea.id}").get_data(as_text=True)
    assert post_form(app.test_client(), f"/ideen/{idea.id}/{action}", data).status_code == 302


def test_status_change_without_csrf_token_is_refused(owner, database):
    idea = add_idea(database, "Seilbahn")
    assert owner.post(f"/ideen/{idea.id}/ablehnen", data={"answer": "Nein."}).status_code == 400
    assert ideas_in(database)[0].status == "open"


def test_owner_sees_the_decision_forms_and_possible_originals(owner, database):
    original = add_idea(database, "Mitfahrbank")
    idea = add_idea(database, "Mitfahrbänke im Dorf")
    page = owner.get(f"/ideen/{idea.id}").get_data(as_text=True)
    assert "Über die Idee entscheiden" in page
    assert f"Idee Nr. {original.id}" in page
    assert 'value="mitfahrbaenke_im_dorf"' in page  # a suggested key for the planned service
    assert page.count("<h1>") == 1


def test_two_owners_merging_two_ideas_into_each_other_at_once_leave_no_cycle(app, database):
    first, second = add_idea(database, "Mitfahrbank"), add_idea(database, "Mitfahrbänke")
    fans = [make_user(database, email=f"fan{n}@example.org") for n in range(2)]
    cast(app, fans[0], f"idea:{first.id}")
    cast(app, fans[1], f"idea:{second.id}")
    barrier = threading.Barrier(2)
    outcomes = []

    def merge(idea, original):
        barrier.wait()
        with app.test_request_context():
            try:
                mark_duplicate(
                    db=db.session(), idea_id=idea.id, original_id=original.id, actor=OWNER
                )
                outcomes.append("merged")
            except IdeaError as refusal:
                outcomes.append(refusal.status)

    threads = [
        threading.Thread(target=merge, args=(first, second)),
        threading.Thread(target=merge, args=(second, first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [409, "merged"]
    statuses = sorted(idea.status for idea in ideas_in(database))
    assert statuses == ["duplicate", "open"]
    [kept] = [idea for idea in ideas_in(database) if idea.status == "open"]
    assert voters(database, f"idea:{kept.id}") == {fan.id for fan in fans}


def test_what_residents_wrote_is_shown_escaped(app, database):
    author = make_user(database, email="mallory@example.org", display_name="<b>Mallory</b>")
    idea = add_idea(
        database, "<script>alert(1)</script>", user=author, description="<img src=x onerror=1>"
    )
    page = app.test_client().get(f"/ideen/{idea.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<img src=x" not in page and "<b>Mallory</b>" not in page
    assert "Vorgeschlagen von &lt;b&gt;Mallory&lt;/b&gt;" in page
