"""Sales > Credit Memos, the credit memo page and PDF, the order page's credit memo list (Magento_Sales adminhtml:
ui_component/sales_order_creditmemo_grid.xml, order/creditmemo/view/*.phtml, Model/Order/Pdf/Creditmemo.php,
Controller/Adminhtml/Order/Pdfcreditmemos.php).

The credit memos here are rows written with the ORM, as a refund leaves them: the grid and pages only read.
"""

from __future__ import annotations

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
from sales.models import Creditmemo, CreditmemoState, Order
from sales.pdf import creditmemos_for_print, render_creditmemos_pdf
from tests.admin.readers import csv_rows, pdf_pages

pytestmark = pytest.mark.django_db

CREDITMEMOS_URL = reverse("admin:sales_creditmemo_changelist")
ORDERS_URL = reverse("admin:sales_order_changelist")


def make_creditmemo(
    order: Order, *, qty: Decimal = Decimal("1"), shipping: Decimal = Decimal("0"),
    adjustment_positive: Decimal = Decimal("0"), adjustment_negative: Decimal = Decimal("0"),
    comment: str | None = None,
) -> Creditmemo:
    """A Refunded credit memo of ``qty`` of the order's first item, with its totals as the collectors make them."""
    item = order.items.order_by("pk").first()
    subtotal = item.price * qty
    grand_total = subtotal + shipping + adjustment_positive - adjustment_negative
    creditmemo = Creditmemo.objects.create(
        order=order, state=CreditmemoState.REFUNDED, subtotal=subtotal, base_subtotal=subtotal,
        shipping_amount=shipping, base_shipping_amount=shipping, adjustment_positive=adjustment_positive,
        base_adjustment_positive=adjustment_positive, adjustment_negative=adjustment_negative,
        base_adjustment_negative=adjustment_negative, adjustment=adjustment_positive - adjustment_negative,
        base_adjustment=adjustment_positive - adjustment_negative, grand_total=grand_total,
        base_grand_total=grand_total,
    )
    creditmemo.increment_id = f"{creditmemo.pk:09d}"
    creditmemo.save(update_fields=["increment_id"])
    creditmemo.items.create(
        order_item=item, product_id=item.product_id, sku=item.sku, name=item.name, qty=qty, price=item.price,
        base_price=item.price, row_total=subtotal, base_row_total=subtotal, row_total_incl_tax=subtotal,
        base_row_total_incl_tax=subtotal,
    )
    if comment:
        creditmemo.comments.create(comment=comment, is_customer_notified=1)
    return creditmemo


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def row_of(html: str, increment_id: str) -> str:
    start = html.index(f">{increment_id}</a></th>")
    return html[start:html.index("</tr>", start)]


def test_the_grid_shows_magentos_columns(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("3"),))
    invoice_order(order, capture=True)
    creditmemo = make_creditmemo(order, qty=Decimal("2"), shipping=Decimal("5"))
    lastname = order.addresses.get(address_type="billing").lastname

    html = admin_client.get(CREDITMEMOS_URL).content.decode()

    assert "<h1>Credit Memos</h1>" in html
    for header in ("Credit Memo", "Created", "Order #", "Order Date", "Bill-to Name", "Status", "Refunded"):
        assert f">{header}</a>" in html
    row = row_of(html, creditmemo.increment_id)
    order_link = reverse("admin:sales_order_change", args=[order.pk])
    assert f'<td class="field-order_link"><a href="{order_link}">{order.increment_id}</a></td>' in row
    assert f'<td class="field-bill_to_name">Bill {lastname}</td>' in row
    assert '<td class="field-status_column"><span class="grid-status grid-status-refunded">Refunded</span></td>' in row
    assert '<td class="field-refunded">$25.00</td>' in row
    assert reverse("admin:sales_creditmemo_change", args=[creditmemo.pk]) in row


def test_the_grid_searches_by_number_order_and_email(admin_client: Client, order_factory: Callable) -> None:
    first, second = order_factory(), order_factory()
    for order in (first, second):
        invoice_order(order, capture=True)
    first_memo, second_memo = make_creditmemo(first), make_creditmemo(second)

    def found(query: str) -> list[str]:
        html = admin_client.get(CREDITMEMOS_URL, {"q": query}).content.decode()
        return [memo.increment_id for memo in (first_memo, second_memo) if f">{memo.increment_id}</a></th>" in html]

    assert found(first_memo.increment_id) == [first_memo.increment_id]
    assert found(second.increment_id) == [second_memo.increment_id]
    assert found(first.customer_email) == [first_memo.increment_id]


def test_the_grid_filters_by_status_and_dates(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory()
    invoice_order(order, capture=True)
    creditmemo = make_creditmemo(order)
    marker = f">{creditmemo.increment_id}</a></th>"

    refunded = admin_client.get(CREDITMEMOS_URL, {"state__exact": CreditmemoState.REFUNDED}).content.decode()
    pending = admin_client.get(CREDITMEMOS_URL, {"state__exact": CreditmemoState.OPEN}).content.decode()
    before = admin_client.get(CREDITMEMOS_URL, {"created_at__date__lte": "2000-01-01"}).content.decode()
    bad_date = admin_client.get(CREDITMEMOS_URL, {"created_at__date__gte": "not-a-date"})

    assert marker in refunded
    assert marker not in pending
    assert marker not in before
    assert bad_date.status_code in (200, 302)  # Django's "?e=1", never a server error


def test_the_grid_runs_a_constant_number_of_queries(
    admin_client: Client, order_factory: Callable, django_assert_max_num_queries: Callable
) -> None:
    def refunded_order() -> None:
        order = order_factory()
        invoice_order(order, capture=True)
        make_creditmemo(order)

    for _ in range(2):
        refunded_order()
    two_rows = count_queries(admin_client, CREDITMEMOS_URL)
    for _ in range(18):
        refunded_order()

    with django_assert_max_num_queries(7):  # session, user, count, page keys, the page, stores, bookmarks
        twenty_rows = count_queries(admin_client, CREDITMEMOS_URL)

    assert twenty_rows == two_rows
    refunded_order()
    html = admin_client.get(CREDITMEMOS_URL).content.decode()
    assert html.count('<td class="field-status_column">') == 20  # Magento's 20 rows a page


def test_the_grid_exports_csv(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory()
    invoice_order(order, capture=True)
    creditmemo = make_creditmemo(order)

    rows = csv_rows(admin_client.get(reverse("admin:sales_creditmemo_export_csv")))

    assert rows[0] == ["Credit Memo", "Created", "Order #", "Order Date", "Bill-to Name", "Status", "Refunded"]
    assert rows[1][0] == creditmemo.increment_id
    assert rows[1][2] == order.increment_id
    assert rows[1][5:] == ["Refunded", "10.00"]


def test_the_credit_memo_page_shows_items_totals_and_comments(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("2"),))
    invoice_order(order, capture=True)
    creditmemo = make_creditmemo(order, qty=Decimal("2"), adjustment_positive=Decimal("3"),
                                 adjustment_negative=Decimal("1"), comment="Returned unopened")

    response = admin_client.get(reverse("admin:sales_creditmemo_change", args=[creditmemo.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("Order &amp; Account Information", "Address Information", "Payment &amp; Shipping Method",
                    "Credit Memo Totals", "Items Refunded", "Notes for this Credit Memo"):
        assert heading.lower() in html.lower()
    assert order.items.get().sku in html
    assert "Returned unopened" in html
    assert "<h1>View Memo</h1>" in html
    for label, amount in (("Subtotal", "$20.00"), ("Adjustment Refund", "$3.00"), ("Adjustment Fee", "$1.00"),
                          ("Grand Total", "$22.00")):
        assert f"<label>{label}:</label>" in html
        assert f'<div class="readonly">{amount}</div>' in html
    assert reverse("admin:sales_creditmemo_print", args=[creditmemo.pk]) in html
    assert 'name="_save"' not in html


def test_credit_memos_cannot_be_added_changed_or_deleted_in_the_admin(
    admin_client: Client, order_factory: Callable
) -> None:
    order = order_factory()
    invoice_order(order, capture=True)
    creditmemo = make_creditmemo(order)

    add = admin_client.get(reverse("admin:sales_creditmemo_add"))
    delete = admin_client.post(reverse("admin:sales_creditmemo_delete", args=[creditmemo.pk]), {"post": "yes"})

    assert (add.status_code, delete.status_code) == (403, 403)
    assert Creditmemo.objects.filter(pk=creditmemo.pk).exists()


def test_the_order_page_lists_its_credit_memos(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("2"),))
    invoice_order(order, capture=True)
    creditmemo = make_creditmemo(order)

    html = admin_client.get(reverse("admin:sales_order_change", args=[order.pk])).content.decode()

    assert 'data-tab="creditmemos">Credit Memos <span class="count">(1)</span>' in html
    link = reverse("admin:sales_creditmemo_change", args=[creditmemo.pk])
    assert f'<a href="{link}">{creditmemo.increment_id}</a>' in html


def test_the_credit_memo_prints_like_magentos(order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("2"),))
    invoice_order(order, capture=True)
    creditmemo = make_creditmemo(order, qty=Decimal("2"), shipping=Decimal("5"), adjustment_negative=Decimal("1"))
    item = order.items.get()
    billing = order.addresses.get(address_type="billing")

    [lines] = pdf_pages(render_creditmemos_pdf(creditmemos_for_print(Creditmemo.objects.all())))

    assert lines[:2] == [f"Credit Memo # {creditmemo.increment_id}", f"Order # {order.increment_id}"]
    assert lines[lines.index("Sold to:") + 2] == billing.name
    assert lines[lines.index("Products"):lines.index("Subtotal:")] == [
        "Products", "SKU", "Total (ex)", "Discount", "Qty", "Tax", "Total (inc)",
        item.name, item.sku, "$20.00", "$0.00", "2", "$0.00", "$20.00",
    ]
    assert lines[lines.index("Subtotal:"):lines.index("Grand Total:") + 2] == [
        "Subtotal:", "$20.00", "Shipping & Handling:", "$5.00", "Adjustment Fee:", "$1.00",
        "Grand Total:", "$24.00",
    ]


def test_printing_credit_memos_runs_a_constant_number_of_queries(
    order_factory: Callable, django_assert_num_queries: Callable
) -> None:
    for _ in range(3):
        order = order_factory()
        invoice_order(order, capture=True)
        make_creditmemo(order)

    with django_assert_num_queries(3):  # credit memos with order and payment, their items, the addresses
        render_creditmemos_pdf(creditmemos_for_print(Creditmemo.objects.all()))


def test_the_credit_memo_page_prints_it(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory()
    invoice_order(order, capture=True)
    creditmemo = make_creditmemo(order)

    response = admin_client.get(reverse("admin:sales_creditmemo_print", args=[creditmemo.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="creditmemo')
    assert pdf_pages(response.content)[0][0] == f"Credit Memo # {creditmemo.increment_id}"


def test_print_credit_memos_of_the_selected_orders(admin_client: Client, order_factory: Callable) -> None:
    refunded, not_refunded = order_factory(), order_factory()
    for order in (refunded, not_refunded):
        invoice_order(order, capture=True)
    creditmemo = make_creditmemo(refunded)

    printed = admin_client.post(ORDERS_URL, {"action": "print_creditmemos", "_selected_action": [refunded.pk]})
    nothing = admin_client.post(ORDERS_URL, {"action": "print_creditmemos", "_selected_action": [not_refunded.pk]},
                                follow=True)

    assert printed["Content-Type"] == "application/pdf"
    assert pdf_pages(printed.content)[0][0] == f"Credit Memo # {creditmemo.increment_id}"
    assert [str(m) for m in get_messages(nothing.wsgi_request)] == [
        "There are no printable documents related to selected orders."
    ]


def test_pdf_credit_memos_mass_action_of_the_grid(admin_client: Client, order_factory: Callable) -> None:
    orders = [order_factory() for _ in range(2)]
    memos = []
    for order in orders:
        invoice_order(order, capture=True)
        memos.append(make_creditmemo(order))

    response = admin_client.post(
        CREDITMEMOS_URL, {"action": "pdf_creditmemos", "_selected_action": [memo.pk for memo in memos]}
    )

    assert response["Content-Type"] == "application/pdf"
    assert [page[0] for page in pdf_pages(response.content)] == [f"Credit Memo # {m.increment_id}" for m in memos]


def test_print_credit_memos_needs_the_credit_memo_permission(client: Client, order_factory: Callable) -> None:
    """Controller/Adminhtml/Order/Pdfcreditmemos: Magento_Sales::creditmemo (sales.add_creditmemo here)."""
    order = order_factory()
    invoice_order(order, capture=True)
    make_creditmemo(order)
    viewer = User.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_order"]))
    client.force_login(viewer)

    grid = client.get(ORDERS_URL).content.decode()
    refused = client.post(ORDERS_URL, {"action": "print_creditmemos", "_selected_action": [order.pk]})

    assert 'value="print_creditmemos"' not in grid
    assert refused.get("Content-Type") != "application/pdf"


def test_send_email_emails_the_customer_after_magentos_question(
    admin_client: Client, order_factory: Callable, django_capture_on_commit_callbacks: Callable, mailoutbox: list
) -> None:
    """Creditmemo/View's "Send Email" and Creditmemo/AbstractCreditmemo/Email."""
    order = order_factory()
    invoice_order(order, capture=True)
    creditmemo = make_creditmemo(order)
    url = reverse("admin:sales_creditmemo_email", args=[creditmemo.pk])
    mailoutbox.clear()

    page = admin_client.get(reverse("admin:sales_creditmemo_change", args=[creditmemo.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, follow=True)

    assert f'action="{url}"' in page
    assert 'data-confirm="Are you sure you want to send a credit memo email to customer?"' in page
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["You sent the message."]
    assert [message.to for message in mailoutbox] == [[order.customer_email]]
    assert admin_client.get(url).status_code == 405


def test_send_email_needs_the_credit_memo_change_permission(client: Client, order_factory: Callable) -> None:
    order = order_factory()
    invoice_order(order, capture=True)
    creditmemo = make_creditmemo(order)
    viewer = User.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_creditmemo"))
    client.force_login(viewer)
    url = reverse("admin:sales_creditmemo_email", args=[creditmemo.pk])

    page = client.get(reverse("admin:sales_creditmemo_change", args=[creditmemo.pk])).content.decode()

    assert url not in page
    assert client.post(url).status_code == 403
