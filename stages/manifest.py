"""What a service declares about itself. The registry reads nothing else."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint

# Unleash flag names allow more; we keep to what is also a valid blueprint and package name.
FLAG_NAME = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


@dataclass(frozen=True)
class ServiceManifest:
    key: str  # = blueprint name = Unleash flag name = package name
    title_de: str
    title_en: str
    summary_de: str
    summary_en: str
    home_stage: str
    blueprint: Blueprint
    icon: str
    nav_label_de: str = ""
    nav_label_en: str = ""
    depends_on: tuple[str, ...] = ()
    package: str = ""  # the module that declares it: stages.<home_stage>.<key>
    load_demo: Callable | None = field(default=None, compare=False)  # (db: Session) -> None

    @property
    def endpoint(self) -> str:
        """The service's front page: every service blueprint has an `index` view."""
        return f"{self.key}.index"

    def title(self, language: str = "de") -> str:
        return self.title_en if language == "en" else self.title_de

    def summary(self, language: str = "de") -> str:
        return self.summary_en if language == "en" else self.summary_de

    def nav_label(self, language: str = "de") -> str:
        label = self.nav_label_en if language == "en" else self.nav_label_de
        return label or self.title(language)
