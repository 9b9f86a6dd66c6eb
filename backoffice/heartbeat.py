"""A long response's sign of life to the server that watches its workers.

gunicorn's master kills a sync worker that has not told it it is alive within ``timeout`` (30 s,
gunicorn.conf.py), and a sync worker tells it only between requests: a grid's "Export CSV" of a million orders
(about three minutes) was cut off after 30 s, the browser left with part of the file. gunicorn.conf.py's
``pre_request`` hands this module the worker's ``notify``; a response streamed in parts (``csv_lines``) calls
``beat()`` before each part. A stream that makes no progress for ``timeout`` (a stuck query, a client that stops
reading) is still killed, and every other request still has its 30 s. Outside gunicorn (runserver, the tests)
``beat()`` does nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

_worker = threading.local()  # a sync worker serves one request at a time, in its main thread


def serving(notify: Callable[[], None] | None) -> None:
    """The current request's worker's ``notify`` (None when it is done)."""
    _worker.notify = notify


def beat() -> None:
    """Tell the server this request's worker is alive and making progress."""
    notify = getattr(_worker, "notify", None)
    if notify is not None:
        notify()
