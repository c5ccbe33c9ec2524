#!/usr/bin/env bash
# Set up the project's virtual environment (idempotent). With --test, also the test tools,
# Debian's Chromium for the browser tests and Debian's nginx for the reverse-proxy tests.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv 2>/dev/null || {
        as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv .venv
    }
fi

extras=""
stamp=".venv/.installed"
if [ "$want_test" = 1 ]; then
    extras="[test]"
    stamp=".venv/.installed-test"
fi
digest=$(sha256sum pyproject.toml | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
    echo "setup: installing Python packages into .venv" >&2
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".${extras}"
    echo "$digest" > "$stamp"
fi

if [ "$want_test" = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
    echo "setup: installing Debian's chromium for the browser tests" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        chromium chromium-driver fonts-dejavu-core >/dev/null
fi

if [ "$want_test" = 1 ] && [ ! -x /usr/sbin/nginx ]; then
    echo "setup: installing Debian's nginx for the reverse-proxy tests" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi
