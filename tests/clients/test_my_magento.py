"""my-magento, the Python client, pointed at this back-office and run unchanged: an ERP's day with the tutorial's order.

The library is used as published (requirements.txt pins it); only its base URL is set by hand, because its
``parse_domain`` drops the port of ``live_server``'s URL.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from inventory.models import SourceItem
from sales.models import Invoice, Order

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # a live server in another thread

def test_the_client_logs_in_and_reads_the_store(api, tutorial: None) -> None:
    assert len(api.ACCESS_TOKEN) == 32
    assert api.store.is_single_store
    assert (api.store.active.code, api.store.active.base_currency_code) == ("default", "USD")
    assert [view.code for view in api.store.views] == ["admin", "default"]


def test_the_client_finds_the_order_and_reads_it_whole(api, tutorial: None) -> None:
    order = Order.objects.get(customer_email="jdoe@example.com")

    found = api.orders.by_number(order.increment_id)

    assert (found.id, found.number, found.status) == (order.pk, order.increment_id, "pending")
    assert found.grand_total == 1917.6
    assert [(item.sku, item.qty_ordered) for item in found.items] == [("24-WB03", 20), ("24-WB01", 40), ("240-LV06", 1)]
    assert found.bill_to["address"] == found.ship_to["address"] == "160 1st St., Mineola, NY, 11501, US"
    assert found.payment["method"] == "banktransfer"
    assert found.customer.email == "jdoe@example.com"
    assert found.total_qty_outstanding == 61
    assert api.orders.by_id(order.pk).number == order.increment_id
    assert api.orders.by_customer_id(order.customer_id).number == order.increment_id  # one result: the model itself
    trimmed = api.orders.restrict_fields(["increment_id", "status"]).by_number(order.increment_id)  # fields=items[...]
    assert trimmed.data == {"entity_id": order.pk, "increment_id": order.increment_id, "status": "pending"}


def test_the_client_reads_products_and_their_stock(api, tutorial: None) -> None:
    product = api.products.by_sku("24-WB01")

    assert (product.sku, product.name, product.price) == ("24-WB01", "Voyage Yoga Bag", 32)
    on_default_source = SourceItem.objects.filter(product_id="24-WB01", source_id="default").first()
    assert product.stock == (on_default_source.quantity if on_default_source else 0)  # the legacy stock_item
    assert api.products.by_id(product.id).sku == "24-WB01"
    assert {p.sku for p in api.products.by_skulist(["24-WB01", "24-WB03"])} == {"24-WB01", "24-WB03"}


def test_a_warehouse_system_sets_the_stock_through_the_client(api, tutorial: None) -> None:
    product = api.products.by_sku("24-WB01")

    assert product.update_stock(25)  # PUT products/{sku}/stockItems/{item_id}, then it reads the product again

    assert product.stock == 25
    assert SourceItem.objects.get(product_id="24-WB01", source_id="default").quantity == 25


def test_the_client_invoices_the_order_and_finds_the_paid_invoice(api, tutorial: None) -> None:
    order = Order.objects.get(customer_email="jdoe@example.com")

    response = api.post(api.url_for(f"order/{order.pk}/invoice"), {"capture": True, "notify": True})

    assert response.status_code == 200
    invoice = api.invoices.by_order_id(order.pk)
    assert invoice.id == response.json() == Invoice.objects.get().pk
    assert (invoice.state, invoice.grand_total) == (2, 1917.6)
    assert [(line.sku, line.qty) for line in invoice.items] == [("24-WB03", 20), ("24-WB01", 40), ("240-LV06", 1)]
    assert invoice.order.status == "processing"
    assert api.invoices.by_number(invoice.number).id == invoice.id
    assert api.orders.by_list("status", "processing,complete").number == order.increment_id
    assert Decimal(str(api.order_items.by_sku("24-WB01").qty_invoiced)) == 40
