#!/usr/bin/env bash
# Refresh the Python locks from pyproject.toml: every dependency (runtime, test, bench) at an exact
# version with the hashes of its files, resolved for Python 3.11 on every platform (uv --universal).
# requirements/dev.txt is resolved first; requirements/runtime.txt is constrained to its versions,
# so the service runs on the versions the tests passed with. Run after editing a dependency in
# pyproject.toml (tests/packaging/test_lock.py fails until you do), then run scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check uv==0.13.9
common=(--custom-compile-command "bash scripts/lock.sh" --generate-hashes --python-version 3.11 --universal --quiet)
python3 -m uv pip compile pyproject.toml --extra test --extra bench "${common[@]}" -o requirements/dev.txt
python3 -m uv pip compile pyproject.toml -c requirements/dev.txt "${common[@]}" -o requirements/runtime.txt
