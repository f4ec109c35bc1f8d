"""The OpenAPI document of /api/v1. A test checks it names every route the API serves."""

from stages.ladder import STAGES
from webapp.municipalities import MUNICIPALITIES

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


def _owner_action(
    summary: str, *, rollout: bool = False, override: bool = False, key: bool = True
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
            ),
        },
    }
    if key:
        operation["parameters"] = [
            {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}
        ]
    return operation


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
                    },
                    "required": ["key", "title", "stage", "home_stage", "state", "url"],
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
            },
        },
        "paths": {
            "/me": {
                "get": {
                    "summary": "The signed-in account",
                    "security": [{"session": []}],
                    "responses": {
                        "200": {
                            "description": "The account",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Me"}}
                            },
                        },
                        "401": _error("Not signed in"),
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
            "/services/{key}/promote": {
                "post": _owner_action("Move a service one stage toward live", override=True)
            },
            "/services/{key}/demote": {
                "post": _owner_action("Move a service one stage away from live")
            },
            "/services/{key}/rollout": {
                "put": _owner_action("Set the rollout percentage", rollout=True)
            },
            "/services/{key}/kill": {"post": _owner_action("Switch a service off for everyone")},
            "/services/{key}/restore": {"post": _owner_action("Switch a killed service on again")},
            "/stages/advance": {
                "post": _owner_action("Advance the platform's live stage", override=True, key=False)
            },
            "/stages/retreat": {
                "post": _owner_action("Step the platform's live stage back", key=False)
            },
            "/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {"200": {"description": "The OpenAPI document"}},
                }
            },
        },
    }
