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
from sales.admin import new_memo
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
def refunds(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, dict]]:
    """The calls the admin makes to refund_creditmemo, recorded instead of run."""
    calls: list[tuple[int, dict]] = []

    def record(order_id: int, **kwargs: object) -> None:
        calls.append((order_id, kwargs))

    monkeypatch.setattr(new_memo, "refund_creditmemo", record)
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


def test_refund_offline_calls_refund_creditmemo_with_the_form(
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

    assert refunds == [(order.pk, {
        "invoice_id": None,
        "offline_requested": True,  # Refund Offline
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
    order = order_factory(item_qtys=(Decimal("1"), Decimal("1")))
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
    assert [(target, kwargs["invoice_id"], kwargs["items"]) for target, kwargs in refunds] == [
        (order.pk, invoice.pk, [RefundItem(second.pk, Decimal("1"))])
    ]
    assert messages_of(response) == ["You created the credit memo."]


def test_a_refusal_is_shown_on_the_form_with_magentos_text(
    admin_client: Client, order_factory: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = order_factory()
    invoice_order(order, capture=True)

    def refuse(order_id: int, **kwargs: object) -> None:
        raise DomainError("The most money available to refund is %1.", parameters=["$10.00"])

    monkeypatch.setattr(new_memo, "refund_creditmemo", refuse)

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


def test_the_invoice_button_refunds_an_offline_invoice_until_nothing_is_left(
    admin_client: Client, order_factory: Callable
) -> None:
    """Check / money order: Magento's invoice page hides the button (Payment::canRefund is false, its button is an
    online refund); every refund here is offline, through CreditmemoService::refund's path, which takes it."""
    order = order_factory(item_qtys=(Decimal("2"),))
    item = order.items.get()
    invoice = invoice_order(order, capture=True)
    url = reverse("admin:sales_invoice_creditmemo", args=[invoice.pk])
    invoice_page = reverse("admin:sales_invoice_change", args=[invoice.pk])

    assert url in admin_client.get(invoice_page).content.decode()
    response = admin_client.post(url, form_data(order, **{f"qty_{item.pk}": "2"}))

    assert messages_of(response) == ["You created the credit memo."]
    creditmemo = Creditmemo.objects.get()
    assert (creditmemo.invoice_id, creditmemo.grand_total) == (invoice.pk, Decimal("20"))
    assert url not in admin_client.get(invoice_page).content.decode()  # nothing left on it


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
    assert "<label>Total Refunded:</label>" in html
    assert '<div class="readonly">$10.00</div>' in html


def test_a_refused_refund_says_why_and_writes_nothing(admin_client: Client, order_factory: Callable) -> None:
    """Magento's admin shows CreditmemoService::validateForRefund's sentence, the amount in the base currency."""
    order = order_factory(stock=Decimal("10"))
    item = order.items.get()
    invoice_order(order, capture=True)

    response = admin_client.post(form_url(order), form_data(
        order, **{f"back_to_stock_{item.pk}": "on"}, adjustment_positive="100"
    ))

    assert response.status_code == 200
    assert "<h1>New Memo</h1>" in response.content.decode()
    assert messages_of(response) == ["The most money available to refund is $10.00."]
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
    order, other = order_factory(), order_factory()
    invoice_order(order, capture=True)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(form_url(order), form_data(order, notify="on"))
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(form_url(other), {})  # no credit memo, no email

    assert [message.to for message in mailoutbox] == [[order.customer_email]]


def test_a_validators_reason_is_shown_without_the_rest_heading(admin_client: Client, order_factory: Callable) -> None:
    """An Adjustment Fee above the refund: Save's "The credit memo's total must be positive." alone (REST heads
    its list with "Creditmemo Document Validation Error(s):")."""
    order = order_factory()
    invoice_order(order, capture=True)

    response = admin_client.post(form_url(order), form_data(order, adjustment_negative="50"))

    assert messages_of(response) == ["The credit memo's total must be positive."]
    assert Creditmemo.objects.count() == 0
