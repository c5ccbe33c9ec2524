"""The TIV table chart's share axis: a title that fits the plot's height."""

from __future__ import annotations

from dashboard.figures import views as vf


def test_a_share_axis_title_too_long_for_the_plot_names_the_total_only() -> None:
    assert vf.axis_share_title("world imports") == "% of world imports"
    assert vf.axis_share_title("Central America and the Caribbean's imports") == (
        "% of the total")
    assert all(len(vf.axis_share_title("x" * n)) <= vf.AXIS_TITLE_CHARS for n in range(80))
