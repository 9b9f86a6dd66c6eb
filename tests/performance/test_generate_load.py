"""generate_load: the bulk data holds the invariants the domain functions would have left, and they work on it."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q, Sum
from django.utils import timezone

from catalog.models import Product
from customers.models import Customer
from customers.search import CUSTOMER_SEARCH
from inventory.models import Reservation, SourceItem
from inventory.reservations import get_uncompensated_reservations
from inventory.salable import get_salable_quantities, get_salable_quantity
from inventory.source_selection import ItemRequest, select_sources_by_priority
from inventory.stocks import resolve_stock_id
from sales.invoicing import invoice_order
from sales.models import (
    BestsellersRefresh,
    DailySales,
    Invoice,
    InvoiceItem,
    Order,
    OrderItem,
    OrderState,
    Shipment,
    ShipmentItem,
)
from sales.orders import cancel_order
from sales.search import ORDER_SEARCH
from sales.shipping import ShipmentLine, ship_order
from sales.statistics import orders_per_day
from tests.factories import make_product
from tests.performance.support import recomputed_salable

pytestmark = pytest.mark.django_db
ZERO = Decimal("0")


@pytest.fixture
def generated():
    out = io.StringIO()
    call_command("generate_load", products=80, sources=4, stocks=2, orders=300, customers=20, seed=7,
                 batch_size=64, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def sums(model, key: str) -> dict[int, Decimal]:
    return dict(model.objects.values_list(key).annotate(total=Sum("qty")).order_by())


def first_source(sku: str, qty: Decimal) -> str:
    selection = select_sources_by_priority(resolve_stock_id(), [ItemRequest(sku, qty)])
    return next(s.source_code for s in selection.source_selection_items if s.qty_to_deduct == qty)


def test_reports_what_it_wrote(generated):
    assert "Order 300" in generated
    assert Order.objects.count() == 300
    assert Product.objects.filter(type_id="virtual").exists()
    assert set(Order.objects.values_list("state", flat=True)) >= {"new", "processing", "complete", "canceled", "holded"}


def test_rows_read_back_as_the_models_write_them(generated):
    """Rows are written as text in a fixed column order; the columns a row leaves out get the model's defaults,
    encoded once (on PostgreSQL with COPY's escapes: the store name holds newlines)."""
    order = Order.objects.order_by("pk").first()
    assert order.store_name == Order._meta.get_field("store_name").get_default()
    assert "\n" in order.store_name
    assert (order.base_to_global_rate, order.order_currency_code, order.store_id) == (Decimal(1), "USD", 1)
    assert order.grand_total == order.subtotal + order.discount_amount + order.shipping_amount
    item = OrderItem.objects.filter(order=order).first()
    product = Product.objects.get(pk=item.product_id)
    assert (item.sku, item.name, item.price, item.weight) == (product.sku, product.name, product.price, product.weight)
    assert item.created_at == order.created_at
    assert item.row_total == item.price * item.qty_ordered
    assert Order.objects.filter(created_at__gt=order.created_at).count() == Order.objects.count() - 1


def test_document_quantities_match_the_order_items(generated):
    invoiced, shipped = sums(InvoiceItem, "order_item_id"), sums(ShipmentItem, "order_item_id")

    for item in OrderItem.objects.all():
        assert item.qty_invoiced == invoiced.get(item.pk, ZERO)
        assert item.qty_shipped == shipped.get(item.pk, ZERO)
        assert item.qty_canceled in (ZERO, item.qty_ordered)


def test_each_order_reserves_what_is_still_pending(generated):
    """Per order and SKU: −(ordered − canceled − shipped), virtual items −(ordered − canceled − invoiced)."""
    reserved = defaultdict(Decimal)
    for row in Reservation.objects.values("object_id", "sku").annotate(total=Sum("quantity")).order_by():
        reserved[(int(row["object_id"]), row["sku"])] = row["total"]
    for item in OrderItem.objects.all():
        done = item.qty_invoiced if item.is_virtual else item.qty_shipped
        assert reserved[(item.order_id, item.sku)] == -(item.qty_ordered - item.qty_canceled - done)
    finished = Order.objects.filter(state__in=[OrderState.COMPLETE, OrderState.CANCELED]).values_list("pk", flat=True)
    assert get_uncompensated_reservations([str(pk) for pk in finished]) == []


def test_states_and_totals_agree_with_the_documents(generated):
    paid = dict(Invoice.objects.values_list("order_id").annotate(total=Sum("grand_total")).order_by())
    for order in Order.objects.prefetch_related("items", "payment"):
        items = list(order.items.all())
        left = any(i.qty_to_invoice > 0 for i in items) or any(i.qty_to_ship > 0 for i in items)
        assert (order.state == OrderState.COMPLETE) == (order.state not in ("new", "holded", "canceled") and not left)
        assert order.total_paid == paid.get(order.pk)
        assert order.payment.amount_paid == paid.get(order.pk)
        if order.state == OrderState.NEW:
            assert not order.invoices.exists()
            assert not order.shipments.exists()
    assert Shipment.objects.exclude(order__is_virtual=0).count() == 0


def test_source_quantities_are_consistent(generated):
    stock_id = resolve_stock_id()
    assert not SourceItem.objects.filter(quantity__lt=0).exists()
    for item in SourceItem.objects.all():
        assert (item.status == SourceItem.Status.IN_STOCK) == (item.quantity > 0)
    for shipment_item in ShipmentItem.objects.select_related("parent")[:50]:
        assert SourceItem.objects.filter(source_id=shipment_item.parent.source_code, product_id=shipment_item.sku).exists()
    skus = list(Product.objects.values_list("sku", flat=True))
    per_stock = get_salable_quantities(skus, stock_id=stock_id)
    recomputed = recomputed_salable()
    for sku in skus:
        expected = recomputed.get((sku, stock_id), ZERO)
        assert expected >= 0
        assert get_salable_quantity(sku, stock_id) == expected
        assert (per_stock[sku][0].qty if sku in per_stock else ZERO) == expected


def test_the_domain_functions_carry_on_from_generated_data(generated):
    open_orders = Order.objects.filter(state=OrderState.NEW, is_virtual=0).order_by("pk")
    to_invoice, to_cancel = open_orders[0], open_orders[1]

    invoice = invoice_order(to_invoice)
    shipments = [  # one shipment per item, from the source the priority algorithm picks first
        ship_order(to_invoice, items=[ShipmentLine(item.pk, item.qty_ordered)],
                   source_code=first_source(item.sku, item.qty_ordered))
        for item in to_invoice.items.all()
    ]
    canceled = cancel_order(to_cancel)
    new_product = make_product()

    to_invoice.refresh_from_db()
    assert (to_invoice.state, canceled.state) == (OrderState.COMPLETE, OrderState.CANCELED)
    assert invoice.increment_id == f"{invoice.pk:09d}"
    assert len(shipments) == to_invoice.items.count()
    assert new_product.pk > 0
    assert get_uncompensated_reservations([str(to_invoice.pk), str(to_cancel.pk)]) == []


def test_the_search_indexes_are_built_after_the_load_and_follow_new_rows(generated):
    """The load suspends the grid search indexes (SQLite FTS5 triggers, PostgreSQL GIN indexes) and ``finish``
    builds them from the tables: the generated rows are found by name, email, increment id and address, through
    the index (backoffice/grid_search.py), and rows written afterwards too (SQLite: the triggers are back).
    PostgreSQL: the session's foreign key triggers are on again (``session_replication_role`` back to origin)."""
    order = Order.objects.exclude(customer_id=None).order_by("-pk").first()
    address = order.addresses.first()
    later = Order.objects.exclude(pk=order.pk).order_by("pk").first()
    Order.objects.filter(pk=later.pk).update(customer_email="after.the.load@example.com")
    customer = Customer.objects.create(email="new.after.load@example.com", firstname="Zelda", lastname="Quorn")

    def search(keyword):
        return set(ORDER_SEARCH.filter(Order.objects.all(), keyword).values_list("pk", flat=True))

    assert order.pk in search(f"{order.increment_id} {order.customer_email} {order.customer_lastname}")
    assert order.pk in search(f'"{address.street}" {address.city}')
    assert search("after.the.load") == {later.pk}
    assert list(CUSTOMER_SEARCH.filter(Customer.objects.all(), "Quorn")) == [customer]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW session_replication_role")
            assert cursor.fetchone()[0] == "origin"
            cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname LIKE %s", ["%\\_search"])
            assert cursor.fetchone()[0] >= 6
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%search%'")
            assert cursor.fetchone()[0] >= 18


def test_a_profile_names_the_sizes_and_flags_override_them(monkeypatch):
    """``--profile extra-large`` is issue 19's scale; here a patched profile keeps it small."""
    from inventory.models import Source
    from sales.management.commands import generate_load

    assert generate_load.PROFILES["extra-large"] == {
        "products": 600_000, "sources": 10, "stocks": 2, "orders": 1_000_000, "customers": 20_000}
    monkeypatch.setitem(generate_load.PROFILES, "extra-large",
                        {"products": 30, "sources": 3, "stocks": 2, "orders": 500, "customers": 7})
    out = io.StringIO()
    call_command("generate_load", "--profile", "extra-large", "--orders", "40", stdout=out, stderr=io.StringIO())

    assert (Product.objects.count(), Customer.objects.count(), Order.objects.count()) == (30, 7, 40)
    assert Source.objects.filter(source_code__startswith="load_src_").count() == 3
    assert "Order 40" in out.getvalue()


def test_the_grids_search_rows_are_written_and_kept_after(generated):
    """The search rows are rebuilt at the end (sales.search.rebuild_search_tables), one a document, and the
    triggers are back for what follows (here: a cancelation rewrites nothing, an email change rewrites the row)."""
    from sales.models import InvoiceGridSearch, OrderGridSearch, ShipmentGridSearch
    from sales.search import INVOICE_SEARCH, ORDER_SEARCH

    assert OrderGridSearch.objects.count() == Order.objects.count() == 300
    assert InvoiceGridSearch.objects.count() == Invoice.objects.count()
    assert ShipmentGridSearch.objects.count() == Shipment.objects.count()
    invoice = Invoice.objects.select_related("order").first()
    # an increment id finds the invoice and those of the order with that number (the order's text is searched too)
    assert set(INVOICE_SEARCH.filter(Invoice.objects.all(), invoice.increment_id)) == set(
        Invoice.objects.filter(Q(increment_id=invoice.increment_id) | Q(order__increment_id=invoice.increment_id)))
    assert invoice in INVOICE_SEARCH.filter(Invoice.objects.all(), f"{invoice.order.increment_id} {invoice.order.customer_email}")
    Order.objects.filter(pk=invoice.order_id).update(customer_email="moved@example.org")
    assert list(ORDER_SEARCH.filter(Order.objects.all(), "moved@example.org")) == [invoice.order]


def test_nothing_is_dated_in_the_future(monkeypatch):
    """Orders are invoiced, shipped and updated hours or days after they were placed: for the last days' orders
    those times are written as the command's start, so that the dashboard's "today" and the grids' dates stay
    true (here every order is of the last day)."""
    from django.db.models import Max
    from django.utils import timezone

    from sales.management.commands import generate_load
    from sales.models import OrderStatusHistory

    monkeypatch.setattr(generate_load, "HISTORY_DAYS", 1)
    call_command("generate_load", products=20, sources=2, stocks=1, orders=60, customers=5, seed=3,
                 stdout=io.StringIO(), stderr=io.StringIO())
    latest = [
        model.objects.aggregate(latest=Max(column))["latest"]
        for model, column in [(Order, "created_at"), (Order, "updated_at"), (OrderItem, "updated_at"),
                              (Invoice, "created_at"), (Invoice, "updated_at"), (Shipment, "created_at"),
                              (OrderStatusHistory, "created_at")]
    ]

    assert Order.objects.count() == 60
    assert Shipment.objects.exists()
    assert max(latest) <= timezone.now()
    assert max(latest) > timezone.now() - timezone.timedelta(hours=1)  # the events were held back, not dropped


def test_the_dashboard_statistics_are_computed_at_the_end(generated):
    """As the hourly refresh_statistics job would leave them: every day before today from the first order's, with
    the figures the dashboard would count live, and this month's bestsellers."""
    today = timezone.localdate()
    first = timezone.localtime(Order.objects.order_by("created_at").values_list("created_at", flat=True).first())
    live = {(row["day"], row["base_currency_code"]): (row["orders"], row["revenue"] or ZERO)
            for row in orders_per_day(first.date(), today - timedelta(days=1))}
    computed = {(row.day, row.base_currency_code): (row.orders_count, row.revenue) for row in DailySales.objects.all()}

    assert {key: value for key, value in computed.items() if value[0]} == live
    assert sum(orders for orders, _ in live.values()) > 250  # most of the 300 orders are before today
    assert {day for day, _ in computed} == {first.date() + timedelta(days=n) for n in range((today - first.date()).days)}
    assert BestsellersRefresh.objects.filter(period=today.replace(day=1)).exists()
