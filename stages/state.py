"""Reading the runtime state: the live stage and where every registered service stands."""

from dataclasses import dataclass

from sqlmodel import Session, select

from stages.ladder import FIRST, level_of
from stages.manifest import ServiceManifest
from stages.models import PlatformState, ServiceState


@dataclass(frozen=True)
class ServiceStatus:
    """A service's runtime state as flags are built from it."""

    key: str
    stage: str
    enabled: bool
    rollout: int

    @property
    def level(self) -> int:
        return level_of(self.stage)


@dataclass(frozen=True)
class Snapshot:
    """Everything flag evaluation needs, read in one go."""

    version: int
    live_stage: str
    services: dict[str, ServiceStatus]

    @property
    def live_level(self) -> int:
        return level_of(self.live_stage)


def read_platform(db: Session) -> PlatformState:
    platform = db.get(PlatformState, 1)
    return platform or PlatformState(id=1, live_stage=FIRST.key, version=0)


def read_version(db: Session) -> int:
    version = db.exec(select(PlatformState.version).where(PlatformState.id == 1)).first()
    return version or 0


def default_status(service: ServiceManifest) -> ServiceStatus:
    return ServiceStatus(key=service.key, stage=service.home_stage, enabled=True, rollout=100)


def read_snapshot(db: Session, services: list[ServiceManifest]) -> Snapshot:
    platform = read_platform(db)
    rows = {row.key: row for row in db.exec(select(ServiceState))}
    statuses = {}
    for service in services:
        row = rows.get(service.key)
        statuses[service.key] = (
            ServiceStatus(key=row.key, stage=row.stage, enabled=row.enabled, rollout=row.rollout)
            if row is not None
            else default_status(service)
        )
    return Snapshot(version=platform.version, live_stage=platform.live_stage, services=statuses)
