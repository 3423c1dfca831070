"""The import contracts `make lint` checks (pyproject.toml, import-linter) keep up with the code."""

import tomllib

from schema import AREAS
from server.settings import PROJECT_ROOT


def _contract(name: str) -> dict:
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    [contract] = [c for c in config["tool"]["importlinter"]["contracts"] if c["name"] == name]
    return contract


def test_schema_core_is_forbidden_every_area_the_schema_lists():
    contract = _contract("schema.core imports no schema area")
    assert contract["source_modules"] == ["schema.core"]
    assert sorted(contract["forbidden_modules"]) == sorted(f"schema.{a.name}" for a in AREAS)


def test_each_area_is_named_after_its_package():
    for area in AREAS:
        packages = {part.__module__.split(".")[1] for part in (*area.queries, *area.mutations)}
        packages |= {kind.__module__.split(".")[1] for kind in area.types}
        assert packages <= {area.name}, (area.name, packages)
