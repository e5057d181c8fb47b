"""Settings from the environment: sizes in MiB, 0 to turn the answer cache off, clear errors, and
the README's settings table held to what ``Settings.from_env`` reads.

The table test parses the rows of README.md's "Settings (environment)" table: each ``GRAPHSVC_*``
variable there, set to a valid value other than its default, must change the field it names, and
each ``GRAPHSVC_*`` variable the package reads or names must be a row of the table. A variable
added on one side only fails here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from livesvc import ROOT

from graphsvc.settings import Settings

MIB = 1024 * 1024
SETTINGS_HEADING = "### Settings (environment)"


def readme_rows() -> list[tuple[list[str], list[str]]]:
    """(variables, their defaults) of each row of README.md's settings table."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index(SETTINGS_HEADING)
    table: list[str] = []
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            table.append(line)
        elif table:
            break
    assert table[0].startswith("| variable | default |"), table[0]
    rows = []
    for line in table[2:]:  # past the header and the |---| line
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        names = re.findall(r"`([A-Z_]+)`", cells[0])
        defaults = [d.strip() for d in cells[1].split(",")] if len(names) > 1 else [cells[1]]
        rows.append((names, defaults if len(defaults) == len(names) else [cells[1]] * len(names)))
    return rows


README_DEFAULTS = {
    name: default
    for names, defaults in readme_rows()
    for name, default in zip(names, defaults, strict=True)
    if name.startswith("GRAPHSVC_")
}

# Variable → (a valid value other than the default, the variables it needs beside it,
# the field it sets, the field's value then).
SETTABLE: dict[str, tuple[str, dict[str, str], str, object]] = {
    "GRAPHSVC_STORE_DIR": ("/srv/hlm/store", {}, "store_dir", Path("/srv/hlm/store")),
    "GRAPHSVC_BASE_IRI": ("https://example.org/kg/", {}, "base_iri", "https://example.org/kg/"),
    "GRAPHSVC_UPDATE_TOKEN": ("s3cret", {}, "update_token", "s3cret"),
    "GRAPHSVC_QUERY_TIMEOUT": ("7.5", {}, "query_timeout", 7.5),
    "GRAPHSVC_QUERY_WORKERS": ("5", {}, "query_workers", 5),
    "GRAPHSVC_WORKER_STORE": ("disk", {}, "worker_store", "disk"),
    "GRAPHSVC_ANSWER_CACHE_MB": ("64", {}, "answer_cache_bytes", 64 * MIB),
    "GRAPHSVC_MAX_ROWS": ("42", {}, "max_rows", 42),
    "GRAPHSVC_MAX_QUERY_LENGTH": ("1234", {}, "max_query_length", 1234),
    "GRAPHSVC_MAX_BODY_BYTES": ("2048", {}, "max_body_bytes", 2048),
    "GRAPHSVC_REASONER": ("owlrl", {}, "reasoner", "owlrl"),
    "GRAPHSVC_VALIDATOR": ("pyshacl", {}, "validator", "pyshacl"),
    "GRAPHSVC_QUERIES_DIR": ("/srv/hlm/queries", {}, "queries_dir", Path("/srv/hlm/queries")),
    "GRAPHSVC_NODE_MODULES": ("/srv/hlm/nm", {}, "node_modules", Path("/srv/hlm/nm")),
    "GRAPHSVC_STORE": (
        "sparql",
        {"GRAPHSVC_SPARQL_QUERY_URL": "http://example.org/sparql"},
        "store_kind",
        "sparql",
    ),
    "GRAPHSVC_SPARQL_QUERY_URL": (
        "http://example.org/sparql",
        {},
        "sparql_query_url",
        "http://example.org/sparql",
    ),
    "GRAPHSVC_SPARQL_UPDATE_URL": (
        "http://example.org/update",
        {"GRAPHSVC_SPARQL_QUERY_URL": "http://example.org/sparql"},
        "sparql_update_url",
        "http://example.org/update",
    ),
    "GRAPHSVC_SPARQL_USER": ("ana", {}, "sparql_user", "ana"),
    "GRAPHSVC_SPARQL_PASSWORD": ("pw", {}, "sparql_password", "pw"),
    "GRAPHSVC_SPARQL_AUTH": ("basic", {}, "sparql_auth", "basic"),
}

# How the README writes a field's default, for the rows whose default is one literal value.
AS_README: dict[str, Callable[[Settings], str]] = {
    "GRAPHSVC_STORE_DIR": lambda s: f"./{s.store_dir}",
    "GRAPHSVC_BASE_IRI": lambda s: s.base_iri,
    "GRAPHSVC_QUERY_TIMEOUT": lambda s: f"{s.query_timeout:g}",
    "GRAPHSVC_QUERY_WORKERS": lambda s: str(s.query_workers),
    "GRAPHSVC_WORKER_STORE": lambda s: s.worker_store,
    "GRAPHSVC_ANSWER_CACHE_MB": lambda s: f"{s.answer_cache_bytes / MIB:g}",
    "GRAPHSVC_MAX_ROWS": lambda s: str(s.max_rows),
    "GRAPHSVC_MAX_QUERY_LENGTH": lambda s: str(s.max_query_length),
    "GRAPHSVC_MAX_BODY_BYTES": lambda s: str(s.max_body_bytes),
    "GRAPHSVC_REASONER": lambda s: s.reasoner,
    "GRAPHSVC_VALIDATOR": lambda s: s.validator,
    "GRAPHSVC_STORE": lambda s: s.store_kind,
    "GRAPHSVC_SPARQL_AUTH": lambda s: s.sparql_auth,
}


class RecordingEnv(Mapping[str, str]):
    """An environment that remembers every name it is asked for."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = dict(values)
        self.asked: set[str] = set()

    def __getitem__(self, name: str) -> str:
        self.asked.add(name)
        return self._values[name]

    def __contains__(self, name: object) -> bool:
        self.asked.add(str(name))
        return name in self._values

    def get(self, name: str, default: Any = None) -> Any:
        self.asked.add(name)
        return self._values.get(name, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def test_the_readme_table_is_found_and_lists_the_settings() -> None:
    assert len(README_DEFAULTS) >= 19
    assert README_DEFAULTS["GRAPHSVC_MAX_ROWS"] == "`100000`"
    assert README_DEFAULTS["GRAPHSVC_SPARQL_AUTH"] == "`digest`"


@pytest.mark.parametrize("variable", sorted(README_DEFAULTS))
def test_each_variable_of_the_readme_table_is_read_from_the_environment(variable: str) -> None:
    assert variable in SETTABLE, f"README names {variable}: say here what it sets"
    value, beside, field, expected = SETTABLE[variable]
    default = getattr(Settings.from_env(beside), field)
    assert default != expected, f"{value!r} is {variable}'s default: it would show nothing"
    assert getattr(Settings.from_env({**beside, variable: value}), field) == expected


@pytest.mark.parametrize("variable", sorted(AS_README))
def test_each_default_the_readme_states_is_the_default(variable: str) -> None:
    assert README_DEFAULTS[variable] == f"`{AS_README[variable](Settings.from_env({}))}`"


def test_every_variable_the_settings_read_is_in_the_readme_table() -> None:
    env = RecordingEnv({"GRAPHSVC_STORE": "sparql", "GRAPHSVC_SPARQL_QUERY_URL": "http://x/q"})
    Settings.from_env(env)
    read = {name for name in env.asked if name.startswith("GRAPHSVC_")}
    assert read, "from_env read nothing from the mapping it was given"
    assert sorted(read - set(README_DEFAULTS)) == []


def test_every_variable_the_package_names_is_in_the_readme_table() -> None:
    named = {
        name
        for path in (ROOT / "graphsvc").rglob("*.py")
        for name in re.findall(r"\bGRAPHSVC_[A-Z_]*[A-Z]\b", path.read_text(encoding="utf-8"))
    }
    assert "GRAPHSVC_UPDATE_TOKEN" in named
    assert sorted(named - set(README_DEFAULTS)) == []


def test_an_in_memory_store_is_asked_for_by_name() -> None:
    assert Settings.from_env({"GRAPHSVC_STORE_DIR": ":memory:"}).store_dir is None


def test_the_update_url_defaults_to_the_query_url() -> None:
    settings = Settings.from_env({"GRAPHSVC_SPARQL_QUERY_URL": "http://example.org/sparql"})
    assert settings.sparql_update_url == "http://example.org/sparql"


@pytest.mark.parametrize(
    ("raw", "expected"), [(None, 128 * 1024 * 1024), ("0", 0), ("0.5", 512 * 1024)]
)
def test_the_answer_cache_size_is_read_in_mib(raw: str | None, expected: int) -> None:
    env = {} if raw is None else {"GRAPHSVC_ANSWER_CACHE_MB": raw}
    assert Settings.from_env(env).answer_cache_bytes == expected


@pytest.mark.parametrize("raw", ["-1", "lots"])
def test_a_bad_answer_cache_size_names_the_variable(raw: str) -> None:
    with pytest.raises(ValueError, match="GRAPHSVC_ANSWER_CACHE_MB"):
        Settings.from_env({"GRAPHSVC_ANSWER_CACHE_MB": raw})
