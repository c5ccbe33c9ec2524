"""`armsdash serve`: make sure a build exists, then serve the dashboard.

Production (the default): gunicorn with several workers forked once the data is loaded,
so they share it; debug off. `--dev`: Dash's development server with debug tools and
reloading on code changes.
"""

from __future__ import annotations

import argparse
import os

from etl.bootstrap import ensure_build
from etl.errors import UserError


def run_cli(args: argparse.Namespace) -> int:
    """Ensure the build (from --from files, the present build, or a fetch), then serve."""
    from dashboard import data
    from dashboard.app import create_app
    from dashboard.serving.gunicorn_app import port_problem

    # Under --dev, Werkzeug's reloader re-runs this in a child that inherits the socket.
    reloaded = os.environ.get("WERKZEUG_RUN_MAIN") == "true"
    problem = None if reloaded else port_problem(args.host, args.port)
    if problem:
        raise UserError(f"{problem} (choose another with --port)")
    build = ensure_build(args.build, args.sources)
    app = create_app(build)
    try:
        data.current()
    except data.DataError as err:
        raise UserError(str(err)) from err
    if args.dev:
        # No version check: the dashboard never calls out (and its CSP would refuse it).
        app.run(host=args.host, port=args.port, debug=True, dev_tools_hot_reload=True,
                dev_tools_disable_version_check=True)
        return 0
    from dashboard.serving.gunicorn_app import (
        default_workers,
        gunicorn_options,
        preload,
        run_gunicorn,
    )

    preload(app)  # data and default pages, before the workers fork, so they share them

    workers = args.workers or default_workers()
    print(f"armsdash: serving {build} on http://{args.host}:{args.port} "
          f"with {workers} workers", flush=True)
    run_gunicorn(app.server, gunicorn_options(args.host, args.port, workers))
    return 0
