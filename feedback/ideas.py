"""Ideas: residents propose new services; product owners plan, decline or merge them.

Similar ideas are found by word stems in SQL (`similar_ideas`). Without JavaScript they are shown
as a confirmation step before saving: nothing is written until the resident presses
"Trotzdem vorschlagen" (with JavaScript they appear while typing, and the step still follows).

Votes follow an idea's status: a duplicate's votes move to its original, a planned idea's votes
move to its planned service ("service:<key>") so they count on the roadmap. A moved vote keeps
its time; who voted for both keeps one vote. Moved votes count against the vote budget like any
vote for a planned service, so a resident can end up over budget; nothing is lost, they only
cannot cast a new budgeted vote until they withdraw one.
"""

import json
import re
import unicodedata
from functools import wraps

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import String, case, cast, delete, func, literal, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, Regexp

from core import db
from core.audit import Actor, AuditEntry
from core.models import User
from core.municipalities import MUNICIPALITIES
from core.pagination import Page, PageNotFound, paginate
from core.rendering import render
from core.security import limiter
from core.text import clean_text
from feedback import bp
from feedback.models import IDEA_DESCRIPTION_MAX, IDEA_TITLE_MAX, Idea, Vote, VoteTally
from feedback.notifications import notify
from feedback.subjects import idea_subject, service_subject
from feedback.trending import vote_weight
from feedback.votes import tally
from flags import access
from stages import control
from stages.manifest import FLAG_NAME
from webapp.admin.forms import PlannedCreateForm

DISTRICT = "landkreis"  # an idea for the whole Jerichower Land, not one municipality
PER_PAGE = 20
SIMILAR_LIMIT = 5
ANSWER_MAX = control.REASON_MAX  # the answer is the audit entry's reason as well

STATUS_LABELS = {
    "open": _l("offen"),
    "planned": _l("geplant"),
    "declined": _l("abgelehnt"),
    "duplicate": _l("doppelt"),
}
STATUS_BY_SLUG = {
    "offen": "open",
    "geplant": "planned",
    "abgelehnt": "declined",
    "doppelt": "duplicate",
}
SORTS = {"beliebt": _l("Beliebteste zuerst"), "trend": _l("Im Trend"), "neu": _l("Neueste zuerst")}
# Planned and duplicate ideas have handed their votes on: their status is final.
CHANGEABLE_STATUSES = ("open", "declined")


def place_name(slug: str) -> str:
    return str(_l("Ganzer Landkreis")) if slug == DISTRICT else MUNICIPALITIES.get(slug, "")


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@bp.context_processor
def _idea_helpers():
    return {"idea_place_name": place_name, "idea_status_label": status_label}


# --- Searching by title -------------------------------------------------------------------------

UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
MIN_WORD = 4
MAX_SEARCH_WORDS = 8
# Inflection endings cut off before comparing, longest first: "Mitfahrbänke" ~ "Mitfahrbank".
ENDINGS = ("ern", "en", "er", "es", "e", "n", "s")
# Common words of four letters or more that say nothing about what an idea is about.
STOP_WORDS = frozenset(
    "eine einen einem einer eines nicht oder auch mehr bitte sollte sollten gibt dass uber "  # noqa: SIM905
    "unser unsere alle neue neuen neues wird werden kann konnen mussen damit diese dieser "
    "dieses haben sind".split()
)


def search_text(title: str) -> str:
    """What Idea.search_title holds: lower case, umlauts spelled out, no punctuation."""
    text = unicodedata.normalize("NFC", title).lower()
    for letter, spelled in UMLAUTS.items():
        text = text.replace(letter, spelled)
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _without_umlaut_e(text: str) -> str:
    # "Bank" and "Bänke" share no "ae": compare both sides with the umlauts' e dropped.
    return text.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def _stem(word: str) -> str:
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_WORD:
            return word[: -len(ending)]
    return word


def search_stems(title: str) -> list[str]:
    """The significant words of a title (four letters or more, no filler), as stems."""
    stems = []
    for word in _without_umlaut_e(search_text(title)).split():
        if len(word) >= MIN_WORD and word not in STOP_WORDS and _stem(word) not in stems:
            stems.append(_stem(word))
    return stems[:MAX_SEARCH_WORDS]


def similar_ideas(
    session: Session, title: str, *, exclude_id: int | None = None, limit: int = SIMILAR_LIMIT
) -> list[Idea]:
    """Ideas whose title shares words with `title`, most shared words first. The database
    compares (LIKE per word) and ranks; nothing is scanned in Python."""
    stems = search_stems(title[:IDEA_TITLE_MAX])
    if not stems:
        return []
    folded = func.replace(
        func.replace(func.replace(Idea.search_title, "ae", "a"), "oe", "o"), "ue", "u"
    )
    shared_words = sum(case((folded.contains(stem, autoescape=True), 1), else_=0) for stem in stems)
    statement = select(Idea).where(shared_words > 0, Idea.status != "duplicate")
    if exclude_id is not None:
        statement = statement.where(Idea.id != exclude_id)
    statement = statement.order_by(shared_words.desc(), Idea.created_at.desc(), Idea.id.desc())
    return list(session.exec(statement.limit(limit)))


# --- The list -----------------------------------------------------------------------------------


def ideas_page(session: Session, *, status: str | None, sort: str, number: int) -> Page:
    """Rows of (idea, votes), the votes joined from VoteTally in the same query."""
    tally_subject = literal("idea:") + cast(Idea.id, String)
    votes = func.coalesce(VoteTally.votes, 0)
    statement = select(Idea, votes).outerjoin(VoteTally, VoteTally.subject == tally_subject)
    if status:
        statement = statement.where(Idea.status == status)
    order = {
        "beliebt": [votes.desc()],
        "trend": [func.coalesce(VoteTally.trend, 0.0).desc()],
        "neu": [],
    }[sort]
    statement = statement.order_by(*order, Idea.created_at.desc(), Idea.id.desc())
    return paginate(session, statement, number=number, per_page=PER_PAGE)


# --- Votes follow the idea ----------------------------------------------------------------------


def _insert_for(session: Session):
    return sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgres_insert


def _recount(session: Session, subject: str) -> None:
    cast_at = session.exec(select(Vote.created_at).where(Vote.subject == subject)).all()
    session.exec(
        update(VoteTally)
        .where(VoteTally.subject == subject)
        .values(votes=len(cast_at), trend=sum(vote_weight(moment) for moment in cast_at))
    )


def move_votes(session: Session, *, source: str, target: str) -> None:
    """Votes on `source` count for `target` from now on; who voted for both keeps one vote.
    Both tallies are recounted from the votes, in the caller's transaction."""
    insert = _insert_for(session)
    for subject in (source, target):
        session.exec(
            insert(VoteTally).values(subject=subject, votes=0, trend=0.0).on_conflict_do_nothing()
        )
    # Votes cast meanwhile wait for these rows, then add to the recounted numbers.
    session.exec(
        select(VoteTally.subject)
        .where(VoteTally.subject.in_(sorted({source, target})))
        .order_by(VoteTally.subject)
        .with_for_update()
    ).all()
    moved = select(Vote.user_id, literal(target), Vote.created_at).where(Vote.subject == source)
    session.exec(
        insert(Vote)
        .from_select(["user_id", "subject", "created_at"], moved)
        .on_conflict_do_nothing()  # the voter's vote on the target stays, with its own time
    )
    session.exec(delete(Vote).where(Vote.subject == source))
    _recount(session, source)
    _recount(session, target)


def votes_home(idea: Idea) -> str:
    """Where an idea's votes are counted: a planned idea's at its planned service."""
    if idea.status == "planned" and idea.planned_key:
        return service_subject(idea.planned_key)
    return idea_subject(idea.id)


# --- Status changes by product owners -----------------------------------------------------------


class IdeaError(ValueError):
    """A status change that cannot be made; the message says why, in German."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _all_or_nothing(change):
    """A refused change leaves nothing behind."""

    @wraps(change)
    def run(*, db, **kwargs):
        try:
            return change(db=db, **kwargs)
        except Exception:
            db.rollback()
            raise

    return run


def _locked_idea(session: Session, idea_id: int) -> Idea | None:
    # A write before any read: it takes SQLite's write lock or PostgreSQL's row lock, so two
    # owners deciding at once queue up and the second sees what the first decided.
    session.exec(update(Idea).where(Idea.id == idea_id).values(status=Idea.status))
    return session.get(Idea, idea_id, populate_existing=True)


def _changeable(session: Session, idea_id: int) -> Idea:
    idea = _locked_idea(session, idea_id)
    if idea is None:
        raise IdeaError(_("Diese Idee gibt es nicht."), 404)
    if idea.status not in CHANGEABLE_STATUSES:
        raise IdeaError(
            _(
                "Der Status dieser Idee steht schon fest: %(status)s.",
                status=status_label(idea.status),
            ),
            409,
        )
    return idea


def _clean_answer(answer: str | None) -> str:
    answer = (answer or "").strip()
    if len(answer) > ANSWER_MAX:
        raise IdeaError(_("Die Antwort darf höchstens %(max)d Zeichen haben.", max=ANSWER_MAX))
    return answer


def _status_record(idea: Idea) -> dict:
    return {
        "status": idea.status,
        "duplicate_of_id": idea.duplicate_of_id,
        "planned_key": idea.planned_key,
    }


def _record_change(
    session: Session, *, idea: Idea, actor: Actor, before: dict, kind: str, extra=None
) -> None:
    """The audit entry and the author's notification, in the change's transaction."""
    session.add(idea)
    session.add(
        AuditEntry(
            actor_id=actor.id,
            actor=actor.label,
            action="idea_status",
            subject=idea_subject(idea.id),
            before=json.dumps(before, ensure_ascii=False, sort_keys=True),
            after=json.dumps(
                {**_status_record(idea), **(extra or {})}, ensure_ascii=False, sort_keys=True
            ),
            reason=idea.answer,
        )
    )
    if idea.user_id is not None:
        notify(
            session,
            user_id=idea.user_id,
            kind=kind,
            subject=idea_subject(idea.id),
            title=idea.title,
        )


@_all_or_nothing
def decline_idea(*, db: Session, idea_id: int, actor: Actor, answer: str) -> Idea:
    answer = _clean_answer(answer)
    if not answer:
        raise IdeaError(_("Bitte begründen Sie die Ablehnung: Die Antwort lesen alle."))
    idea = _changeable(db, idea_id)
    before = _status_record(idea)
    idea.status, idea.answer = "declined", answer
    _record_change(db, idea=idea, actor=actor, before=before, kind="idea_declined")
    db.commit()
    return idea


@_all_or_nothing
def mark_duplicate(
    *, db: Session, idea_id: int, original_id: int, actor: Actor, answer: str = ""
) -> Idea:
    """The idea is a duplicate of `original_id`: its votes move there, each voter counted once."""
    answer = _clean_answer(answer)
    if original_id == idea_id:
        raise IdeaError(_("Eine Idee kann nicht ihr eigenes Duplikat sein."))
    for locked_id in sorted((idea_id, original_id)):  # always in the same order: no deadlock
        _locked_idea(db, locked_id)
    original = db.get(Idea, original_id)
    if original is None:
        raise IdeaError(_("Eine Idee Nr. %(id)d gibt es nicht.", id=original_id), 404)
    idea = _changeable(db, idea_id)
    if original.status == "duplicate":
        raise IdeaError(
            _(
                "Idee Nr. %(id)d ist selbst ein Duplikat (von Idee Nr. %(original)d). "
                "Bitte wählen Sie das Original.",
                id=original.id,
                original=original.duplicate_of_id,
            ),
            409,
        )
    before = _status_record(idea)
    move_votes(db, source=idea_subject(idea.id), target=votes_home(original))
    # Ideas merged into this one before now point at the original: there are no chains.
    redirected = list(db.exec(select(Idea.id).where(Idea.duplicate_of_id == idea.id)))
    db.exec(update(Idea).where(Idea.duplicate_of_id == idea.id).values(duplicate_of_id=original.id))
    idea.status, idea.duplicate_of_id, idea.answer = "duplicate", original.id, answer
    extra = {"redirected_duplicates": redirected} if redirected else None
    _record_change(db, idea=idea, actor=actor, before=before, kind="idea_duplicate", extra=extra)
    db.commit()
    return idea


@_all_or_nothing
def plan_idea(
    *,
    db: Session,
    services,
    idea_id: int,
    key: str,
    title: str,
    summary: str,
    target_stage: str,
    actor: Actor,
    answer: str = "",
) -> Idea:
    """The idea becomes a planned service on the roadmap, and its votes count there."""
    answer = _clean_answer(answer)
    key = (key or "").strip()
    if not FLAG_NAME.match(key):
        raise control.ControlError(
            _("Der Schlüssel braucht 2–40 Zeichen: Kleinbuchstaben, Ziffern, Unterstrich.")
        )
    idea = _changeable(db, idea_id)
    before = _status_record(idea)
    move_votes(db, source=idea_subject(idea.id), target=service_subject(key))
    idea.status, idea.planned_key, idea.answer = "planned", key, answer
    _record_change(db, idea=idea, actor=actor, before=before, kind="idea_planned")
    db.flush()  # control expires the session before its change: nothing unflushed may be lost
    # Checks key, title, stage and guard rails, and commits it all, or rolls it all back.
    control.create_planned_service(
        db=db,
        services=services,
        key=key,
        title=title,
        summary=summary,
        target_stage=target_stage,
        actor=actor,
        origin_idea_id=idea.id,
    )
    return idea


# --- Forms --------------------------------------------------------------------------------------


class IdeaForm(FlaskForm):
    title = StringField(
        _l("Titel Ihrer Idee"),
        filters=[clean_text],
        validators=[
            DataRequired(_l("Bitte geben Sie Ihrer Idee einen Titel.")),
            Length(
                max=IDEA_TITLE_MAX, message=_l("Der Titel darf höchstens %(max)d Zeichen haben.")
            ),
        ],
    )
    description = TextAreaField(
        _l("Beschreibung"),
        filters=[clean_text],
        validators=[
            DataRequired(_l("Bitte beschreiben Sie Ihre Idee.")),
            Length(
                max=IDEA_DESCRIPTION_MAX,
                message=_l("Die Beschreibung darf höchstens %(max)d Zeichen haben."),
            ),
        ],
    )
    municipality = SelectField(
        _l("Wo soll es das geben?"),
        validate_choice=False,  # AnyOf says what is wrong in words residents understand
        validators=[
            AnyOf(
                [DISTRICT, *MUNICIPALITIES],
                message=_l("Bitte wählen Sie eine Gemeinde oder den ganzen Landkreis."),
            )
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality.choices = [
            SelectChoice("", _l("Bitte wählen")),
            SelectChoice(DISTRICT, place_name(DISTRICT)),
            *(SelectChoice(slug, name) for slug, name in MUNICIPALITIES.items()),
        ]
        # Similar ideas appear while typing (htmx); the form works the same without it.
        self.title.render_kw = {
            "hx-get": url_for("feedback.similar_ideas_fragment"),
            "hx-trigger": "input changed delay:400ms",
            "hx-target": "#aehnliche-ideen",
        }


class IdeaFilterForm(FlaskForm):
    """The list's sorting and status filter: a GET form, every result has its own URL."""

    class Meta:
        csrf = False

    sortierung = SelectField(
        _l("Sortierung"),
        choices=[SelectChoice(slug, label) for slug, label in SORTS.items()],
        default="beliebt",
    )
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("", _l("Alle")),
            *(SelectChoice(slug, STATUS_LABELS[s]) for slug, s in STATUS_BY_SLUG.items()),
        ],
        default="",
    )


def _answer_field(label, *required):
    return TextAreaField(
        label,
        filters=[clean_text],
        validators=[
            *required,
            Length(max=ANSWER_MAX, message=_l("Die Antwort darf höchstens %(max)d Zeichen haben.")),
        ],
    )


class PlanIdeaForm(PlannedCreateForm):
    answer = _answer_field(_l("Antwort an alle (freiwillig)"))


class DeclineIdeaForm(FlaskForm):
    answer = _answer_field(
        _l("Antwort an alle: Warum nicht?"),
        DataRequired(_l("Bitte begründen Sie die Ablehnung: Die Antwort lesen alle.")),
    )


class DuplicateIdeaForm(FlaskForm):
    original = StringField(
        _l("Nummer der Original-Idee"),
        filters=[clean_text],
        validators=[Regexp(r"^\d{1,9}$", message=_l("Bitte geben Sie die Nummer einer Idee an."))],
        render_kw={"inputmode": "numeric", "maxlength": 9, "autocomplete": "off"},
    )
    answer = _answer_field(_l("Antwort an alle (freiwillig)"))


OWNER_FORMS = {"planen": PlanIdeaForm, "ablehnen": DeclineIdeaForm, "doppelt": DuplicateIdeaForm}


def _suggested_key(idea: Idea) -> str:
    key = idea.search_title.replace(" ", "_")[:40].rstrip("_")
    return key if FLAG_NAME.match(key) else ""


def _owner_form(name: str, idea: Idea, submitted: bool = False) -> FlaskForm:
    """One of the status forms; their fields get distinct ids, they share one page."""
    if name == "planen" and not submitted:
        form = PlanIdeaForm(
            formdata=None,
            key=_suggested_key(idea),
            title=idea.title,
            summary=idea.description[: control.PLANNED_SUMMARY_MAX],
        )
    else:
        form = OWNER_FORMS[name]() if submitted else OWNER_FORMS[name](formdata=None)
    for field in form:
        field.id = field.label.field_id = f"{name}-{field.name}"
    return form


# --- Views --------------------------------------------------------------------------------------


def _idea_or_404(idea_id: int) -> Idea:
    idea = db.session().get(Idea, idea_id)
    if idea is None:
        abort(404)
    return idea


def _page_number() -> int:
    raw = request.args.get("seite", "1")
    if not raw.isdigit() or len(raw) > 9:
        abort(400)
    return int(raw)


@bp.get("/ideen")
def ideas():
    filters = IdeaFilterForm(formdata=request.args)
    if not filters.validate():
        abort(400)
    sort, status_slug = filters.sortierung.data, filters.status.data or ""
    try:
        results = ideas_page(
            db.session(), status=STATUS_BY_SLUG.get(status_slug), sort=sort, number=_page_number()
        )
    except PageNotFound:
        abort(404)
    return render(
        "feedback/ideas.html",
        "feedback/_ideas_list.html",
        filters=filters,
        results=results,
        query={"sortierung": sort, "status": status_slug or None},
    )


@bp.get("/ideen/aehnliche")
def similar_ideas_fragment():
    title = request.args.get("title", "")[:IDEA_TITLE_MAX]
    return render_template(
        "feedback/_similar_ideas.html", similar=similar_ideas(db.session(), title)
    )


def _idea_limit() -> str:
    return current_app.config.get("IDEA_RATE_LIMIT", "3 per hour")


def _per_resident() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return request.remote_addr or "unknown"


def _idea_was_saved(_response) -> bool:
    # Only saved ideas count: a form with errors or the similar-ideas step costs nothing.
    return g.get("idea_saved", False)


@bp.route("/ideen/neu", methods=["GET", "POST"])
@login_required
@limiter.limit(_idea_limit, key_func=_per_resident, methods=["POST"], deduct_when=_idea_was_saved)
def new_idea():
    if current_user.is_blocked:
        abort(403)
    form = IdeaForm(municipality=current_user.municipality)
    similar, confirming = [], False
    if form.validate_on_submit():
        similar = similar_ideas(db.session(), form.title.data)
        if not similar or request.form.get("trotzdem") == "ja":
            idea = _save_idea(form)
            flash(
                _("Danke! Ihre Idee ist veröffentlicht. Jetzt können alle dafür stimmen."),
                "success",
            )
            return redirect(url_for("feedback.idea_page", idea_id=idea.id), 303)
        confirming = True
    status = 400 if form.errors else 200
    return render(
        "feedback/idea_new.html", form=form, similar=similar, confirming=confirming
    ), status


def _save_idea(form: IdeaForm) -> Idea:
    session = db.session()
    idea = Idea(
        user_id=current_user.id,
        title=form.title.data,
        description=form.description.data,
        municipality=form.municipality.data,
        search_title=search_text(form.title.data),
    )
    session.add(idea)
    session.commit()
    g.idea_saved = True
    return idea


def _idea_page(idea: Idea, *, status: int = 200, open_form: str = "", form=None, error=None):
    session = db.session()
    author = session.get(User, idea.user_id) if idea.user_id is not None else None
    context = {
        "idea": idea,
        "subject": idea_subject(idea.id),
        "author": author,
        "votes": tally(session, votes_home(idea)),
        "paragraphs": [p.strip() for p in re.split(r"\n\s*\n", idea.description) if p.strip()],
        "may_decide": current_user.is_authenticated and current_user.is_product_owner,
    }
    if context["may_decide"] and idea.status in CHANGEABLE_STATUSES:
        forms = {name: _owner_form(name, idea) for name in OWNER_FORMS}
        if form is not None:
            forms[open_form] = form
        context.update(
            owner_forms=forms,
            open_form=open_form,
            similar=similar_ideas(session, idea.title, exclude_id=idea.id),
        )
    context["status_error"] = error
    return render("feedback/idea.html", **context), status


@bp.get("/ideen/<int:idea_id>")
def idea_page(idea_id: int):
    return _idea_page(_idea_or_404(idea_id))


def _decision(idea_id: int, name: str, change, done: str):
    """A product owner's status change: validate, change (or say why not), back to the idea."""
    if not current_user.is_product_owner:
        abort(403)
    idea = _idea_or_404(idea_id)
    form = _owner_form(name, idea, submitted=True)
    if not form.validate_on_submit():
        return _idea_page(idea, status=400, open_form=name, form=form)
    try:
        change(form, Actor.of(current_user._get_current_object()))
    except (IdeaError, control.ControlError) as refusal:
        return _idea_page(
            _idea_or_404(idea_id),
            status=refusal.status,
            open_form=name,
            form=form,
            error=str(refusal),
        )
    flash(done, "success")
    return redirect(url_for("feedback.idea_page", idea_id=idea_id), 303)


@bp.post("/ideen/<int:idea_id>/planen")
@login_required
def plan_idea_view(idea_id: int):
    def change(form, actor):
        plan_idea(
            db=db.session(),
            services=access.services(),
            idea_id=idea_id,
            actor=actor,
            answer=form.answer.data,
            **form.control_arguments(),
        )

    return _decision(
        idea_id, "planen", change, _("Die Idee ist jetzt ein geplanter Dienst auf der Roadmap.")
    )


@bp.post("/ideen/<int:idea_id>/ablehnen")
@login_required
def decline_idea_view(idea_id: int):
    def change(form, actor):
        decline_idea(db=db.session(), idea_id=idea_id, actor=actor, answer=form.answer.data)

    return _decision(
        idea_id, "ablehnen", change, _("Die Idee ist abgelehnt, die Antwort steht dabei.")
    )


@bp.post("/ideen/<int:idea_id>/doppelt")
@login_required
def duplicate_idea_view(idea_id: int):
    def change(form, actor):
        mark_duplicate(
            db=db.session(),
            idea_id=idea_id,
            original_id=int(form.original.data),
            actor=actor,
            answer=form.answer.data,
        )

    return _decision(
        idea_id,
        "doppelt",
        change,
        _("Die Idee ist als doppelt markiert; ihre Stimmen zählen beim Original."),
    )
