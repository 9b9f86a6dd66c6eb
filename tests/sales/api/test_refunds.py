"""The credit memo routes over REST (Magento_Sales etc/webapi.xml), and the tutorial's order lived to its end:
place -> invoice -> ship from two sources -> refund part, returned to stock -> refund the rest -> Closed, with
every source quantity, reservation, salable quantity and total checked after each step.

The recorded body tests/data/magento/creditmemo-refund.json is built from Magento_Sales
Api/Data/CreditmemoInterface, CreditmemoItemInterface and CreditmemoCommentInterface (getter order; DataObjectProcessor
leaves out null values of "|null" getters and prints the others), the collectors' output (Weee sets the FPT row
fields of every line) and the ids and times of a recorded store.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from inventory.models import Reservation, SourceItem, Stock
from inventory.reservations import get_uncompensated_reservations
from inventory.salable import get_salable_quantity
from sales.models import Creditmemo, Order

pytestmark = pytest.mark.django_db
D = Decimal
SEED = json.loads((Path(__file__).parents[2] / "data" / "magento" / "creditmemo-refund.json").read_text())
IDS_AND_TIMES = {"entity_id", "order_id", "parent_id", "order_item_id", "product_id", "billing_address_id",
                 "shipping_address_id", "increment_id", "created_at", "updated_at"}
NOT_FOUND = {"message": "The entity that was requested doesn't exist. Verify the entity and try again."}
PREFIX = "Creditmemo Document Validation Error(s):\n"


def tutorial_order() -> Order:
    return Order.objects.get(customer_email="jdoe@example.com")


def without_ids(body: dict) -> dict:
    def strip(obj: object) -> object:
        if isinstance(obj, dict):
            return {key: strip(value) for key, value in obj.items() if key not in IDS_AND_TIMES}
        if isinstance(obj, list):
            return [strip(value) for value in obj]
        return obj

    return strip(body)


def post(client, path: str, body: dict | None = None):
    return client.post(f"/rest/default/V1/{path}", body or {}, format="json")


def invoice_and_ship(client, order: Order) -> dict[str, int]:
    item = {i.sku: i.pk for i in order.items.all()}
    assert post(client, f"order/{order.pk}/invoice", {"capture": True}).status_code == 200
    assert post(client, f"order/{order.pk}/ship", {
        "items": [{"order_item_id": item["24-WB03"], "qty": 20}, {"order_item_id": item["24-WB01"], "qty": 35}],
        "arguments": {"extension_attributes": {"source_code": "ne_wh"}}}).status_code == 200
    assert post(client, f"order/{order.pk}/ship", {
        "items": [{"order_item_id": item["24-WB01"], "qty": 5}],
        "arguments": {"extension_attributes": {"source_code": "west_wh"}}}).status_code == 200
    return item


class Ledger:
    """What the tutorial's Quantity per Source, reservations and salable quantities say at one moment."""

    def __init__(self, order: Order) -> None:
        self.order = order
        self.stock_id = Stock.objects.get(name="US Stock").stock_id

    def sources(self, sku: str) -> dict[str, Decimal]:
        rows = SourceItem.objects.filter(product_id=sku, quantity__gt=0).values_list("source_id", "quantity")
        return {code: quantity for code, quantity in rows}

    def reservations(self, sku: str) -> list[tuple[str, Decimal]]:
        rows = Reservation.objects.filter(object_id=str(self.order.pk), sku=sku).order_by("pk")
        return [(r.event_type, r.quantity) for r in rows]

    def salable(self, sku: str) -> Decimal:
        return get_salable_quantity(sku, self.stock_id)

    def totals(self) -> tuple:
        self.order.refresh_from_db()
        o = self.order
        return (o.state, o.total_paid, o.total_refunded, o.total_offline_refunded, o.subtotal_refunded,
                o.discount_refunded, o.shipping_refunded)


def test_the_tutorial_order_lives_to_its_end_over_rest(tutorial, rest_client):
    order = tutorial_order()
    ledger = Ledger(order)
    # place (step 9, by the fixture)
    assert ledger.sources("24-WB01") == {"ne_wh": 35, "west_wh": 15, "brooklyn": 10, "huntington": 10,
                                         "manhattan": 10, "berkeley": 10, "sausalito": 10}
    assert ledger.sources("24-WB03") == {"ne_wh": 50, "west_wh": 10, "berkeley": 20, "sausalito": 20}
    assert (ledger.salable("24-WB01"), ledger.salable("24-WB03"), ledger.salable("240-LV06")) == (60, 80, 9998)

    # invoice, ship from two sources (steps 10-12)
    item = invoice_and_ship(rest_client, order)
    assert ledger.sources("24-WB01") == {"west_wh": 10, "brooklyn": 10, "huntington": 10, "manhattan": 10,
                                         "berkeley": 10, "sausalito": 10}
    assert ledger.sources("24-WB03") == {"ne_wh": 30, "west_wh": 10, "berkeley": 20, "sausalito": 20}
    assert ledger.sources("240-LV06") == {"hq": 9998}
    assert (ledger.salable("24-WB01"), ledger.salable("24-WB03"), ledger.salable("240-LV06")) == (60, 80, 9998)
    assert ledger.totals() == ("complete", D("1917.6"), None, None, None, None, None)

    # refund part: 10 bags returned to stock, 5 backpacks kept out, no shipping, a $5 goodwill adjustment
    response = post(rest_client, f"order/{order.pk}/refund", {
        "items": [{"order_item_id": item["24-WB01"], "qty": 10}, {"order_item_id": item["24-WB03"], "qty": 5}],
        "arguments": {"shipping_amount": 0, "adjustment_positive": 5,
                      "extension_attributes": {"return_to_stock_items": [item["24-WB01"]]}}})
    assert response.status_code == 200
    first = response.json()
    assert isinstance(first, int)
    assert ledger.sources("24-WB01")["ne_wh"] == 10  # back where the bags first shipped from (priority 1)
    assert ledger.sources("24-WB03") == {"ne_wh": 30, "west_wh": 10, "berkeley": 20, "sausalito": 20}
    assert (ledger.salable("24-WB01"), ledger.salable("24-WB03")) == (70, 80)
    assert ledger.totals() == ("complete", D("1917.6"), D(405), D(405), D(500), D(-100), D(0))
    body = rest_client.get(f"/rest/V1/creditmemo/{first}").json()
    assert (body["grand_total"], body["adjustment"], body["state"], body["order_id"]) == (405, 5, 2, order.pk)

    # refund the rest: everything left, shipping by default, less the $5 already given; backpacks and the
    # download return to stock
    response = post(rest_client, f"order/{order.pk}/refund", {
        "notify": True, "arguments": {"adjustment_negative": 5, "extension_attributes": {
            "return_to_stock_items": [item["24-WB03"], item["240-LV06"]]}}})
    assert response.status_code == 200
    second = rest_client.get(f"/rest/V1/creditmemo/{response.json()}").json()
    assert (second["subtotal"], second["discount_amount"], second["shipping_amount"], second["grand_total"]) == (
        1522, -304.4, 300, 1512.6)
    assert ledger.sources("24-WB03")["ne_wh"] == 45
    assert ledger.sources("24-WB01") == {"ne_wh": 10, "west_wh": 10, "brooklyn": 10, "huntington": 10,
                                         "manhattan": 10, "berkeley": 10, "sausalito": 10}  # 30 bags stay out
    assert ledger.sources("240-LV06") == {"hq": 9999}
    assert (ledger.salable("24-WB01"), ledger.salable("24-WB03"), ledger.salable("240-LV06")) == (70, 95, 9999)
    assert ledger.totals() == ("closed", D("1917.6"), D("1917.6"), D("1917.6"), D(2022), D("-404.4"), D(300))
    assert ledger.reservations("24-WB01") == [("order_placed", -40), ("shipment_created", 35),
                                              ("shipment_created", 5)]
    assert ledger.reservations("240-LV06") == [("order_placed", -1), ("invoice_created", 1)]
    assert get_uncompensated_reservations([str(order.pk)]) == []
    listed = rest_client.get(f"/rest/V1/creditmemos?searchCriteria[filter_groups][0][filters][0][field]=order_id"
                             f"&searchCriteria[filter_groups][0][filters][0][value]={order.pk}").json()
    assert [m["entity_id"] for m in listed["items"]] == [first, response.json()]
    assert listed["total_count"] == 2
    order_body = rest_client.get(f"/rest/V1/orders/{order.pk}").json()
    assert (order_body["state"], order_body["status"]) == ("closed", "closed")
    assert (order_body["total_refunded"], order_body["total_offline_refunded"], order_body["adjustment_positive"]) == (
        1917.6, 1917.6, 5)
    assert (order_body["payment"]["amount_refunded"], order_body["payment"]["shipping_refunded"]) == (1917.6, 300)


def test_a_credit_memo_matches_magentos_interface_key_for_key(tutorial, rest_client,
                                                              django_capture_on_commit_callbacks):
    order = tutorial_order()
    item = invoice_and_ship(rest_client, order)

    with django_capture_on_commit_callbacks(execute=True):
        response = post(rest_client, f"order/{order.pk}/refund", {
            "items": [{"order_item_id": item["24-WB01"], "qty": 10}], "notify": True, "appendComment": True,
            "comment": {"comment": "Returned unopened", "is_visible_on_front": 0},
            "arguments": {"shipping_amount": 0, "adjustment_positive": 5, "adjustment_negative": 0,
                          "extension_attributes": {"return_to_stock_items": [item["24-WB01"]]}}})

    body = rest_client.get(f"/rest/V1/creditmemo/{response.json()}").json()
    assert list(body) == list(SEED)
    assert [list(i) for i in body["items"]] == [list(i) for i in SEED["items"]]
    assert [list(c) for c in body["comments"]] == [list(c) for c in SEED["comments"]]
    assert without_ids(body) == without_ids(SEED)
    memo = Creditmemo.objects.get(pk=response.json())
    assert (body["entity_id"], body["order_id"], body["increment_id"]) == (memo.pk, order.pk, f"{memo.pk:09d}")
    assert body["items"][0]["order_item_id"] == item["24-WB01"]
    assert "invoice_id" not in body  # an order refund names no invoice


def test_a_refusal_is_magentos_400_body_and_writes_nothing(tutorial, rest_client):
    order = tutorial_order()
    item = invoice_and_ship(rest_client, order)

    response = post(rest_client, f"order/{order.pk}/refund", {
        "items": [{"order_item_id": item["24-WB01"], "qty": "1.5"}],
        "arguments": {"adjustment_positive": 5000}})

    assert response.status_code == 400
    assert response.json() == {"message": PREFIX + 'We found an invalid quantity to refund item "24-WB01".\n'
                                                   "The most money available to refund is 1917.6."}
    assert not Creditmemo.objects.exists()


def test_more_than_invoiced_is_refused_with_the_item_name(tutorial, rest_client):
    order = tutorial_order()
    item = invoice_and_ship(rest_client, order)

    response = post(rest_client, f"order/{order.pk}/refund", {"items": [{"order_item_id": item["24-WB01"], "qty": 41}]})

    assert response.status_code == 400
    assert response.json() == {"message": 'We found an invalid quantity to refund item "%1".',
                               "parameters": ["Voyage Yoga Bag"]}
    assert not Creditmemo.objects.exists()


def test_an_invoice_paid_offline_is_refused_even_online(tutorial, rest_client):
    order = tutorial_order()
    invoice_and_ship(rest_client, order)
    invoice = order.invoices.get()

    response = post(rest_client, f"invoice/{invoice.pk}/refund", {"isOnline": True})

    assert response.status_code == 400
    assert response.json() == {"message": PREFIX + "We can't create creditmemo for the invoice."}
    assert not Creditmemo.objects.exists()


@pytest.mark.parametrize("path", ["order/999999/refund", "invoice/999999/refund"])
def test_unknown_documents_are_404(rest_client, path):
    response = post(rest_client, path)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_unknown_credit_memo_is_404_and_its_comments_are_empty(rest_client):
    assert rest_client.get("/rest/V1/creditmemo/999999").json() == NOT_FOUND
    assert rest_client.get("/rest/V1/creditmemo/999999/comments").json()["items"] == []
    assert rest_client.post("/rest/V1/creditmemo/999999/emails").status_code == 404


def test_comments_emails_and_cancel(tutorial, rest_client, django_capture_on_commit_callbacks, mailoutbox):
    order = tutorial_order()
    invoice_and_ship(rest_client, order)
    memo_id = post(rest_client, f"order/{order.pk}/refund").json()

    saved = rest_client.post(f"/rest/V1/creditmemo/{memo_id}/comments",
                             {"entity": {"comment": "Refund sent by check", "parent_id": memo_id}}, format="json")
    listed = rest_client.get(f"/rest/V1/creditmemo/{memo_id}/comments").json()
    with django_capture_on_commit_callbacks(execute=True):
        emailed = rest_client.post(f"/rest/V1/creditmemo/{memo_id}/emails")
    canceled = rest_client.put(f"/rest/V1/creditmemo/{memo_id}", {}, format="json")
    orphan = rest_client.post(f"/rest/V1/creditmemo/{memo_id}/comments",
                              {"entity": {"comment": "x", "parent_id": 999999}}, format="json")

    assert saved.status_code == 200
    assert (saved.json()["comment"], saved.json()["parent_id"]) == ("Refund sent by check", memo_id)
    assert [c["comment"] for c in listed["items"]] == ["Refund sent by check"]
    assert (emailed.status_code, emailed.json()) == (200, True)
    assert len(mailoutbox) == 1
    assert (canceled.status_code, canceled.json()) == (400, {"message": "You can not cancel Credit Memo"})
    assert Creditmemo.objects.get(pk=memo_id).state == Creditmemo.State.REFUNDED
    assert (orphan.status_code, orphan.json()) == (400, {"message": "Could not save the creditmemo comment."})


def test_a_retry_with_the_same_idempotency_key_refunds_once(tutorial, rest_client):
    order = tutorial_order()
    item = invoice_and_ship(rest_client, order)
    body = {"items": [{"order_item_id": item["24-WB01"], "qty": 1}]}

    first = rest_client.post(f"/rest/V1/order/{order.pk}/refund", body, format="json", HTTP_IDEMPOTENCY_KEY="r-1")
    again = rest_client.post(f"/rest/V1/order/{order.pk}/refund", body, format="json", HTTP_IDEMPOTENCY_KEY="r-1")

    assert first.json() == again.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Creditmemo.objects.count() == 1


def test_the_sales_clerk_may_refund_and_read_credit_memos(tutorial, staff_client_with):
    from django.contrib.auth.models import Group

    clerk = {f"sales.{p.codename}" for p in Group.objects.get(name="Sales Clerk").permissions.all()}
    assert {"sales.add_creditmemo", "sales.view_creditmemo", "sales.change_creditmemo"} <= clerk
    reader = staff_client_with("sales.view_creditmemo")

    response = reader.post(f"/rest/V1/order/{tutorial_order().pk}/refund", {}, format="json")

    assert response.status_code == 401
    assert response.json() == {"message": "The consumer isn't authorized to access %resources.",
                               "parameters": {"resources": "Magento_Sales::creditmemo"}}


# --- CreditmemoManagementInterface::refund and CreditmemoRepositoryInterface::save -------------------------------


def test_creditmemo_refund_refunds_an_offline_invoice_and_answers_the_saved_credit_memo(tutorial, rest_client):
    """Model/Service/CreditmemoService.php::refund: no invoice CanRefund here, so the admin's path refunds an
    invoice paid by check; offline requested, the invoice keeps no refund total."""
    order = tutorial_order()
    item = invoice_and_ship(rest_client, order)
    invoice = order.invoices.get()

    response = post(rest_client, "creditmemo/refund", {"creditmemo": {
        "order_id": order.pk, "invoice_id": invoice.pk, "shipping_amount": 0,
        "items": [{"order_item_id": item["24-WB01"], "qty": 2, "row_total": 99999}]}, "offlineRequested": True})

    assert response.status_code == 200
    body = response.json()
    assert (body["invoice_id"], body["grand_total"], body["state"]) == (invoice.pk, 51.2, 2)  # amounts re-collected
    assert [(i["sku"], i["qty"]) for i in body["items"]] == [("24-WB01", 2)]
    invoice.refresh_from_db()
    assert invoice.base_total_refunded is None
    order.refresh_from_db()
    assert (order.total_offline_refunded, order.total_online_refunded) == (D("51.2"), None)


@pytest.mark.parametrize(("memo", "status", "answer"), [
    ({"entity_id": 1, "order_id": 1}, 400, {"message": "We cannot register an existing credit memo."}),
    ({"items": []}, 404, {"message": "We found an invalid order to refund."}),
    ({"order_id": 1, "adjustment_positive": 5000}, 400,
     {"message": "The most money available to refund is %1.", "parameters": ["$1,917.60"]}),
])
def test_creditmemo_refund_refusals_are_magentos(tutorial, rest_client, memo, status, answer):
    order = tutorial_order()
    invoice_and_ship(rest_client, order)
    memo = {**memo, "order_id": order.pk} if "order_id" in memo else memo

    response = post(rest_client, "creditmemo/refund", {"creditmemo": memo})

    assert (response.status_code, response.json()) == (status, answer)
    assert not Creditmemo.objects.exists()


def test_creditmemo_save_answers_an_existing_credit_memo_and_refuses_a_new_one(tutorial, rest_client):
    order = tutorial_order()
    invoice_and_ship(rest_client, order)
    memo_id = post(rest_client, f"order/{order.pk}/refund").json()

    existing = post(rest_client, "creditmemo", {"entity": {"entity_id": memo_id, "grand_total": 1}})
    new = post(rest_client, "creditmemo", {"entity": {"order_id": order.pk, "grand_total": 1}})

    assert existing.status_code == 200
    assert (existing.json()["entity_id"], existing.json()["grand_total"]) == (memo_id, 1917.6)
    assert (new.status_code, new.json()) == (400, {"message": "The credit memo couldn't be saved."})
    assert Creditmemo.objects.count() == 1


@pytest.mark.parametrize(("method", "url", "resource", "permission"), [
    ("POST", "rest/V1/order/1/refund", "Magento_Sales::creditmemo", "sales.add_creditmemo"),
    ("POST", "rest/V1/invoice/1/refund", "Magento_Sales::sales_invoice", "sales.add_creditmemo"),
    ("GET", "rest/V1/creditmemo/1", "Magento_Sales::sales_creditmemo", "sales.view_creditmemo"),
    ("PUT", "rest/V1/creditmemo/1", "Magento_Sales::sales_creditmemo", "sales.change_creditmemo"),
    ("GET", "rest/V1/creditmemos", "Magento_Sales::sales_creditmemo", "sales.view_creditmemo"),
    ("GET", "rest/V1/creditmemo/1/comments", "Magento_Sales::sales_creditmemo", "sales.view_creditmemo"),
    ("POST", "rest/V1/creditmemo/1/comments", "Magento_Sales::sales_creditmemo", "sales.change_creditmemo"),
    ("POST", "rest/V1/creditmemo/1/emails", "Magento_Sales::sales_creditmemo", "sales.change_creditmemo"),
    ("POST", "rest/V1/creditmemo", "Magento_Sales::sales_creditmemo", "sales.change_creditmemo"),
    ("POST", "rest/V1/creditmemo/refund", "Magento_Sales::sales_creditmemo", "sales.add_creditmemo"),
])
def test_the_access_walk_sees_every_credit_memo_route_with_magentos_resource(method, url, resource, permission):
    """Magento_Sales etc/webapi.xml: the resource of each route, as tests/reliability/test_access.py walks them."""
    from tests.reliability.test_access import ROUTES

    route = next(r for r in ROUTES if (r.method, r.url) == (method, url))
    assert (route.acl_resource, route.permission_required) == (resource, permission)
