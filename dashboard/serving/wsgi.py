"""WSGI entry point for production servers.

    ARMSDASH_BUILD=data/build gunicorn --preload --workers 5 --worker-class gthread \
        --threads 4 --bind 127.0.0.1:8050 'dashboard.serving.wsgi:server'

The build folder comes from the ARMSDASH_BUILD environment variable (default
`data/build`); it must exist (run `armsdash build` or `armsdash fetch` first).
"""

from __future__ import annotations

import os
from pathlib import Path

from dashboard.app import create_app
from dashboard.serving.gunicorn_app import preload

BUILD = Path(os.environ.get("ARMSDASH_BUILD", "data/build"))

app = create_app(BUILD)
preload(app)  # with --preload, once in the master process; workers share the result
server = app.server
