"""The Comments History form of the invoice, shipment and credit memo pages: Comment Text, "Notify Customer by Email",
"Visible on Storefront", through each document's comment domain function, guarded by the permission its REST route
uses, logged on the document's Admin Log.

Magento references: module-sales view/adminhtml/templates/order/comments/view.phtml (the form's fields and labels),
Controller/Adminhtml/Order/Invoice/AddComment.php and Order/Creditmemo/AddComment.php, module-shipping
Controller/Adminhtml/Order/Shipment/AddComment.php ("The comment is missing. Enter and try again."; the comment
email with is_customer_notified: InvoiceCommentSender, CreditmemoCommentSender, ShipmentCommentSender).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.db import models
from django.test import Client
from django.urls import reverse

from sales.invoicing import invoice_order
from sales.models import Order
from sales.shipping import ship_order
from tests.admin.test_creditmemo_admin import make_creditmemo

pytestmark = pytest.mark.django_db

# Each document: how to make one of an order, and the permission its REST comment route asks for.
DOCUMENTS: dict[str, tuple[Callable[[Order], models.Model], str]] = {
    "invoice": (lambda order: invoice_order(order, capture=True), "sales.add_invoicecomment"),
    "shipment": (lambda order: ship_order(order), "sales.add_shipmentcomment"),
    "creditmemo": (lambda order: make_creditmemo(order), "sales.change_creditmemo"),
}
FORM_ID = 'form="document_comment_form"'


@pytest.fixture(params=list(DOCUMENTS))
def document(request: pytest.FixtureRequest, order_factory: Callable[..., Order]) -> tuple[str, models.Model, str]:
    """(admin name, the document, its comment permission)."""
    make, permission = DOCUMENTS[request.param]
    order = order_factory(item_qtys=(Decimal("2"),), stock=Decimal("5"))
    return request.param, make(order), permission


def post_comment(client: Client, name: str, pk: int, data: dict[str, str]) -> object:
    return client.post(reverse(f"admin:sales_{name}_comment", args=[pk]), data)


def messages_of(response: object) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_page_has_magentos_comment_form(admin_client: Client, document: tuple) -> None:
    name, doc, _ = document

    html = admin_client.get(reverse(f"admin:sales_{name}_change", args=[doc.pk])).content.decode()

    history = html[html.index('id="tab-history"') :]
    for label in ("Comment Text", "Notify Customer by Email", "Visible on Storefront", 'value="Submit Comment"'):
        assert label in history
    assert history.count(FORM_ID) == 4  # the three inputs and the button
    url = reverse(f"admin:sales_{name}_comment", args=[doc.pk])
    assert f'<form method="post" action="{url}" id="document_comment_form">' in html


def test_a_comment_with_notify_and_visible_goes_through_the_domain_and_emails_after_commit(
    admin_client: Client,
    admin_user: object,
    document: tuple,
    mailoutbox: list,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    name, doc, _ = document
    before = doc.comments.count()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_comment(
            admin_client,
            name,
            doc.pk,
            {"comment": "  Your parcel leaves tomorrow. ", "is_customer_notified": "on", "is_visible_on_front": "on"},
        )

    assert response.status_code == 302
    assert response.url == reverse(f"admin:sales_{name}_change", args=[doc.pk]) + "#history"
    assert messages_of(response) == []
    assert doc.comments.count() == before + 1
    comment = doc.comments.order_by("-pk").first()
    assert (comment.comment, comment.is_customer_notified, comment.is_visible_on_front) == (
        "Your parcel leaves tomorrow.",
        1,
        1,
    )
    assert len(callbacks) == 1  # the email waits for the commit
    assert [mail.to for mail in mailoutbox] == [[doc.order.customer_email]]
    assert "Your parcel leaves tomorrow." in mailoutbox[0].body
    log = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(doc), object_id=str(doc.pk))
    assert (log.user, log.action_flag, log.get_change_message()) == (admin_user, CHANGE, "Added a comment")

    page = admin_client.get(response.url).content.decode()
    assert "Your parcel leaves tomorrow." in page[page.index('id="tab-history"') :]


def test_a_comment_without_notify_sends_nothing(
    admin_client: Client, document: tuple, mailoutbox: list, django_capture_on_commit_callbacks: Callable
) -> None:
    name, doc, _ = document
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        post_comment(admin_client, name, doc.pk, {"comment": "Internal note"})

    comment = doc.comments.order_by("-pk").first()
    assert (comment.comment, comment.is_customer_notified, comment.is_visible_on_front) == ("Internal note", 0, 0)
    assert mailoutbox == []


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_comment_is_refused_with_magentos_message_and_writes_nothing(
    admin_client: Client, document: tuple, mailoutbox: list, text: str
) -> None:
    name, doc, _ = document
    before = doc.comments.count()

    response = post_comment(admin_client, name, doc.pk, {"comment": text, "is_customer_notified": "on"})

    assert response.status_code == 302
    assert messages_of(response) == ["The comment is missing. Enter and try again."]
    assert doc.comments.count() == before
    assert not LogEntry.objects.filter(change_message="Added a comment").exists()


def test_a_user_without_the_comment_permission_sees_no_form_and_cannot_post(
    client: Client, document: tuple, staff_without: Callable
) -> None:
    name, doc, permission = document
    client.force_login(staff_without(permission))
    before = doc.comments.count()

    html = client.get(reverse(f"admin:sales_{name}_change", args=[doc.pk])).content.decode()
    response = post_comment(client, name, doc.pk, {"comment": "x"})

    assert "Notes for this" in html  # the page and its notes are shown
    assert FORM_ID not in html
    assert "Submit Comment" not in html
    assert response.status_code == 403
    assert doc.comments.count() == before


def test_get_is_not_allowed_and_an_unknown_document_is_404(admin_client: Client, document: tuple) -> None:
    name, doc, _ = document

    assert admin_client.get(reverse(f"admin:sales_{name}_comment", args=[doc.pk])).status_code == 405
    assert post_comment(admin_client, name, doc.pk + 1000, {"comment": "x"}).status_code == 404
