"""The OpenAPI description of /api/v1/messages, merged into /api/v1/openapi.json."""

ERROR = {"$ref": "#/components/schemas/Error"}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def _thread_answer(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessageThread"}}},
    }


THREAD_ID = {"name": "thread_id", "in": "path", "required": True, "schema": {"type": "integer"}}
NOT_FOUND = "No such thread, or the requester is not one of its participants"
LOCKED = "; or messages is not open to the requester"

SCHEMAS = {
    "MessageThreadSummary": {
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
    },
    "MessageThread": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "subject_ref": {"type": "string"},
            "with": {"type": "string"},
            "messages": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "author": {
                            "type": "string",
                            "description": "Who wrote it, as the requester may see it",
                        },
                        "mine": {
                            "type": "boolean",
                            "description": "Written on the requester's side",
                        },
                        "text": {
                            "type": ["string", "null"],
                            "description": "null when moderators hid it",
                        },
                        "created_at": {"type": "string", "format": "date-time"},
                        "read": {
                            "type": "boolean",
                            "description": "One's own side's message, read by the other side",
                        },
                    },
                },
            },
        },
        "required": ["id", "title", "subject_ref", "with", "messages"],
    },
}


def openapi() -> dict:
    signed_in = [{"session": []}]
    writes = [{"session": [], "csrf": []}]
    return {
        "schemas": SCHEMAS,
        "paths": {
            "/messages/threads": {
                "get": {
                    "summary": "The requester's threads, latest first (?seite= for more)",
                    "security": signed_in,
                    "responses": {
                        "200": {
                            "description": "One page of threads",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "page": {"type": "integer"},
                                            "pages": {"type": "integer"},
                                            "total": {"type": "integer"},
                                            "threads": {
                                                "type": "array",
                                                "items": {
                                                    "$ref": "#/components/schemas/MessageThreadSummary"
                                                },
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "401": _error("Not signed in"),
                        "404": _error("No such page" + LOCKED),
                    },
                },
                "post": {
                    "summary": "Start a thread with an organisation or a resident",
                    "security": writes,
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "organisation_id": {"type": "integer"},
                                        "resident_id": {"type": "integer"},
                                        "subject_ref": {"type": "string", "maxLength": 80},
                                        "title": {"type": "string", "maxLength": 120},
                                        "text": {"type": "string", "maxLength": 4000},
                                    },
                                    "required": ["text"],
                                    "description": "Exactly one of organisation_id, resident_id",
                                }
                            }
                        },
                    },
                    "responses": {
                        "201": _thread_answer("The new thread"),
                        "400": _error("Not a JSON object, or missing CSRF token"),
                        "401": _error("Not signed in"),
                        "403": _error("The account is blocked"),
                        "404": _error("No such organisation or resident" + LOCKED),
                        "422": _error("Bad input: text, title, subject_ref or recipient"),
                        "429": _error("Too many new threads (MESSAGE_THREAD_RATE_LIMIT)"),
                    },
                },
            },
            "/messages/threads/{thread_id}": {
                "get": {
                    "summary": "A thread with its messages; marks it read for the requester's side",
                    "security": signed_in,
                    "parameters": [THREAD_ID],
                    "responses": {
                        "200": _thread_answer("The thread"),
                        "401": _error("Not signed in"),
                        "404": _error(NOT_FOUND + LOCKED),
                    },
                },
                "post": {
                    "summary": "Reply in a thread",
                    "security": writes,
                    "parameters": [THREAD_ID],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"text": {"type": "string", "maxLength": 4000}},
                                    "required": ["text"],
                                }
                            }
                        },
                    },
                    "responses": {
                        "201": _thread_answer("The thread with the reply"),
                        "400": _error("Not a JSON object, or missing CSRF token"),
                        "401": _error("Not signed in"),
                        "403": _error("The account is blocked"),
                        "404": _error(NOT_FOUND + LOCKED),
                        "422": _error("Bad input: the text"),
                        "429": _error("Too many messages (MESSAGE_RATE_LIMIT)"),
                    },
                },
            },
        },
    }
