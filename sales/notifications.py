"""Customer emails. They run after commit (transaction.on_commit) and receive ids, not instances."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail

from .models import Creditmemo, Invoice, Order, Shipment

logger = logging.getLogger(__name__)


def send_order_email(*, order_id: int) -> None:
    order = Order.objects.get(pk=order_id)
    _send(
        order.customer_email,
        f"Your Main Website Store order confirmation #{order.increment_id}",
        f"Thank you for your order from Main Website Store.\n\nOrder #{order.increment_id}\n"
        f"Grand Total: {order.grand_total:.2f} {order.order_currency_code}\n",
    )
    Order.objects.filter(pk=order_id).update(email_sent=1)


def send_invoice_email(*, invoice_id: int, comment: str | None = None) -> None:
    """Magento's InvoiceSender; sets email_sent once the message went out."""
    _send_money_document(Invoice, "Invoice", invoice_id, comment)


def send_creditmemo_email(*, creditmemo_id: int, comment: str | None = None) -> None:
    """Magento's CreditmemoSender; sets email_sent once the message went out."""
    _send_money_document(Creditmemo, "Credit Memo", creditmemo_id, comment)


def _send_money_document(model: type[Invoice] | type[Creditmemo], title: str, pk: int, comment: str | None) -> None:
    """An invoice or a credit memo: its lines and grand total, then ``email_sent``."""
    document = model.objects.select_related("order").prefetch_related("items").get(pk=pk)
    order = document.order
    lines = [f"{item.qty.normalize():f} × {item.name} ({item.sku}): {item.row_total:.2f}" for item in document.items.all()]
    body = "\n".join(
        [
            "Thank you for your order from Main Website Store.",
            f"{title} #{document.increment_id} for Order #{order.increment_id}",
            "",
            *lines,
            "",
            f"Grand Total: {document.grand_total:.2f} {document.order_currency_code}",
            *([f"\n{comment}"] if comment else []),
        ]
    )
    subject = f"{title.capitalize()} for your Main Website Store order #{order.increment_id}"
    _send(order.customer_email, subject, body)
    model.objects.filter(pk=pk).update(email_sent=1)


def _send(to: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def send_shipment_email(*, shipment_id: int, comment: str | None = None) -> None:
    """Magento's ShipmentSender; sets email_sent once the message went out."""
    shipment = Shipment.objects.select_related("order").prefetch_related("items", "tracks").get(pk=shipment_id)
    order = shipment.order
    lines = [f"{item.qty.normalize():f} × {item.name} ({item.sku})" for item in shipment.items.all()]
    tracks = [f"{track.title}: {track.track_number}" for track in shipment.tracks.all()]
    body = "\n".join(
        [
            "Your Main Website Store order has shipped.",
            f"Shipment #{shipment.increment_id} for Order #{order.increment_id}",
            "",
            *lines,
            *(["", "Tracking:", *tracks] if tracks else []),
            *([f"\n{comment}"] if comment else []),
        ]
    )
    _send(order.customer_email, f"Your Main Website Store order #{order.increment_id} has shipped", body)
    Shipment.objects.filter(pk=shipment_id).update(email_sent=1)


def send_order_comment_email(*, order_id: int, comment: str) -> None:
    """Magento's OrderCommentSender (template order_update): the comment added to the order's history with
    "Notify Customer by Email". Sets no flag."""
    order = Order.objects.get(pk=order_id)
    body = "\n".join(
        [
            f"Your order #{order.increment_id} has been updated with a status of {order.get_status_display()}.",
            "",
            comment,
        ]
    )
    _send(order.customer_email, "Update to your Main Website Store order", body)


def send_invoice_comment_email(*, invoice_id: int, comment: str) -> None:
    """Magento's InvoiceCommentSender (template invoice_update): the comment added to an invoice. Sets no flag."""
    invoice = Invoice.objects.select_related("order").get(pk=invoice_id)
    order = invoice.order
    body = "\n".join(
        [
            f"Your order #{order.increment_id} has been updated with a status of {order.get_status_display()}.",
            f"Invoice #{invoice.increment_id}",
            "",
            comment,
        ]
    )
    _send(order.customer_email, "Update to your Main Website Store invoice", body)


def send_shipment_comment_email(*, shipment_id: int, comment: str) -> None:
    """Magento's ShipmentCommentSender (template shipment_update): the comment added to a shipment. Sets no flag."""
    shipment = Shipment.objects.select_related("order").get(pk=shipment_id)
    order = shipment.order
    body = "\n".join(
        [
            f"Your order #{order.increment_id} has been updated with a status of {order.get_status_display()}.",
            f"Shipment #{shipment.increment_id}",
            "",
            comment,
        ]
    )
    _send(order.customer_email, "Update to your Main Website Store shipment", body)
