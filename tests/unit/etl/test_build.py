"""The tool version that decides whether an unchanged build may be skipped."""

from __future__ import annotations

import os
from pathlib import Path


def test_tool_version_covers_every_module_the_build_imports() -> None:
    import subprocess
    import sys

    from etl.build import PACKAGE, build_files

    code = ("import sys, etl.build, etl.assemble, etl.readers.load; "
            "print('\\n'.join(sorted(m.__file__ for n, m in sys.modules.items() "
            "if n.startswith('etl') and getattr(m, '__file__', None))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=PACKAGE.parent, check=True)
    imported = {Path(p).resolve() for p in done.stdout.split()}
    missing = sorted(str(p) for p in imported - {f.resolve() for f in build_files()}
                     if p.name != "cli.py")
    assert missing == [], f"modules the build imports but the tool version ignores: {missing}"


def test_build_asks_openblas_for_one_thread_unless_told_otherwise(monkeypatch) -> None:
    from etl import cli

    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    cli.blas_in_one_thread()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    cli.blas_in_one_thread()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"
