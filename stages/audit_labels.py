"""The audit log's words for what stage control records: its actions, its fields, and how their
values read ("Stufe: LKW → Moped", "Anteil: 100 % → 25 %")."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.audit import describe
from stages.ladder import STAGES, is_stage


def _stage(value) -> str:
    return str(STAGES[value].label) if is_stage(value) else str(value)


def _share(value) -> str:
    return f"{value} %"


def _switch(value) -> str:
    return _("an") if value else _("aus")


describe(
    actions={
        "promote": _l("Befördert"),
        "demote": _l("Zurückgestuft"),
        "rollout": _l("Anteil gesetzt"),
        "kill": _l("Abgeschaltet"),
        "restore": _l("Wieder eingeschaltet"),
        "advance": _l("Plattform eine Stufe weiter"),
        "retreat": _l("Plattform eine Stufe zurück"),
        "plan": _l("Geplanten Dienst angelegt"),
        "plan_edit": _l("Geplanten Dienst geändert"),
        "plan_delete": _l("Geplanten Dienst gelöscht"),
    },
    fields={
        "live_stage": _l("Live-Stufe"),
        "stage": _l("Stufe"),
        "rollout": _l("Anteil"),
        "enabled": _l("Eingeschaltet"),
        "title": _l("Titel"),
        "summary": _l("Beschreibung"),
        "target_stage": _l("Zielstufe"),
    },
    values={
        "live_stage": _stage,
        "stage": _stage,
        "target_stage": _stage,
        "rollout": _share,
        "enabled": _switch,
    },
)
