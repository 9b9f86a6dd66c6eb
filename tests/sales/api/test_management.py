"""After step 10: the customer emails sent again (POST /V1/orders|invoices|shipment/{id}/emails), the order's status
(GET /V1/orders/{id}/statuses) and the invoice's comments (GET /V1/invoices/{id}/comments)."""

from __future__ import annotations

import re
from smtplib import SMTPException

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from backoffice.rest.tokens import create_admin_access_token
from sales.invoicing import invoice_order
from sales.models import Invoice, Order, OrderStatusHistory, Shipment
from sales.orders import add_order_comment
from sales.shipping import ship_order
from tests.factories import make_order

pytestmark = pytest.mark.django_db
PREFIXES = ["/rest/V1", "/rest/default/V1"]
NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
NOT_FOUND = {"message": "The entity that was requested doesn't exist. Verify the entity and try again."}
ID_NEEDED = {"message": "An ID is needed. Set the ID and try again."}
DATE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


def tutorial_order() -> Order:
    return Order.objects.get(customer_email="jdoe@example.com")


def email_sent(model: type[Order | Invoice | Shipment], pk: int) -> int | None:
    return model.objects.values_list("email_sent", flat=True).get(pk=pk)


# --- POST /V1/orders/{id}/emails ----------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_order_email_is_sent_again_only_after_commit(
    tutorial, rest_client, django_capture_on_commit_callbacks, mailoutbox, prefix
):
    order = tutorial_order()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = rest_client.post(f"{prefix}/orders/{order.pk}/emails")
    assert (response.status_code, response.content) == (200, b"true")
    assert (mailoutbox, email_sent(Order, order.pk)) == ([], None)  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    assert len(callbacks) == 1
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [
        (["jdoe@example.com"], f"Your Main Website Store order confirmation #{order.increment_id}")]
    assert email_sent(Order, order.pk) == 1


def test_a_sent_email_marks_the_latest_unnotified_order_comment_as_notified(
    rest_client, django_capture_on_commit_callbacks
):
    """AbstractNotifier::notify: the latest "order" history entry with is_customer_notified = 0 becomes 1; older
    ones and entries without the flag (NULL) stay as they were."""
    order = make_order()
    older = add_order_comment(order, "Packed", is_customer_notified=False)
    latest = add_order_comment(order, "Call the customer", is_customer_notified=False)
    placed = order.status_histories.get(comment=None)

    with django_capture_on_commit_callbacks(execute=True):
        rest_client.post(f"/rest/V1/orders/{order.pk}/emails")

    notified = dict(OrderStatusHistory.objects.filter(parent=order).values_list("pk", "is_customer_notified"))
    assert notified == {placed.pk: None, older.pk: 0, latest.pk: 1}
    comments = rest_client.get(f"/rest/V1/orders/{order.pk}/comments").json()["items"]
    assert [(c["comment"], c["is_customer_notified"]) for c in comments if c.get("comment")] == [
        ("Packed", 0), ("Call the customer", 1)]


def test_an_order_without_a_customer_email_answers_false_and_sends_nothing(
    rest_client, django_capture_on_commit_callbacks, mailoutbox
):
    """Magento answers false when its sender cannot send the email."""
    order = make_order()
    Order.objects.filter(pk=order.pk).update(customer_email="")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = rest_client.post(f"/rest/V1/orders/{order.pk}/emails")

    assert (response.status_code, response.content) == (200, b"false")
    assert (callbacks, mailoutbox, email_sent(Order, order.pk)) == ([], [], None)


def test_a_failing_mail_server_is_logged_and_leaves_email_sent_and_the_history_as_they_were(
    rest_client, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    order = make_order()
    comment = add_order_comment(order, "Call the customer", is_customer_notified=False)

    def smtp_down(*args: object) -> None:
        raise SMTPException("down")

    monkeypatch.setattr("sales.notifications._send", smtp_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = rest_client.post(f"/rest/V1/orders/{order.pk}/emails")

    assert response.json() is True  # answered before the commit; the email leaves after it
    assert email_sent(Order, order.pk) is None
    assert OrderStatusHistory.objects.get(pk=comment.pk).is_customer_notified == 0
    assert any("send_order_email" in record.getMessage() and "down" in record.getMessage()
               for record in caplog.records)


# --- GET /V1/orders/{id}/statuses ---------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_status_is_a_bare_json_string_that_follows_the_order(tutorial, rest_client, prefix):
    order = tutorial_order()

    placed = rest_client.get(f"{prefix}/orders/{order.pk}/statuses")
    rest_client.post(f"{prefix}/order/{order.pk}/invoice", {"capture": True}, format="json")
    invoiced = rest_client.get(f"{prefix}/orders/{order.pk}/statuses")
    rest_client.post(f"{prefix}/orders/{order.pk}/hold")
    held = rest_client.get(f"{prefix}/orders/{order.pk}/statuses")

    assert (placed.status_code, placed["Content-Type"], placed.content) == (200, "application/json", b'"pending"')
    assert invoiced.content == b'"processing"'
    assert held.json() == "holded"


# --- POST /V1/invoices/{id}/emails --------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_invoice_email_is_sent_again_only_after_commit(
    tutorial, rest_client, django_capture_on_commit_callbacks, mailoutbox, prefix
):
    order = tutorial_order()
    invoice = invoice_order(order)  # without notify: no email yet
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = rest_client.post(f"{prefix}/invoices/{invoice.pk}/emails")
    assert (response.status_code, response.content) == (200, b"true")
    assert (mailoutbox, email_sent(Invoice, invoice.pk)) == ([], None)
    for callback in callbacks:
        callback()

    assert [(mail.to, mail.subject) for mail in mailoutbox] == [
        (["jdoe@example.com"], f"Invoice for your Main Website Store order #{order.increment_id}")]
    assert f"Invoice #{invoice.increment_id} for Order #{order.increment_id}" in mailoutbox[0].body
    assert email_sent(Invoice, invoice.pk) == 1
    assert rest_client.get(f"{prefix}/invoices/{invoice.pk}").json()["email_sent"] == 1


def test_an_invoice_email_marks_the_orders_latest_unnotified_order_entry_as_magento_does(
    rest_client, django_capture_on_commit_callbacks
):
    """Status\\History\\Collection::getUnnotifiedForInstance swaps the invoice for its order before it reads the
    entity type: the "order" entry is marked, the invoice's own history entry stays as it was."""
    order = make_order()
    invoice = invoice_order(order)  # its history entry: entity_name "invoice", is_customer_notified 0
    comment = add_order_comment(order, "Invoice on its way", is_customer_notified=False)

    with django_capture_on_commit_callbacks(execute=True):
        rest_client.post(f"/rest/V1/invoices/{invoice.pk}/emails")

    flags = set(OrderStatusHistory.objects.filter(parent=order).values_list("entity_name", "is_customer_notified"))
    assert flags == {("order", None), ("invoice", 0), ("order", 1)}
    assert OrderStatusHistory.objects.get(pk=comment.pk).is_customer_notified == 1


# --- POST /V1/shipment/{id}/emails --------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_shipment_email_is_sent_again_only_after_commit(
    rest_client, django_capture_on_commit_callbacks, mailoutbox, prefix
):
    order = make_order()
    shipment = ship_order(order)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = rest_client.post(f"{prefix}/shipment/{shipment.pk}/emails")
    assert (response.status_code, response.content) == (200, b"true")
    assert (mailoutbox, email_sent(Shipment, shipment.pk)) == ([], None)
    for callback in callbacks:
        callback()

    assert [(mail.to, mail.subject) for mail in mailoutbox] == [
        (["jdoe@example.com"], f"Your Main Website Store order #{order.increment_id} has shipped")]
    assert f"Shipment #{shipment.increment_id} for Order #{order.increment_id}" in mailoutbox[0].body
    assert email_sent(Shipment, shipment.pk) == 1


# --- GET /V1/invoices/{id}/comments -------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_invoice_comments_are_magentos_search_result(tutorial, rest_client, prefix):
    invoice = invoice_order(tutorial_order(), notify=True, comment="Paid by bank transfer", comment_visible_on_front=True)
    comment = invoice.comments.get()

    response = rest_client.get(f"{prefix}/invoices/{invoice.pk}/comments")

    body = response.json()
    assert response.status_code == 200
    assert list(body) == ["items", "search_criteria", "total_count"]
    [item] = body["items"]
    assert list(item) == ["is_customer_notified", "parent_id", "comment", "is_visible_on_front", "created_at", "entity_id"]
    assert item == {
        "is_customer_notified": 1, "parent_id": invoice.pk, "comment": "Paid by bank transfer",
        "is_visible_on_front": 1, "created_at": item["created_at"], "entity_id": comment.pk,
    }
    assert DATE.match(item["created_at"])
    assert body["search_criteria"] == {
        "filter_groups": [{"filters": [{"field": "parent_id", "value": str(invoice.pk), "condition_type": "eq"}]}],
        "page_size": 20,
    }
    assert body["total_count"] == 1


def test_invoice_comments_come_in_id_order_and_only_the_invoices_own(rest_client):
    first = invoice_order(make_order(), comment="First")
    second = invoice_order(make_order(), comment="Second")
    second.comments.create(comment="Second, again")

    body = rest_client.get(f"/rest/V1/invoices/{second.pk}/comments").json()

    assert [c["comment"] for c in body["items"]] == ["Second", "Second, again"]
    assert body["total_count"] == 2
    assert first.comments.count() == 1


@pytest.mark.parametrize("invoice_id", [999999, 0])
def test_comments_of_an_unknown_invoice_are_an_empty_result(rest_client, invoice_id):
    """InvoiceService::getCommentsList only searches the comments on parent_id: no 404, as for order comments."""
    response = rest_client.get(f"/rest/V1/invoices/{invoice_id}/comments")

    assert response.status_code == 200
    assert response.json() == {
        "items": [],
        "search_criteria": {
            "filter_groups": [{"filters": [{"field": "parent_id", "value": str(invoice_id), "condition_type": "eq"}]}],
            "page_size": 20,
        },
        "total_count": 0,
    }


# --- unknown ids, access ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "orders/999999/emails"), ("get", "orders/999999/statuses"), ("post", "invoices/999999/emails"),
     ("post", "shipment/999999/emails")],
)
def test_an_unknown_document_is_magentos_404(rest_client, django_capture_on_commit_callbacks, mailoutbox, prefix,
                                             method, path):
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = getattr(rest_client, method)(f"{prefix}/{path}")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert (callbacks, mailoutbox) == ([], [])


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "orders/0/emails"), ("get", "orders/0/statuses"), ("post", "invoices/0/emails"),
     ("post", "shipment/0/emails")],
)
def test_id_zero_is_refused_before_any_lookup(rest_client, method, path):
    response = getattr(rest_client, method)(f"/rest/V1/{path}")

    assert (response.status_code, response.json()) == (400, ID_NEEDED)


ROUTES = [
    ("post", "orders/{order}/emails", "Magento_Sales::emails", "sales.change_order"),
    ("get", "orders/{order}/statuses", "Magento_Sales::actions_view", "sales.view_order"),
    ("post", "invoices/{invoice}/emails", "Magento_Sales::sales_invoice", "sales.change_invoice"),
    ("get", "invoices/{invoice}/comments", "Magento_Sales::sales_invoice", "sales.view_invoice"),
    ("post", "shipment/{shipment}/emails", "Magento_Sales::shipment", "sales.change_shipment"),
]


@pytest.fixture
def documents() -> dict[str, int]:
    order = make_order()
    invoice = invoice_order(order)
    shipment = ship_order(order)
    return {"order": order.pk, "invoice": invoice.pk, "shipment": shipment.pk}


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(("method", "path", "resource", "permission"), ROUTES)
def test_without_a_token_each_route_names_its_acl_resource(documents, prefix, method, path, resource, permission):
    response = getattr(APIClient(), method)(f"{prefix}/{path.format(**documents)}")

    assert (response.status_code, response.json()) == (401, {"message": NOT_AUTHORIZED,
                                                              "parameters": {"resources": resource}})


@pytest.mark.parametrize(("method", "path", "resource", "permission"), ROUTES)
def test_the_django_permission_grants_the_route_and_no_other_does(
    staff_client_with, documents, method, path, resource, permission
):
    url = f"/rest/V1/{path.format(**documents)}"
    others = [p for _, _, _, p in ROUTES if p != permission]

    refused = getattr(staff_client_with(*others), method)(url)

    assert (refused.status_code, refused.json()) == (401, {"message": NOT_AUTHORIZED,
                                                           "parameters": {"resources": resource}})


@pytest.mark.parametrize(("method", "path", "resource", "permission"), ROUTES)
def test_a_staff_user_holding_the_permission_is_served(staff_client_with, documents, method, path, resource, permission):
    response = getattr(staff_client_with(permission), method)(f"/rest/V1/{path.format(**documents)}")

    assert response.status_code == 200


def test_the_sales_clerk_group_reads_but_does_not_send_emails(django_user_model, documents):
    """The Sales Clerk role (Magento_Sales::sales_order actions without "Send Sales Emails") reads the status and
    the invoice comments; sending emails takes the documents' change permissions."""
    clerk = django_user_model.objects.create_user("clerk", password="clerk-password", is_staff=True)
    clerk.groups.add(Group.objects.get(name="Sales Clerk"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {create_admin_access_token('clerk', 'clerk-password')}")

    statuses = {(method, path): getattr(client, method)(f"/rest/V1/{path.format(**documents)}").status_code
                for method, path, _, _ in ROUTES}

    assert statuses == {
        ("post", "orders/{order}/emails"): 401, ("get", "orders/{order}/statuses"): 200,
        ("post", "invoices/{invoice}/emails"): 401, ("get", "invoices/{invoice}/comments"): 200,
        ("post", "shipment/{shipment}/emails"): 401,
    }
