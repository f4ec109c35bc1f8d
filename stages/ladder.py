"""The stage ladder, defined once: 🚲 Fahrrad → 🛵 Moped → 🚚 LKW."""

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Stage:
    key: str
    level: int
    label: LazyString
    icon: str


LADDER: tuple[Stage, ...] = (
    Stage("bicycle", 1, _l("Fahrrad"), "🚲"),
    Stage("moped", 2, _l("Moped"), "🛵"),
    Stage("truck", 3, _l("LKW"), "🚚"),
)
STAGES: dict[str, Stage] = {stage.key: stage for stage in LADDER}
FIRST, LAST = LADDER[0], LADDER[-1]


def stage(key: str) -> Stage:
    return STAGES[key]


def level_of(key: str) -> int:
    return STAGES[key].level


def at_level(level: int) -> Stage:
    return LADDER[level - 1]


def is_stage(key: object) -> bool:
    return isinstance(key, str) and key in STAGES
