"""The `armsdash` command: build, info, diff, fetch, serve and events subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from etl.errors import UserError

DEFAULT_BUILD = Path("data/build")
DEFAULT_RAW = Path("data/raw")


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line, run the subcommand, turn UserError into a message and exit 1."""
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except UserError as err:
        print(f"armsdash {args.command}: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"armsdash {args.command}: interrupted", file=sys.stderr)
        return 130


def blas_in_one_thread() -> None:
    """Before numpy loads: a build does no linear algebra, and OpenBLAS's worker threads
    (one per core) would only spin beside it (measured: 6% of a build's time, 10% of its
    CPU). A value the user set is kept."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="armsdash",
        description="Arms-trade statistics on the SIPRI Arms Transfers Database.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_build(sub)
    _add_info(sub)
    _add_diff(sub)
    _add_fetch(sub)
    _add_serve(sub)
    _add_events(sub)
    return parser


def _add_build(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("build", help="build Parquet tables from SIPRI export files")
    p.add_argument("--from", dest="sources", nargs="+", type=Path, required=True,
                   metavar="PATH", help="export files or folders holding them")
    p.add_argument("--out", type=Path, default=DEFAULT_BUILD, help="output folder")
    p.set_defaults(handler=_run_build)


def _run_build(args: argparse.Namespace) -> int:
    blas_in_one_thread()
    from etl.build import run_cli

    return run_cli(args)


def _add_info(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("info", help="summarise a build")
    p.add_argument("dir", nargs="?", type=Path, default=DEFAULT_BUILD, help="build folder")
    p.set_defaults(handler=_run_info)


def _run_info(args: argparse.Namespace) -> int:
    from etl.build import info_cli

    return info_cli(args)


def _add_diff(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("diff", help="what SIPRI revised between two releases of a build")
    p.add_argument("old", help="the older release (its ISO date, e.g. 2024-04-13)")
    p.add_argument("new", help="the newer release")
    p.add_argument("--build", type=Path, default=DEFAULT_BUILD, help="build folder")
    p.add_argument("--top", type=int, default=10, help="rows per list (default 10)")
    p.set_defaults(handler=_run_diff)


def _run_diff(args: argparse.Namespace) -> int:
    from etl.diff import run_cli

    return run_cli(args)


def _add_fetch(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("fetch", help="download the newest release from SIPRI's backend")
    p.add_argument("--out", type=Path, default=DEFAULT_RAW, help="raw data folder")
    p.add_argument("--base-url", default=None, help="SIPRI backend base URL")
    p.add_argument("--force", action="store_true", help="fetch again what is stored")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="wait this long for each answer (default 120)")
    p.add_argument("--max-time", type=float, default=None, metavar="SECONDS",
                   help="give up the whole download after this long (default 6 h)")
    p.add_argument("--retries", type=int, default=None,
                   help="retries of a failed request, with growing pauses (default 3)")
    p.add_argument("--max-span", type=int, default=None, metavar="YEARS",
                   help="ask for the registers in year ranges of at most this many years")
    p.set_defaults(handler=_run_fetch)


def _run_fetch(args: argparse.Namespace) -> int:
    blas_in_one_thread()
    from etl.fetch.run import run_cli

    return run_cli(args)


def _add_serve(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", help="serve the dashboard")
    p.add_argument("--build", type=Path, default=DEFAULT_BUILD, help="build folder")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8050)
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--dev", action="store_true", help="Dash development server, reloading")
    p.add_argument("--from", dest="sources", nargs="+", type=Path, default=None,
                   metavar="PATH", help="build from these export files, never the network")
    p.set_defaults(handler=_run_serve)


def _run_serve(args: argparse.Namespace) -> int:
    if not args.dev:
        from dashboard.serving.cooperative import patch

        patch()  # before the app and its data are imported (see the module)
    from dashboard.serving.serve import run_cli

    return run_cli(args)


def _add_events(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("events", help="article events")
    esub = p.add_subparsers(dest="events_command", required=True, metavar="ACTION")
    ex = esub.add_parser("extract", help="propose events from an article's text")
    ex.add_argument("article", type=Path)
    ex.add_argument("--published", default=None, help="publication date, YYYY-MM-DD")
    ex.add_argument("--source", default=None, help="outlet name")
    ex.add_argument("--url", default=None, help="article URL")
    ex.add_argument("--build", type=Path, default=DEFAULT_BUILD, help="build folder")
    ex.set_defaults(handler=_run_events_extract)


def _run_events_extract(args: argparse.Namespace) -> int:
    from etl.events.extract import run_cli

    return run_cli(args)


if __name__ == "__main__":
    raise SystemExit(main())
