"""Cooperative I/O for `armsdash serve`: gevent's monkey patching, done first.

Gunicorn's gevent worker holds thousands of idle or slow connections in one process
(each a greenlet, not a thread). The patching has to happen before anything else is
imported: the app is loaded in the master before the workers fork (`preload_app`), and
any lock or socket made before the patch would block a whole worker instead of one
greenlet.
"""

from __future__ import annotations


def patch() -> None:
    """Make sockets, sleeps, locks and threads cooperative (idempotent)."""
    from gevent import monkey

    if not monkey.is_module_patched("socket"):
        monkey.patch_all()
