"""GET of orders, invoices and shipments: repository rules shared by the three."""

from __future__ import annotations

import pytest

from sales.invoicing import invoice_order
from tests.factories import make_order

pytestmark = pytest.mark.django_db
ID_NEEDED = {"message": "An ID is needed. Set the ID and try again."}


@pytest.mark.parametrize("path", ["orders/0", "invoices/0", "shipment/0"])
def test_id_zero_is_refused_before_any_lookup(rest_client, path):
    response = rest_client.get(f"/rest/V1/{path}")

    assert response.status_code == 400
    assert response.json() == ID_NEEDED


@pytest.mark.parametrize("document", ["shipment", "invoices"])
@pytest.mark.parametrize("document_id", [0, 999])
def test_the_comments_of_no_document_are_an_empty_search_result(rest_client, document, document_id):
    """getCommentsList searches comments on parent_id without reading the document (Shipment/InvoiceService)."""
    response = rest_client.get(f"/rest/V1/{document}/{document_id}/comments")

    assert response.status_code == 200
    assert response.json() == {
        "items": [],
        "search_criteria": {"filter_groups": [{"filters": [
            {"field": "parent_id", "value": str(document_id), "condition_type": "eq"}]}], "page_size": 20},
        "total_count": 0,
    }


def test_lists_come_in_id_order_without_sort_orders(rest_client):
    orders = [make_order() for _ in range(3)]
    for order in reversed(orders):
        invoice_order(order)

    listed_orders = rest_client.get("/rest/V1/orders", {"searchCriteria[pageSize]": 10}).json()["items"]
    listed_invoices = rest_client.get("/rest/V1/invoices", {"searchCriteria[pageSize]": 10}).json()["items"]

    assert [o["entity_id"] for o in listed_orders] == sorted(o.pk for o in orders)
    ids = [i["entity_id"] for i in listed_invoices]
    assert ids == sorted(ids)
    assert [i["order_id"] for i in listed_invoices] == [o.pk for o in reversed(orders)]


def test_an_order_reads_with_its_items_addresses_payment_and_history(rest_client):
    order = make_order(item_qtys=["2"])

    body = rest_client.get(f"/rest/V1/orders/{order.pk}").json()

    item = order.items.get()
    assert (body["entity_id"], body["increment_id"], body["state"], body["status"]) == (
        order.pk, order.increment_id, "new", "pending")
    assert [(i["item_id"], i["sku"], i["qty_ordered"], i["qty_invoiced"]) for i in body["items"]] == [
        (item.pk, item.sku, 2, 0)]
    assert body["billing_address"]["street"] == ["160 1st St."]
    assert body["billing_address_id"] == body["billing_address"]["entity_id"]
    assert body["payment"]["method"] == "checkmo"
    assert body["payment"]["account_status"] is None  # a non-nullable getter, printed as null
    assert body["extension_attributes"]["shipping_assignments"][0]["shipping"]["method"] == "flatrate_flatrate"
    assert [h["status"] for h in body["status_histories"]] == ["pending"]
    assert body["total_due"] == body["grand_total"] == 30
