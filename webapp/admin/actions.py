"""The console's changes: what each is called, which control function makes it, which form
confirms it, and what it means for residents – said before it happens."""

from collections.abc import Callable
from dataclasses import dataclass, replace

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from flags.access import EVERYONE, NOBODY, TESTERS, audience_now
from stages import control
from stages.ladder import FIRST, LAST, STAGES, at_level
from stages.state import ServiceStatus, Snapshot
from webapp.admin.forms import ConfirmForm, MoveConfirmForm, OverrideConfirmForm, RolloutForm
from webapp.admin.overview import AUDIENCE_LABELS, Overview


def stage_label(key: str) -> str:
    stage = STAGES[key]
    return f"{stage.icon} {str(stage.label)}"


@dataclass(frozen=True)
class Action:
    name: str
    button: str  # lazy string: the link in the console
    title: str  # lazy string, may hold %(title)s: the confirmation's heading
    run: Callable  # the stages.control function
    form: type[ConfirmForm] = ConfirmForm


SERVICE_ACTIONS = {
    action.name: action
    for action in (
        Action(
            "promote",
            _l("Eine Stufe weiter freischalten"),
            _l("„%(title)s“ eine Stufe weiter freischalten"),
            control.promote_service,
            OverrideConfirmForm,
        ),
        Action(
            "demote",
            _l("Zurückstufen"),
            _l("„%(title)s“ zurückstufen"),
            control.demote_service,
            MoveConfirmForm,
        ),
        Action(
            "rollout",
            _l("Anteil setzen"),
            _l("Anteil für „%(title)s“ setzen"),
            control.set_rollout,
            RolloutForm,
        ),
        Action("kill", _l("Abschalten"), _l("„%(title)s“ abschalten"), control.kill_service),
        Action(
            "restore",
            _l("Wieder einschalten"),
            _l("„%(title)s“ wieder einschalten"),
            control.restore_service,
        ),
    )
}

PLATFORM_ACTIONS = {
    action.name: action
    for action in (
        Action(
            "advance",
            _l("Plattform eine Stufe weiter"),
            _l("Plattform eine Stufe weiter"),
            control.advance_platform,
            OverrideConfirmForm,
        ),
        Action(
            "retreat",
            _l("Plattform eine Stufe zurück"),
            _l("Plattform eine Stufe zurück"),
            control.retreat_platform,
            MoveConfirmForm,
        ),
    )
}


def service_actions_for(status: ServiceStatus) -> list[Action]:
    """The changes that make sense from where the service stands now."""
    names = []
    if status.level > FIRST.level:
        names.append("promote")
    if status.level < LAST.level:
        names.append("demote")
    names += ["rollout", "kill" if status.enabled else "restore"]
    return [SERVICE_ACTIONS[name] for name in names]


def platform_actions_for(snapshot: Snapshot) -> list[Action]:
    names = []
    if snapshot.live_level < LAST.level:
        names.append("advance")
    if snapshot.live_level > FIRST.level:
        names.append("retreat")
    return [PLATFORM_ACTIONS[name] for name in names]


def _moved(status: ServiceStatus, step: int) -> ServiceStatus | None:
    level = status.level + step
    if not FIRST.level <= level <= LAST.level:
        return None
    return replace(status, stage=at_level(level).key)


def audience_sentence(status: ServiceStatus, snapshot: Snapshot, title: str) -> str:
    audience = audience_now(status, snapshot)
    if audience == EVERYONE and status.rollout < 100:
        return _(
            "Danach sehen %(percent)d %% der Einwohnerinnen und Einwohner den Dienst „%(title)s“ "
            "(immer dieselben); Testerinnen und Tester sehen ihn alle.",
            percent=status.rollout,
            title=title,
        )
    return {
        EVERYONE: _(
            "Danach sehen alle Einwohnerinnen und Einwohner den Dienst „%(title)s“.", title=title
        ),
        TESTERS: _("Danach sehen nur Testerinnen und Tester den Dienst „%(title)s“.", title=title),
        NOBODY: _("Danach sieht niemand außer dem Team den Dienst „%(title)s“.", title=title),
    }[audience]


def service_consequences(action: str, status: ServiceStatus, snapshot: Snapshot, title: str):
    """Sentences saying what the change will do, in the words residents would use."""
    if action == "rollout":
        return [
            _(
                "Der Anteil legt fest, wie viele Einwohnerinnen und Einwohner den Dienst sehen, "
                "sobald er für alle freigeschaltet ist – immer dieselben Personen. Testerinnen "
                "und Tester sehen ihn immer. Jetzt: %(percent)d %%.",
                percent=status.rollout,
            )
        ]
    after = {
        "promote": _moved(status, -1),
        "demote": _moved(status, +1),
        "kill": replace(status, enabled=False),
        "restore": replace(status, enabled=True),
    }[action]
    if after is None:
        return []
    sentences = []
    if after.stage != status.stage:
        sentences.append(
            _(
                "„%(title)s“ kommt von Stufe %(before)s auf Stufe %(after)s.",
                title=title,
                before=stage_label(status.stage),
                after=stage_label(after.stage),
            )
        )
    if action == "kill":
        sentences.append(_("Das Abschalten wirkt sofort, auf jeder Stufe."))
    sentences.append(audience_sentence(after, snapshot, title))
    return sentences


def platform_consequences(action: str, overview: Overview) -> tuple[list[str], list[str]]:
    """What moving the live stage does: one sentence, and every service whose audience changes."""
    snapshot = overview.snapshot
    level = snapshot.live_level + (1 if action == "advance" else -1)
    if not FIRST.level <= level <= LAST.level:
        return [], []
    after = replace(snapshot, live_stage=at_level(level).key)
    sentences = [
        _(
            "Live für alle ist danach Stufe %(after)s statt %(before)s.",
            after=stage_label(after.live_stage),
            before=stage_label(snapshot.live_stage),
        )
    ]
    titles = overview.titles()
    changes = []
    for key, status in snapshot.services.items():
        now, then = audience_now(status, snapshot), audience_now(status, after)
        if now != then:
            changes.append(
                _(
                    "„%(title)s“: %(before)s → %(after)s",
                    title=titles[key],
                    before=AUDIENCE_LABELS[now],
                    after=AUDIENCE_LABELS[then],
                )
            )
    if not changes:
        sentences.append(_("Für keinen Dienst ändert sich, wer ihn sieht."))
    return sentences, changes


def service_done(action: str, title: str, status: ServiceStatus) -> str:
    """The message after a change to a service."""
    if action in ("promote", "demote"):
        return _(
            "„%(title)s“ steht jetzt auf Stufe %(stage)s.",
            title=title,
            stage=stage_label(status.stage),
        )
    if action == "rollout":
        return _("Anteil für „%(title)s“: %(percent)d %%.", title=title, percent=status.rollout)
    if action == "kill":
        return _("„%(title)s“ ist abgeschaltet.", title=title)
    return _("„%(title)s“ ist wieder eingeschaltet.", title=title)


def platform_done(live_stage: str) -> str:
    return _("Die Plattform steht jetzt auf Stufe %(stage)s.", stage=stage_label(live_stage))
