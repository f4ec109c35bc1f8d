"""Verzeichnis: Wer hilft, und wann ist geöffnet? Betriebe, Vereine, Ämter und Pflegedienste."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from stages.bicycle.directory import models  # noqa: F401  (the schema knows its tables)
from stages.bicycle.directory.demo import load_demo
from stages.manifest import ServiceManifest

bp = Blueprint("directory", __name__, url_prefix="/verzeichnis", template_folder="templates")

manifest = ServiceManifest(
    key="directory",
    title=_l("Verzeichnis"),
    summary=_l("Wer hilft, und wann ist geöffnet? Betriebe, Vereine, Ämter und Pflegedienste."),
    home_stage="bicycle",
    blueprint=bp,
    icon="📇",
    package=__name__,
    load_demo=load_demo,
    partner_page=(_l("Ihre Einträge im Verzeichnis"), "directory.manage"),
)

from stages.bicycle.directory import routes  # noqa: E402,F401  (attaches the views to bp)
