"""The services the platform serves: each stage's own list, in the ladder's order. Composed
here in the roof, so that stage control below never imports the services above it; adding a
service is one line in its stage's SERVICES."""

from stages import bicycle, moped, truck
from stages.manifest import ServiceManifest

STAGE_SERVICES: dict[str, list[ServiceManifest]] = {
    "bicycle": bicycle.SERVICES,
    "moped": moped.SERVICES,
    "truck": truck.SERVICES,
}


def registered_services() -> list[ServiceManifest]:
    return [service for services in STAGE_SERVICES.values() for service in services]
