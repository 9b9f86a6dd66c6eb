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
