"""Shipment creation: the Django twin of Magento's ShipOrderInterface (POST /V1/order/{id}/ship), with MSI's
source deduction (the shipped quantities leave the chosen source and the order's reservations are compensated)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from backoffice.phrases import phrase
from inventory.exceptions import NotEnoughQuantity, SourceItemNotFound
from inventory.models import Source, SourceItem
from inventory.reservations import SalesEvent
from inventory.source_deduction import deduct_source_items
from inventory.source_selection import ItemRequest, select_sources_by_priority
from inventory.stocks import resolve_stock_id

from .email_sending import queue_email
from .exceptions import (
    CANNOT_SHIP_IN_STATUS,
    INVALID_QTY_TO_SHIP,
    ORDER_DOES_NOT_ALLOW_SHIPMENT,
    SHIPMENT_ITEM_NOT_IN_ORDER,
    SHIPMENT_WITHOUT_PRODUCTS,
    NotEnoughAtSource,
    ShipmentDocumentValidationError,
    ShipmentNotFound,
    ShipmentTrackNotFound,
    SourceSelectionSplit,
)
from .increment_ids import insert_with_increment_id
from .locks import lock_order, lock_order_items
from .models import (
    NOT_SHIPPABLE_STATES,  # Magento's CanShip validator refuses these states (and virtual orders)
    ZERO,
    Order,
    OrderItem,
    Shipment,
    ShipmentComment,
    ShipmentItem,
    ShipmentTrack,
)
from .orders import refresh_order_state


@dataclass(frozen=True)
class ShipmentLine:
    """Magento's ShipmentItemCreationInterface."""

    order_item_id: int
    qty: Decimal


@dataclass(frozen=True)
class Track:
    """Magento's ShipmentTrackCreationInterface."""

    track_number: str
    title: str
    carrier_code: str


def ship_order(
    order: Order,
    *,
    items: Sequence[ShipmentLine] | None = None,
    source_code: str | None = None,
    notify: bool = False,
    append_comment: bool = False,
    comment: str | None = None,
    comment_visible_on_front: bool = False,
    tracks: Sequence[Track] = (),
    packages: Sequence[dict] = (),
) -> Shipment:
    """Ship ``items`` (all that is left when empty) from ``source_code`` and return the shipment.

    Stricter than Magento, which clamps: a quantity above what is left to ship is refused. Without a
    source code, the priority source selection algorithm picks the one source that holds everything.
    Locks the order, its items, then the source items (sales/locks.py).
    """
    with transaction.atomic():
        order = lock_order(order.pk, with_address_ids=True)
        order_items = lock_order_items(order)
        quantities = _quantities_to_ship(order, order_items, items)
        stock_id = resolve_stock_id()
        requests = [ItemRequest(item.sku, qty) for item, qty in quantities]
        source_code = source_code or _select_one_source(stock_id, requests)

        shipment = Shipment(
            order=order,
            store_id=order.store_id,
            customer_id=order.customer_id,
            billing_address_id=order.billing_address_id,  # read with the order's lock (lock_order)
            shipping_address_id=order.shipping_address_id,
            total_qty=sum((qty for _, qty in quantities), ZERO),
            total_weight=_total_weight(quantities),
            packages=list(packages),
            source_code=source_code,
        )
        insert_with_increment_id(shipment)
        ShipmentItem.objects.bulk_create(
            ShipmentItem(
                parent=shipment, order_item=item, product_id=item.product_id, sku=item.sku, name=item.name,
                price=item.price, weight=item.weight, qty=qty,
            )
            for item, qty in quantities
        )
        for item, qty in quantities:
            item.qty_shipped += qty
        OrderItem.objects.bulk_update([item for item, _ in quantities], ["qty_shipped"])
        ShipmentTrack.objects.bulk_create(
            ShipmentTrack(parent=shipment, order=order, track_number=t.track_number, title=t.title,
                          carrier_code=t.carrier_code)
            for t in tracks
        )
        if comment:
            ShipmentComment.objects.create(
                parent=shipment, comment=comment, is_customer_notified=int(notify),
                is_visible_on_front=int(comment_visible_on_front),
            )
        deduct_source_items(
            source_code,
            requests,
            stock_id=stock_id,
            event=SalesEvent(type="shipment_created", object_id=str(order.pk),
                             object_increment_id=order.increment_id or ""),
        )
        refresh_order_state(order, order_items, entity_name="shipment", comment=comment, is_customer_notified=notify)
        if notify:
            queue_email(shipment, comment=comment if append_comment else None)
    return shipment


def ship_order_from_sources(
    order: Order,
    lines_by_source: dict[str, Sequence[ShipmentLine]],
    *,
    notify: bool = False,
    comment: str | None = None,
) -> list[Shipment]:
    """One shipment per source (MSI's source selection split, shipped from the admin's New Shipment page), all or
    none: each goes through ship_order, in one transaction. A source short of an item is refused naming the item's
    SKU and the source's name (NotEnoughAtSource) rather than MSI's generic "Not all of your products..."."""
    shipments = []
    with transaction.atomic():
        for source_code, lines in lines_by_source.items():
            try:
                shipments.append(ship_order(order, items=lines, source_code=source_code, notify=notify,
                                            comment=comment))
            except (NotEnoughQuantity, SourceItemNotFound):
                raise _shortage(order, source_code, lines) from None
    return shipments


def _shortage(order: Order, source_code: str, lines: Sequence[ShipmentLine]) -> NotEnoughAtSource:
    """The first SKU the source cannot cover, as a NotEnoughAtSource naming it, the source, what the lines ask of it
    in all (several lines may name one item) and what the source holds."""
    skus = dict(OrderItem.objects.filter(order=order, pk__in=[line.order_item_id for line in lines])
                .values_list("pk", "sku"))
    held = dict(SourceItem.objects.filter(source_id=source_code, product_id__in=skus.values())
                .values_list("product_id", "quantity"))
    name = Source.objects.filter(pk=source_code).values_list("name", flat=True).first() or source_code
    wanted: dict[str, Decimal] = {}
    for line in lines:
        sku = skus.get(line.order_item_id, "")
        wanted[sku] = wanted.get(sku, ZERO) + line.qty
    sku = next((sku for sku, qty in wanted.items() if held.get(sku, ZERO) < qty), next(iter(wanted)))
    return NotEnoughAtSource(
        parameters=[sku, name, f"{wanted[sku].normalize():f}", f"{held.get(sku, ZERO).normalize():f}"]
    )


def _quantities_to_ship(
    order: Order, order_items: list[OrderItem], requested: Sequence[ShipmentLine] | None
) -> list[tuple[OrderItem, Decimal]]:
    """Magento's shipment QuantityValidator and CanShip validator, strict about quantities."""
    by_id = {item.pk: item for item in order_items}
    reasons = []
    if requested:
        asked: dict[int, Decimal] = {}
        for line in requested:
            if line.order_item_id not in by_id:
                reasons.append(phrase(SHIPMENT_ITEM_NOT_IN_ORDER, str(line.order_item_id)))
            else:
                asked[line.order_item_id] = asked.get(line.order_item_id, ZERO) + line.qty
        quantities = []
        for item_id, qty in asked.items():
            item = by_id[item_id]
            integral = item.is_qty_decimal or qty == qty.to_integral_value()
            if qty < 0 or qty > item.qty_to_ship or not integral:
                reasons.append(phrase(INVALID_QTY_TO_SHIP, item.name))
            elif qty > 0:
                quantities.append((item, qty))
    else:
        quantities = [(item, item.qty_to_ship) for item in order_items if item.qty_to_ship > 0]
    if not quantities:
        reasons.append(SHIPMENT_WITHOUT_PRODUCTS)
    if order.state in NOT_SHIPPABLE_STATES or order.is_virtual:
        reasons.append(phrase(CANNOT_SHIP_IN_STATUS, order.status))
    elif not any(item.qty_to_ship > 0 for item in order_items):
        reasons.append(ORDER_DOES_NOT_ALLOW_SHIPMENT)
    if reasons:
        raise ShipmentDocumentValidationError(reasons)
    return sorted(quantities, key=lambda pair: pair[0].pk)


def _select_one_source(stock_id: int, requests: list[ItemRequest]) -> str:
    """The priority algorithm's choice when it takes everything from one source; otherwise a clear refusal."""
    result = select_sources_by_priority(stock_id, requests)
    sources = list(dict.fromkeys(i.source_code for i in result.source_selection_items if i.qty_to_deduct > 0))
    if result.shippable and len(sources) == 1:
        return sources[0]
    if not result.shippable or not sources:
        raise NotEnoughQuantity()
    raise SourceSelectionSplit(parameters=[", ".join(sources)])


def _total_weight(quantities: list[tuple[OrderItem, Decimal]]) -> Decimal | None:
    weights = [item.weight * qty for item, qty in quantities if item.weight is not None]
    return sum(weights, ZERO) if weights else None


def add_track(shipment_id: int, track: Track, *, description: str | None = None) -> ShipmentTrack:
    """POST /V1/shipment/track: a tracking number on an existing shipment."""
    with transaction.atomic():
        shipment = Shipment.objects.filter(pk=shipment_id).first()
        if shipment is None:
            raise ShipmentNotFound()
        return ShipmentTrack.objects.create(
            parent=shipment, order_id=shipment.order_id, track_number=track.track_number, title=track.title,
            carrier_code=track.carrier_code, description=description,
        )


def delete_track(track_id: int) -> None:
    deleted, _ = ShipmentTrack.objects.filter(pk=track_id).delete()
    if not deleted:
        raise ShipmentTrackNotFound()
