#!/usr/bin/env bash
# Fresh machine → the graph served on http://127.0.0.1:8000 from the embedded store.
# Installs the package, ingests the shipped data (ontology, reference data, curated graph) into
# ./var/store (replacing what was there, all or nothing), then serves it.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/python-env.sh
source scripts/python-env.sh requirements/runtime.txt
if [ -f package.json ]; then npm ci --no-audit --no-fund --loglevel=error; fi
export GRAPHSVC_STORE_DIR="${GRAPHSVC_STORE_DIR:-$PWD/var/store}"
graphsvc ingest
exec graphsvc serve --host 127.0.0.1 --port "${PORT:-8000}"
