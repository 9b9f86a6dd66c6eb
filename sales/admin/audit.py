"""The admin log of the sales actions: what a user did to an order in the admin, as Django's LogEntry rows, so
that it shows in the index's "Recent actions" and on the order's Admin Log (Django's object history).

Called by the admin views once their domain function succeeded (a refusal logs nothing): ``log_created`` for a new
invoice, shipment or credit memo (a change on the order, an addition on the document), ``audited`` around an
order action (Cancel, Hold, Unhold: one order or a mass action's every order), ``log_comment`` for a comment.
Magento Open Source keeps no such log (Adobe Commerce's Magento_Logging does, System > Action Logs).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import models
from django.http import HttpRequest

from ..models import Creditmemo, Invoice, Order, Shipment

# The order's log line for each new document, with its number.
CREATED = {Invoice: "Invoiced #{}", Shipment: "Shipped #{}", Creditmemo: "Refunded credit memo #{}"}
DOCUMENT_CREATED = "Created for order #{}"
# The order actions, by the order page's url names (orders.ORDER_ACTIONS).
ORDER_ACTIONS = {"cancel": "Canceled", "hold": "Put on hold", "unhold": "Released from hold"}
COMMENT_ADDED = "Added a comment"


def log(request: HttpRequest, obj: models.Model, action_flag: int, message: str) -> None:
    """One LogEntry by the request's user (ModelAdmin.log_change / log_addition without the ModelAdmin)."""
    LogEntry.objects.log_actions(
        user_id=request.user.pk, queryset=[obj], action_flag=action_flag, change_message=message, single_object=True
    )


def log_created[Document: (Invoice, Shipment, Creditmemo)](
    request: HttpRequest, document: Document | None
) -> Document | None:
    """A new invoice, shipment or credit memo: "Invoiced #000000001" on its order, "Created for order #..." on the
    document. Returns the document, so that a view can wrap its domain call (None, from a stand-in for the
    domain function, logs nothing)."""
    if document is None:
        return None
    order = document.order
    log(request, order, CHANGE, CREATED[type(document)].format(document.increment_id))
    log(request, document, ADDITION, DOCUMENT_CREATED.format(order.increment_id))
    return document


def audited[Result](request: HttpRequest, name: str, action: Callable[[Order], Result]) -> Callable[[Order], Result]:
    """``action`` (cancel_order, hold_order, unhold_order), logging the order once it succeeded: a refusal
    (a DomainError, raised through) is not logged."""

    def run(order: Order) -> Result:
        result = action(order)
        log(request, order, CHANGE, ORDER_ACTIONS[name])
        return result

    return run


def log_comment(request: HttpRequest, obj: models.Model) -> None:
    """A comment added from the admin to the Comments History of an order, invoice, shipment or credit memo."""
    log(request, obj, CHANGE, COMMENT_ADDED)
