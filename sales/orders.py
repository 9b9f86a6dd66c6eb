"""Reading orders and moving them through Magento's states."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.db.models import Model, QuerySet

from backoffice.compiled import update_and_insert
from backoffice.exceptions import IdRequired, NotFoundError
from inventory.reservations import SalesEvent, append_reservations
from inventory.stocks import resolve_stock_id

from .email_sending import EmailDocument, asynchronous_sending, queue_email
from .exceptions import (
    CannotCancel,
    CannotUnhold,
    CommentStatusNotAllowed,
    HoldNotAvailable,
    InvoiceNotFound,
    OrderItemNotFound,
    OrderNotFound,
    ShipmentNotFound,
)
from .locks import lock_order, lock_order_items
from .models import (
    DEFAULT_STATUS,
    ZERO,
    Invoice,
    Order,
    OrderItem,
    OrderState,
    OrderStatus,
    OrderStatusHistory,
    Shipment,
)
from .notifications import send_invoice_email, send_order_comment_email, send_order_email, send_shipment_email

FULFILMENT_STATES = frozenset({OrderState.NEW, OrderState.PROCESSING})


def get_order(order_id: int) -> Order:
    if not order_id:
        raise IdRequired()
    try:
        return Order.objects.get(pk=order_id)
    except Order.DoesNotExist:
        raise OrderNotFound() from None


def order_ref(order_id: int) -> Order:
    """An order not yet read, for writers that lock and read it themselves (unknown ids: 404 there).
    Saves the REST view a query that the writer's lock would repeat. Every field but the id is deferred (as
    ``only("pk")`` leaves them), where ``Order(pk=...)`` set a hundred default values."""
    if not order_id:
        raise IdRequired()
    return Order.from_db(None, [Order._meta.pk.attname], [order_id])


def refresh_order_state(
    order: Order,
    items: Sequence[OrderItem],
    *,
    entity_name: str = "order",
    comment: str | None = None,
    is_customer_notified: bool | None = None,
    changed_fields: Sequence[str] = (),
) -> None:
    """Magento's StateResolver after an invoice or a shipment, on a locked order.

    Nothing left to invoice or ship makes the order complete; otherwise it is processing. The order is
    saved once, with the caller's ``changed_fields`` (the invoiced totals, say). A status history row
    records the event.
    """
    fields, history = resolve_order_state(
        order, items, entity_name=entity_name, comment=comment, is_customer_notified=is_customer_notified,
        changed_fields=changed_fields,
    )
    # order.save(update_fields=fields) and add_status_history in statements built once (backoffice/compiled.py),
    # one on PostgreSQL
    update_and_insert(order, fields, history)


def resolve_order_state(
    order: Order,
    items: Sequence[OrderItem],
    *,
    entity_name: str,
    comment: str | None,
    is_customer_notified: bool | None,
    changed_fields: Sequence[str],
) -> tuple[list[str], OrderStatusHistory]:
    """refresh_order_state in memory, for a writer that saves them in its own statements: the order's new state
    and status set, the fields to save, and the status history row (not saved)."""
    fields = [*changed_fields, "updated_at"]
    if order.state in FULFILMENT_STATES:
        order.state = OrderState.PROCESSING if order.can_invoice(items) or order.can_ship(items) else OrderState.COMPLETE
        order.status = DEFAULT_STATUS[order.state]
        fields += ["state", "status"]
    history = _status_history(order, comment, entity_name=entity_name, is_customer_notified=is_customer_notified)
    return fields, history


def add_status_history(
    order: Order,
    comment: str | None,
    *,
    entity_name: str = "order",
    is_customer_notified: bool | None = None,
    is_visible_on_front: bool = False,
) -> OrderStatusHistory:
    history = _status_history(
        order, comment, entity_name=entity_name, is_customer_notified=is_customer_notified,
        is_visible_on_front=is_visible_on_front,
    )
    history.save(force_insert=True)
    return history


def _status_history(
    order: Order,
    comment: str | None,
    *,
    entity_name: str = "order",
    is_customer_notified: bool | None = None,
    is_visible_on_front: bool = False,
) -> OrderStatusHistory:
    return OrderStatusHistory(
        parent=order,
        comment=comment,
        status=order.status,
        entity_name=entity_name,
        is_customer_notified=None if is_customer_notified is None else int(is_customer_notified),
        is_visible_on_front=int(is_visible_on_front),
    )


# The statuses Magento assigns to each state by default (sales_order_status_state).
STATE_STATUSES: dict[str, frozenset[str]] = {
    **{state: frozenset({status}) for state, status in DEFAULT_STATUS.items()},
    OrderState.PROCESSING: frozenset({OrderStatus.PROCESSING, OrderStatus.FRAUD}),
    OrderState.PAYMENT_REVIEW: frozenset({OrderStatus.PAYMENT_REVIEW, OrderStatus.FRAUD}),
}


def get_order_item(item_id: int) -> OrderItem:
    try:
        return OrderItem.objects.get(pk=item_id)
    except OrderItem.DoesNotExist:
        raise OrderItemNotFound() from None


def cancel_order(order: Order) -> Order:
    """Cancel what is left of the order (OrderManagementInterface::cancel); CannotCancel, changing nothing,
    when the order cannot be canceled (Order::canCancel; the REST route answers Magento's ``false``).

    Each item's qty_canceled takes its quantity neither invoiced nor shipped. The order becomes
    canceled, or processing/complete when invoiced items remain (Order::registerCancellation). MSI's
    compensation goes back to the salable quantity: one ``order_canceled`` reservation per SKU of
    +(ordered − max(shipped, invoiced) − canceled). Locks the order, then its items.
    """
    with transaction.atomic():
        order = lock_order(order.pk)
        items = lock_order_items(order)
        if not order.can_cancel(items):
            raise CannotCancel()
        state = OrderState.CANCELED
        released: dict[str, Decimal] = defaultdict(Decimal)
        for item in items:
            to_cancel = _qty_to_cancel(item)
            if state != OrderState.PROCESSING and item.qty_invoiced - item.qty_refunded > 0:
                # Item::isProcessingAvailable, asked before the item is canceled.
                state = OrderState.PROCESSING if item.qty_to_ship > to_cancel else OrderState.COMPLETE
            released[item.sku] += max(item.qty_ordered - max(item.qty_shipped, item.qty_invoiced) - item.qty_canceled, ZERO)
            if to_cancel:
                item.qty_canceled += to_cancel  # row is locked
                item.save(update_fields=["qty_canceled", "updated_at"])
        order.state, order.status = state, DEFAULT_STATUS[state]
        order.save(update_fields=["state", "status", "updated_at"])
        add_status_history(order, None)
        append_reservations(
            resolve_stock_id(),
            list(released.items()),
            SalesEvent(type="order_canceled", object_id=str(order.pk), object_increment_id=order.increment_id or ""),
        )
    return order


def hold_order(order: Order) -> Order:
    """Put the order on hold, remembering its state and status (Order::hold)."""
    with transaction.atomic():
        order = lock_order(order.pk)
        if not order.can_hold():
            raise HoldNotAvailable()
        order.hold_before_state, order.hold_before_status = order.state, order.status
        order.state, order.status = OrderState.HOLDED, DEFAULT_STATUS[OrderState.HOLDED]
        order.save(update_fields=["state", "status", "hold_before_state", "hold_before_status", "updated_at"])
        add_status_history(order, None)
    return order


def unhold_order(order: Order) -> Order:
    """Release the hold: back to the state and status the order had before (Order::unhold)."""
    with transaction.atomic():
        order = lock_order(order.pk)
        if not order.can_unhold():
            raise CannotUnhold()
        order.state = order.hold_before_state or OrderState.NEW
        order.status = order.hold_before_status or DEFAULT_STATUS[order.state]
        order.hold_before_state = order.hold_before_status = None
        order.save(update_fields=["state", "status", "hold_before_state", "hold_before_status", "updated_at"])
        add_status_history(order, None)
    return order


def add_order_comment(
    order: Order,
    comment: str | None,
    *,
    status: str | None = None,
    is_customer_notified: bool | None = None,
    is_visible_on_front: bool = False,
) -> OrderStatusHistory:
    """Add a status-history comment (OrderManagementInterface::addComment).

    ``status`` may only name a status of the order's current state; it then becomes the order's status.
    With ``is_customer_notified``, the comment is emailed to the customer once the transaction commits
    (OrderService::addComment → OrderCommentSender::send, template order_update).
    """
    with transaction.atomic():
        order = lock_order(order.pk)
        if status and status not in STATE_STATUSES.get(order.state, frozenset()):
            raise CommentStatusNotAllowed(parameters=[status])
        if status and status != order.status:
            order.status = status
            order.save(update_fields=["status", "updated_at"])
        history = add_status_history(
            order, comment, is_customer_notified=is_customer_notified, is_visible_on_front=is_visible_on_front
        )
        if is_customer_notified and order.customer_email:
            transaction.on_commit(
                partial(send_order_comment_email, order_id=order.pk, comment=(comment or "").strip()), robust=True
            )
        return history


def _qty_to_cancel(item: OrderItem) -> Decimal:
    """Item::getQtyToCancel: what is neither invoiced nor shipped (virtual items included)."""
    to_ship = item.qty_ordered - item.qty_shipped - item.qty_refunded - item.qty_canceled
    return max(min(item.qty_to_invoice, to_ship), ZERO)


# --- Emails sent again: OrderManagementInterface::notify, InvoiceManagementInterface::notify,
# ShipmentManagementInterface::notify (POST /V1/orders|invoices|shipment/{id}/emails) ---------------------------


def notify_order(order_id: int) -> bool:
    """Email the order confirmation to the customer again (OrderService::notify → OrderNotifier).

    True: the email is on its way. It leaves once the transaction commits, sets the order's email_sent and
    marks its latest not-notified history entry as notified (AbstractNotifier::notify, see
    ``mark_history_notified``). False, sending nothing, when no email can go out (the order has no customer
    email): Magento answers false when its sender fails. Unknown order: OrderNotFound; id 0: IdRequired.
    """
    with transaction.atomic():
        order = get_order(order_id)
        return notify_on_commit(order, order.customer_email, partial(send_order_email, order_id=order.pk))


def notify_invoice(invoice_id: int) -> bool:
    """Email the invoice to the customer again (InvoiceService::notify → InvoiceNotifier); as notify_order."""
    with transaction.atomic():
        invoice = get_document(Invoice.objects.select_related("order"), invoice_id, InvoiceNotFound)
        return notify_on_commit(
            invoice, invoice.order.customer_email, partial(send_invoice_email, invoice_id=invoice.pk)
        )


def notify_shipment(shipment_id: int) -> bool:
    """Email the shipment to the customer again (ShipmentService::notify → ShipmentNotifier); as notify_order."""
    with transaction.atomic():
        shipment = get_document(Shipment.objects.select_related("order"), shipment_id, ShipmentNotFound)
        return notify_on_commit(
            shipment, shipment.order.customer_email, partial(send_shipment_email, shipment_id=shipment.pk)
        )


def mark_history_notified(order_id: int) -> None:
    """After a sent email, AbstractNotifier::notify marks one history entry as notified: the order's latest
    (created_at desc) with entity_name "order" and is_customer_notified = 0 (NULL, "not applicable", stays).
    Status\\History\\Collection::getUnnotifiedForInstance swaps an invoice or shipment for its order before it
    reads the entity type, so it is the "order" entry for the three documents alike."""
    latest = (
        OrderStatusHistory.objects.filter(parent_id=order_id, entity_name="order", is_customer_notified=0)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if latest is not None:
        OrderStatusHistory.objects.filter(pk=latest).update(is_customer_notified=1)


def notify_on_commit(document: EmailDocument, recipient: str, send: Callable[[], None]) -> bool:
    """Synchronous sending: the email leaves on commit; True. Asynchronous sending (AbstractNotifier::notify after
    the sender's asynchronous branch): the email is due again for the sending job, and the answer is false, as
    Magento's, since it has not left yet."""
    if not recipient:
        return False
    if asynchronous_sending():
        queue_email(document)
        return False
    order_id = document.pk if isinstance(document, Order) else document.order_id
    transaction.on_commit(
        partial(_send_and_mark_notified, send, order_id),
        robust=True,  # a failed email is logged and leaves email_sent as it was; it never undoes the commit
    )
    return True


def _send_and_mark_notified(send: Callable[[], None], order_id: int) -> None:
    send()  # raises when the email cannot leave: nothing is marked then
    mark_history_notified(order_id)


def get_document[M: Model](queryset: QuerySet[M], pk: int, not_found: type[NotFoundError]) -> M:
    """A sales repository's get: id 0 is refused before looking (IdRequired), an unknown id is ``not_found``."""
    if not pk:
        raise IdRequired()
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise not_found() from None
