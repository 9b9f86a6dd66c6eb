"""Admin actions are logged (issue 15): invoices, shipments, credit memos, holds, unholds and cancels made in the
admin write Django's LogEntry on the order (and an addition on the new document), with a readable message, so
that they show in the index's "Recent actions" and on the order's Admin Log (Django's object history).

Magento Open Source keeps no admin action log (Adobe Commerce's Magento_Logging does: System > Action Logs);
Django's LogEntry is the admin's own.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from sales.admin.audit import log_comment
from sales.invoicing import invoice_order
from sales.models import Creditmemo, Invoice, Order, Shipment

pytestmark = pytest.mark.django_db


def entries(model: type, pk: int) -> list[tuple[int, str]]:
    """(action flag, message) of the log entries of one object, oldest first."""
    rows = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=str(pk))
    return [(entry.action_flag, entry.get_change_message()) for entry in rows.order_by("pk")]


def test_an_invoice_made_on_the_new_invoice_page_is_logged_on_the_order_and_the_invoice(
    admin_client: Client, order_factory: Callable, admin_user: object
) -> None:
    order = order_factory()
    item = order.items.get()

    admin_client.post(reverse("admin:sales_order_invoice", args=[order.pk]), {f"qty_{item.pk}": "1"})

    invoice = Invoice.objects.get()
    assert entries(Order, order.pk) == [(CHANGE, f"Invoiced #{invoice.increment_id}")]
    assert entries(Invoice, invoice.pk) == [(ADDITION, f"Created for order #{order.increment_id}")]
    assert LogEntry.objects.filter(user=admin_user).count() == 2


def test_a_shipment_made_on_the_new_shipment_page_is_logged(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(stock=Decimal(5))
    invoice_order(order, capture=True)
    item = order.items.get()

    admin_client.post(
        reverse("admin:sales_order_ship", args=[order.pk]), {f"source_{item.pk}_0": "default", f"qty_{item.pk}_0": "1"}
    )

    shipment = Shipment.objects.get()
    assert entries(Order, order.pk) == [(CHANGE, f"Shipped #{shipment.increment_id}")]
    assert entries(Shipment, shipment.pk) == [(ADDITION, f"Created for order #{order.increment_id}")]


def test_a_credit_memo_is_logged(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory()
    invoice_order(order, capture=True)
    item = order.items.get()

    admin_client.post(
        reverse("admin:sales_order_creditmemo", args=[order.pk]),
        {
            "shipping_amount": "0",
            "adjustment_positive": "0",
            "adjustment_negative": "0",
            f"qty_{item.pk}": "1",
        },
    )

    creditmemo = Creditmemo.objects.get()
    assert entries(Order, order.pk) == [(CHANGE, f"Refunded credit memo #{creditmemo.increment_id}")]
    assert entries(Creditmemo, creditmemo.pk) == [(ADDITION, f"Created for order #{order.increment_id}")]


def test_hold_unhold_and_cancel_buttons_are_logged(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory()

    for name in ("hold", "unhold", "cancel"):
        admin_client.post(reverse(f"admin:sales_order_{name}", args=[order.pk]))

    assert entries(Order, order.pk) == [(CHANGE, "Put on hold"), (CHANGE, "Released from hold"), (CHANGE, "Canceled")]


def test_a_refused_action_is_not_logged(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory()

    admin_client.post(reverse("admin:sales_order_unhold", args=[order.pk]))  # not on hold: refused

    assert entries(Order, order.pk) == []


def test_mass_actions_log_each_order_they_change(admin_client: Client, order_factory: Callable) -> None:
    first, second = order_factory(), order_factory()
    changelist = reverse("admin:sales_order_changelist")

    admin_client.post(changelist, {"action": "hold_orders", "_selected_action": [first.pk]})
    admin_client.post(changelist, {"action": "unhold_orders", "_selected_action": [first.pk, second.pk]})
    admin_client.post(changelist, {"action": "invoice_remaining", "_selected_action": [second.pk]})
    admin_client.post(changelist, {"action": "cancel_orders", "_selected_action": [first.pk, second.pk]})

    invoice = Invoice.objects.get()
    assert entries(Order, first.pk) == [(CHANGE, "Put on hold"), (CHANGE, "Released from hold"), (CHANGE, "Canceled")]
    assert entries(Order, second.pk) == [(CHANGE, f"Invoiced #{invoice.increment_id}")]


def test_a_comment_is_logged(rf: object, admin_user: object, order_factory: Callable) -> None:
    order = order_factory()
    request = rf.post("/")
    request.user = admin_user

    log_comment(request, order)

    assert entries(Order, order.pk) == [(CHANGE, "Added a comment")]


def test_the_order_admin_log_and_recent_actions_show_the_actions(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory()
    admin_client.post(reverse("admin:sales_order_hold", args=[order.pk]))

    history = admin_client.get(reverse("admin:sales_order_history", args=[order.pk])).content.decode()
    page = admin_client.get(reverse("admin:sales_order_change", args=[order.pk])).content.decode()
    index = admin_client.get(reverse("admin:index")).content.decode()

    assert "Put on hold" in history
    assert "This object doesn’t have a change history" not in history
    assert f'href="{reverse("admin:sales_order_history", args=[order.pk])}" class="historylink">Admin Log</a>' in page
    recent = index[index.index('id="recent-actions-module"') :]
    assert f'<a href="{reverse("admin:sales_order_change", args=[order.pk])}">#{order.increment_id}</a>' in recent
    assert "Put on hold" in recent
