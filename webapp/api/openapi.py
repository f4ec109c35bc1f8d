"""The OpenAPI document of /api/v1. A test checks it names every route the API serves."""

from webapp.municipalities import MUNICIPALITIES

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
            "/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {"200": {"description": "The OpenAPI document"}},
                }
            },
        },
    }
