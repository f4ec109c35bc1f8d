"""The stage ladder, defined once: 🚲 Fahrrad → 🛵 Moped → 🚚 LKW."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    key: str
    level: int
    label_de: str
    label_en: str
    icon: str

    def label(self, language: str = "de") -> str:
        return self.label_en if language == "en" else self.label_de


LADDER: tuple[Stage, ...] = (
    Stage("bicycle", 1, "Fahrrad", "Bicycle", "🚲"),
    Stage("moped", 2, "Moped", "Moped", "🛵"),
    Stage("truck", 3, "LKW", "Truck", "🚚"),
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
