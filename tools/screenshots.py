"""Screenshots of the demo's main admin pages: ``python -m tools.screenshots [--out DIR]`` (``make screenshots``).

Builds the tutorial's demo on a fresh SQLite database in a temporary folder (migrate, ``load_tutorial`` with an
admin password, as ``make demo`` does, then the tutorial's steps 10 to 12 and a credit memo, so that every grid
has rows), serves it with ``runserver`` on a free local port, signs in with Playwright driving Debian's chromium
(headless) and writes a 1440x900 PNG of each main page into DIR (``screenshots/`` by default). Offline: the
browser may reach only the local server (every other request is aborted). Everything it started (the server,
the browser, the temporary folder) is stopped and removed on the way out, also on failure.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1440, "height": 900}
ADMIN = ("admin", "admin123")
# (file name, admin URL name): the pages a merchant opens first, in the menu's order
PAGES = [
    ("dashboard", "admin:index"),
    ("orders", "admin:sales_order_changelist"),
    ("invoices", "admin:sales_invoice_changelist"),
    ("shipments", "admin:sales_shipment_changelist"),
    ("credit-memos", "admin:sales_creditmemo_changelist"),
    ("products", "admin:catalog_product_changelist"),
    ("sources", "admin:inventory_source_changelist"),
    ("low-stock-report", "admin:inventory_lowstockitem_changelist"),
    ("reservations", "admin:inventory_reservation_changelist"),
    ("bulk-actions", "admin:asynchronous_operations_bulk_changelist"),
    ("integrations", "admin:integrations_integration_changelist"),
]
# The document page shot after each grid, one PNG per tab: its name (admin:sales_<name>_change) by the grid's, and
# the order's related name of the documents (None: the order itself).
DOCUMENT_PAGES = {"order": None, "invoice": "invoices", "shipment": "shipments", "creditmemo": "creditmemos"}
AFTER_GRID = {"orders": "order", "invoices": "invoice", "shipments": "shipment", "credit-memos": "creditmemo"}


def advance_tutorial() -> None:
    """The tutorial's steps 10 to 12 (invoice, two shipments from two sources) and a credit memo of 2 backpacks
    returned to stock, through the domain functions; prints the pages' paths as JSON (run inside Django)."""
    from decimal import Decimal

    from django.urls import reverse

    from sales.invoicing import invoice_order
    from sales.models import Order
    from sales.refunds import refund_creditmemo
    from sales.refunds.requests import RefundArguments, RefundItem
    from sales.shipping import ShipmentLine, ship_order

    order = Order.objects.order_by("pk").first()
    if order is None:
        raise SystemExit("load_tutorial placed no order")
    items = {item.sku: item for item in order.items.all()}
    if not order.invoices.exists():
        invoice_order(order, capture=True)
    if not order.shipments.exists():
        ship_order(
            order,
            source_code="ne_wh",
            items=[
                ShipmentLine(items["24-WB03"].pk, Decimal(20)),
                ShipmentLine(items["24-WB01"].pk, Decimal(35)),
            ],
        )
        ship_order(order, source_code="west_wh", items=[ShipmentLine(items["24-WB01"].pk, Decimal(5))])
    if not order.creditmemos.exists():
        backpack = items["24-WB03"].pk
        refund_creditmemo(
            order.pk,
            items=[RefundItem(backpack, Decimal(2))],
            arguments=RefundArguments(
                shipping_amount=Decimal(0),
                return_to_stock_items=[backpack],
            ),
        )
    paths = {name: reverse(url_name) for name, url_name in PAGES}
    for name, documents in DOCUMENT_PAGES.items():  # the order and its first invoice, shipment, credit memo
        document = order if documents is None else getattr(order, documents).order_by("pk").first()
        paths[name] = reverse(f"admin:sales_{name}_change", args=[document.pk])
    print(json.dumps(paths))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="folder for the PNGs")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        parser.error(f"no chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="backoffice-screenshots-") as folder:
        env = demo_environment(Path(folder))
        paths = build_demo(env)
        with serve(env) as base_url:
            written = take_screenshots(base_url, paths, args.out)
    for path in written:
        print(path)
    return 0


def demo_environment(folder: Path) -> dict[str, str]:
    """``make demo``'s environment on a database of its own: nothing of the developer's db.sqlite3 is touched."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_MODE="demo",
        DATABASE_URL=f"sqlite:///{folder / 'demo.sqlite3'}",
        DJANGO_EMAIL_FILE_PATH=str(folder / "mail"),
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {arguments[0]} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def build_demo(env: dict[str, str]) -> dict[str, str]:
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "load_tutorial", "--admin-username", ADMIN[0], "--admin-password", ADMIN[1])
    output = manage(
        env, "shell", "--no-imports", "-c", "from tools.screenshots import advance_tutorial; advance_tutorial()"
    )
    return json.loads(output.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve(env: dict[str, str]) -> Iterator[str]:
    """runserver on a free local port, in its own process group, stopped (with its children) on the way out."""
    address = f"127.0.0.1:{free_port()}"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--nostatic", address],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        wait_until_up(f"http://{address}/admin/login/", server)
        yield f"http://{address}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        if server.stderr is not None:
            server.stderr.close()


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"runserver stopped:\n{server.stderr.read().decode() if server.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit(f"runserver did not answer {url} within {seconds:.0f} s")


def take_screenshots(base_url: str, paths: dict[str, str], out: Path) -> list[Path]:
    from playwright.sync_api import Route, sync_playwright

    def local_only(route: Route) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            route.abort()

    written: list[Path] = []

    def shot(page: object, name: str) -> None:
        path = out / f"{len(written) + 1:02d}-{name}.png"
        page.screenshot(path=str(path))  # the viewport: 1440x900
        written.append(path)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            context = browser.new_context(base_url=base_url, viewport=VIEWPORT)
            context.set_default_timeout(30_000)
            context.route("**/*", local_only)
            page = context.new_page()
            page.goto("/admin/login/")
            page.fill("#id_username", ADMIN[0])
            page.fill("#id_password", ADMIN[1])
            page.click("input[type=submit]")
            page.wait_for_url(f"{base_url}/admin/")
            for name, _ in PAGES:
                page.goto(paths[name])
                shot(page, name)
                if name in AFTER_GRID:
                    page_tabs(page, paths[AFTER_GRID[name]], shot, AFTER_GRID[name])
        finally:
            browser.close()
    return written


def page_tabs(page: object, path: str, shot: object, name: str) -> None:
    """A sales page of the tutorial (the order, its invoice, shipment, credit memo), one screenshot per tab
    (the order's Information, Invoices, Credit Memos, Shipments, Comments History; a document's own)."""
    page.goto(path)
    tabs = page.locator(".page-tabs a[data-tab]")
    for n in range(tabs.count()):
        tab = tabs.nth(n)
        slug = tab.get_attribute("data-tab") or str(n)
        tab.click()
        shot(page, f"{name}-{slug}")


if __name__ == "__main__":
    sys.exit(main())
