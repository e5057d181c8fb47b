"""Settings from the environment: sizes in MiB, 0 to turn the answer cache off, clear errors."""

from __future__ import annotations

import pytest

from graphsvc.settings import Settings


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
