"""Refunds under faults and concurrency: a crash at any step of refund_order writes nothing; parallel refunds
of one order (PostgreSQL, real threads and row locks) never refund more than was paid nor return more than
was shipped, and every refusal is Magento's clean 400."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum

import inventory.source_deduction
import sales.refunds
import sales.refunds.returns
from catalog.models import ProductType
from inventory.models import DEFAULT_SOURCE_CODE, Reservation, SourceItem
from sales.invoicing import invoice_order
from sales.models import Creditmemo, CreditmemoItem, Order, OrderItem
from sales.refunds import RefundArguments, RefundComment, RefundItem, refund_order
from sales.shipping import ShipmentLine, ship_order
from tests.concurrency import run_concurrently
from tests.factories import make_order, make_product

from .support import admin_client, postgresql_only, snapshot, transactional_db

D = Decimal


class InjectedFault(Exception):
    pass


def fail(*args: object, **kwargs: object) -> None:
    raise InjectedFault


def fail_after(real):
    def step(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)
        raise InjectedFault

    return step


# Each step of refund_order, in the order it runs.
REFUND_STEPS = {
    "after the credit memo row": (CreditmemoItem.objects, "bulk_create", fail),
    "after the credit memo items and comment": (sales.refunds, "_register", fail),
    "after the running totals": (sales.refunds, "_move_order", fail),
    "after the new order state and history": (sales.refunds, "_return_to_stock", fail),
    "after the returns to sources, before their reservations": (inventory.source_deduction, "append_reservations", fail),
    "after the returns to sources": (sales.refunds.returns, "return_to_sources", None),
    "after the write-off of goods never shipped": (sales.refunds.returns, "write_off_by_source_selection", None),
}


@pytest.fixture
def shipped_in_part(db) -> tuple[Order, list[OrderItem]]:
    """3 + 2 physical items and a virtual one, invoiced; the first item shipped."""
    products = [make_product(), make_product(), make_product(type_id=ProductType.VIRTUAL)]
    order = make_order(item_qtys=[D(3), D(2), D(1)], products=products)
    invoice_order(order)
    items = list(order.items.order_by("pk"))
    ship_order(order, items=[ShipmentLine(items[0].pk, D(3))], source_code=DEFAULT_SOURCE_CODE)
    return order, items


@pytest.mark.django_db
@pytest.mark.parametrize("step", REFUND_STEPS.values(), ids=REFUND_STEPS.keys())
def test_a_crash_at_any_step_of_a_refund_leaves_the_database_as_it_was(monkeypatch, shipped_in_part, step):
    order, items = shipped_in_part
    before = snapshot()
    target, name, replacement = step
    monkeypatch.setattr(target, name, replacement or fail_after(getattr(target, name)))

    with pytest.raises(InjectedFault):
        refund_order(
            order.pk,
            # shipped and returned; never shipped and kept out (written off); virtual and returned
            items=[RefundItem(items[0].pk, D(2)), RefundItem(items[1].pk, D(2)), RefundItem(items[2].pk, D(1))],
            notify=True,
            comment=RefundComment("Returned"),
            arguments=RefundArguments(return_to_stock_items=[items[0].pk, items[2].pk]),
        )

    assert snapshot() == before


def test_the_fault_scenario_runs_every_step(shipped_in_part):
    """The scenario above reaches each patched step: returns to sources and a write-off both happen."""
    order, items = shipped_in_part
    default = SourceItem.objects.filter(source_id=DEFAULT_SOURCE_CODE)
    before = dict(default.values_list("product_id", "quantity"))

    refund_order(order.pk, items=[RefundItem(items[0].pk, D(2)), RefundItem(items[1].pk, D(2)),
                                  RefundItem(items[2].pk, D(1))],
                 arguments=RefundArguments(return_to_stock_items=[items[0].pk, items[2].pk]))

    after = dict(default.values_list("product_id", "quantity"))
    assert [after[i.sku] - before[i.sku] for i in items] == [2, -2, 1]
    assert Reservation.objects.filter(event_type="creditmemo_created", sku=items[1].sku).get().quantity == 2


def post_all(url: str, bodies: list[dict]) -> list:
    clients = [admin_client() for _ in bodies]
    return run_concurrently(
        [lambda client=client, body=body: client.post(url, body, format="json")
         for client, body in zip(clients, bodies, strict=True)]
    )


@transactional_db
@postgresql_only
def test_parallel_refunds_never_refund_more_than_paid_nor_return_more_than_shipped():
    product = make_product(quantity=D(10))
    order = make_order(products=[product], item_qtys=[D(6)])
    invoice_order(order)
    item = order.items.get()
    ship_order(order, items=[ShipmentLine(item.pk, D(4))], source_code=DEFAULT_SOURCE_CODE)  # 2 never shipped
    asked = [1, 2, 1, 3, 1, 2, 1, 1, 2, 1]

    responses = post_all(f"/rest/V1/order/{order.pk}/refund", [
        {"items": [{"order_item_id": item.pk, "qty": qty}],
         "arguments": {"shipping_amount": 0, "extension_attributes": {"return_to_stock_items": [item.pk]}}}
        for qty in asked])

    assert {r.status_code for r in responses} <= {200, 400}
    granted = sum(qty for qty, r in zip(asked, responses, strict=True) if r.status_code == 200)
    item.refresh_from_db()
    order.refresh_from_db()
    assert item.qty_refunded == granted <= 6
    assert CreditmemoItem.objects.filter(order_item=item).aggregate(total=Sum("qty"))["total"] == granted
    assert order.total_refunded == Creditmemo.objects.filter(order=order).aggregate(t=Sum("grand_total"))["t"]
    assert order.total_refunded <= order.total_paid
    returned = SourceItem.objects.get(product_id=product.sku, source_id=DEFAULT_SOURCE_CODE).quantity - (10 - 4)
    reserved_back = Reservation.objects.filter(event_type="creditmemo_created").aggregate(t=Sum("quantity"))["t"] or 0
    assert returned <= 4  # never more than was shipped
    assert returned + reserved_back == granted
    assert reserved_back <= 2  # only what never shipped is given back by a reservation
    for r in responses:
        if r.status_code == 400:
            assert r.json() == {"message": 'We found an invalid quantity to refund item "%1".',
                                "parameters": [item.name]}


@transactional_db
@postgresql_only
def test_twenty_parallel_full_refunds_give_one_credit_memo():
    order = make_order(item_qtys=[D(2), D(1)])
    invoice_order(order)

    responses = post_all(f"/rest/V1/order/{order.pk}/refund", [{}] * 20)

    assert sorted(r.status_code for r in responses) == [200] + [400] * 19
    assert Creditmemo.objects.filter(order=order).count() == 1
    order.refresh_from_db()
    assert (order.state, order.total_refunded) == ("closed", order.total_paid)
    assert {r.json()["message"] for r in responses if r.status_code == 400} == {
        "Creditmemo Document Validation Error(s):\nA creditmemo can not be created when an order has a status of closed"
    }
