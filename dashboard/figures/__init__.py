"""Plotly figures as plain dicts, built from tidy frames; no Dash, no data access."""
