"""Runtime state of services and of the platform, and planned services."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from core.models import utcnow


class PlatformState(SQLModel, table=True):
    """One row (id 1): the live stage, and a version bumped by every flag change."""

    id: int = Field(default=1, primary_key=True)
    live_stage: str = Field(max_length=20)
    # Workers compare this number to know when to rebuild their flags; every change bumps it.
    version: int = Field(default=0)
    updated_at: datetime = Field(default_factory=utcnow)


class ServiceState(SQLModel, table=True):
    """Where an implemented service stands now. A missing row means: as its manifest says."""

    key: str = Field(primary_key=True, max_length=40)
    stage: str = Field(max_length=20)
    enabled: bool = Field(default=True)
    rollout: int = Field(default=100)
    updated_by_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    updated_at: datetime = Field(default_factory=utcnow)


class PlannedService(SQLModel, table=True):
    """A roadmap entry without code yet: residents can vote for it, nobody can unlock it."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=40, unique=True)
    title: str = Field(max_length=120)
    summary: str = Field(max_length=1000)
    target_stage: str = Field(max_length=20)
    origin_idea_id: int | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow)
