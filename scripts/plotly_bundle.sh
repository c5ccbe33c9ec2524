#!/usr/bin/env bash
# Rebuild dashboard/assets/plotly-partial.min.js: plotly.js with only the trace types the
# dashboard draws (bar, scatter, choropleth, sankey), at the version the installed plotly
# package ships (Dash would otherwise load that package's full 4.8 MB bundle). Run after
# upgrading plotly or when a figure needs another trace type (add it to TRACES;
# tests/unit/dashboard/figures/test_trace_types.py fails until the bundle holds every type
# the code draws, and no other). Needs node and npm; the packages come from the npm
# registry into a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."

TRACES="bar choropleth sankey"  # scatter is in plotly.js's core
ESBUILD=0.28.2
python=${PYTHON:-.venv/bin/python}
version=$("$python" -c "from plotly.offline import get_plotlyjs_version as v; print(v())")
out=dashboard/assets/plotly-partial.min.js
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm init -y >/dev/null &&
    npm install --no-audit --no-fund --silent "plotly.js@$version" "esbuild@$ESBUILD")
{
    echo "'use strict';"
    echo "var Plotly = require('plotly.js/lib/core');"
    echo "Plotly.register(["
    for trace in $TRACES; do echo "    require('plotly.js/lib/$trace'),"; done
    echo "]);"
    echo "module.exports = Plotly;"
} > "$work/entry.js"
# The options of plotly.js's own build (esbuild-config.js), minified; CSS only map traces use
# (not bundled) is left out.
"$work/node_modules/.bin/esbuild" "$work/entry.js" --bundle --minify --format=iife \
    --global-name=Plotly --target=es2016 --define:global=window --define:define.amd=false \
    --define:process.env.NODE_DEBUG=false --loader:.css=empty --log-level=warning \
    --banner:js="/* plotly.js $version (MIT licence, (c) Plotly, Inc.), partial bundle: scatter $TRACES */" \
    --outfile="$out"
echo "wrote $out: plotly.js $version with scatter $TRACES ($(wc -c < "$out") bytes)"
