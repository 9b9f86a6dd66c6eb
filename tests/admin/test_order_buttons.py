"""The order page's Cancel, Hold and Unhold buttons (Magento's order view), each a POST through a domain function."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from inventory.models import Reservation
from sales.invoicing import invoice_order
from sales.models import Order, OrderState
from sales.orders import cancel_order, hold_order

pytestmark = pytest.mark.django_db


def action_url(name: str, order: Order) -> str:
    return reverse(f"admin:sales_order_{name}", args=[order.pk])


def buttons(client: Client, order: Order) -> list[str]:
    html = client.get(reverse("admin:sales_order_change", args=[order.pk])).content.decode()
    return [name for name in ("cancel", "hold", "unhold") if f'action="{action_url(name, order)}"' in html]


def messages_of(response: object) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_new_order_offers_cancel_and_hold(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory()

    assert buttons(admin_client, order) == ["cancel", "hold"]
    html = admin_client.get(reverse("admin:sales_order_change", args=[order.pk])).content.decode()
    assert 'data-confirm="Are you sure you want to cancel this order?"' in html


def test_cancel_cancels_the_order_and_gives_its_quantity_back(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("2"),))

    response = admin_client.post(action_url("cancel", order), follow=True)

    order.refresh_from_db()
    assert (order.state, order.status) == ("canceled", "canceled")
    assert messages_of(response) == ["You canceled the order."]
    compensation = Reservation.objects.get(object_id=str(order.pk), event_type="order_canceled")
    assert compensation.quantity == 2  # the salable quantity comes back (MSI's order_canceled reservation)
    assert buttons(admin_client, order) == []


def test_hold_then_unhold_goes_back_to_the_state_before(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory()

    held = admin_client.post(action_url("hold", order), follow=True)
    assert messages_of(held) == ["You put the order on hold."]
    order.refresh_from_db()
    assert (order.state, order.hold_before_state) == (OrderState.HOLDED, OrderState.NEW)
    assert buttons(admin_client, order) == ["unhold"]  # a held order can be neither canceled nor held again

    released = admin_client.post(action_url("unhold", order), follow=True)
    assert messages_of(released) == ["You released the order from holding status."]
    order.refresh_from_db()
    assert (order.state, order.status) == ("new", "pending")


def test_a_refused_action_says_why_and_changes_nothing(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory()
    invoice_order(order, capture=True)  # fully invoiced: nothing left to cancel

    canceled = admin_client.post(action_url("cancel", order), follow=True)
    unheld = admin_client.post(action_url("unhold", order), follow=True)

    order.refresh_from_db()
    assert order.state == "processing"
    assert messages_of(canceled) == ["You have not canceled the item."]
    assert messages_of(unheld) == ["You cannot remove the hold."]
    assert buttons(admin_client, order) == ["hold"]


def test_the_buttons_are_posts_only(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory()

    response = admin_client.get(action_url("cancel", order))

    assert response.status_code == 405
    order.refresh_from_db()
    assert order.state == "new"


@pytest.mark.parametrize(("permission", "allowed"), [("cancel_order", "cancel"), ("hold_order", "hold")])
def test_each_button_needs_its_permission(
    client: Client, order_factory: Callable, permission: str, allowed: str
) -> None:
    order = order_factory()
    clerk = User.objects.create_user("clerk", password="secret", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_order", permission]))
    client.force_login(clerk)
    refused = "hold" if allowed == "cancel" else "cancel"

    assert buttons(client, order) == [allowed]
    assert client.post(action_url(refused, order)).status_code == 403
    order.refresh_from_db()
    assert order.state == "new"


# --- Every button per state: Magento's Order::canInvoice, canShip, canCreditmemo, canCancel, canHold, canUnhold
# (vendor/magento/module-sales/Model/Order.php), as Block/Adminhtml/Order/View adds them.

ALL_BUTTONS = ("invoice", "ship", "creditmemo", "cancel", "hold", "unhold", "email")


def all_buttons(client: Client, order: Order) -> list[str]:
    """The order page's buttons, links (Invoice, Ship, Credit Memo) and POST forms (Cancel, Hold, Unhold, Email)."""
    html = client.get(reverse("admin:sales_order_change", args=[order.pk])).content.decode()
    tools = html[html.index('<ul class="object-tools">'):]
    tools = tools[:tools.index("</ul>")]
    return [name for name in ALL_BUTTONS if f'"{action_url(name, order)}"' in tools]


def test_a_pending_order_offers_invoice_ship_cancel_hold(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(stock=Decimal("5"))

    assert all_buttons(admin_client, order) == ["invoice", "ship", "cancel", "hold", "email"]


def test_an_order_on_hold_offers_unhold_only(admin_client: Client, order_factory: Callable) -> None:
    """canInvoice, canShip, canCancel and canCreditmemo all start with `if ($this->canUnhold()) return false`."""
    order = order_factory(stock=Decimal("5"))
    invoice_order(order, capture=True)
    hold_order(order)

    assert all_buttons(admin_client, order) == ["unhold", "email"]


def test_a_canceled_order_offers_no_action(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(stock=Decimal("5"))
    cancel_order(order)

    assert all_buttons(admin_client, order) == ["email"]


def test_an_invoiced_order_offers_ship_credit_memo_and_hold(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(stock=Decimal("5"))
    invoice_order(order, capture=True)

    assert all_buttons(admin_client, order) == ["ship", "creditmemo", "hold", "email"]


def test_a_virtual_order_offers_no_ship(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(is_virtual=1)

    assert "ship" not in all_buttons(admin_client, order)


@pytest.mark.parametrize("url_name", ["ship", "invoice"])
def test_the_forms_of_an_order_on_hold_refuse_with_the_status_label(
    admin_client: Client, order_factory: Callable, url_name: str
) -> None:
    """Magento's ShipmentLoader ("Cannot do shipment for the order.") and Invoice/NewAction; the reason in words,
    never the status code "holded"."""
    order = order_factory(stock=Decimal("5"))
    hold_order(order)

    response = admin_client.get(action_url(url_name, order), follow=True)

    shown = messages_of(response)
    assert len(shown) == 1
    assert "holded" not in shown[0]
    assert "On Hold" in shown[0]
    assert response.redirect_chain[-1][0] == reverse("admin:sales_order_change", args=[order.pk])
