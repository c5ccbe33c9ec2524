#!/usr/bin/env bash
# Set up and run every check: ruff, mypy, and the whole pytest suite (unit, integration on
# the real SIPRI exports, end-to-end in headless Chromium). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
echo "== ruff" && .venv/bin/ruff check .
echo "== mypy" && .venv/bin/mypy
echo "== pytest" && .venv/bin/python -m pytest "$@"
