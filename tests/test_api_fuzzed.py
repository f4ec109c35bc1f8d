"""The API fuzzed: schemathesis generates requests from /api/v1/openapi.json for every operation,
valid and invalid, and sends them to the app (WSGI, in-process) with the demo content loaded
and every service live, as a visitor, a resident and a product owner (session cookie and the
CSRF header, as the document says). No answer may be a server error, and every answer must be
one the document names: its status code, content type, headers and JSON schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from core import db
from core.audit import Actor
from stages import control
from stages.ladder import STAGES
from tests.conftest import csrf_token, post_form

DEMO_PASSWORD = "landwerk-demo-fuzz"
# Examples per operation and account: about 40 s of CPU time per database.
EXAMPLES = 15


@pytest.fixture
def platform(app_factory):
    app = app_factory(FLAG_CHECK_INTERVAL=0, DEMO_PASSWORD=DEMO_PASSWORD)
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with app.test_request_context():
        for _ in range(len(STAGES) - 1):  # the last stage live: every service is
            control.advance_platform(
                db=db.session(),
                services=app.extensions["services"],
                actor=Actor(id=None, label="owner@landwerk.example"),
                reason="Alle Dienste für den Test der API",
                override_blockers=True,
            )
    return app


@pytest.fixture
def api(platform):
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", platform)
    # The session cookie and the CSRF header are the signed-in client's own, not generated.
    loaded.config.generation.update(with_security_parameters=False)
    return loaded


@pytest.fixture(params=[None, "resident@landwerk.example", "owner@landwerk.example"])
def signed_in(request, platform):
    """A client of the app as a visitor, a resident or a product owner, and its CSRF token."""
    client = platform.test_client()
    if request.param is not None:
        answer = post_form(client, "/login", {"email": request.param, "password": DEMO_PASSWORD})
        assert answer.status_code == 302
        assert client.get("/api/v1/me").get_json()["email"] == request.param
    return client, csrf_token(client)


schema = schemathesis.pytest.from_fixture("api")


@schema.parametrize()
@pytest.mark.usefixtures("signed_in")  # for pytest to see its parameters: the three accounts
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_documented_and_none_is_a_server_error(case, signed_in):
    client, token = signed_in
    case.call_and_validate(
        session=client,
        headers={"X-CSRFToken": token},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
            response_schema_conformance,
            negative_data_rejection,
        ],
    )
