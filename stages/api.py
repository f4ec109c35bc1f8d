"""A service's JSON API under /api/v1/<key>/…, attached to the service's own blueprint: the
endpoint is the blueprint's (`<key>.api_<view>`), so the registry's gate answers for it like
for every other route of the service (locked → 404), and its OpenAPI paths are documented in
/api/v1/openapi.json only while the service is registered."""

from collections.abc import Callable, Iterable

from flask import Blueprint

PREFIX = "/api/v1"

_PATHS: dict[str, dict[str, dict]] = {}  # service key → OpenAPI path → operations


def api_route(bp: Blueprint, rule: str, *, operations: dict, methods=("GET",)) -> Callable:
    """Serve the view at /api/v1/<key><rule>; `operations` is its OpenAPI path item (the path
    written with {name} for <id:name>)."""

    def attach(view: Callable) -> Callable:
        endpoint = f"{bp.name}.api_{view.__name__}"
        bp.record_once(
            lambda state: state.app.add_url_rule(
                f"{PREFIX}/{bp.name}{rule}", endpoint, view, methods=list(methods)
            )
        )
        # One path may be served by several views (GET and POST): their operations add up.
        path = f"/{bp.name}{_openapi_path(rule)}"
        _PATHS.setdefault(bp.name, {}).setdefault(path, {}).update(operations)
        return view

    return attach


def _openapi_path(rule: str) -> str:
    parts = rule.split("/")
    return "/".join(
        "{" + part[1:-1].split(":")[-1] + "}" if part.startswith("<") else part for part in parts
    )


def documented_paths(keys: Iterable[str]) -> dict[str, dict]:
    """The OpenAPI paths of these services' APIs."""
    return {path: item for key in keys for path, item in _PATHS.get(key, {}).items()}
