"""Running writers in parallel threads, each with its own database connection (PostgreSQL tests)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.db import connection


def run_concurrently(actions: list[Callable[[], object]], *, timeout: float = 120) -> list[object]:
    """Start every action at once, each in its own thread with its own connection; return each result,
    or the exception it raised. A deadlock would surface as PostgreSQL's "deadlock detected" error."""

    def attempt(action: Callable[[], object]) -> object:
        try:
            return action()
        except Exception as error:  # returned, and asserted on by the test
            return error
        finally:
            connection.close()  # each thread opened its own connection

    with ThreadPoolExecutor(max_workers=len(actions)) as pool:
        futures = [pool.submit(attempt, action) for action in actions]
        return [future.result(timeout=timeout) for future in futures]
