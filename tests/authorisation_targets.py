"""The objects the authorisation matrix asks about: for each id in a route's URL, a query for
one in the demo, with the organisation and the resident who own it; what else a route needs
to reach its permission check; and copies for requests that remove what they are sent."""

import uuid
from dataclasses import dataclass, field

from sqlalchemy import UniqueConstraint, insert, text
from sqlalchemy import select as select_rows
from sqlmodel import Session, SQLModel

# The account the owner's block is tried on (made by the matrix, nobody's author).
BLOCK_TARGET = "gesperrt-werden@example.org"

# What the demo holds: queries for an object of each kind, with the organisation and the
# person who own it (the first row whose person is a plain resident is taken at request time,
# so that an object an allowed action removed or changed is not asked for again).
PLAIN_RESIDENTS = (
    "SELECT id FROM user_account WHERE is_tester = false AND is_product_owner = false "
    "AND (email LIKE 'demo.%' OR email = 'resident@landwerk.example')"
)
OBJECTS = {
    ("news", "post_id"): "SELECT id, organisation_id, NULL FROM news_post "
    "WHERE published_at IS NOT NULL AND organisation_id = 1 ORDER BY id",
    ("events", "event_id"): "SELECT id, organisation_id, NULL FROM event "
    "WHERE organisation_id IN (1, 7) ORDER BY id",
    ("directory", "entry_id"): "SELECT id, organisation_id, NULL FROM directory_entry "
    "WHERE organisation_id IN (1, 7, 8) ORDER BY id",
    ("marketplace", "producer_id"): "SELECT p.id, e.organisation_id, NULL "
    "FROM marketplace_producer p JOIN directory_entry e ON e.id = p.entry_id "
    "WHERE p.is_hidden = false ORDER BY p.id",
    ("marketplace", "product_id"): "SELECT d.id, e.organisation_id, NULL "
    "FROM marketplace_product d JOIN marketplace_producer p ON p.id = d.producer_id "
    "JOIN directory_entry e ON e.id = p.entry_id "
    "WHERE d.is_published = true AND d.is_hidden = false ORDER BY d.id",
    ("marketplace", "photo_id"): "SELECT f.id, e.organisation_id, NULL "
    "FROM marketplace_photo f JOIN marketplace_product d ON d.id = f.product_id "
    "JOIN marketplace_producer p ON p.id = d.producer_id "
    "JOIN directory_entry e ON e.id = p.entry_id "
    "WHERE d.is_published = true AND d.is_hidden = false ORDER BY f.id",
    # An organisation with a directory entry that is no producer yet (the demo's Stadtwerke).
    ("marketplace", "organisation_id"): "SELECT o.id, o.id, NULL FROM organisation o "
    "WHERE EXISTS (SELECT 1 FROM directory_entry e WHERE e.organisation_id = o.id) "
    "AND NOT EXISTS (SELECT 1 FROM marketplace_producer p JOIN directory_entry e "
    "ON e.id = p.entry_id WHERE e.organisation_id = o.id) ORDER BY o.id",
    ("messages", "thread_id"): "SELECT id, organisation_id, resident_id FROM message_thread "
    "WHERE organisation_id IS NOT NULL ORDER BY id",
    ("messages", "message_id"): "SELECT m.id, t.organisation_id, t.resident_id "
    "FROM message m JOIN message_thread t ON t.id = m.thread_id "
    "WHERE t.organisation_id IS NOT NULL AND m.hidden = false ORDER BY m.id",
    ("messages", "user_id"): "SELECT id, NULL, NULL FROM user_account "
    "WHERE email = 'demo.burg@landwerk.example'",
    ("neighbour_help", "post_id"): "SELECT id, NULL, author_id FROM neighbour_help_post "
    "WHERE status = 'offen' AND is_hidden = false ORDER BY id",
    ("landstrom", "tariff_id"): "SELECT id, organisation_id, NULL FROM landstrom_tariff "
    "ORDER BY id",
    ("landstrom", "meter_id"): "SELECT id, 1, user_id FROM landstrom_meter ORDER BY id",
    ("landstrom", "reading_id"): "SELECT r.id, 1, m.user_id FROM landstrom_reading r "
    "JOIN landstrom_meter m ON m.id = r.meter_id ORDER BY r.id",
    (None, "comment_id"): "SELECT id, NULL, user_id FROM comment "
    "WHERE deleted = false AND hidden = false ORDER BY id",
    (None, "idea_id"): "SELECT id, NULL, user_id FROM idea WHERE status = 'open' ORDER BY id",
    (None, "notification_id"): "SELECT id, NULL, user_id FROM notification ORDER BY id",
    ("feedback", "user_id"): "SELECT id, NULL, NULL FROM user_account "
    "WHERE email = 'gesperrt-werden@example.org'",
    ("feedback", "report_id"): "SELECT id, NULL, NULL FROM testerreport "
    "WHERE service_key = 'marketplace' ORDER BY id",
    ("admin", "planned_id"): "SELECT id, NULL, NULL FROM plannedservice ORDER BY id DESC",
}
# An allowed request to these removes or changes its object: it gets a copy of its own
# ("endpoint METHOD": the argument whose row is copied, its table).
COPIED = {
    "events.delete POST": ("event_id", "event"),
    "landstrom.delete_tariff POST": ("tariff_id", "landstrom_tariff"),
    "marketplace.delete_photo POST": ("photo_id", "marketplace_photo"),
    "marketplace.withdraw_product POST": ("product_id", "marketplace_product"),
    "marketplace.hide_product POST": ("product_id", "marketplace_product"),
    "news.unpublish POST": ("post_id", "news_post"),
    "neighbour_help.close POST": ("post_id", "neighbour_help_post"),
    "neighbour_help.withdraw POST": ("post_id", "neighbour_help_post"),
    "neighbour_help.hide POST": ("post_id", "neighbour_help_post"),
    "feedback.comment_delete POST": ("comment_id", "comment"),
    "feedback.moderation_hide POST": ("comment_id", "comment"),
    "feedback.decline_idea_view POST": ("idea_id", "idea"),
    "feedback.duplicate_idea_view POST": ("idea_id", "idea"),
    "feedback.plan_idea_view POST": ("idea_id", "idea"),
}
# What a route needs besides its URL to reach its permission check: query (GET) or form (POST)
# fields that name what it is about, never enough to write anything.
FIELDS = {
    "feedback.discussion": {"subject": "service:maengelmelder"},
    "feedback.comment_create": {"subject": "service:maengelmelder"},
    "feedback.vote": {"subject": "service:maengelmelder", "stimme": "ja"},
    "messages.new": {"organisation": 1},
}
# Routes that answer a refusal with a redirect and a message, unless htmx asks.
HTMX = {"feedback.vote"}
NAMED = {
    "token": "kein-gueltiges-zeichen",
    "filename": "favicon.svg",
    "size": "klein",
    "year": 2026,
    "month": 12,
    "key": "marketplace",
}
KEY_OF = {"api.service_vote": "maengelmelder", "feedback.service_page": "maengelmelder"}
ACTION_OF = {"admin.platform_action": "advance", "admin.service_action": "promote"}


@dataclass
class Target:
    values: dict = field(default_factory=dict)
    organisation_id: int | None = None
    user_id: int | None = None


def copy_of(session: Session, table_name: str, row_id: int) -> int:
    table = SQLModel.metadata.tables[table_name]
    row = session.execute(select_rows(table).where(table.c.id == row_id)).mappings().one()
    values = {key: value for key, value in row.items() if key != "id"}
    unique = {column.name for column in table.columns if column.unique}
    for constraint in [*table.constraints, *table.indexes]:
        if isinstance(constraint, UniqueConstraint) or getattr(constraint, "unique", False):
            unique.update(column.name for column in constraint.columns)
    for name in unique - {"id"}:
        if isinstance(values.get(name), str):
            values[name] = f"{values[name]}-{uuid.uuid4().hex[:8]}"
        elif values.get(name) is not None and table.columns[name].nullable:
            values[name] = None
    copied = session.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()
    session.commit()
    return copied


def target_for(session: Session, rule, route: str) -> Target:
    blueprint = rule.endpoint.partition(".")[0]
    found = Target()
    for argument in sorted(rule.arguments):
        query = OBJECTS.get((blueprint, argument)) or OBJECTS.get((None, argument))
        if query is None:
            if argument == "action":
                found.values[argument] = ACTION_OF[rule.endpoint]
            elif argument == "key":
                found.values[argument] = KEY_OF.get(rule.endpoint, NAMED["key"])
            else:
                found.values[argument] = NAMED[argument]
            continue
        residents = set(session.exec(text(PLAIN_RESIDENTS)).scalars())
        rows = session.exec(text(query)).all()
        row = next((r for r in rows if r[2] is None or r[2] in residents), None)
        assert row is not None, f"the demo has no object for {rule.endpoint} <{argument}>"
        found.values[argument] = row[0]
        if COPIED.get(route, (None,))[0] == argument:
            found.values[argument] = copy_of(session, COPIED[route][1], row[0])
        found.organisation_id = found.organisation_id or row[1]
        found.user_id = found.user_id or row[2]
    return found
