"""Every service as product owners see it: built ones with their runtime state, planned ones
with their target stage. The console and `flask stages list` both read it from here."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from flags.access import EVERYONE, NOBODY, TESTERS, audience_now
from stages.ladder import LADDER, LAST, Stage, at_level
from stages.manifest import ServiceManifest
from stages.models import PlannedService
from stages.state import Snapshot, read_snapshot

AUDIENCE_LABELS = {
    EVERYONE: _l("alle"),
    TESTERS: _l("Testerinnen und Tester"),
    NOBODY: _l("niemand außer dem Team"),
}


@dataclass(frozen=True)
class ServiceRow:
    key: str
    title: str
    summary: str
    icon: str
    stage: str  # a planned service's target stage
    home_stage: str
    enabled: bool
    rollout: int
    implemented: bool
    audience: str  # who besides the team sees it now: everyone, testers, nobody
    depends_on: tuple[str, ...] = ()
    planned_id: int | None = None


@dataclass(frozen=True)
class Overview:
    snapshot: Snapshot
    rows: list[ServiceRow]

    def by_stage(self) -> list[tuple[Stage, list[ServiceRow]]]:
        return [(stage, [row for row in self.rows if row.stage == stage.key]) for stage in LADDER]

    @property
    def preview_stage(self) -> str | None:
        """The wave testers see ahead of everyone; none once the last stage is live."""
        level = self.snapshot.live_level + 1
        return at_level(level).key if level <= LAST.level else None

    def titles(self) -> dict[str, str]:
        return {row.key: row.title for row in self.rows}


def _built_row(service: ServiceManifest, snapshot: Snapshot, language: str) -> ServiceRow:
    status = snapshot.services[service.key]
    return ServiceRow(
        key=service.key,
        title=str(service.title),
        summary=str(service.summary),
        icon=service.icon,
        stage=status.stage,
        home_stage=service.home_stage,
        enabled=status.enabled,
        rollout=status.rollout,
        implemented=True,
        audience=audience_now(status, snapshot),
        depends_on=service.depends_on,
    )


def _planned_row(planned: PlannedService) -> ServiceRow:
    # Nobody can see what has no code yet; it only appears on the roadmap.
    return ServiceRow(
        key=planned.key,
        title=planned.title,
        summary=planned.summary,
        icon="📝",
        stage=planned.target_stage,
        home_stage=planned.target_stage,
        enabled=False,
        rollout=0,
        implemented=False,
        audience=NOBODY,
        planned_id=planned.id,
    )


def read_overview(db: Session, services: list[ServiceManifest], language: str) -> Overview:
    snapshot = read_snapshot(db, services)
    planned = db.exec(select(PlannedService).order_by(PlannedService.key)).all()
    rows = [_built_row(service, snapshot, language) for service in services]
    rows += [_planned_row(entry) for entry in planned]
    return Overview(snapshot=snapshot, rows=rows)
