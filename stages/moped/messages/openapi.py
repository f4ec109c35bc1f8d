"""The OpenAPI operations of /api/v1/messages, given to `api_route` beside each view (api.py)."""

ERROR = {"$ref": "#/components/schemas/Error"}
SIGNED_IN = [{"session": []}]
WRITES = [{"session": [], "csrf": []}]
THREAD_ID = {"name": "thread_id", "in": "path", "required": True, "schema": {"type": "integer"}}
NOT_FOUND = "No such thread, or the requester is not one of its participants"
LOCKED = "; or messages is not open to the requester"

SUMMARY = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "subject_ref": {"type": "string", "description": 'e.g. "marketplace:product:12"'},
        "with": {"type": "string", "description": "The other side: organisation or name"},
        "unread": {"type": "boolean"},
        "last_message_at": {"type": ["string", "null"], "format": "date-time"},
        "last_message": {"type": ["string", "null"]},
    },
    "required": ["id", "title", "subject_ref", "with", "unread"],
}
MESSAGE = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "author": {"type": "string", "description": "Who wrote it, as the requester may see it"},
        "mine": {"type": "boolean", "description": "Written on the requester's side"},
        "text": {"type": ["string", "null"], "description": "null when moderators hid it"},
        "created_at": {"type": "string", "format": "date-time"},
        "read": {
            "type": "boolean",
            "description": "One's own side's message, read by the other side",
        },
    },
}
THREAD = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "subject_ref": {"type": "string"},
        "with": {"type": "string"},
        "messages": {"type": "array", "items": MESSAGE},
    },
    "required": ["id", "title", "subject_ref", "with", "messages"],
}
THREADS_PAGE = {
    "type": "object",
    "properties": {
        "page": {"type": "integer"},
        "pages": {"type": "integer"},
        "total": {"type": "integer"},
        "threads": {"type": "array", "items": SUMMARY},
    },
}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def _answer(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(properties: dict, description: str = "") -> dict:
    schema = {"type": "object", "properties": properties, "required": ["text"]}
    if description:
        schema["description"] = description
    return {"required": True, "content": {"application/json": {"schema": schema}}}


TEXT = {"text": {"type": "string", "maxLength": 4000}}

LIST_THREADS = {
    "get": {
        "summary": "The requester's threads, latest first (?seite= for more)",
        "security": SIGNED_IN,
        "responses": {
            "200": _answer("One page of threads", THREADS_PAGE),
            "401": _error("Not signed in"),
            "404": _error("No such page" + LOCKED),
        },
    }
}
START_THREAD = {
    "post": {
        "summary": "Start a thread with an organisation or a resident",
        "security": WRITES,
        "requestBody": _body(
            {
                "organisation_id": {"type": "integer"},
                "resident_id": {"type": "integer"},
                "subject_ref": {"type": "string", "maxLength": 80},
                "title": {"type": "string", "maxLength": 120},
                **TEXT,
            },
            "Exactly one of organisation_id, resident_id",
        ),
        "responses": {
            "201": _answer("The new thread", THREAD),
            "400": _error("Not a JSON object, or missing CSRF token"),
            "401": _error("Not signed in"),
            "403": _error("The account is blocked"),
            "404": _error("No such organisation or resident" + LOCKED),
            "422": _error("Bad input: text, title, subject_ref or recipient"),
            "429": _error("Too many new threads (MESSAGE_THREAD_RATE_LIMIT)"),
        },
    }
}
READ_THREAD = {
    "get": {
        "summary": "A thread with its messages; marks it read for the requester's side",
        "security": SIGNED_IN,
        "parameters": [THREAD_ID],
        "responses": {
            "200": _answer("The thread", THREAD),
            "401": _error("Not signed in"),
            "404": _error(NOT_FOUND + LOCKED),
        },
    }
}
REPLY = {
    "post": {
        "summary": "Reply in a thread",
        "security": WRITES,
        "parameters": [THREAD_ID],
        "requestBody": _body(TEXT),
        "responses": {
            "201": _answer("The thread with the reply", THREAD),
            "400": _error("Not a JSON object, or missing CSRF token"),
            "401": _error("Not signed in"),
            "403": _error("The account is blocked"),
            "404": _error(NOT_FOUND + LOCKED),
            "422": _error("Bad input: the text"),
            "429": _error("Too many messages (MESSAGE_RATE_LIMIT)"),
        },
    }
}
