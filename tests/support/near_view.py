"""What the browser tests and the browser benchmark ask a page about its charts and grids
drawn near the view (dashboard/assets/near_view.js): each one not drawn yet is a box of
class `near-view-pending`."""

from __future__ import annotations

PENDING = "near-view-pending"
# Every chart put on the page (not a box waiting) drawn in full by Plotly.
CHARTS_DRAWN = """[...document.querySelectorAll('.dash-graph')]
  .every(g => g.querySelector('.main-svg'))"""
# The first view drawn: no chart or grid in the window waiting to be drawn, every chart on
# the page drawn in full, and no callback pending.
FIRST_VIEW_DRAWN = """() => {
  const inView = e => { const r = e.getBoundingClientRect();
                        return r.width > 0 && r.bottom > 0 && r.top < innerHeight; };
  return !!document.querySelector('.dash-graph') && """ + CHARTS_DRAWN + """
    && ![...document.querySelectorAll('.""" + PENDING + """')].some(inView)
    && !document.querySelector('[data-dash-is-loading="true"]');
}"""
# The next chart or grid not drawn yet (shown, with a width) scrolled to, as an analyst
# scrolls down to it; true once none is left.
SCROLL_TO_PENDING = """() => {
  const pending = [...document.querySelectorAll('.""" + PENDING + """')]
    .filter(e => e.getBoundingClientRect().width > 0);
  if (pending.length) { pending[0].scrollIntoView({block: 'center', behavior: 'instant'}); }
  return pending.length === 0;
}"""
