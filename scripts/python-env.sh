#!/usr/bin/env bash
# Source this: makes ./.venv (Python 3.11) hold exactly the locked versions of one lock file, with
# the project installed editable on top, and puts it first on PATH.
#   source scripts/python-env.sh requirements/dev.txt      # runtime + test + bench
#   source scripts/python-env.sh requirements/runtime.txt  # what the service needs
# The lock files are made by scripts/lock.sh from pyproject.toml; pip checks every hash.
lock="$1"
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r "$lock"
# The project itself (no dependencies: the lock gave them). Its build backend is pinned in
# pyproject.toml's [build-system], so an isolated build gets the same setuptools every time.
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
export VIRTUAL_ENV="$PWD/.venv"
export PATH="$VIRTUAL_ENV/bin:$PATH"
