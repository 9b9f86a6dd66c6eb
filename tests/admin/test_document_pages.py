"""The invoice, shipment and credit memo pages in the order page's layout: tabs, their buttons, their comments, the
whole width (no app list at the left), and the admin site without a "View site" link.

Magento references: Block/Adminhtml/Order/Invoice/View.php (Send Email, "Are you sure you want to send an invoice
email to customer?", Credit Memo, Print), Controller/Adminhtml/Invoice/AbstractInvoice/Email.php ("You sent the
message."), Magento_Shipping Block/Adminhtml/View.php ("Send Tracking Information", "Are you sure you want to send a
Shipment email to customer?", Print), Magento_Shipping Controller/Adminhtml/Order/Shipment/Email.php ("You sent the
shipment."), Block/Adminhtml/Order/Creditmemo/View.php, view/adminhtml/templates/order/invoice/view/form.phtml
("Notes for this Invoice"), order/creditmemo/view/form.phtml ("Notes for this Credit Memo"), Magento_Shipping
templates/view/form.phtml ("Notes for this Shipment").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sales.invoicing import invoice_order
from sales.models import Invoice, Order, Shipment
from sales.shipping import ship_order
from tests.admin.test_creditmemo_admin import make_creditmemo

pytestmark = pytest.mark.django_db


def page(client: Client, name: str, pk: int) -> str:
    response = client.get(reverse(f"admin:sales_{name}_change", args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def tabs(html: str) -> list[tuple[str, str]]:
    """(panel name, label with its count) of each tab, in order."""
    found = re.findall(r'role="tab" data-tab="(\w+)">(.*?)</a>', html)
    return [(name, re.sub(r"<[^>]+>", "", label).strip()) for name, label in found]


def buttons(html: str) -> list[str]:
    """The page's buttons, in order, without Django's history link (Admin Log)."""
    tools = html[html.index('<ul class="object-tools">') :]
    tools = tools[: tools.index("</ul>")]
    labels = re.findall(r"<(?:a|button)[^>]*>([^<]+)</(?:a|button)>", tools)
    return [label.strip() for label in labels if label.strip() != "Admin Log"]


def messages_of(response: object) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def documents(order_factory: Callable[..., Order]) -> tuple[Invoice, Shipment]:
    order = order_factory(item_qtys=(Decimal("2"),), stock=Decimal("5"))
    invoice = invoice_order(order, capture=True, comment="Paid by check")
    invoice.comments.create(comment="Check cleared", is_customer_notified=1, is_visible_on_front=1)
    shipment = ship_order(order, comment="Left the warehouse")
    return invoice, shipment


def test_the_invoice_page_has_tabs_buttons_and_notes(admin_client: Client, documents: tuple) -> None:
    invoice, _ = documents

    html = page(admin_client, "invoice", invoice.pk)

    assert tabs(html) == [
        ("information", "Information"),
        ("items", "Items Invoiced"),
        ("history", "Comments History (2)"),
    ]
    for name in ("information", "items", "history"):
        assert f'id="tab-{name}"' in html
    items_tab = html[html.index('id="tab-items"') : html.index('id="tab-history"')]
    assert "Invoice Totals" in items_tab  # the totals under the items, as on the order's Information tab
    assert buttons(html) == ["Send Email", "Credit Memo", "Print"]
    assert 'data-confirm="Are you sure you want to send an invoice email to customer?"' in html
    history = html[html.index('<ul class="comments-history">') :]
    assert "Notes for this Invoice" in html
    assert history.index("Check cleared") < history.index("Paid by check")  # newest first
    assert "Customer Notified · Visible on Storefront" in history


def test_a_fully_refunded_invoice_has_no_credit_memo_button(admin_client: Client, documents: tuple) -> None:
    invoice, _ = documents
    make_creditmemo(invoice.order, qty=Decimal("2"))
    invoice.order.items.update(qty_refunded=Decimal("2"))
    invoice.order.__class__.objects.filter(pk=invoice.order_id).update(
        total_refunded=invoice.grand_total, base_total_refunded=invoice.base_grand_total
    )

    assert buttons(page(admin_client, "invoice", invoice.pk)) == ["Send Email", "Print"]


def test_the_shipment_page_has_tabs_buttons_and_notes(admin_client: Client, documents: tuple) -> None:
    _, shipment = documents
    shipment.tracks.create(order_id=shipment.order_id, carrier_code="custom", title="DHL", track_number="1Z9")

    html = page(admin_client, "shipment", shipment.pk)

    assert tabs(html) == [
        ("information", "Information"),
        ("items", "Items Shipped"),
        ("tracking", "Tracking (1)"),
        ("history", "Comments History (1)"),
    ]
    tracking_tab = html[html.index('id="tab-tracking"') : html.index('id="tab-history"')]
    assert "Shipping and Tracking Information" in tracking_tab
    assert "1Z9" in tracking_tab
    information = html[html.index('id="tab-information"') : html.index('id="tab-items"')]
    for heading in ("Order &amp; Account Information", "Address Information", "Payment &amp; Shipping Method"):
        assert heading in information
    assert buttons(html) == ["Send Tracking Information", "Print"]
    assert 'data-confirm="Are you sure you want to send a Shipment email to customer?"' in html
    assert "Notes for this Shipment" in html
    assert "Left the warehouse" in html[html.index('<ul class="comments-history">') :]


def test_the_credit_memo_page_has_tabs_and_buttons(admin_client: Client, documents: tuple) -> None:
    invoice, _ = documents
    creditmemo = make_creditmemo(invoice.order, comment="Returned unopened")

    html = page(admin_client, "creditmemo", creditmemo.pk)

    assert tabs(html) == [
        ("information", "Information"),
        ("items", "Items Refunded"),
        ("history", "Comments History (1)"),
    ]
    assert "Credit Memo Totals" in html[html.index('id="tab-items"') : html.index('id="tab-history"')]
    assert buttons(html) == ["Send Email", "Print"]
    assert "Notes for this Credit Memo" in html


@pytest.mark.parametrize(
    ("name", "message"), [("invoice", "You sent the message."), ("shipment", "You sent the shipment.")]
)
def test_send_email_emails_the_document_again(
    admin_client: Client,
    documents: tuple,
    mailoutbox: list,
    django_capture_on_commit_callbacks: Callable,
    name: str,
    message: str,
) -> None:
    document = documents[0] if name == "invoice" else documents[1]
    url = reverse(f"admin:sales_{name}_email", args=[document.pk])
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url)

    assert response.status_code == 302
    assert messages_of(response) == [message]
    assert [mail.to for mail in mailoutbox] == [[document.order.customer_email]]
    assert admin_client.get(url).status_code == 405


def test_a_viewer_sees_no_send_email_and_cannot_post_it(client: Client, documents: tuple) -> None:
    invoice, shipment = documents
    viewer = User.objects.create_user("viewer", password="secret", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_invoice", "view_shipment"]))
    client.force_login(viewer)

    assert buttons(page(client, "invoice", invoice.pk)) == ["Print"]
    assert buttons(page(client, "shipment", shipment.pk)) == ["Print"]
    assert client.post(reverse("admin:sales_invoice_email", args=[invoice.pk])).status_code == 403
    assert client.post(reverse("admin:sales_shipment_email", args=[shipment.pk])).status_code == 403


def test_the_sales_pages_have_no_app_list_at_the_left(
    admin_client: Client, documents: tuple, order_factory: Callable[..., Order]
) -> None:
    invoice, shipment = documents
    creditmemo = make_creditmemo(invoice.order)
    pages = [
        ("order", invoice.order_id),
        ("invoice", invoice.pk),
        ("shipment", shipment.pk),
        ("creditmemo", creditmemo.pk),
    ]

    for name, pk in pages:
        assert 'id="nav-sidebar"' not in page(admin_client, name, pk), name
    new_invoice = admin_client.get(reverse("admin:sales_order_invoice", args=[order_factory().pk]))
    assert new_invoice.status_code == 200
    assert 'id="nav-sidebar"' not in new_invoice.content.decode()  # the New Invoice, Shipment and Memo forms
    # Other pages keep it (this test would see it if the sales pages had it).
    product_page = admin_client.get(reverse("admin:catalog_product_add")).content.decode()
    assert 'id="nav-sidebar"' in product_page


def test_the_admin_has_no_view_site_link(admin_client: Client) -> None:
    """There is no storefront: Django's "View site" led back to the admin (site_url "/" redirects there)."""
    html = admin_client.get(reverse("admin:index")).content.decode()

    assert "View site" not in html
    assert 'href="/">' not in html


def queries_of(client: Client, name: str, pk: int) -> int:
    page(client, name, pk)  # warm: Django caches content types on first use
    with CaptureQueriesContext(connection) as queries:
        page(client, name, pk)
    return len(queries)


def test_the_document_pages_cost_the_same_queries_whatever_their_size(
    admin_client: Client, order_factory: Callable[..., Order]
) -> None:
    """One item and no comment or track, then three items, three comments and two tracks: the same queries (it
    found the items' currency read with a query per row)."""
    counts = []
    for lines, extra in ((1, 0), (3, 3)):
        order = order_factory(item_qtys=(Decimal("2"),) * lines, stock=Decimal("5"))  # 1 refunded, 1 left
        invoice = invoice_order(order, capture=True)
        shipment = ship_order(order)
        creditmemo = make_creditmemo(order)
        for n in range(extra):
            for document in (invoice, shipment, creditmemo):
                document.comments.create(comment=f"note {n}", is_customer_notified=n % 2)
        for n in range(extra - 1 if extra else 0):
            shipment.tracks.create(order=order, carrier_code="custom", title="DHL", track_number=f"1Z{n}")
        counts.append(
            [
                queries_of(admin_client, name, doc.pk)
                for name, doc in (("invoice", invoice), ("shipment", shipment), ("creditmemo", creditmemo))
            ]
        )

    assert counts[0] == counts[1]
