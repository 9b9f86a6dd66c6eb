"""An invoice after its creation, over REST: capture, void, comments and save (Magento_Sales etc/webapi.xml, all four
under Magento_Sales::sales_invoice), for the offline payment methods this back-office offers.

Magento 2.4.6, the files each answer comes from:

- capture: ``Model/Service/InvoiceService.php::setCapture`` -> ``Model/Order/Invoice.php::capture`` ->
  ``Model/Order/Payment.php::capture`` -> ``Payment/Operations/CaptureOperation.php`` ->
  ``Payment/Operations/ProcessInvoiceOperation.php::execute`` -> module-payment ``Model/Method/AbstractMethod.php::
  capture``: "The capture action is not available." for a method whose ``$_canCapture`` is false, which is every
  module-offline-payments method (Checkmo, Banktransfer, Cashondelivery) and module-payment ``Method/Free.php``.
- void: ``InvoiceService::setVoid`` -> ``Invoice::void`` -> ``Payment::void`` -> ``Payment::_void`` ->
  ``AbstractMethod::void``: "The void action is not available." (``$_canVoid`` false), before ``Invoice::cancel``.
- both read the invoice first: ``Model/Order/InvoiceRepository.php::get`` ("An ID is needed. Set the ID and try
  again." for 0; "The entity that was requested doesn't exist..." 404).
- comments: ``Model/Order/Invoice/CommentRepository.php::save`` wraps every failure in "Could not save the invoice
  comment." (``Model/ResourceModel/Order/Invoice/Comment.php`` + ``Invoice/Comment/Validator.php``: parent_id and
  comment required and not empty), then ``InvoiceCommentSender`` emails it when ``is_customer_notified``.
- save: ``Model/Order/InvoiceRepository.php::save`` writes the body as it comes (``ResourceModel/Order/Invoice.php``,
  ``Invoice/Relation.php``); here the server computes it (sales/invoices.py: save_invoice), and comments are
  validated by the comment validator ("Cannot save comment:\\n%1").
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from sales.invoicing import invoice_order
from sales.models import Invoice, InvoiceComment, Order, OrderItem
from tests.factories import make_order
from tests.reliability.support import snapshot

pytestmark = pytest.mark.django_db

NOT_FOUND = {"message": "The entity that was requested doesn't exist. Verify the entity and try again."}
ID_NEEDED = {"message": "An ID is needed. Set the ID and try again."}
CAPTURE_NOT_AVAILABLE = {"message": "The capture action is not available."}
VOID_NOT_AVAILABLE = {"message": "The void action is not available."}
COULD_NOT_SAVE_COMMENT = {"message": "Could not save the invoice comment."}
OFFLINE_METHODS = ["checkmo", "banktransfer", "cashondelivery", "free"]


def paid_invoice(payment_method: str = "checkmo") -> Invoice:
    return invoice_order(make_order(payment_method=payment_method))


# --- POST /V1/invoices/{id}/capture and /void ----------------------------------------------------------------------


@pytest.mark.parametrize("method", OFFLINE_METHODS)
def test_capturing_an_offline_invoice_is_the_methods_refusal_and_writes_nothing(rest_client, method):
    """An offline invoice is Paid at creation; a capture asks the offline method, which cannot capture."""
    invoice = paid_invoice(method)
    before = snapshot()

    response = rest_client.post(f"/rest/V1/invoices/{invoice.pk}/capture", {}, format="json")

    assert (response.status_code, response.json()) == (400, CAPTURE_NOT_AVAILABLE)
    assert snapshot() == before


@pytest.mark.parametrize("method", OFFLINE_METHODS)
def test_voiding_an_offline_invoice_is_the_methods_refusal_and_writes_nothing(rest_client, method):
    invoice = paid_invoice(method)
    before = snapshot()

    response = rest_client.post(f"/rest/default/V1/invoices/{invoice.pk}/void")

    assert (response.status_code, response.json()) == (400, VOID_NOT_AVAILABLE)
    assert snapshot() == before
    assert Invoice.objects.get(pk=invoice.pk).state == Invoice.State.PAID


@pytest.mark.parametrize("action", ["capture", "void"])
def test_capture_and_void_read_the_invoice_first(rest_client, action):
    r = rest_client.post(f"/rest/V1/invoices/999/{action}")
    assert (r.status_code, r.json()) == (404, NOT_FOUND)
    r = rest_client.post(f"/rest/V1/invoices/0/{action}")
    assert (r.status_code, r.json()) == (400, ID_NEEDED)


@pytest.mark.parametrize("action", ["capture", "void"])
def test_capture_and_void_need_the_change_invoice_permission(staff_client_with, action):
    invoice = paid_invoice()
    client = staff_client_with("sales.view_invoice")

    response = client.post(f"/rest/V1/invoices/{invoice.pk}/{action}")

    assert response.status_code == 401
    assert response.json()["parameters"] == {"resources": "Magento_Sales::sales_invoice"}


# --- POST /V1/invoices/comments -----------------------------------------------------------------------------------


def test_a_comment_is_saved_and_answered_as_the_comments_list_shows_it(rest_client, mailoutbox):
    invoice = paid_invoice()
    mailoutbox.clear()

    response = rest_client.post(
        "/rest/V1/invoices/comments",
        {"entity": {"parentId": invoice.pk, "comment": "Paid by check #42", "is_visible_on_front": 1}},
        format="json",
    )

    assert response.status_code == 200, response.content
    comment = InvoiceComment.objects.get(parent=invoice)
    body = response.json()
    assert list(body) == ["is_customer_notified", "parent_id", "comment", "is_visible_on_front", "created_at",
                          "entity_id"]
    assert body | {"created_at": None} == {
        "is_customer_notified": 0, "parent_id": invoice.pk, "comment": "Paid by check #42", "is_visible_on_front": 1,
        "created_at": None, "entity_id": comment.pk,
    }
    listed = rest_client.get(f"/rest/V1/invoices/{invoice.pk}/comments").json()["items"]
    assert listed == [body]
    assert mailoutbox == []


def test_a_notified_comment_is_emailed_after_commit(rest_client, mailoutbox, django_capture_on_commit_callbacks):
    invoice = paid_invoice()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = rest_client.post(
            "/rest/V1/invoices/comments",
            {"entity": {"parent_id": invoice.pk, "comment": "Refund on its way", "is_customer_notified": 1}},
            format="json",
        )

    assert response.json()["is_customer_notified"] == 1
    assert [(m.to, m.subject) for m in mailoutbox] == [(["jdoe@example.com"], "Update to your Main Website Store invoice")]
    assert "Refund on its way" in mailoutbox[0].body


@pytest.mark.parametrize(
    "entity",
    [
        {"comment": "no parent"},  # "Parent Invoice Id" is required
        {"parent_id": 0, "comment": "parent 0"},  # Parent Invoice Id can not be empty
        {"parent_id": "{invoice}"},  # "Comment" is required
        {"parent_id": "{invoice}", "comment": ""},  # Comment can not be empty
        {"parent_id": "{invoice}", "comment": None},
        {"parent_id": 999999, "comment": "unknown invoice"},  # the database's foreign key
        {"parent_id": "{invoice}", "comment": "rewrite", "entity_id": "{comment}"},  # append-only here
    ],
)
def test_a_comment_magento_cannot_save_is_its_400_and_writes_nothing(rest_client, entity):
    invoice = paid_invoice()
    existing = InvoiceComment.objects.create(parent=invoice, comment="first")
    ids = {"{invoice}": invoice.pk, "{comment}": existing.pk}
    entity = {key: ids.get(value, value) if isinstance(value, str) else value for key, value in entity.items()}
    before = snapshot()

    response = rest_client.post("/rest/V1/invoices/comments", {"entity": entity}, format="json")

    assert (response.status_code, response.json()) == (400, COULD_NOT_SAVE_COMMENT)
    assert snapshot() == before


def test_a_comment_body_without_entity_is_a_required_field(rest_client):
    response = rest_client.post("/rest/V1/invoices/comments", {"comment": "x"}, format="json")

    assert (response.status_code, response.json()) == (
        400, {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "entity"}})


def test_adding_a_comment_needs_the_add_invoicecomment_permission(staff_client_with):
    invoice = paid_invoice()
    client = staff_client_with("sales.view_invoice", "sales.change_invoice")

    response = client.post("/rest/V1/invoices/comments", {"entity": {"parent_id": invoice.pk, "comment": "x"}},
                           format="json")

    assert response.status_code == 401
    assert not InvoiceComment.objects.exists()


# --- POST /V1/invoices/ -------------------------------------------------------------------------------------------


def test_saving_a_new_invoice_invoices_the_order_with_the_servers_totals(rest_client):
    """Magento would store the sent grand_total (1) and state (1, Open) and leave the order as it was; here the
    order is invoiced as POST /V1/order/{id}/invoice does it and the answer is the stored invoice."""
    order = make_order(item_qtys=[Decimal("2"), Decimal("3")])
    first, second = order.items.order_by("pk")
    entity = {
        "order_id": order.pk, "grand_total": 1, "base_grand_total": 1, "state": 1, "total_qty": 2,
        "items": [{"order_item_id": first.pk, "qty": 2, "sku": first.sku, "row_total": 1, "price": 0.5}],
        "comments": [{"comment": "Invoiced from the ERP", "is_visible_on_front": 0}],
    }

    response = rest_client.post("/rest/V1/invoices/", {"entity": entity}, format="json")

    assert response.status_code == 200, response.content
    invoice = Invoice.objects.get(order=order)
    body = response.json()
    assert body == rest_client.get(f"/rest/V1/invoices/{invoice.pk}").json()
    expected_total = first.row_total + order.shipping_amount  # the first invoice carries the shipping
    assert (body["state"], body["total_qty"], body["grand_total"]) == (2, 2, float(expected_total))
    assert [(i["order_item_id"], i["qty"]) for i in body["items"]] == [(first.pk, 2)]
    assert [c["comment"] for c in body["comments"]] == ["Invoiced from the ERP"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.qty_invoiced, second.qty_invoiced) == (2, 0)
    order.refresh_from_db()
    assert order.total_paid == expected_total


def test_saving_a_new_invoice_without_items_invoices_what_is_left(rest_client):
    order = make_order(item_qtys=[Decimal("2")])

    response = rest_client.post("/rest/V1/invoices", {"entity": {"orderId": order.pk}}, format="json")

    assert response.status_code == 200, response.content
    assert OrderItem.objects.get(order=order).qty_invoiced == 2
    assert response.json()["grand_total"] == float(order.grand_total)


def test_saving_an_existing_invoice_writes_only_its_new_comments(rest_client):
    """With an entity_id Magento overwrites the invoice's amounts; here only the new comments are written."""
    invoice = paid_invoice()
    before = rest_client.get(f"/rest/V1/invoices/{invoice.pk}").json()
    entity = before | {"grand_total": 0.01, "state": 3, "subtotal": 0, "comments": [{"comment": "Checked"}]}

    response = rest_client.post("/rest/V1/invoices/", {"entity": entity}, format="json")

    assert response.status_code == 200, response.content
    after = response.json()
    assert after | {"comments": [], "updated_at": None} == before | {"comments": [], "updated_at": None}
    assert [c["comment"] for c in after["comments"]] == ["Checked"]


def test_an_invoice_read_and_sent_back_keeps_its_comments_once(rest_client):
    """GET -> POST round trip: the comments a GET shows carry their entity_id and are not written again (Magento's
    Invoice\\Relation saves each comment by its id: the same row, not a copy); a new one is added once."""
    invoice = paid_invoice()
    rest_client.post("/rest/V1/invoices/comments", {"entity": {"parent_id": invoice.pk, "comment": "Paid"}},
                     format="json")
    before = rest_client.get(f"/rest/V1/invoices/{invoice.pk}").json()

    sent_back = rest_client.post("/rest/V1/invoices/", {"entity": before}, format="json")
    added = rest_client.post(
        "/rest/V1/invoices/", {"entity": before | {"comments": [*before["comments"], {"comment": "Checked"}]}},
        format="json",
    )

    assert sent_back.status_code == 200, sent_back.content
    assert [c["comment"] for c in sent_back.json()["comments"]] == ["Paid"]
    assert sorted(c["comment"] for c in added.json()["comments"]) == ["Checked", "Paid"]
    assert InvoiceComment.objects.filter(parent=invoice).count() == 2


def test_saving_an_invoice_the_order_does_not_allow_is_invoice_orders_refusal_and_writes_nothing(rest_client):
    invoice = paid_invoice()
    before = snapshot()

    response = rest_client.post("/rest/V1/invoices/", {"entity": {"order_id": invoice.order_id}}, format="json")

    assert response.status_code == 400
    assert response.json()["message"] == (
        "Invoice Document Validation Error(s):\nYou can't create an invoice without products.\n"
        "The order does not allow an invoice to be created."
    )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("entity", "status", "body"),
    [
        ({}, 400, {"message": '"%fieldName" is required. Enter and try again.',
                   "parameters": {"fieldName": "entity.order_id"}}),
        ({"order_id": 999999}, 404, NOT_FOUND),
        ({"entity_id": 999999, "order_id": 1}, 404, NOT_FOUND),
        ({"order_id": "{order}", "comments": [{"comment": ""}]}, 400,
         {"message": "Cannot save comment:\n%1", "parameters": ["Comment can not be empty"]}),
        ({"order_id": "{order}", "comments": [{"is_visible_on_front": 1}]}, 400,
         {"message": "Cannot save comment:\n%1", "parameters": ['"Comment" is required. Enter and try again.']}),
        ({"order_id": "{order}", "items": [{"order_item_id": 999999, "qty": 1}]}, 400, None),
        ({"order_id": "{order}", "grand_total": "lots"}, 400,
         {"message": 'Invalid value of "%value" provided for the %fieldName field.',
          "parameters": {"value": "lots", "fieldName": "entity.grand_total"}}),
        ({"order_id": "{order}", "base_total_paid": 1}, 400,
         {"message": 'Property "%1" does not have accessor method "%2" in class "%3".',
          "parameters": ["BaseTotalPaid", "getBaseTotalPaid", "Magento\\Sales\\Api\\Data\\InvoiceInterface"]}),
    ],
)
def test_a_save_that_is_refused_writes_nothing(rest_client, entity, status, body):
    order = make_order()
    entity = {key: order.pk if value == "{order}" else value for key, value in entity.items()}
    before = snapshot()

    response = rest_client.post("/rest/V1/invoices/", {"entity": entity}, format="json")

    assert response.status_code == status, response.content
    if body is not None:
        assert response.json() == body
    assert snapshot() == before
    assert not Invoice.objects.exists()


def test_saving_needs_add_invoice_and_listing_view_invoice(staff_client_with):
    order = make_order()
    client = staff_client_with("sales.view_invoice", "sales.change_invoice")

    assert client.get("/rest/V1/invoices?searchCriteria=").status_code == 200
    response = client.post("/rest/V1/invoices/", {"entity": {"order_id": order.pk}}, format="json")
    assert response.status_code == 401
    assert not Order.objects.get(pk=order.pk).invoices.exists()


def test_a_retried_save_with_its_idempotency_key_makes_one_invoice(rest_client):
    order = make_order(item_qtys=[Decimal("2")])
    body = {"entity": {"order_id": order.pk}}

    first = rest_client.post("/rest/V1/invoices/", body, format="json", HTTP_IDEMPOTENCY_KEY="erp-42")
    again = rest_client.post("/rest/V1/invoices/", body, format="json", HTTP_IDEMPOTENCY_KEY="erp-42")

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Invoice.objects.filter(order=order).count() == 1
