"""Error pages in German; JSON for the API; a message in the flash region for htmx."""

from flask import Flask, jsonify, make_response, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from core.rendering import htmx, is_api_request


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("Die Anfrage war fehlerhaft"),
            _("Bitte prüfen Sie Ihre Eingaben und versuchen Sie es noch einmal."),
        ),
        401: (
            _("Bitte melden Sie sich an"),
            _("Diese Seite ist nur für angemeldete Nutzerinnen und Nutzer."),
        ),
        403: (_("Kein Zugriff"), _("Dafür fehlt Ihnen die Berechtigung.")),
        404: (
            _("Seite nicht gefunden"),
            _("Diese Seite gibt es nicht, oder sie ist noch nicht freigeschaltet."),
        ),
        405: (_("Nicht erlaubt"), _("Diese Aktion ist hier nicht möglich.")),
        409: (
            _("Das geht gerade nicht"),
            _("Der Stand hat sich inzwischen geändert. Bitte laden Sie die Seite neu."),
        ),
        413: (_("Zu groß"), _("Die gesendeten Daten sind zu groß.")),
        422: (
            _("Bitte prüfen Sie Ihre Eingaben"),
            _("Einige Angaben sind so nicht gültig."),
        ),
        429: (
            _("Zu viele Versuche"),
            _("Bitte warten Sie einen Moment und versuchen Sie es dann noch einmal."),
        ),
        500: (
            _("Da ist etwas schiefgegangen"),
            _("Ein Fehler ist bei uns aufgetreten. Bitte versuchen Sie es später noch einmal."),
        ),
        503: (_("Gerade nicht verfügbar"), _("Die Plattform wird gerade gewartet.")),
    }


class Refusal(Exception):
    """An action the platform refuses; `message` says why in German, `status` is the answer's
    HTTP status. Raised by service functions; one handler answers HTML, htmx and JSON alike."""

    status = 400

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


def error_response(code: int, detail: str | None = None):
    title, text = _messages().get(code, _messages()[500])
    text = detail or text
    if is_api_request():
        return jsonify(error=code, message=text), code
    if htmx:
        body = render_template("_error_message.html", title=title, text=text)
        # Show the message in the flash region instead of swapping it into the target.
        return body, code, {"HX-Retarget": "#meldungen", "HX-Reswap": "innerHTML"}
    return render_template("error.html", code=code, title=title, text=text), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return error_response(
            400,
            _(
                "Die Sicherheitsprüfung ist fehlgeschlagen (das Formular war veraltet oder unvollständig). "
                "Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."
            ),
        )

    @app.errorhandler(Refusal)
    def refused(refusal: Refusal):
        return error_response(refusal.status, refusal.message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error  # routing redirects are exceptions too
        response = make_response(error_response(error.code))
        # The exception's own headers belong to the answer (Allow on a 405, Retry-After, …).
        for name, value in error.get_response().headers.items():
            if name.lower() not in ("content-type", "content-length"):
                response.headers[name] = value
        return response

    @app.errorhandler(InternalServerError)
    def server_error(_error):
        return error_response(500)
