"""A shipment through its repository: save, comments, label (Magento's ShipmentRepositoryInterface::save,
ShipmentCommentRepositoryInterface::save, ShipmentManagementInterface::getLabel).

Creating a shipment stays sales/shipping.py's ``ship_order``: whatever route creates one, the order's quantities,
its state, MSI's source deduction and the compensating reservations move together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.db import transaction

from .exceptions import CouldNotSaveShipmentComment, ShipmentNotFound, ShipmentNotSaved
from .locks import lock_order
from .models import Order, Shipment, ShipmentComment, ShipmentTrack
from .notifications import send_shipment_comment_email
from .orders import get_document
from .shipping import ShipmentLine, ship_order


@dataclass(frozen=True)
class ShipmentCommentData:
    """ShipmentCommentInterface as a client sends it (``parent_id`` is the shipment)."""

    comment: str | None
    is_customer_notified: bool = False
    is_visible_on_front: bool = False
    entity_id: int | None = None  # an existing comment: never rewritten


@dataclass(frozen=True)
class ShipmentTrackData:
    """ShipmentTrackInterface as a client sends it inside a shipment (``parent_id`` is set by the save)."""

    order_id: int | None
    track_number: str | None
    carrier_code: str | None
    title: str | None = None
    description: str | None = None
    weight: Decimal | None = None
    qty: Decimal | None = None
    entity_id: int | None = None  # an existing track: never rewritten


@dataclass(frozen=True)
class ShipmentItemData:
    """ShipmentItemInterface as a client sends it: only ``order_item_id`` and ``qty`` are read."""

    order_item_id: int | None
    qty: Decimal | None


def add_shipment_comment(parent_id: int | None, data: ShipmentCommentData) -> ShipmentComment:
    """Add a comment to a shipment (POST /V1/shipment/{id}/comments, ShipmentCommentRepositoryInterface::save).

    As ``Shipment\\CommentRepository::save``: every refusal is "Could not save the shipment comment." (it wraps
    ``Shipment\\Comment\\Validator``'s "Parent Shipment Id" and "Comment" required/empty errors and the
    database's refusal of an unknown shipment). Comments are append-only here: a body naming an existing comment
    (``entity_id``), which Magento would overwrite, is refused the same way. ``is_customer_notified`` emails the
    comment once the transaction commits (Magento's ShipmentCommentSender; a failed email is logged).
    """
    if data.entity_id or not parent_id or not data.comment:
        raise CouldNotSaveShipmentComment()
    with transaction.atomic():
        if not Shipment.objects.filter(pk=parent_id).exists():
            raise CouldNotSaveShipmentComment()
        return _create_comment(parent_id, data, notify=data.is_customer_notified)


def save_shipment(
    *,
    entity_id: int | None,
    order_id: int | None,
    items: Sequence[ShipmentItemData] | None,
    tracks: Sequence[ShipmentTrackData] = (),
    comments: Sequence[ShipmentCommentData] = (),
    source_code: str | None = None,
    packages: Sequence[dict] = (),
) -> Shipment:
    """POST /V1/shipment/ (ShipmentRepositoryInterface::save), made safe.

    Magento (``Order\\ShipmentRepository::save``, ``ResourceModel\\Order\\Shipment::_beforeSave``,
    ``Shipment\\Relation``, MSI's ``SourceDeductionProcessor`` observer) writes the body as it comes: a new
    sales_shipment row with its items, tracks and comments, and the source deduction of a new shipment, but no
    order quantities or state. Every failure is "The shipment couldn't be saved.": no items on a new shipment
    ("We cannot create an empty shipment."), an item or an order that is not there, a track without
    order_id, track_number or carrier_code, a comment without text. Here:

    - Without ``entity_id``: the order's items are shipped through ``ship_order``, as POST /V1/order/{id}/ship
      ships them (its quantity and state checks with Magento's ShipOrder messages, the source deduction and
      reservations, the order's state), from ``source_code`` (none: the source selection's one source). Totals,
      increment id and state in the body are the server's. The tracks and comments are written with it; no
      email leaves (a repository save sends none).
    - With ``entity_id`` (404 when unknown): the new tracks and comments (those without an ``entity_id``) are
      added; items, quantities, source and totals stay as shipped. Items sent as an empty list are Magento's
      empty-shipment refusal.

    Tracks and comments that name an ``entity_id`` exist already (a body copied from GET /V1/shipment/{id}):
    they are neither rewritten nor moved to this shipment, and not written twice.

    All or nothing, in one transaction; locks: the order, then (a new shipment) its items and source items.
    """
    if (not entity_id or items is not None) and not items:
        raise ShipmentNotSaved()
    tracks = [track for track in tracks if not track.entity_id]
    comments = [data for data in comments if not data.entity_id]
    for track in tracks:
        if not (track.order_id and track.track_number and track.carrier_code):
            raise ShipmentNotSaved()
    if any(not data.comment for data in comments):
        raise ShipmentNotSaved()
    with transaction.atomic():
        if entity_id:
            shipment = get_document(Shipment.objects.all(), entity_id, ShipmentNotFound)
            order_id = lock_order(shipment.order_id).pk
        if any(track.order_id != order_id for track in tracks):
            raise ShipmentNotSaved()  # a track of another order would not be this shipment's
        if not entity_id:
            lines = [ShipmentLine(item.order_item_id, item.qty) for item in items or ()]
            if not order_id or any(line.order_item_id is None or line.qty is None for line in lines):
                raise ShipmentNotSaved()
            if not Order.objects.filter(pk=order_id).exists():
                raise ShipmentNotSaved()
            shipment = ship_order(Order(pk=order_id), items=lines, source_code=source_code, packages=packages)
        ShipmentTrack.objects.bulk_create(
            ShipmentTrack(
                parent=shipment,
                order_id=shipment.order_id,
                track_number=track.track_number,
                carrier_code=track.carrier_code,
                title=track.title or "",
                description=track.description,
                weight=track.weight,
                qty=track.qty,
            )
            for track in tracks
        )
        for data in comments:
            _create_comment(shipment.pk, data, notify=False)
    return shipment


def get_shipment_label(shipment_id: int) -> str:
    """ShipmentService::getLabel: ``(string)`` the shipment's shipping_label. No carrier here prints labels, so
    none is ever stored: an existing shipment's label is the empty string; id 0 and unknown ids are refused as
    ShipmentRepository::get refuses them."""
    get_document(Shipment.objects.only("pk"), shipment_id, ShipmentNotFound)
    return ""


def _create_comment(shipment_id: int, data: ShipmentCommentData, *, notify: bool) -> ShipmentComment:
    comment = ShipmentComment.objects.create(
        parent_id=shipment_id,
        comment=data.comment,
        is_customer_notified=int(data.is_customer_notified),
        is_visible_on_front=int(data.is_visible_on_front),
    )
    if notify:
        transaction.on_commit(
            partial(send_shipment_comment_email, shipment_id=shipment_id, comment=data.comment or ""), robust=True
        )
    return comment
