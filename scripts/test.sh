#!/usr/bin/env bash
# Fresh machine → the whole test suite: system packages, Python and npm dependencies, then
# format check, lint, types and pytest. CI (.ci/run) calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f scripts/system-packages.txt ] && command -v apt-get >/dev/null; then
  missing=$(xargs -a scripts/system-packages.txt -n1 sh -c 'dpkg -s "$0" >/dev/null 2>&1 || echo "$0"')
  if [ -n "$missing" ]; then
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
  fi
fi
# Python packages: exactly the locked versions, in ./.venv (see scripts/python-env.sh).
# shellcheck source=scripts/python-env.sh
source scripts/python-env.sh requirements/dev.txt
if [ -f package.json ]; then npm ci --no-audit --no-fund --loglevel=error; fi
ruff format --check .
ruff check .
mypy
# The remote-store backend is tested against a real Virtuoso on 127.0.0.1, started here.
virtuoso_dir=$(mktemp -d)
GRAPHSVC_TEST_VIRTUOSO_URL=$(bash scripts/virtuoso.sh "$virtuoso_dir" 18890 11111)
export GRAPHSVC_TEST_VIRTUOSO_URL
# Stopped and its database (57 MB) removed at the end, pass or fail.
trap 'kill "$(cat "$virtuoso_dir/virtuoso.pid")" 2>/dev/null || true; sleep 1; rm -rf "$virtuoso_dir"' EXIT
python3 -m pytest "$@"
