#!/usr/bin/env bash
# Set up and run the dashboard on http://127.0.0.1:8050. With no build yet it fetches the
# newest SIPRI release and builds it; ARMSDASH_FROM=PATH builds from export files instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -n "${ARMSDASH_FROM:-}" ]; then
    exec .venv/bin/armsdash serve --from "$ARMSDASH_FROM" "$@"
fi
exec .venv/bin/armsdash serve "$@"
