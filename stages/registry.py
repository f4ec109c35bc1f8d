"""The service registry's rules: what the services declare is checked at start-up (the roof
composes the stages' lists, webapp/services.py, and hands them in)."""

from collections.abc import Iterable

from stages.ladder import STAGES, level_of
from stages.manifest import FLAG_NAME, ServiceManifest


class RegistryError(RuntimeError):
    """A service declares something the platform cannot serve; the message names it."""


def validate(services: Iterable[ServiceManifest]) -> list[ServiceManifest]:
    services = list(services)
    by_key: dict[str, ServiceManifest] = {}
    for service in services:
        name = f"Dienst '{service.key}'"
        if not FLAG_NAME.match(service.key):
            raise RegistryError(
                f"{name}: ungültiger Flag-Name (erlaubt: a-z, 0-9, _; 2–40 Zeichen)"
            )
        if service.key in by_key:
            raise RegistryError(f"{name}: Schlüssel ist doppelt vergeben")
        if service.home_stage not in STAGES:
            raise RegistryError(f"{name}: unbekannte Heimatstufe '{service.home_stage}'")
        if service.blueprint.name != service.key:
            raise RegistryError(
                f"{name}: Blueprint heißt '{service.blueprint.name}', nicht '{service.key}'"
            )
        if service.package.startswith("stages."):
            expected = f"stages.{service.home_stage}.{service.key}"
            if service.package != expected:
                raise RegistryError(
                    f"{name}: liegt in '{service.package}', gehört nach '{expected}'"
                )
        by_key[service.key] = service
    for service in services:
        for dependency in service.depends_on:
            other = by_key.get(dependency)
            if other is None:
                raise RegistryError(
                    f"Dienst '{service.key}': hängt von unbekanntem Dienst '{dependency}' ab"
                )
            if level_of(other.home_stage) > level_of(service.home_stage):
                raise RegistryError(
                    f"Dienst '{service.key}': hängt von '{dependency}' aus einer späteren Stufe ab"
                )
    _refuse_cycles(by_key)
    _refuse_shared_step_names(services)
    return services


def _refuse_cycles(by_key: dict[str, ServiceManifest]) -> None:
    finished: set[str] = set()

    def visit(key: str, path: tuple[str, ...]) -> None:
        if key in path:
            cycle = " → ".join((*path[path.index(key) :], key))
            raise RegistryError(f"Dienst '{key}': zyklische Abhängigkeit ({cycle})")
        if key in finished:
            return
        for dependency in by_key[key].depends_on:
            visit(dependency, (*path, key))
        finished.add(key)

    for key in by_key:
        visit(key, ())


def _refuse_shared_step_names(services: list[ServiceManifest]) -> None:
    seen: dict[str, str] = {}
    for service in services:
        for step in service.scheduled:
            if not step.name.startswith(f"{service.key}."):
                raise RegistryError(
                    f"Dienst '{service.key}': geplanter Schritt '{step.name}' muss mit "
                    f"'{service.key}.' beginnen"
                )
            if step.name in seen:
                raise RegistryError(f"Dienst '{service.key}': Schritt '{step.name}' ist doppelt")
            seen[step.name] = service.key
