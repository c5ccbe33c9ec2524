"""The nginx configuration for several replicas (`deploy/nginx.conf`), filled in.

    python -m dashboard.serving.proxy --listen 0.0.0.0:80 \
        --server 10.0.0.1:8050 --server 10.0.0.2:8050 --runtime /var/lib/armsdash-nginx

prints the configuration to give nginx (`nginx -p RUNTIME -c FILE -e RUNTIME/error.log`).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
ADDRESS = re.compile(r"^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$")
RUNTIME_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def nginx_config(listen: str, servers: Sequence[str], runtime: Path,
                 template: str | None = None) -> str:
    """The template with its listen address, upstream servers and runtime folder."""
    for address in [listen, *servers]:
        if not ADDRESS.match(address):
            raise ValueError(f"not a host:port address: {address!r}")
    if not servers:
        raise ValueError("at least one server is needed")
    text = template if template is not None else TEMPLATE.read_text(encoding="utf-8")
    upstreams = "\n".join(f"        server {s} max_fails=1 fail_timeout=5s;" for s in servers)
    lines = [upstreams if line.strip() == "SERVERS" else line for line in text.splitlines()]
    body = "\n".join(lines) + "\n"
    return body.replace("RUNTIME", str(runtime)).replace("listen LISTEN;", f"listen {listen};")


def prepare_runtime(runtime: Path) -> None:
    """The folders nginx writes to (temporary files, pid, log)."""
    for name in RUNTIME_DIRS:
        (runtime / name).mkdir(parents=True, exist_ok=True)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m dashboard.serving.proxy", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--listen", default="127.0.0.1:8080")
    p.add_argument("--server", action="append", required=True, help="a replica, host:port")
    p.add_argument("--runtime", type=Path, required=True, help="nginx's working folder")
    args = p.parse_args(argv)
    try:
        text = nginx_config(args.listen, args.server, args.runtime.resolve())
    except ValueError as err:
        p.error(str(err))
    prepare_runtime(args.runtime)
    print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
