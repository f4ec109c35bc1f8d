"""The service registry: explicit lists, validated at start-up, and the import rule."""

import ast
from pathlib import Path

import pytest

from stages.ladder import LADDER
from stages.registry import STAGE_SERVICES, RegistryError, registered_services, validate
from tests.fake_services import ALPHA, BETA, GAMMA, make_service
from webapp import create_app

ROOT = Path(__file__).resolve().parent.parent


def test_valid_services_pass():
    assert validate([ALPHA, BETA, GAMMA]) == [ALPHA, BETA, GAMMA]


@pytest.mark.parametrize(
    ("services", "words"),
    [
        ([make_service("Bad-Key")], "'Bad-Key': ungültiger Flag-Name"),
        ([ALPHA, make_service("alpha")], "'alpha': Schlüssel ist doppelt vergeben"),
        ([make_service("delta", "bus")], "'delta': unbekannte Heimatstufe 'bus'"),
        ([make_service("delta", blueprint_name="other")], "'delta': Blueprint heißt 'other'"),
        (
            [make_service("delta", "moped", package="stages.bicycle.delta")],
            "gehört nach 'stages.moped.delta'",
        ),
        (
            [make_service("delta", depends_on=["nirgends"])],
            "'delta': hängt von unbekanntem Dienst 'nirgends'",
        ),
        (
            [GAMMA, make_service("delta", "bicycle", depends_on=["gamma"])],
            "'delta': hängt von 'gamma' aus einer späteren Stufe",
        ),
        (
            [make_service("one", depends_on=["two"]), make_service("two", depends_on=["one"])],
            "zyklische Abhängigkeit (one → two → one)",
        ),
    ],
)
def test_invalid_services_are_refused_with_the_offending_name(services, words):
    with pytest.raises(RegistryError) as refused:
        validate(services)
    assert words in str(refused.value)


def test_app_refuses_to_start_with_an_invalid_service(database_url):
    with pytest.raises(RegistryError, match="'delta'"):
        create_app({"DATABASE_URL": database_url, "SERVICES": [make_service("delta", "bus")]})


def test_real_registry_is_valid_and_each_service_lives_in_its_stage_folder():
    services = validate(registered_services())
    for stage_key, listed in STAGE_SERVICES.items():
        for service in listed:
            assert service.home_stage == stage_key
            assert service.package == f"stages.{stage_key}.{service.key}"
            assert (ROOT / "stages" / stage_key / service.key / "__init__.py").exists()
    assert [s.key for s in services] == [
        s.key for listed in STAGE_SERVICES.values() for s in listed
    ]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def stage_import_violations(root: Path) -> list[str]:
    violations = []
    for stage in LADDER:
        later = [other.key for other in LADDER if other.level > stage.level]
        for path in (root / "stages" / stage.key).rglob("*.py"):
            for module in _imported_modules(path):
                for later_stage in later:
                    if module == f"stages.{later_stage}" or module.startswith(
                        f"stages.{later_stage}."
                    ):
                        violations.append(f"{path.relative_to(root)} imports {module}")
    return violations


def test_no_stage_imports_a_later_stage():
    assert stage_import_violations(ROOT) == []


def test_import_rule_check_finds_a_violation(tmp_path):
    (tmp_path / "stages" / "moped" / "help").mkdir(parents=True)
    (tmp_path / "stages" / "moped" / "help" / "routes.py").write_text(
        "import stages.bicycle.news\nfrom stages.truck.orders import models\n"
    )
    assert stage_import_violations(tmp_path) == [
        "stages/moped/help/routes.py imports stages.truck.orders"
    ]
