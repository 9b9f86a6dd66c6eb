"""Without a broker the operations run in the web process once the request commits (the demo's way): these tests
capture the commit callbacks and run them. The broker tests (test_broker.py) set CELERY_BROKER_URL themselves."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_broker(settings) -> None:
    settings.CELERY_BROKER_URL = ""
