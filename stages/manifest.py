"""What a service declares about itself. The registry reads nothing else."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint
from flask_babel import LazyString, force_locale

# Unleash flag names allow more; we keep to what is also a valid blueprint and package name.
FLAG_NAME = re.compile(r"^[a-z][a-z0-9_]{1,39}$")

Text = str | LazyString  # a label in German, translated by gettext (`_l`) when shown


@dataclass(frozen=True)
class ScheduledStep:
    """Time-based work of a service (expiries, reminders), run by the platform's task queue.

    `run(db: Session, now: datetime) -> int` does what is due at `now` and says how many things
    it did. It must be idempotent: run twice, late, or on two instances at once, nothing happens
    twice (mark what was done in the database, in the same transaction)."""

    name: str  # unique on the platform: "<service key>.<what it does>"
    run: Callable = field(compare=False)
    # When it runs, as crontab fields (huey's `crontab`): every 15 minutes unless told.
    minute: str = "*/15"
    hour: str = "*"
    day: str = "*"
    month: str = "*"


@dataclass(frozen=True)
class ServiceManifest:
    key: str  # = blueprint name = Unleash flag name = package name
    title: Text
    summary: Text
    home_stage: str
    blueprint: Blueprint
    icon: str
    nav_label: Text | None = None  # shorter than the title in the navigation; defaults to it
    depends_on: tuple[str, ...] = ()
    package: str = ""  # the module that declares it: stages.<home_stage>.<key>
    load_demo: Callable | None = field(default=None, compare=False)  # (db: Session) -> None
    # (municipality: slug, or "" for the whole district) -> str | None: its part of the front
    # page rendered from its own template, or None when it has nothing to show there now.
    front_page: Callable | None = field(default=None, compare=False)
    # (db: Session, user: User) -> int: what waits for a signed-in person (unread messages),
    # shown beside the service in the navigation. One query for the whole count.
    nav_count: Callable | None = field(default=None, compare=False)
    # (label, endpoint): the page where partners find what their organisation published here,
    # linked under "Meine Beiträge" on their profile while the service is open to them.
    partner_page: tuple[Text, str] | None = None
    # Time-based work the task queue runs for this service, whatever its stage.
    scheduled: tuple[ScheduledStep, ...] = ()
    # The person's rights under the DSGVO, whatever the service's stage:
    # (db: Session, user: User) -> dict[str, list[dict]]: every row of this service that holds
    # something of the person, JSON-ready, by table (the data download, Art. 15/20).
    personal_data: Callable | None = field(default=None, compare=False)
    # (db: Session, user: User) -> None: the account is being deleted (Art. 17): remove what is
    # only the person's, anonymise what others rely on; counts stay true. No commit.
    forget: Callable | None = field(default=None, compare=False)

    def __post_init__(self):
        if self.nav_label is None:
            object.__setattr__(self, "nav_label", self.title)

    @property
    def endpoint(self) -> str:
        """The service's front page: every service blueprint has an `index` view."""
        return f"{self.key}.index"


def in_german(text: Text) -> str:
    """For what is stored or sent outside (Unleash descriptions, notifications): always German,
    whatever the language of the person who caused it."""
    with force_locale("de"):
        return str(text)
