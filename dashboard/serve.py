"""`armsdash serve`: make sure a build exists, then serve the dashboard."""

from __future__ import annotations

import argparse

from etl.bootstrap import ensure_build


def run_cli(args: argparse.Namespace) -> int:
    """Ensure the build (from --from files, the present build, or a fetch), then serve."""
    from dashboard.app import create_app

    build = ensure_build(args.build, args.sources)
    app = create_app(build)
    app.run(host=args.host, port=args.port, debug=bool(args.dev),
            dev_tools_hot_reload=bool(args.dev))
    return 0
