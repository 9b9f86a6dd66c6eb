"""Concurrency: parallel invoices, shipments and checkouts never over-bill, over-ship or oversell, and a mixed
run on overlapping SKUs finishes without a deadlock (every writer follows the one lock order of STYLE.md 5).

PostgreSQL only: real threads, each with its own connection, against real row locks.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from backoffice.exceptions import DomainError
from catalog.models import ProductType
from inventory.exceptions import NotEnoughItemsForSale
from inventory.models import DEFAULT_SOURCE_CODE, DEFAULT_STOCK_ID, Reservation, SourceItem
from inventory.salable import get_salable_quantity
from sales.invoicing import invoice_order
from sales.models import Invoice, InvoiceItem, Order, OrderItem, Shipment, ShipmentItem
from sales.shipping import ShipmentLine, ship_order
from tests.concurrency import run_concurrently
from tests.factories import make_order, make_product

from .support import admin_client, postgresql_only, transactional_db

pytestmark = [transactional_db, postgresql_only]

NOTHING_LEFT_TO_INVOICE = (
    "Invoice Document Validation Error(s):\nYou can't create an invoice without products.\n"
    "The order does not allow an invoice to be created."
)
INVALID_INVOICE_QTY = 'We found an invalid quantity to invoice item "%1".'
INVALID_SHIP_QTY = 'We found an invalid quantity to ship for item "%1".'
NOT_ENOUGH_ITEMS_FOR_SALE = "Not enough items for sale"


def post_all(url: str, bodies: list[dict]) -> list:
    """POST each body from its own thread and client (tokens are issued up front, in this thread)."""
    clients = [admin_client() for _ in bodies]
    return run_concurrently(
        [lambda client=client, body=body: client.post(url, body, format="json") for client, body in zip(clients, bodies, strict=True)]
    )


def test_twenty_parallel_full_invoice_requests_give_one_invoice_and_nineteen_clean_refusals():
    order = make_order(item_qtys=[Decimal("2"), Decimal("1")])

    responses = post_all(f"/rest/V1/order/{order.pk}/invoice", [{}] * 20)

    assert sorted(r.status_code for r in responses) == [200] + [400] * 19
    winner = next(r for r in responses if r.status_code == 200)
    assert winner.json() == Invoice.objects.get(order=order).pk
    assert {r.content for r in responses if r.status_code == 400} == {
        b'{"message":"Invoice Document Validation Error(s):\\nYou can\'t create an invoice without products.\\n'
        b'The order does not allow an invoice to be created."}'
    }
    assert list(OrderItem.objects.filter(order=order).order_by("pk").values_list("qty_invoiced", flat=True)) == [2, 1]


def test_parallel_partial_invoices_never_exceed_the_ordered_qty():
    order = make_order(item_qtys=[Decimal("5")])
    item = order.items.get()
    asked = [2, 1, 2, 1, 2, 1, 2, 1, 2, 1]

    responses = post_all(
        f"/rest/V1/order/{order.pk}/invoice", [{"items": [{"order_item_id": item.pk, "qty": qty}]} for qty in asked]
    )

    assert {r.status_code for r in responses} == {200, 400}
    granted = [qty for qty, r in zip(asked, responses, strict=True) if r.status_code == 200]
    refused = [qty for qty, r in zip(asked, responses, strict=True) if r.status_code == 400]
    item.refresh_from_db()
    assert item.qty_invoiced == sum(granted) <= 5
    assert 5 - sum(granted) < min(refused)  # every refusal asked for more than was left
    assert InvoiceItem.objects.filter(order_item=item).aggregate(total=Sum("qty"))["total"] == sum(granted)
    assert all(
        r.json() == {"message": INVALID_INVOICE_QTY, "parameters": [item.name]} for r in responses if r.status_code == 400
    )
    order.refresh_from_db()
    assert order.total_invoiced == Invoice.objects.filter(order=order).aggregate(total=Sum("grand_total"))["total"]


def test_parallel_checkouts_of_the_last_units_never_oversell():
    product = make_product(quantity=Decimal("5"))
    asked = [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2]

    results = run_concurrently(
        [lambda qty=qty: make_order(item_qtys=[Decimal(qty)], products=[product]) for qty in asked]
    )

    placed = [qty for qty, result in zip(asked, results, strict=True) if isinstance(result, Order)]
    refused = [(qty, result) for qty, result in zip(asked, results, strict=True) if not isinstance(result, Order)]
    assert all(isinstance(error, NotEnoughItemsForSale) for _, error in refused)
    assert {str(error) for _, error in refused} == {NOT_ENOUGH_ITEMS_FOR_SALE}
    assert sum(placed) <= 5
    assert 5 - sum(placed) < min(qty for qty, _ in refused)
    assert get_salable_quantity(product.sku, DEFAULT_STOCK_ID) == 5 - sum(placed) >= 0
    assert Reservation.objects.filter(sku=product.sku).aggregate(total=Sum("quantity"))["total"] == -sum(placed)


def test_parallel_shipments_never_over_ship_or_deduct_twice():
    product = make_product(quantity=Decimal("10"))
    order = make_order(item_qtys=[Decimal("10")], products=[product])
    item = order.items.get()
    body = {"items": [{"order_item_id": item.pk, "qty": 3}],
            "arguments": {"extension_attributes": {"source_code": DEFAULT_SOURCE_CODE}}}

    responses = post_all(f"/rest/V1/order/{order.pk}/ship", [body] * 8)

    assert sorted(r.status_code for r in responses) == [200] * 3 + [400] * 5
    assert {r.json()["message"] for r in responses if r.status_code == 400} == {
        "Shipment Document Validation Error(s):\n"
        f"{INVALID_SHIP_QTY.replace('%1', item.name)}\nYou can't create a shipment without products."
    }
    item.refresh_from_db()
    assert item.qty_shipped == 9
    assert ShipmentItem.objects.filter(order_item=item).aggregate(total=Sum("qty"))["total"] == 9
    assert SourceItem.objects.get(product_id=product.sku, source_id=DEFAULT_SOURCE_CODE).quantity == 1
    deductions = Reservation.objects.filter(sku=product.sku, event_type="shipment_created")
    assert sorted(deductions.values_list("quantity", flat=True)) == [3, 3, 3]


def test_two_orders_shipping_the_last_units_of_one_source_each_deduct_once():
    product = make_product(quantity=Decimal("6"))
    first, second = (make_order(item_qtys=[Decimal("3")], products=[product]) for _ in range(2))

    results = run_concurrently(
        [lambda order=order: ship_order(Order.objects.get(pk=order.pk), source_code=DEFAULT_SOURCE_CODE)
         for order in [first, second] * 4]
    )

    assert sum(isinstance(r, Shipment) for r in results) == 2
    assert all(isinstance(r, (Shipment, DomainError)) for r in results)
    assert Shipment.objects.filter(order__in=[first, second]).count() == 2
    source_item = SourceItem.objects.get(product_id=product.sku, source_id=DEFAULT_SOURCE_CODE)
    assert (source_item.quantity, source_item.status) == (0, SourceItem.Status.OUT_OF_STOCK)
    assert get_salable_quantity(product.sku, DEFAULT_STOCK_ID) == 0


def test_a_mixed_run_of_invoices_shipments_and_checkouts_on_overlapping_skus_finishes_without_deadlock():
    physical = [make_product(quantity=Decimal("100")) for _ in range(3)]
    virtual = make_product(quantity=Decimal("100"), type_id=ProductType.VIRTUAL)
    p1, p2, p3 = physical
    line_orders = [[p1, p2, virtual], [p2, p1], [p3, p1, virtual], [p1, p3, p2], [p3, p2]]
    orders = [make_order(item_qtys=[Decimal("2")] * len(products), products=products) for products in line_orders]

    def invoice(order: Order) -> object:
        return invoice_order(Order.objects.get(pk=order.pk))

    def ship(order: Order) -> object:
        lines = [ShipmentLine(i.pk, Decimal("1")) for i in order.items.order_by("-pk") if not i.is_virtual]
        return ship_order(Order.objects.get(pk=order.pk), items=lines, source_code=DEFAULT_SOURCE_CODE)

    def checkout(products: list) -> object:
        return make_order(item_qtys=[Decimal("1")] * len(products), products=products)

    actions = []
    for order, products in zip(orders, line_orders, strict=True):
        actions += [lambda o=order: invoice(o), lambda o=order: ship(o), lambda o=order: ship(o),
                    lambda p=products: checkout(list(reversed(p)))]

    results = run_concurrently(actions, timeout=120)

    unexpected = [r for r in results if not isinstance(r, (Order, Invoice, Shipment, DomainError))]
    assert unexpected == []  # a deadlock would be an OperationalError ("deadlock detected") here
    assert Invoice.objects.filter(order__in=orders).count() == len(orders)
    for product in [*physical, virtual]:
        source_item = SourceItem.objects.get(product_id=product.sku, source_id=DEFAULT_SOURCE_CODE)
        items = OrderItem.objects.filter(sku=product.sku)
        left_the_source = items.aggregate(total=Sum("qty_invoiced" if product is virtual else "qty_shipped"))["total"]
        assert source_item.quantity == 100 - left_the_source
        ordered = items.aggregate(total=Sum("qty_ordered"))["total"]
        assert get_salable_quantity(product.sku, DEFAULT_STOCK_ID) == 100 - ordered
