"""Browser tests: Playwright for Python driving Debian's chromium against pytest-django's live_server.

They skip, saying why, when playwright is not importable or no chromium is installed.
Screenshots of each step go to test-artifacts/browser/ (git-ignored).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API keeps an event loop marked as running in this thread; the ORM calls the tests make
# around it are ordinary blocking calls, which Django's async-safety check would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

try:
    from playwright import sync_api
except ImportError:  # pragma: no cover - depends on the machine
    sync_api = None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if sync_api is None:
        pytest.skip("playwright is not importable (pip install -r requirements.txt)")
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    test_thread_connections = {alias: connections[alias] for alias in connections}
    with sync_api.sync_playwright() as playwright:
        # Between its calls Playwright's sync API leaves its event loop marked as running in this thread, and
        # Django then looks database connections up per async context, where it would open new ones (without
        # the test database's serialized rows). Keep using the test thread's connections.
        for alias, connection in test_thread_connections.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object, live_server: object) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1920, "height": 1080})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page: object, request: pytest.FixtureRequest) -> object:
    """screenshot("orders-pending") saves test-artifacts/browser/<test name>/<n>-orders-pending.png."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    taken: list[Path] = []

    def take(step: str) -> Path:
        path = folder / f"{len(taken) + 1:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        taken.append(path)
        return path

    return take
