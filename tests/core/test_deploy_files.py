"""The Containerfile and docs/deploy.md name only what exists: files to copy, `steward`
commands and their options, settings, routes. (The image cannot be built here: no container
registry is reachable; these tests keep what it runs true.)"""

from __future__ import annotations

import argparse
import json
import re
import shlex

import pytest

from server.cli import build_parser
from server.settings import PROJECT_ROOT

CONTAINERFILE = PROJECT_ROOT / "Containerfile"
DEPLOY = PROJECT_ROOT / "docs" / "deploy.md"
IMAGE_VARIABLES = {"STEWARD_WORKERS"}  # the image's own, read by its CMD
PLANNED = {"STEWARD_READ_DATABASE_URL"}  # named in the docs as planned


def instructions() -> list[tuple[str, str]]:
    """The Containerfile's instructions (continuation lines joined), as (keyword, arguments)."""
    text = re.sub(r"\\\n\s*", " ", CONTAINERFILE.read_text())
    found = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, rest = line.strip().partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def parses(argv: list[str]) -> None:
    """The arguments are a `steward` command the parser accepts."""
    try:
        build_parser().parse_args(argv)
    except SystemExit:
        pytest.fail(f"`steward {' '.join(argv)}` is not a command steward accepts")


def subcommands() -> set[str]:
    (chooser,) = [
        action
        for action in build_parser()._actions
        if isinstance(action, argparse._SubParsersAction)
    ]
    return set(chooser.choices)


def commands_in(shell: str, variables: dict[str, str]) -> list[list[str]]:
    """The `steward` commands a shell line runs, with the variables filled in."""
    for name, value in variables.items():
        shell = shell.replace(f'"${name}"', value).replace(f"${name}", value)
    found = []
    for part in re.split(r"&&|;|\|\|", shell):
        words = shlex.split(part)
        while words and (words[0] == "exec" or re.fullmatch(r"[A-Z_]+=\S*", words[0])):
            words = words[1:]
        if words and (words[0] == "steward" or words[0].endswith("bin/steward")):
            found.append(words[1:])
    return found


def settings_source() -> str:
    return (PROJECT_ROOT / "server" / "settings.py").read_text()


def test_the_image_is_python_3_11_slim_and_runs_as_a_user_that_is_not_root():
    steps = instructions()
    assert steps[0] == ("FROM", "python:3.11-slim")
    users = [rest for keyword, rest in steps if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")


def test_every_file_the_containerfile_copies_exists_and_is_not_ignored():
    ignored = {
        line.strip().rstrip("/")
        for line in (PROJECT_ROOT / ".containerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    copied = 0
    for keyword, rest in instructions():
        if keyword != "COPY":
            continue
        *sources, _target = rest.split()
        for source in sources:
            assert not source.startswith("--"), "no COPY --from or --chown expected"
            assert (PROJECT_ROOT / source).exists(), f"COPY {source}: no such file"
            assert source.rstrip("/") not in ignored, f"COPY {source}: .containerignore drops it"
            copied += 1
    assert copied >= 8


def test_the_containerfile_installs_with_the_constraints_in_place():
    (install,) = [rest for keyword, rest in instructions() if keyword == "RUN" and "pip" in rest]
    assert "--constraint constraints.txt" in install and "--editable ." in install
    assert "--no-cache-dir" in install


def test_the_containerfile_migrates_then_serves_with_real_commands():
    steps = instructions()
    environment = {}
    for keyword, rest in steps:
        if keyword == "ENV":
            environment.update(dict(pair.split("=", 1) for pair in shlex.split(rest)))
    for name in environment:
        if name.startswith("STEWARD_") and name not in IMAGE_VARIABLES:
            assert f'"{name}"' in settings_source(), f"{name} is not a Steward setting"
    (command,) = [json.loads(rest) for keyword, rest in steps if keyword == "CMD"]
    assert command[:2] == ["sh", "-c"]
    run = commands_in(command[2], environment)
    assert [argv[0] for argv in run] == ["migrate", "serve"]
    for argv in run:
        parses(argv)
    assert "--workers" in run[1]


def test_the_health_check_asks_a_route_the_app_has():
    (check,) = [rest for keyword, rest in instructions() if keyword == "HEALTHCHECK"]
    path = re.search(r"'(/[a-z-]+)'", check).group(1)
    routes = (PROJECT_ROOT / "tests" / "core" / "route_table.txt").read_text().splitlines()
    assert any(line.split()[0] == path for line in routes), path


def code_blocks(text: str) -> list[str]:
    return re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.DOTALL)


def test_every_steward_command_in_the_deploy_guide_is_one_steward_accepts():
    text = DEPLOY.read_text()
    seen = set()
    for block in code_blocks(text):
        block = re.sub(r"\\\n", " ", block)
        for line in block.splitlines():
            line = line.split("#", 1)[0] if not line.startswith("#") else ""
            line = line.removeprefix("ExecStartPre=").removeprefix("ExecStart=")
            line = re.sub(r"\$\([^)]*\)", "X", line)
            if "steward" not in line or line.startswith(("podman", "upstream", "server")):
                continue
            for argv in commands_in(line, {}):
                parses(argv)
                seen.add(argv[0])
    for inline in re.findall(r"`steward ([a-z-]+)", text):
        assert inline in subcommands(), f"`steward {inline}` is not a command"
        seen.add(inline)
    assert {"migrate", "serve", "backup", "restore", "check"} <= seen


def test_every_setting_the_deploy_guide_names_is_a_steward_setting():
    named = set(re.findall(r"`(STEWARD_[A-Z_]+)`", DEPLOY.read_text()))
    assert "STEWARD_SECRET_KEY" in named and "STEWARD_HTTPS_ONLY" in named
    source = settings_source()
    unknown = {name for name in named - IMAGE_VARIABLES - PLANNED if f'"{name}"' not in source}
    assert not unknown, f"not Steward settings: {sorted(unknown)}"


def test_the_guide_is_linked_from_the_readme():
    assert "docs/deploy.md" in (PROJECT_ROOT / "README.md").read_text()


def test_relative_links_in_the_guide_lead_to_files():
    for target in re.findall(r"\]\(([^)#:]+)\)", DEPLOY.read_text()):
        assert (DEPLOY.parent / target).exists() or (PROJECT_ROOT / target).exists(), target
