"""The order page's and the invoice page's Credit Memo buttons and Magento's New Memo form (Magento_Sales:
Block/Adminhtml/Order/View.php and Order/Invoice/View.php (the buttons, Magento_Sales::creditmemo and
Order::canCreditmemo), Block/Adminhtml/Order/Creditmemo/Create/Items.php and Adjustments.php,
templates/order/creditmemo/create/items.phtml (the form), Controller/Adminhtml/Order/Creditmemo/Save.php and
Order/CreditmemoLoader.php (its messages))."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from backoffice.exceptions import DomainError
from inventory.models import SourceItem
from sales import admin_creditmemos
from sales.invoicing import InvoiceLine, invoice_order
from sales.models import Creditmemo, Order, OrderPayment
from sales.orders import hold_order
from sales.refunds import RefundArguments, RefundComment, RefundItem
from sales.shipping import ship_order

pytestmark = pytest.mark.django_db


def order_page(client: Client, order: Order) -> str:
    return client.get(reverse("admin:sales_order_change", args=[order.pk])).content.decode()


def form_url(order: Order) -> str:
    return reverse("admin:sales_order_creditmemo", args=[order.pk])


def messages_of(response: object) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_data(order: Order, **overrides: str) -> dict[str, str]:
    """What the New Memo page posts when submitted as shown (its defaults)."""
    data = {"shipping_amount": "0", "adjustment_positive": "0", "adjustment_negative": "0", "comment": ""}
    for item in order.items.all():
        data[f"qty_{item.pk}"] = str(item.qty_invoiced - item.qty_refunded)
    return data | overrides


@pytest.fixture
def refunds(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, dict]]:
    """The calls the admin makes to refund_order / refund_invoice, recorded instead of run."""
    calls: list[tuple[str, int, dict]] = []

    def recorder(name: str) -> Callable:
        def record(target_id: int, **kwargs: object) -> None:
            calls.append((name, target_id, kwargs))

        return record

    monkeypatch.setattr(admin_creditmemos, "refund_order", recorder("refund_order"))
    monkeypatch.setattr(admin_creditmemos, "refund_invoice", recorder("refund_invoice"))
    return calls


def test_the_button_shows_once_something_was_paid(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory()
    assert form_url(order) not in order_page(admin_client, order)  # nothing paid: nothing to refund

    invoice_order(order, capture=True)
    assert form_url(order) in order_page(admin_client, order)
    assert ">Credit Memo</a>" in order_page(admin_client, order)

    hold_order(order)
    order.refresh_from_db()
    assert form_url(order) not in order_page(admin_client, order)  # Order::canCreditmemo: not on hold


def test_only_users_with_the_refund_permission_see_the_button_and_the_form(
    client: Client, order_factory: Callable
) -> None:
    order = order_factory()
    invoice = invoice_order(order, capture=True)
    clerk = User.objects.create_user("clerk", password="secret", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_order", "view_invoice"]))
    client.force_login(clerk)
    invoice_form = reverse("admin:sales_invoice_creditmemo", args=[invoice.pk])

    assert form_url(order) not in order_page(client, order)
    assert client.get(form_url(order)).status_code == 403
    assert client.post(form_url(order), form_data(order)).status_code == 403
    assert client.get(invoice_form).status_code == 403
    assert Creditmemo.objects.count() == 0

    clerk.user_permissions.add(Permission.objects.get(codename="add_creditmemo"))  # Magento_Sales::creditmemo
    client.force_login(User.objects.get(pk=clerk.pk))
    assert form_url(order) in order_page(client, order)
    assert client.get(form_url(order)).status_code == 200


def test_the_form_defaults_to_what_can_be_refunded(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("3"), Decimal("1")), shipping_amount=Decimal("5"),
                          base_shipping_amount=Decimal("5"))
    partly, not_invoiced = order.items.order_by("pk")
    invoice_order(order, items=[InvoiceLine(partly.pk, Decimal("2"))], capture=True)

    response = admin_client.get(form_url(order))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>New Memo</h1>" in html
    assert f'name="qty_{partly.pk}" value="2"' in html  # invoiced 2, refunded 0
    assert f'name="qty_{not_invoiced.pk}"' not in html  # nothing invoiced: nothing to refund
    assert f'<input type="checkbox" name="back_to_stock_{partly.pk}" id="id_back_to_stock_{partly.pk}">' in html
    assert 'name="shipping_amount" value="5"' in html  # the shipping not yet refunded
    assert 'name="adjustment_positive" value="0"' in html
    assert 'name="adjustment_negative" value="0"' in html
    for label in ("Items to Refund", "Return to Stock", "Qty to Refund", "Refund Shipping", "Adjustment Refund",
                  "Adjustment Fee", "Comment Text", "Append Comments", "Email Copy of Credit Memo",
                  "Paid Amount", "Refund Amount", "Order Grand Total"):
        assert label in html
    assert 'value="Refund Offline"' in html


def test_refund_offline_calls_refund_order_with_the_form(
    admin_client: Client, order_factory: Callable, refunds: list
) -> None:
    order = order_factory(item_qtys=(Decimal("2"), Decimal("1")))
    invoice_order(order, capture=True)
    first, second = order.items.order_by("pk")

    response = admin_client.post(form_url(order), form_data(
        order, **{f"qty_{second.pk}": "0", f"back_to_stock_{first.pk}": "on"}, shipping_amount="0",
        adjustment_positive="1.5", adjustment_negative="0.5", comment="Damaged box", append_comment="on",
        notify="on",
    ))

    assert refunds == [("refund_order", order.pk, {
        "items": [RefundItem(first.pk, Decimal("2")), RefundItem(second.pk, Decimal("0"))],
        "notify": True,
        "append_comment": True,
        "comment": RefundComment("Damaged box"),
        "arguments": RefundArguments(
            shipping_amount=Decimal("0"), adjustment_positive=Decimal("1.5"), adjustment_negative=Decimal("0.5"),
            return_to_stock_items=[first.pk],
        ),
    })]
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:sales_order_change", args=[order.pk])
    assert messages_of(response) == ["You created the credit memo."]


def test_the_invoice_page_refunds_that_invoice(
    admin_client: Client, order_factory: Callable, refunds: list
) -> None:
    """Only a payment method that refunds invoices (Payment::canRefund) shows the invoice's button."""
    order = order_factory(item_qtys=(Decimal("1"), Decimal("1")))
    OrderPayment.objects.filter(parent=order).update(method=OrderPayment.Method.FREE)
    first, second = order.items.order_by("pk")
    invoice_order(order, items=[InvoiceLine(first.pk, Decimal("1"))], capture=True)
    invoice = invoice_order(order, items=[InvoiceLine(second.pk, Decimal("1"))], capture=True)
    url = reverse("admin:sales_invoice_creditmemo", args=[invoice.pk])

    page = admin_client.get(reverse("admin:sales_invoice_change", args=[invoice.pk])).content.decode()
    form = admin_client.get(url).content.decode()
    response = admin_client.post(url, {"shipping_amount": "0", "adjustment_positive": "0",
                                       "adjustment_negative": "0", f"qty_{second.pk}": "1"})

    assert f'<a href="{url}">Credit Memo</a>' in page
    assert f"<h1>New Memo for #{invoice.increment_id}</h1>" in form
    assert f'name="qty_{second.pk}"' in form
    assert f'name="qty_{first.pk}"' not in form  # on the other invoice
    assert [(name, target) for name, target, _ in refunds] == [("refund_invoice", invoice.pk)]
    assert refunds[0][2]["items"] == [RefundItem(second.pk, Decimal("1"))]
    assert messages_of(response) == ["You created the credit memo."]


def test_a_refusal_is_shown_on_the_form_with_magentos_text(
    admin_client: Client, order_factory: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = order_factory()
    invoice_order(order, capture=True)

    def refuse(order_id: int, **kwargs: object) -> None:
        raise DomainError("The most money available to refund is %1.", parameters=["$10.00"])

    monkeypatch.setattr(admin_creditmemos, "refund_order", refuse)

    response = admin_client.post(form_url(order), form_data(order, adjustment_positive="100"))

    assert response.status_code == 200
    assert "<h1>New Memo</h1>" in response.content.decode()
    assert messages_of(response) == ["The most money available to refund is $10.00."]


@pytest.mark.parametrize("bad", [{"adjustment_positive": "-1"}, {"shipping_amount": "abc"}, {"qty": "-2"},
                                 {"qty": "1e400"}, {"adjustment_negative": "9" * 40}])
def test_bad_input_is_a_form_error_and_calls_nothing(
    admin_client: Client, order_factory: Callable, refunds: list, bad: dict[str, str]
) -> None:
    order = order_factory()
    invoice_order(order, capture=True)
    item = order.items.get()
    data = form_data(order, **{(f"qty_{item.pk}" if key == "qty" else key): value for key, value in bad.items()})

    response = admin_client.post(form_url(order), data)

    assert response.status_code == 200
    assert "Please correct the errors below." in response.content.decode()
    assert refunds == []


def test_an_order_that_cannot_be_refunded_goes_back_with_magentos_message(
    admin_client: Client, order_factory: Callable, refunds: list
) -> None:
    order = order_factory()  # nothing paid

    response = admin_client.get(form_url(order))

    assert response.status_code == 302
    assert messages_of(response) == ["We can't create credit memo for the order."]
    assert refunds == []


def test_a_sales_clerk_refunds_and_sees_the_credit_memos(client: Client, order_factory: Callable) -> None:
    order = order_factory()
    invoice_order(order, capture=True)
    clerk = User.objects.create_user("sales-clerk", password="pw", is_staff=True)
    clerk.groups.add(Group.objects.get(name="Sales Clerk"))
    client.force_login(clerk)

    assert form_url(order) in order_page(client, order)
    assert client.get(reverse("admin:sales_creditmemo_changelist")).status_code == 200
    assert reverse("admin:sales_creditmemo_changelist") in client.get(reverse("admin:index")).content.decode()


def test_an_offline_invoice_is_refunded_through_the_order_as_in_magento(
    admin_client: Client, order_factory: Callable
) -> None:
    """Check / money order cannot refund an invoice (Checkmo's $_canRefund = false): no Credit Memo button on the
    invoice page (Block/Adminhtml/Order/Invoice/View.php), and its form goes back with RefundInvoice's refusal."""
    order = order_factory()
    invoice = invoice_order(order, capture=True)
    url = reverse("admin:sales_invoice_creditmemo", args=[invoice.pk])

    page = admin_client.get(reverse("admin:sales_invoice_change", args=[invoice.pk])).content.decode()
    response = admin_client.post(url, form_data(order))

    assert url not in page
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:sales_invoice_change", args=[invoice.pk])
    assert messages_of(response) == ["We can't create creditmemo for the invoice."]
    assert Creditmemo.objects.count() == 0
    assert form_url(order) in order_page(admin_client, order)  # the order's button refunds it


def test_refund_offline_refunds_and_returns_shipped_goods_to_their_source(
    admin_client: Client, order_factory: Callable
) -> None:
    order = order_factory(item_qtys=(Decimal("2"),), stock=Decimal("10"))
    item = order.items.get()
    invoice_order(order, capture=True)
    ship_order(order)

    response = admin_client.post(form_url(order), form_data(
        order, **{f"qty_{item.pk}": "1", f"back_to_stock_{item.pk}": "on"}, comment="One came back"
    ), follow=True)

    assert messages_of(response) == ["You created the credit memo."]
    assert response.redirect_chain == [(reverse("admin:sales_order_change", args=[order.pk]), 302)]
    creditmemo = Creditmemo.objects.get()
    assert (creditmemo.order_id, creditmemo.state, creditmemo.grand_total) == (order.pk, 2, Decimal("10"))
    assert list(creditmemo.comments.values_list("comment", flat=True)) == ["One came back"]
    order.refresh_from_db()
    item.refresh_from_db()
    assert (order.total_refunded, item.qty_refunded) == (Decimal("10"), Decimal("1"))
    assert SourceItem.objects.get(product__sku=item.sku).quantity == Decimal("9")  # 10 - 2 shipped + 1 back
    html = response.content.decode()
    assert f'<a href="{reverse("admin:sales_creditmemo_change", args=[creditmemo.pk])}">' in html


def test_a_refused_refund_says_why_and_writes_nothing(admin_client: Client, order_factory: Callable) -> None:
    """Magento's admin shows CreditmemoService::validateForRefund's sentence alone; each validator's reason is
    one error message, without the REST "Creditmemo Document Validation Error(s):" heading."""
    order = order_factory(stock=Decimal("10"))
    item = order.items.get()
    invoice_order(order, capture=True)

    response = admin_client.post(form_url(order), form_data(
        order, **{f"back_to_stock_{item.pk}": "on"}, adjustment_positive="100"
    ))

    assert response.status_code == 200
    assert "<h1>New Memo</h1>" in response.content.decode()
    assert messages_of(response) == ["The most money available to refund is 10."]
    order.refresh_from_db()
    item.refresh_from_db()
    assert Creditmemo.objects.count() == 0
    assert (order.total_refunded, item.qty_refunded, order.state) == (None, Decimal("0"), "processing")
    assert SourceItem.objects.get(product__sku=item.sku).quantity == Decimal("10")


def test_more_than_was_invoiced_is_refused_with_magentos_sentence(
    admin_client: Client, order_factory: Callable
) -> None:
    """Creditmemo\\Item::processQty, as Magento's admin shows it."""
    order = order_factory(item_qtys=(Decimal("2"),))
    item = order.items.get()
    invoice_order(order, capture=True)

    response = admin_client.post(form_url(order), form_data(order, **{f"qty_{item.pk}": "3"}))

    assert messages_of(response) == [f'We found an invalid quantity to refund item "{item.name}".']
    item.refresh_from_db()
    assert (Creditmemo.objects.count(), item.qty_refunded) == (0, Decimal("0"))


def test_a_zero_total_order_is_refunded_once(admin_client: Client, order_factory: Callable) -> None:
    """Order::canCreditmemoForZeroTotal: a free order, once invoiced, offers a credit memo until it has one."""
    order = order_factory(grand_total=Decimal("0"), base_grand_total=Decimal("0"))
    OrderPayment.objects.filter(parent=order).update(method=OrderPayment.Method.FREE)
    assert form_url(order) not in order_page(admin_client, order)  # still to invoice

    invoice_order(order, capture=True)
    order.refresh_from_db()
    assert form_url(order) in order_page(admin_client, order)

    response = admin_client.post(form_url(order), form_data(order))

    assert messages_of(response) == ["You created the credit memo."]
    assert form_url(order) not in order_page(admin_client, order)


def test_email_copy_of_credit_memo_emails_the_customer(
    admin_client: Client, order_factory: Callable, django_capture_on_commit_callbacks: Callable, mailoutbox: list
) -> None:
    order = order_factory()
    invoice_order(order, capture=True)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(form_url(order), form_data(order, notify="on"))
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(form_url(order_factory()), {})  # no credit memo, no email

    assert [message.to for message in mailoutbox] == [[order.customer_email]]
