"""Order placement: Magento's OrderManagement::place with MSI's reservations (AppendReservationsAfterOrderPlacement)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.db import models, transaction

from backoffice.columns import fits_column
from backoffice.compiled import insert_rows
from backoffice.exceptions import InputError
from backoffice.money import CENT
from catalog.models import Product
from customers.customers import AddressValues
from customers.models import Customer
from inventory.exceptions import NotEnoughItemsForSale
from inventory.models import SalesChannel
from inventory.reservations import SalesEvent, append_reservations_if_salable
from inventory.stocks import BASE_WEBSITE, resolve_stock_id

from .carriers import SHIPPING_METHODS, shipping_amount
from .email_sending import due_email_fields, send_when_committed
from .exceptions import PaymentMethodNotAvailable, ShippingMethodNotAvailable
from .increment_ids import insert_with_increment_id
from .models import ZERO, Order, OrderAddress, OrderItem, OrderPayment, OrderStatusHistory

WEBSITE_CHANNEL = (SalesChannel.Type.WEBSITE, BASE_WEBSITE)  # the sales channel orders are placed on
INVALID_FIELD_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'


@dataclass(frozen=True)
class OrderLine:
    sku: str
    qty: Decimal
    quote_item_id: int | None = None  # the cart line it comes from (checkout)


@dataclass(frozen=True, kw_only=True)
class OrderAddressValues(AddressValues):
    """What the cart's and the order's addresses carry beyond the customer's (Magento_Quote's AddressInterface and
    Magento_Sales's OrderAddressInterface: ``email``, ``customer_address_id``): the base of ``AddressData`` and of
    checkout's ``AddressInput``."""

    email: str | None = None
    customer_address_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class AddressData(OrderAddressValues):
    """An order address to place: what an order address requires has no default here."""

    firstname: str
    lastname: str
    street: Sequence[str]
    city: str
    postcode: str
    country_id: str
    telephone: str


@dataclass(frozen=True)
class PlaceOrderRequest:
    lines: Sequence[OrderLine]
    billing_address: AddressData
    payment_method: str
    customer_email: str
    customer: Customer | None = None
    shipping_address: AddressData | None = None
    shipping_method: str | None = "flatrate_flatrate"
    discount_percent: Decimal = ZERO
    discount_description: str | None = None
    applied_rule_ids: str | None = None
    quote_id: int | None = None
    products: Mapping[str, Product] | None = None  # the lines' products by SKU, when the caller has read them


def place_order(request: PlaceOrderRequest) -> Order:
    """Create the order (state new, status pending) and reserve its quantities on the website's stock, in its own
    transaction (a savepoint when the caller has one open): ``place_order_in_transaction``."""
    with transaction.atomic():
        return place_order_in_transaction(request)


def place_order_in_transaction(request: PlaceOrderRequest) -> Order:
    """``place_order`` inside the caller's transaction, which must be open (checkout's, with the cart locked): no
    savepoint of its own, so a refusal must roll the caller's transaction back (the exception does, leaving its
    ``atomic``). Two round trips fewer than ``place_order`` nested in it (SAVEPOINT and RELEASE).

    Refuses with Magento's "Not enough items for sale" when a SKU's salable quantity is short; then
    nothing is written. The order and its rows are written first; then the source items of the SKUs are locked,
    the salable quantities checked and the reservations appended, and the caller commits: two checkouts of the
    last units cannot both pass the check, and the lock a flash sale queues on covers only these few statements
    (a refused order leaves a gap in the entity ids, as a rolled-back insert does in any sequence).
    """
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("place_order_in_transaction needs the caller's transaction")
    if request.payment_method not in OrderPayment.Method.values:
        raise PaymentMethodNotAvailable()
    products = request.products
    if products is None:
        products = {p.sku: p for p in Product.objects.filter(sku__in=[line.sku for line in request.lines])}
    wanted: dict[str, Decimal] = defaultdict(Decimal)
    for line in request.lines:
        if line.sku not in products or line.qty <= 0:
            raise NotEnoughItemsForSale()
        wanted[line.sku] += line.qty
    is_virtual = all(products[line.sku].is_virtual for line in request.lines)
    if not is_virtual and request.shipping_method not in SHIPPING_METHODS:
        carrier, _, method = (request.shipping_method or "_").partition("_")
        raise ShippingMethodNotAvailable(parameters=[carrier, method])
    # The order email is due from the insert on (sales/email_sending.py: queue_email without its UPDATE).
    order = Order(**_order_fields(request, products, is_virtual), **due_email_fields())
    items = [_order_item(products[line.sku], line.qty, request.discount_percent) for line in request.lines]
    _apply_totals(order, items)
    check_storable(order, items, asked=request.lines[-1].qty if request.lines else ZERO)

    insert_with_increment_id(order)
    for item, line in zip(items, request.lines, strict=True):
        item.order, item.quote_item_id = order, line.quote_item_id
    payment = OrderPayment(
        parent=order,
        method=request.payment_method,
        amount_ordered=order.grand_total,
        base_amount_ordered=order.base_grand_total,
        shipping_amount=order.shipping_amount,
        base_shipping_amount=order.base_shipping_amount,
        additional_information=[OrderPayment.Method(request.payment_method).label],
    )
    history = OrderStatusHistory(parent=order, status=order.status, is_visible_on_front=0)  # sales.orders's, no comment
    insert_rows(items, _order_addresses(order, request, is_virtual), [payment], [history])
    send_when_committed(order)  # leaves on commit, or from the sending job (sales/email_sending.py)

    # The critical section: from the stock lock to the caller's commit, as few statements as the proof needs: the
    # lock, then the reservations appended only if every SKU's salable quantity covers its order, in one round trip.
    event = SalesEvent(type="order_placed", object_id=str(order.pk), object_increment_id=order.increment_id)
    if not append_reservations_if_salable(WEBSITE_CHANNEL, list(wanted.items()), event):
        resolve_stock_id()  # NoLinkedStock when the website has no stock
        raise NotEnoughItemsForSale()
    return order


def _order_fields(request: PlaceOrderRequest, products: dict[str, Product], is_virtual: bool) -> dict:
    customer = request.customer
    return {
        "customer": customer,
        "customer_email": request.customer_email,
        "customer_firstname": customer.firstname if customer else request.billing_address.firstname,
        "customer_lastname": customer.lastname if customer else request.billing_address.lastname,
        "customer_group_id": customer.group_id if customer else 0,
        "customer_is_guest": 0 if customer else 1,
        "quote_id": request.quote_id,
        "is_virtual": int(is_virtual),
        "shipping_method": None if is_virtual else request.shipping_method,
        "shipping_description": None if is_virtual else SHIPPING_METHODS[request.shipping_method],
        "discount_description": request.discount_description,
        "applied_rule_ids": request.applied_rule_ids,
    }


def check_storable(order: Order, items: Sequence[OrderItem], *, asked: Decimal) -> None:
    """Refuse, with Magento's 400 on the quantity asked for, an order whose amounts, quantities or weights would not
    fit their columns: price x qty, and the sum of the lines, can exceed decimal(20,4) though each price fits the
    catalog's decimal(20,6). Every decimal column of the order and its items is checked, whatever its name."""
    for row in (*items, order):
        for field in _decimal_fields(type(row)):
            if not fits_column(field, getattr(row, field.attname)):
                raise InputError(
                    INVALID_FIELD_VALUE, parameters={"value": f"{asked.normalize():f}", "fieldName": "qty"}
                )


@cache
def _decimal_fields(model: type[models.Model]) -> tuple[models.DecimalField, ...]:
    return tuple(field for field in model._meta.concrete_fields if isinstance(field, models.DecimalField))


def check_cart_storable(
    lines: Sequence[tuple[Product, Decimal]], *, shipping_method: str | None, asked: Decimal
) -> None:
    """The same check for a cart about to hold ``lines``: the order it would become, before any discount (which
    only lowers the totals) and with ``shipping_method``, the most expensive one the cart can choose."""
    items = [_order_item(product, qty, ZERO) for product, qty in lines]
    order = Order(shipping_method=None if all(item.is_virtual for item in items) else shipping_method)
    _apply_totals(order, items)
    check_storable(order, items, asked=asked)


def _order_item(product: Product, qty: Decimal, discount_percent: Decimal) -> OrderItem:
    price = product.price.quantize(CENT, rounding=ROUND_HALF_UP)
    row_total = (price * qty).quantize(CENT, rounding=ROUND_HALF_UP)
    discount = (row_total * discount_percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    weight = product.weight
    return OrderItem(
        product_id=product.pk,
        product_type=product.type_id,
        sku=product.sku,
        name=product.name,
        is_virtual=int(product.is_virtual),
        weight=weight,
        row_weight=weight * qty if weight is not None else None,
        qty_ordered=qty,
        price=price,
        base_price=price,
        original_price=product.price,
        base_original_price=product.price,
        price_incl_tax=price,
        base_price_incl_tax=price,
        row_total=row_total,
        base_row_total=row_total,
        row_total_incl_tax=row_total,
        base_row_total_incl_tax=row_total,
        discount_percent=discount_percent,
        discount_amount=discount,
        base_discount_amount=discount,
    )


def _apply_totals(order: Order, items: list[OrderItem]) -> None:
    """Subtotal, discount, flat-rate shipping ($5 a physical unit, Luma's default), tax 0, grand total."""
    subtotal = sum((item.row_total for item in items), ZERO)
    discount = sum((item.discount_amount for item in items), ZERO)
    physical_qty = sum((item.qty_ordered for item in items if not item.is_virtual), ZERO)
    shipping = shipping_amount(order.shipping_method.split("_")[0], physical_qty) if order.shipping_method else ZERO
    grand_total = subtotal - discount + shipping
    for prefix in ("", "base_"):
        setattr(order, f"{prefix}subtotal", subtotal)
        setattr(order, f"{prefix}subtotal_incl_tax", subtotal)
        setattr(order, f"{prefix}discount_amount", -discount)
        setattr(order, f"{prefix}shipping_amount", shipping)
        setattr(order, f"{prefix}shipping_incl_tax", shipping)
        setattr(order, f"{prefix}grand_total", grand_total)
    order.total_qty_ordered = sum((item.qty_ordered for item in items), ZERO)
    order.total_item_count = len(items)
    weights = [item.row_weight for item in items if item.row_weight is not None]
    order.weight = sum(weights, ZERO) if weights else None


def _order_addresses(order: Order, request: PlaceOrderRequest, is_virtual: bool) -> list[OrderAddress]:
    pairs = (
        [(OrderAddress.Type.SHIPPING, request.shipping_address or request.billing_address)] if not is_virtual else []
    )
    pairs.append((OrderAddress.Type.BILLING, request.billing_address))
    return [
        OrderAddress(
            parent=order,
            address_type=address_type,
            customer_id=request.customer.pk if request.customer else None,
            customer_address_id=data.customer_address_id,
            firstname=data.firstname,
            lastname=data.lastname,
            company=data.company,
            street="\n".join(data.street),
            city=data.city,
            region=data.region,
            region_id=data.region_id,
            region_code=data.region_code,
            postcode=data.postcode,
            country_id=data.country_id,
            telephone=data.telephone,
            email=data.email or request.customer_email,
        )
        for address_type, data in pairs
    ]
