"""gunicorn's app in test_long_exports: the back-office with every grid's CSV one row a part and each part of an
answer followed by a pause (a slow client, or a batch of a million-row export), so that a short export outlasts a
short ``--timeout``."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from backoffice.wsgi import application as backoffice

PAUSE_S = 0.25


def _prepare() -> None:
    """After Django's setup (backoffice.wsgi): one row a part, and the URLs and the admin imported as the worker
    starts rather than in its first request."""
    from django.urls import get_resolver

    from backoffice import admin_grids

    admin_grids.CSV_BATCH_SIZE = 1
    get_resolver().url_patterns  # noqa: B018


_prepare()


def application(environ: dict, start_response: Callable) -> Iterator[bytes]:
    answer = backoffice(environ, start_response)
    try:
        for part in answer:
            yield part
            time.sleep(PAUSE_S)
    finally:
        answer.close()  # Django's request_finished: the database connection goes back
