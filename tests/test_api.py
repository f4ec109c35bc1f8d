"""The JSON API: /api/v1/me and an OpenAPI document that names every API route."""

from sqlmodel import select

from core.models import Membership, Organisation
from tests.conftest import csrf_token, make_user, post_form


def test_me_answers_401_in_json_when_signed_out(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json() == {"error": 401, "message": "Bitte melden Sie sich an."}


def test_me_describes_the_signed_in_partner(client, auth, database):
    user = make_user(database, is_tester=True)
    organisation = Organisation(name="Hofladen", kind="business", municipality="moeckern")
    database.add(organisation)
    database.commit()
    database.add(Membership(user_id=user.id, organisation_id=organisation.id))
    database.commit()
    auth.login()
    response = client.get("/api/v1/me")
    assert response.get_json() == {
        "email": "anna@example.org",
        "display_name": "Anna Beispiel",
        "roles": ["resident", "tester", "partner"],
        "municipality": "burg",
    }


def test_api_errors_are_json(client):
    response = client.get("/api/v1/gibt-es-nicht")
    assert response.status_code == 404
    assert response.get_json()["error"] == 404


def test_api_write_without_csrf_header_is_refused_in_json(app, client, auth, database):
    @app.post("/api/v1/probe")
    def probe():
        return {"ok": True}

    make_user(database)
    auth.login()

    refused = client.post("/api/v1/probe")
    assert refused.status_code == 400
    assert "Sicherheitsprüfung" in refused.get_json()["message"]
    accepted = client.post("/api/v1/probe", headers={"X-CSRFToken": csrf_token(client)})
    assert accepted.get_json() == {"ok": True}


def test_openapi_document_names_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    documented = {
        (path, method.upper())
        for path, operations in document["paths"].items()
        for method in operations
    }
    served = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = rule.rule.removeprefix("/api/v1").replace("<", "{").replace(">", "}")
        path = "/".join(
            "{" + part.split(":")[-1] if part.startswith("{") and ":" in part else part
            for part in path.split("/")
        )
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            served.add((path, method))
    assert served == documented


def test_signed_out_visitor_cannot_use_a_deleted_accounts_cookie(client, auth, database):
    user = make_user(database)
    auth.login()
    assert client.get("/api/v1/me").status_code == 200
    database.delete(database.exec(select(type(user)).where(type(user).id == user.id)).one())
    database.commit()
    assert client.get("/api/v1/me").status_code == 401
    assert post_form(client, "/abmelden").status_code == 302


def test_every_operation_documents_the_refusal_of_a_nul_character(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert "400" in operation["responses"], (method, path)
    refused = client.get("/api/v1/stages?q=%00")
    assert refused.status_code == 400
    assert "Nullzeichen" in refused.get_json()["message"]
    # The services' own 400 keeps its reason.
    reply = document["paths"]["/messages/threads/{thread_id}"]["post"]["responses"]["400"]
    assert reply["description"] == "Not a JSON object, or missing CSRF token"
