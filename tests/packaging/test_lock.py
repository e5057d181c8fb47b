"""The Python locks say what pyproject.toml says: refreshed with ``bash scripts/lock.sh``.

Read offline: every requirement of pyproject.toml (runtime, every extra, the build backend) is
satisfied by an exact pin in the lock that installs it; the packages the lock says come straight
from the project are exactly the project's requirements (one added or removed in pyproject.toml
and not locked fails here); every pin carries hashes; the service's lock uses the versions the
tests pass with.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from livesvc import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DEV, RUNTIME = ROOT / "requirements" / "dev.txt", ROOT / "requirements" / "runtime.txt"
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)")
FROM_PROJECT = "graphsvc (pyproject.toml)"


def blocks(lock: Path) -> dict[str, list[str]]:
    """Each locked package (canonical name) → its lines: the pin, hashes and ``# via`` notes."""
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = found.setdefault(canonicalize_name(match.group(1)), [line])
        elif current:
            current.append(line)
    return found


def version(block: list[str]) -> str:
    match = PIN.match(block[0])
    assert match is not None
    return match.group(2)


def requirements(*extras: str) -> list[Requirement]:
    project = PYPROJECT["project"]
    names = list(project["dependencies"])
    for extra in extras:
        names += project["optional-dependencies"][extra]
    return [Requirement(name) for name in names]


CASES = {
    "dev": (DEV, requirements("test", "bench")),
    "runtime": (RUNTIME, requirements()),
}


@pytest.mark.parametrize("lock,wanted", CASES.values(), ids=CASES.keys())
def test_every_requirement_is_pinned_to_a_version_it_allows(
    lock: Path, wanted: list[Requirement]
) -> None:
    locked = blocks(lock)
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement} is not in {lock.name}: run bash scripts/lock.sh"
        pinned = version(locked[name])
        assert requirement.specifier.contains(pinned, prereleases=True), (
            f"{lock.name} pins {name}=={pinned}, outside {requirement}: run bash scripts/lock.sh"
        )


@pytest.mark.parametrize("lock,wanted", CASES.values(), ids=CASES.keys())
def test_what_the_lock_takes_from_the_project_is_what_the_project_asks(
    lock: Path, wanted: list[Requirement]
) -> None:
    direct = {
        name for name, block in blocks(lock).items() if any(FROM_PROJECT in line for line in block)
    }
    assert direct == {canonicalize_name(r.name) for r in wanted}


@pytest.mark.parametrize("lock", [DEV, RUNTIME], ids=["dev", "runtime"])
def test_every_pin_carries_hashes(lock: Path) -> None:
    for name, block in blocks(lock).items():
        assert any("--hash=sha256:" in line for line in block), name


def test_the_service_runs_on_the_versions_the_tests_pass_with() -> None:
    dev, runtime = blocks(DEV), blocks(RUNTIME)
    assert set(runtime) <= set(dev)
    assert {name: version(runtime[name]) for name in runtime} == {
        name: version(dev[name]) for name in runtime
    }


def test_the_build_backend_is_the_locked_one() -> None:
    """Isolated builds (serve.sh's editable install) get the setuptools the tests build with."""
    (backend,) = (Requirement(r) for r in PYPROJECT["build-system"]["requires"])
    assert str(backend.specifier) == "==" + version(blocks(DEV)["setuptools"])
