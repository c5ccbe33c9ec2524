"""Serving the app: HTTP hardening, `armsdash serve`, gunicorn and the WSGI entry point."""
