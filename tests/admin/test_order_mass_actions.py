"""Sales > Orders mass actions Cancel, Hold and Unhold: sales.orders' domain functions, Magento's messages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from sales.invoicing import invoice_order
from sales.models import Order, OrderState
from sales.orders import hold_order
from tests.admin.conftest import make_order

pytestmark = pytest.mark.django_db

ORDERS_URL = reverse("admin:sales_order_changelist")


def run_action(client: Client, action: str, *orders: Order) -> list[tuple[str, str]]:
    response = client.post(ORDERS_URL, {"action": action, "_selected_action": [o.pk for o in orders]}, follow=True)
    assert response.status_code == 200
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def state_of(order: Order) -> tuple[str, str]:
    order.refresh_from_db()
    return order.state, order.status


def test_cancel_cancels_what_can_be_and_counts_the_rest(admin_client: Client) -> None:
    pending = make_order(item_qtys=(Decimal("2"),))
    invoiced = make_order()
    invoice_order(invoiced, capture=True)

    messages = run_action(admin_client, "cancel_orders", pending, invoiced)

    assert messages == [("error", "1 order(s) cannot be canceled."), ("success", "We canceled 1 order(s).")]
    assert state_of(pending) == (OrderState.CANCELED, "canceled")
    assert pending.items.get().qty_canceled == Decimal("2")
    assert state_of(invoiced) == (OrderState.PROCESSING, "processing")


def test_cancel_of_nothing_cancelable_is_an_error_message(admin_client: Client) -> None:
    invoiced = make_order()
    invoice_order(invoiced, capture=True)

    messages = run_action(admin_client, "cancel_orders", invoiced)

    assert messages == [("error", "You cannot cancel the order(s).")]


def test_hold_and_unhold(admin_client: Client) -> None:
    order = make_order()

    held = run_action(admin_client, "hold_orders", order)
    held_state = state_of(order)
    released = run_action(admin_client, "unhold_orders", order)

    assert held == [("success", "You have put 1 order(s) on hold.")]
    assert held_state == (OrderState.HOLDED, "holded")
    assert released == [("success", "1 order(s) have been released from on hold status.")]
    assert state_of(order) == (OrderState.NEW, "pending")


def test_refused_holds_and_unholds_are_error_messages(admin_client: Client) -> None:
    on_hold = make_order()
    hold_order(on_hold)
    fresh, never_held = make_order(), make_order()

    hold = run_action(admin_client, "hold_orders", on_hold, fresh)
    unhold = run_action(admin_client, "unhold_orders", never_held)

    assert hold == [("error", "1 order(s) were not put on hold."), ("success", "You have put 1 order(s) on hold.")]
    assert unhold == [("error", "No order(s) were released from on hold status.")]


def test_an_order_on_hold_cannot_be_invoiced_and_says_why(admin_client: Client) -> None:
    order = make_order()
    hold_order(order)

    messages = run_action(admin_client, "invoice_remaining", order)

    assert messages[0][0] == "error"
    assert "An invoice cannot be created when an order has a status of holded" in messages[0][1]
    assert not order.invoices.exists()


@pytest.mark.parametrize(
    ("permission", "action"),
    [("cancel_order", "cancel_orders"), ("hold_order", "hold_orders"), ("unhold_order", "unhold_orders")],
)
def test_each_mass_action_needs_its_acl_permission(client: Client, django_user_model, permission: str, action: str):
    make_order()
    clerk = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_order"))
    client.force_login(clerk)
    without = client.get(ORDERS_URL).content.decode()
    clerk.user_permissions.add(Permission.objects.get(codename=permission))

    with_permission = client.get(ORDERS_URL).content.decode()

    assert f'<option value="{action}">' not in without
    assert f'<option value="{action}">' in with_permission
