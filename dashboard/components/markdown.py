"""Tables as one Markdown block each: one component however many rows, so a page of long
tables stays fast (built as components, a table of a few hundred cells costs tens of ms)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html

MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def md(text: str) -> str:
    """Text safe inside a Markdown table cell or link text."""
    return text.translate(MD_SPECIAL)


def md_link(text: str, href: str) -> str:
    """A Markdown link (hrefs are URL-encoded, so they hold no ')' or space)."""
    return f"[{md(text)}]({href})"


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]], caption: str,
             table_id: str, text_columns: Sequence[int]) -> Any:
    """A table as one Markdown block with its caption above it; numbers right-aligned."""
    lines = ["| " + " | ".join(md(h) for h in header) + " |",
             "|" + "|".join(":--" if i in text_columns else "--:"
                            for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return html.Div([html.P(caption, className="small text-body-secondary mb-1"),
                     dcc.Markdown("\n".join(lines), className="factsheet-table small",
                                  id=table_id)],
                    className="table-responsive")
