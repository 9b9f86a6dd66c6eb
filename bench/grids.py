"""Admin grid pages at scale: server time and query count of the first, a filtered, a deep page and keyword searches.

    DATABASE_URL=... .venv/bin/python -m bench.grids [--runs 5] [--json]

Requests go through Django's test Client, logged in as the bench superuser, against the database as it is
(run ``generate_load`` first). Server time is the median of ``--runs`` requests after one warm-up request.
"""

from __future__ import annotations

import argparse
import time
from datetime import timedelta

from bench.common import bench_superuser, emit, median, setup_django


def pages() -> list[tuple[str, str, str]]:
    """(grid, page, url): first page, a filtered page, the last and the middle page of each grid; the reservations list (not a
    Magento grid: it grows with every order until cleaned up); the keyword searches (``searches``)."""
    from django.contrib import admin

    from catalog.models import Product
    from sales.models import Invoice, Order, Shipment

    def last_page(model: type) -> int:
        """The grid's last page (the last one its count reaches when the grid caps its counts)."""
        model_admin = admin.site.get_model_admin(model)
        rows = model.objects.count()
        if (limit := getattr(model_admin, "count_limit", None)) is not None:
            rows = min(rows, limit)
        return max(1, -(-rows // model_admin.list_per_page))

    def middle_page(model: type) -> int:
        """The middle of the grid's pages: the deepest one (the keys are read from the nearer end)."""
        return max(1, last_page(model) // 2)

    newest = Order.objects.order_by("-pk").values_list("created_at", flat=True).first()
    month = (newest.date() - timedelta(days=30)).isoformat() if newest else "2000-01-01"  # the last 30 days
    return [
        ("Dashboard", "first", "/admin/"),  # the index: figures, chart, last orders and invoices, low stock
        ("Products", "first", "/admin/catalog/product/"),
        ("Products", "filtered", "/admin/catalog/product/?type_id__exact=virtual&status__exact=1"),
        ("Products", "deep", f"/admin/catalog/product/?p={last_page(Product)}"),
        ("Invoices", "first", "/admin/sales/invoice/"),
        ("Invoices", "filtered", f"/admin/sales/invoice/?state__exact=2&created_at__date__gte={month}"),
        ("Invoices", "deep", f"/admin/sales/invoice/?p={last_page(Invoice)}"),
        ("Invoices", "middle", f"/admin/sales/invoice/?p={middle_page(Invoice)}"),
        ("Orders", "first", "/admin/sales/order/"),
        ("Orders", "filtered", "/admin/sales/order/?status__exact=processing"),
        ("Orders", "deep", f"/admin/sales/order/?p={last_page(Order)}"),
        ("Orders", "middle", f"/admin/sales/order/?p={middle_page(Order)}"),
        ("Shipments", "filtered", f"/admin/sales/shipment/?created_at__date__gte={month}"),
        ("Shipments", "deep", f"/admin/sales/shipment/?p={last_page(Shipment)}"),
        ("Shipments", "middle", f"/admin/sales/shipment/?p={middle_page(Shipment)}"),
        ("Reservations", "first", "/admin/inventory/reservation/"),
        *pages_of_issue_15(),
        *searches(),
    ]


def searches() -> list[tuple[str, str, str]]:
    """The keyword search of every grid (backoffice/grid_search.py), as a merchant types it: a recent increment id
    (whole: the sales grids search words, as Magento's FULLTEXT index), part of an email (the customer's, with its "@"),
    a last name (one of generate_load's eleven: about a tenth of the rows match, so the page counts thousands),
    part of a SKU, a product name's word and number; on the sales grids, the name and the email with a list filter
    (Orders: Status, and the last 30 days; the documents: their grid's "filtered" page)."""
    from urllib.parse import quote

    from catalog.models import Product
    from sales.models import Creditmemo, Invoice, Order, Shipment

    def recent(model: type) -> str:
        return model.objects.order_by("-pk").values_list("increment_id", flat=True).first() or "000000001"

    # generate_load's newest customer order (bench.inprocess and bench.flash add orders of their own buyers)
    customers = Order.objects.order_by("-pk").filter(customer_id__isnull=False)
    order = customers.filter(customer_email__startswith="load.").first() or customers.first()
    email = quote(order.customer_email.split("@")[0] + "@") if order else "x"
    name = order.customer_lastname if order else "x"
    skus = Product.objects.order_by("-pk").values_list("sku", flat=True)  # generate_load's newest (not bench.flash's)
    sku = skus.filter(sku__startswith="LOAD-").first() or skus.first() or "x"
    product = quote(f"Product {sku[-5:]}")
    newest = Order.objects.order_by("-pk").values_list("created_at", flat=True).first()
    month = (newest.date() - timedelta(days=30)).isoformat() if newest else "2000-01-01"  # the last 30 days
    rows = []
    for grid, path, model, filtered in (
        ("Orders", "sales/order", Order, "status__exact=processing"),
        ("Invoices", "sales/invoice", Invoice, f"state__exact=2&created_at__date__gte={month}"),
        ("Shipments", "sales/shipment", Shipment, f"created_at__date__gte={month}"),
        ("Credit memos", "sales/creditmemo", Creditmemo, f"created_at__date__gte={month}"),
    ):
        rows += [
            (grid, "search id", f"/admin/{path}/?q={recent(model)}"),
            (grid, "search email", f"/admin/{path}/?q={email}"),
            (grid, "search name", f"/admin/{path}/?q={name}"),
            # a keyword with a list filter: the name's thousands of matches, then the filter's rows among them;
            # the email's few
            (grid, "search + filter", f"/admin/{path}/?q={name}&{filtered}"),
            (grid, "search email + filter", f"/admin/{path}/?q={email}&{filtered}"),
        ]
    rows.append(("Orders", "search + date", f"/admin/sales/order/?q={name}&created_at__date__gte={month}"))
    rows += [("Customers", "search email", f"/admin/customers/customer/?q={email}"),
             ("Customers", "search name", f"/admin/customers/customer/?q={name}")]
    for grid, path in (("Products", "catalog/product"), ("Source items", "inventory/sourceitem"),
                       ("Low stock", "inventory/lowstockitem")):
        rows += [(grid, "search sku", f"/admin/{path}/?q={sku[-6:]}"), (grid, "search name", f"/admin/{path}/?q={product}")]
    return rows


def pages_of_issue_15() -> list[tuple[str, str, str]]:
    """The pages the admin gained with issue 15 and 18: the other grids, the order page with its tabs, the New
    Shipment form with its source split."""
    from django.db.models import Count, F

    from customers.models import Customer
    from sales.models import Order

    newest = Order.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    # the customer with the most orders: the page's orders section at its largest
    customer = (
        Order.objects.exclude(customer_id=None).values("customer_id").annotate(n=Count("pk")).order_by("-n")
        .values_list("customer_id", flat=True).first()
        or Customer.objects.values_list("pk", flat=True).first() or 1
    )
    to_ship = (
        Order.objects.filter(state="processing", items__qty_shipped__lt=F("items__qty_ordered"))
        .order_by("-pk").values_list("pk", flat=True).first() or newest
    )
    return [
        ("Order page", "first", f"/admin/sales/order/{newest}/change/"),
        *document_pages(),
        ("New Shipment", "first", f"/admin/sales/order/{to_ship}/ship/"),
        ("Shipments", "first", "/admin/sales/shipment/"),
        ("Credit memos", "first", "/admin/sales/creditmemo/"),
        ("Customers", "first", "/admin/customers/customer/"),
        ("Customer page", "first", f"/admin/customers/customer/{customer}/change/"),
        ("Source items", "first", "/admin/inventory/sourceitem/"),
        ("Source items", "filtered", "/admin/inventory/sourceitem/?status__exact=0"),
        ("Low stock", "first", "/admin/inventory/lowstockitem/"),
        ("Categories", "first", "/admin/catalog/category/"),
        ("Bulk actions", "first", "/admin/asynchronous_operations/bulk/"),
    ]


def document_pages() -> list[tuple[str, str, str]]:
    """The newest invoice, shipment and credit memo pages (their tabs, buttons and comments)."""
    from sales.models import Creditmemo, Invoice, Shipment

    pages = []
    for label, model, path in (
        ("Invoice page", Invoice, "invoice"),
        ("Shipment page", Shipment, "shipment"),
        ("Credit memo page", Creditmemo, "creditmemo"),
    ):
        pk = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        if pk is not None:
            pages.append((label, "first", f"/admin/sales/{path}/{pk}/change/"))
    return pages


def measure(runs: int, only: str = "") -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    client.force_login(bench_superuser())
    rows = []
    for grid, page, url in pages():
        if only and only.lower() not in f"{grid} {page}".lower():
            continue
        client.get(url)  # warm-up: URL resolving, templates, the database's cache
        times, queries = [], 0
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            queries = len(captured.captured_queries)
        rows.append({"bench": "admin grid", "what": f"{grid} {page}", "ms": round(median(times), 1),
                     "queries": queries, "url": url})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", default="", help='the pages whose "grid page" name contains this, e.g. "search"')
    args = parser.parse_args()
    setup_django()
    emit(measure(args.runs, args.only), args.json)


if __name__ == "__main__":
    main()
