"""The OpenAPI document of /api/v1. A test checks it names every route the API serves."""

from flask import current_app

from core.municipalities import MUNICIPALITIES
from stages.api import documented_paths
from stages.ladder import STAGES
from webapp.privacy import EXPORT_FORMAT

STAGE_KEYS = list(STAGES)

ERROR = {
    "type": "object",
    "properties": {"error": {"type": "integer"}, "message": {"type": "string"}},
    "required": ["error", "message"],
}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _json(description: str, schema_name: str) -> dict:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
        },
    }


PERSONAL_DATA = {
    "type": "object",
    "properties": {
        "format": {"type": "string", "const": EXPORT_FORMAT},
        "exported_at": {"type": "string", "format": "date-time"},
        "tables": {
            "type": "object",
            "description": (
                "Table name → the person's rows in it (the account as `user_account`, without "
                "password hash or session token); a service's tables start with its key"
            ),
            "additionalProperties": {"type": "array", "items": {"type": "object"}},
        },
    },
    "required": ["format", "exported_at", "tables"],
}

IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": (
        "The stage the client decided on, as an entity tag: the service's `stage`, or for the "
        'platform its `live_stage` (e.g. `"moped"`; the ETag of the previous step\'s answer). '
        "If the stage is another one by now (a double click, or a second owner), the step is "
        "refused with 409 instead of being taken from there. Without the header the step is "
        "taken from wherever the stage is."
    ),
    "schema": {"type": "string"},
}


def _owner_action(
    summary: str,
    *,
    rollout: bool = False,
    override: bool = False,
    key: bool = True,
    step: bool = False,
) -> dict:
    properties = {"reason": {"type": "string", "maxLength": 1000}}
    if rollout:
        properties["rollout"] = {"type": "integer", "minimum": 0, "maximum": 100}
    if override:
        properties["override_blockers"] = {"type": "boolean"}
    operation = {
        "summary": summary + " (product owners only)",
        "security": [{"session": [], "csrf": []}],
        "requestBody": {
            "required": rollout,
            "content": {
                "application/json": {"schema": {"type": "object", "properties": properties}}
            },
        },
        "responses": {
            "200": _json("The new state", "StageChange" if not key else "ServiceChange"),
            "400": _error("Bad input or missing CSRF token"),
            "401": _error("Not signed in"),
            "403": _error("Not a product owner"),
            "404": _error("Unknown service"),
            "409": _error(
                "A guard rail refused the change (order, dependencies, open blocker reports)"
                + ("; or the stage is no longer the one in If-Match" if step else "")
            ),
        },
    }
    parameters = []
    if key:
        parameters.append(
            {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}
        )
    if step:
        parameters.append(IF_MATCH)
        operation["responses"]["200"]["headers"] = {
            "ETag": {"description": "The stage now", "schema": {"type": "string"}}
        }
        operation["responses"]["400"] = _error(
            "Bad input, missing CSRF token, or more than one stage in If-Match"
        )
    if parameters:
        operation["parameters"] = parameters
    return operation


def _vote_action(summary: str, kind: str) -> dict:
    if kind == "service":
        parameter = {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}
        not_votable = "The service is already live for the requester"
    else:
        parameter = {
            "name": "idea_id",
            "in": "path",
            "required": True,
            "schema": {"type": "integer"},
        }
        not_votable = "The idea was declined or is a duplicate: no more votes"
    responses = {
        "200": _json("The votes now, and the requester's own", "VoteResult"),
        "400": _error("Missing CSRF token, or the account is blocked from voting"),
        "401": _error("Not signed in"),
        "403": _error("The account's e-mail address is not confirmed yet (message in German)"),
        "404": _error(f"Unknown {kind}"),
        "422": _error(not_votable),
        "429": _error("Too many votes in a short time (VOTE_RATE_LIMIT)"),
    }
    if kind == "service":
        responses["409"] = _error("All votes of the budget are given (VOTE_BUDGET)")
    return {
        "summary": summary + " (casting or withdrawing twice changes nothing)",
        "security": [{"session": [], "csrf": []}],
        "parameters": [parameter],
        "responses": dict(sorted(responses.items())),
    }


# core.input_guard answers before any view: every operation can be refused so.
NUL_REFUSED = "A NUL character anywhere in the request (path, query, form or JSON)"


def _with_the_guards_answer(paths: dict) -> dict:
    """Every operation documents the 400 of the NUL guard, beside its own reasons for one (the
    services' operations are copied, not changed)."""
    return {
        path: {
            method: {
                **operation,
                "responses": {"400": _error(NUL_REFUSED), **operation.get("responses", {})},
            }
            for method, operation in operations.items()
        }
        for path, operations in paths.items()
    }


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Landwerk API",
            "version": "1",
            "description": (
                "Sign in at /login (session cookie). Every write needs the CSRF token of the "
                "session in the X-CSRFToken header; the token is in the page's "
                '<meta name="csrf-token">.'
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
                "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRFToken"},
            },
            "schemas": {
                "Error": ERROR,
                "Stages": {
                    "type": "object",
                    "properties": {
                        "live_stage": {"type": "string", "enum": STAGE_KEYS},
                        "ladder": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "key": {"type": "string", "enum": STAGE_KEYS},
                                    "level": {"type": "integer"},
                                    "label": {"type": "string"},
                                    "icon": {"type": "string"},
                                },
                            },
                        },
                    },
                    "required": ["live_stage", "ladder"],
                },
                "Service": {
                    "type": "object",
                    "properties": {
                        "key": {"type": "string"},
                        "title": {"type": "string"},
                        "stage": {"type": "string", "enum": STAGE_KEYS},
                        "home_stage": {"type": "string", "enum": STAGE_KEYS},
                        "state": {
                            "type": "string",
                            "enum": ["live", "preview", "locked", "planned"],
                        },
                        "url": {
                            "type": ["string", "null"],
                            "description": "null unless the requester may open it",
                        },
                        "votes": {"type": "integer", "minimum": 0},
                        "you_voted": {
                            "type": "boolean",
                            "description": "false when signed out",
                        },
                    },
                    "required": [
                        "key",
                        "title",
                        "stage",
                        "home_stage",
                        "state",
                        "url",
                        "votes",
                        "you_voted",
                    ],
                },
                "VoteResult": {
                    "type": "object",
                    "properties": {
                        "votes": {"type": "integer", "minimum": 0},
                        "you_voted": {"type": "boolean"},
                        "votes_left": {
                            "type": ["integer", "null"],
                            "description": (
                                "Votes the requester has left for services that are not live "
                                "yet; null for ideas, which need no budget"
                            ),
                        },
                    },
                    "required": ["votes", "you_voted", "votes_left"],
                },
                "ServiceChange": {
                    "type": "object",
                    "properties": {
                        "key": {"type": "string"},
                        "stage": {"type": "string", "enum": STAGE_KEYS},
                        "enabled": {"type": "boolean"},
                        "rollout": {"type": "integer"},
                    },
                },
                "StageChange": {
                    "type": "object",
                    "properties": {"live_stage": {"type": "string", "enum": STAGE_KEYS}},
                },
                "Me": {
                    "type": "object",
                    "properties": {
                        "email": {"type": "string", "format": "email"},
                        "display_name": {"type": "string"},
                        "roles": {
                            "type": "array",
                            "items": {
                                "type": "string",
                                "enum": ["resident", "tester", "partner", "product_owner"],
                            },
                        },
                        "municipality": {"type": "string", "enum": list(MUNICIPALITIES)},
                    },
                    "required": ["email", "display_name", "roles", "municipality"],
                },
                "PersonalData": PERSONAL_DATA,
            },
        },
        "paths": _with_the_guards_answer(
            {
                "/me": {
                    "get": {
                        "summary": "The signed-in account",
                        "security": [{"session": []}],
                        "responses": {
                            "200": {
                                "description": "The account",
                                "content": {
                                    "application/json": {
                                        "schema": {"$ref": "#/components/schemas/Me"}
                                    }
                                },
                            },
                            "401": _error("Not signed in"),
                        },
                    }
                },
                "/me/export": {
                    "get": {
                        "summary": (
                            "Everything the platform holds of the signed-in person (DSGVO Art. "
                            "15/20): account, votes, comments, ideas, reports, notifications, "
                            "mails, and every service's rows, by table"
                        ),
                        "security": [{"session": []}],
                        "responses": {
                            "200": _json("The person's data", "PersonalData"),
                            "401": _error("Not signed in"),
                            "429": _error("Too many downloads in a short time (EXPORT_RATE_LIMIT)"),
                        },
                    }
                },
                "/stages": {
                    "get": {
                        "summary": "The stage ladder and the platform's live stage",
                        "responses": {"200": _json("Stages", "Stages")},
                    }
                },
                "/services": {
                    "get": {
                        "summary": "Every implemented and planned service, as the requester sees it",
                        "responses": {
                            "200": {
                                "description": "Services",
                                "content": {
                                    "application/json": {
                                        "schema": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Service"},
                                        }
                                    }
                                },
                            }
                        },
                    }
                },
                "/services/{key}/vote": {
                    "post": _vote_action("Vote for a service (built or planned)", "service"),
                    "delete": _vote_action("Take back one's vote for a service", "service"),
                },
                "/ideas/{idea_id}/vote": {
                    "post": _vote_action("Vote for a resident's idea", "idea"),
                    "delete": _vote_action("Take back one's vote for an idea", "idea"),
                },
                "/services/{key}/promote": {
                    "post": _owner_action(
                        "Move a service one stage toward live", override=True, step=True
                    )
                },
                "/services/{key}/demote": {
                    "post": _owner_action("Move a service one stage away from live", step=True)
                },
                "/services/{key}/rollout": {
                    "put": _owner_action("Set the rollout percentage", rollout=True)
                },
                "/services/{key}/kill": {
                    "post": _owner_action("Switch a service off for everyone")
                },
                "/services/{key}/restore": {
                    "post": _owner_action("Switch a killed service on again")
                },
                "/stages/advance": {
                    "post": _owner_action(
                        "Advance the platform's live stage", override=True, key=False, step=True
                    )
                },
                "/stages/retreat": {
                    "post": _owner_action(
                        "Step the platform's live stage back", key=False, step=True
                    )
                },
                "/openapi.json": {
                    "get": {
                        "summary": "This document",
                        "responses": {"200": {"description": "The OpenAPI document"}},
                    }
                },
                # The services' own APIs (stages/api.py), of the services this app serves.
                **documented_paths(service.key for service in current_app.extensions["services"]),
            }
        ),
    }
