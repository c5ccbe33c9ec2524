"""WSGI entry point for production servers.

    ARMSDASH_BUILD=data/build gunicorn --preload --workers 5 \\
        --worker-class dashboard.serving.worker.Worker --worker-connections 4000 \\
        --keep-alive 5 --bind 127.0.0.1:8050 'dashboard.serving.wsgi:server'

The build folder comes from the ARMSDASH_BUILD environment variable (default
`data/build`); it must exist (run `armsdash build` or `armsdash fetch` first). Importing
this module does gevent's patching first (the workers are gevent's; see
`dashboard.serving.cooperative`).
"""

from __future__ import annotations

from dashboard.serving.cooperative import patch

patch()

import os  # noqa: E402
from pathlib import Path  # noqa: E402

from dashboard.app import create_app  # noqa: E402
from dashboard.serving.gunicorn_app import preload  # noqa: E402

BUILD = Path(os.environ.get("ARMSDASH_BUILD", "data/build"))

app = create_app(BUILD)
preload(app)  # with --preload, once in the master process; workers share the result
server = app.server
