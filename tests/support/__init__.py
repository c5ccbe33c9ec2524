"""Helpers the tests and the benchmarks share: a fake SIPRI backend, a Dash client that
sends what the browser sends, local servers and the headless Chromium settings."""
