"""The service registry: explicit lists, validated at start-up, and the import rules that
import-linter cannot check (pyproject.toml holds the layer contracts)."""

import dataclasses
import tomllib
from pathlib import Path

import grimp
import pytest

from stages.manifest import ScheduledStep
from stages.registry import RegistryError, validate
from tests.fake_services import ALPHA, BETA, GAMMA, make_service
from webapp import create_app
from webapp.services import STAGE_SERVICES, registered_services

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


def _with_steps(service, *names):
    steps = tuple(ScheduledStep(name=name, run=lambda db, now: 0) for name in names)
    return dataclasses.replace(service, scheduled=steps)


@pytest.mark.parametrize(
    ("services", "words"),
    [
        ([_with_steps(ALPHA, "beta.expire")], "'beta.expire' muss mit 'alpha.' beginnen"),
        ([_with_steps(ALPHA, "alpha.expire", "alpha.expire")], "'alpha.expire' ist doppelt"),
    ],
)
def test_scheduled_steps_are_named_after_their_service_once(services, words):
    with pytest.raises(RegistryError) as refused:
        validate(services)
    assert words in str(refused.value)
    assert validate([_with_steps(ALPHA, "alpha.expire", "alpha.remind")])


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


def undeclared_service_imports(graph: grimp.ImportGraph, services) -> list[str]:
    """A service imports another service only if its manifest declares it in depends_on."""
    return [
        f"{importer.key} imports {imported.key} without declaring it in depends_on"
        for importer in services
        for imported in services
        if importer is not imported
        and imported.key not in importer.depends_on
        and graph.direct_import_exists(
            importer=importer.package, imported=imported.package, as_packages=True
        )
    ]


def test_services_import_only_the_services_they_depend_on():
    graph = grimp.build_graph("stages", cache_dir=None)
    assert undeclared_service_imports(graph, registered_services()) == []


def test_undeclared_import_check_sees_every_way_of_importing(tmp_path, monkeypatch):
    package = tmp_path / "probe"
    for name, source in {
        "one": "from probe import two\n",
        "two": "",
        "three": "from ..two import helpers\n",
        "four": "import probe.two.helpers\n",
    }.items():
        (package / name).mkdir(parents=True)
        (package / name / "__init__.py").write_text(source)
    (package / "__init__.py").write_text("")
    (package / "two" / "helpers.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("probe", cache_dir=None)
    services = [
        make_service("one", package="probe.one"),
        make_service("two", package="probe.two"),
        make_service("three", package="probe.three"),
        make_service("four", package="probe.four", depends_on=["two"]),
    ]
    assert undeclared_service_imports(graph, services) == [
        "one imports two without declaring it in depends_on",
        "three imports two without declaring it in depends_on",
    ]


def test_every_module_of_stage_control_has_its_layer():
    """A module in stages/ that no layer names would escape the layer contracts."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = " ".join(
        " ".join(c["layers"]) for c in contracts["contracts"] if c["type"] == "layers"
    )
    named = {name.strip("()") for name in layers.replace("|", " ").replace(":", " ").split()}
    modules = {
        f"stages.{path.stem if path.is_file() else path.name}"
        for path in (ROOT / "stages").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").exists()
    }
    assert modules - named == set()
