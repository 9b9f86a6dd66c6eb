"""Django's SQLite backend, its statements' placeholders converted once per statement text.

Django's SQLite cursor rewrites each statement's ``%s`` placeholders to SQLite's ``?`` with a regular expression
at every execution (``SQLiteCursorWrapper.convert_query``). On a hundred-column statement that rewrite cost more
than a tenth of the statement's own time, and a hot path runs the same few texts again and again (the compiled
statements of ``backoffice.compiled``, the order's lock 6.4 KB): the rewrite of each text of up to 16 KB is kept
(the last 512 used: at most 16 MB a process). ``DATABASES`` names this backend for SQLite (``backoffice/settings.py``);
nothing else differs.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.db.backends.sqlite3 import base

KEPT_UP_TO = 16_384  # characters of a statement's text


@lru_cache(maxsize=512)
def _kept_qmark(query: str) -> str:
    """Django's own "format" to "qmark" rewrite of ``query`` (``convert_query`` without parameter names, which
    reads nothing of its cursor), kept."""
    return base.SQLiteCursorWrapper.convert_query(None, query)  # type: ignore[arg-type]


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query: str, *, param_names: Iterable[str] | None = None) -> str:
        if param_names is None and len(query) <= KEPT_UP_TO:
            return _kept_qmark(query)
        return super().convert_query(query, param_names=param_names)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name: Any = None) -> SQLiteCursorWrapper:
        return self.connection.cursor(factory=SQLiteCursorWrapper)
