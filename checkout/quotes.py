"""Carts (Magento_Quote): carts, their items, shipping rates and totals.

Every writer takes the cart's id, whoever the caller is (the customer's /mine cart, an admin's carts/{cartId},
a guest's masked id: checkout.api.resolvers turns each into the id), like Magento's services behind its
three route families.

Totals are collected on read from the catalog prices, like Magento's collectTotals: subtotal, the
cart price rule's discount, flat-rate shipping ($5 a physical unit, carrier "Flat Rate", method
"Fixed") or free shipping, tax 0, grand total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, QuerySet, Subquery

from backoffice.compiled import DECIMAL_MARK, ID_MARK, TEXT_MARK, CompiledQuery, columns_of, instance_of, rows_together
from backoffice.exceptions import InputError
from backoffice.money import CENT
from catalog.models import Product, ProductStatus
from customers.models import Customer
from inventory.exceptions import NoLinkedStock, NotEnoughItemsForSale, ProductNotFound
from inventory.salable import salable_quantity_of, with_salable_quantity
from inventory.stocks import channel_stock_id
from sales.carriers import CARRIERS, shipping_amount
from sales.models import ZERO
from sales.placement import check_cart_storable

from .exceptions import (
    CartHasNoProducts,
    CartItemNotFound,
    CartNotFound,
    CouponNotValid,
    CustomerCartNotFound,
    NoActiveCart,
    ProductNotAvailable,
)
from .locks import LOCK_QUOTE, lock_quote, locked_quote
from .models import CartPriceRule, Quote, QuoteAddress, QuoteItem

INVALID_FIELD_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'
DEFAULT_RULE_LABEL = "Discount"


@dataclass(frozen=True)
class ShippingRate:
    """Magento's ShippingMethodInterface for one carrier method."""

    carrier_code: str
    method_code: str
    carrier_title: str
    method_title: str
    amount: Decimal

    @property
    def code(self) -> str:
        return f"{self.carrier_code}_{self.method_code}"

    @property
    def description(self) -> str:
        return f"{self.carrier_title} - {self.method_title}"




@dataclass(frozen=True)
class TotalsLine:
    item: QuoteItem
    price: Decimal
    row_total: Decimal
    discount_amount: Decimal
    discount_percent: Decimal


@dataclass(frozen=True)
class CartTotals:
    lines: list[TotalsLine]
    subtotal: Decimal
    discount: Decimal  # positive; the wire shows it negated
    shipping: Decimal
    grand_total: Decimal
    items_qty: Decimal
    is_virtual: bool
    rule: CartPriceRule | None
    shipping_rate: ShippingRate | None


def get_active_cart(customer: Customer) -> Quote | None:
    return Quote.objects.filter(customer=customer, is_active=True).first()


def get_cart_for_customer(customer: Customer) -> Quote:
    """GET /V1/carts/mine (CartManagementInterface::getCartForCustomer)."""
    quote = get_active_cart(customer)
    if quote is None:
        raise CustomerCartNotFound(customer.pk)
    return quote


def get_mine_cart(customer: Customer) -> Quote:
    """The cart behind every other /V1/carts/mine/... route (Magento's %cart_id% parameter)."""
    quote = get_active_cart(customer)
    if quote is None:
        raise NoActiveCart()
    return quote


def get_mine_cart_id(customer_id: int | None) -> int | None:
    """``get_mine_cart(customer).pk`` from the customer's id, the customer and its cart read in one query: None when
    no customer has this id (the caller refuses the token), NoActiveCart when the customer has no active cart."""
    if customer_id is None:
        return None
    row = next(iter(_MINE_CART_ID.rows(customer_id)), None)
    if row is None:
        return None
    if row[0] is None:
        raise NoActiveCart()
    return row[0]


def _mine_cart_id(customer_id: int) -> QuerySet:
    active = Quote.objects.filter(customer=OuterRef("pk"), is_active=True).order_by("pk").values("pk")[:1]
    return Customer.objects.filter(pk=customer_id).order_by("pk").values_list(Subquery(active))[:1]


_MINE_CART_ID = CompiledQuery(_mine_cart_id, ID_MARK)


def get_active_cart_by_id(cart_id: int) -> Quote:
    """QuoteRepository::getActive: the active cart with this id, else Magento's "No such entity with cartId"."""
    quote = Quote.objects.filter(pk=cart_id, is_active=True).first()
    if quote is None:
        raise CartNotFound(cart_id)
    return quote


def lock_cart(cart_id: int) -> Quote:
    """Lock the active cart with this id; refuse when there is none (or it was just converted to an order)."""
    quote = lock_quote(cart_id)
    if quote is None or not quote.is_active:
        raise CartNotFound(cart_id)
    return quote


def create_cart(customer: Customer) -> Quote:
    """POST /V1/carts/mine: the customer's active cart, created when there is none (createEmptyCartForCustomer)."""
    quote = get_active_cart(customer)
    if quote is not None:
        return quote
    try:
        with transaction.atomic():
            return Quote.objects.create(customer=customer, store_id=customer.store_id)
    except IntegrityError:  # a concurrent request created it (one active cart per customer)
        return get_mine_cart(customer)


def add_cart_item(cart_id: int, sku: str | None, qty: Decimal) -> QuoteItem:
    """Add ``qty`` of ``sku`` to the cart (a SKU already in the cart gets the quantities added).

    The new quantity must be salable on the website's stock; otherwise Magento's "Not enough items
    for sale" and nothing is written. The cart's items are read once (with their products) and kept on the
    returned item's cart with the active cart price rules, so the caller's totals read them no more.
    """
    _check_qty(qty)
    with transaction.atomic():
        quote, product, lines = _lock_for_new_item(cart_id, sku)
        if product is None:
            raise ProductNotFound()
        item = next((line for line in lines if line.product_id == product.pk), None)
        new_qty = qty + (item.qty if item else ZERO)
        _check_salable(product, new_qty)
        _check_storable(lines, product, new_qty, asked=qty)
        if item is None:
            item = QuoteItem.objects.create(quote=quote, product=product, qty=new_qty)
            lines.append(item)
        else:
            item.qty = new_qty
            item.save(update_fields=["qty", "updated_at"])
        quote.save(update_fields=["updated_at"])
        keep_lines(quote, lines)
    return item


def _lock_for_new_item(cart_id: int, sku: str | None) -> tuple[Quote, Product | None, list[QuoteItem]]:
    """``lock_cart``, then the cart's lines, the active cart price rules (kept on the cart for ``collect_totals``)
    and the product for sale (``_product_for_sale``; None without a SKU), the statements sent together
    (backoffice.compiled.rows_together: one round trip on PostgreSQL where they took four)."""
    calls = [(LOCK_QUOTE, [cart_id]), (_CART_LINES, [cart_id]), (_ACTIVE_RULES, [])]
    if sku:
        calls.append((_FOR_SALE["sku"], [sku]))
    locked, lines, rules, *product = rows_together(*calls)
    quote = locked_quote(locked)
    if quote is None or not quote.is_active:
        raise CartNotFound(cart_id)
    quote.active_rules = [instance_of(CartPriceRule, row) for row in rules]
    return quote, _product_of(product[0]) if product else None, _lines_of(quote, lines)


def update_cart_item(cart_id: int, item_id: int, qty: Decimal) -> QuoteItem:
    """PUT .../items/{itemId}: set the item's quantity (checked against the salable quantity)."""
    _check_qty(qty)
    with transaction.atomic():
        quote = lock_cart(cart_id)
        lines = cart_lines(quote)
        item = next((line for line in lines if line.pk == item_id), None)
        if item is None:
            raise CartItemNotFound(parameters=[quote.pk, item_id])
        _check_salable(_product_for_sale(pk=item.product_id), qty)
        _check_storable(lines, item.product, qty, asked=qty)
        item.qty = qty
        item.save(update_fields=["qty", "updated_at"])
        quote.save(update_fields=["updated_at"])
        keep_lines(quote, lines)
    return item


def delete_cart_item(cart_id: int, item_id: int) -> None:
    with transaction.atomic():
        quote = lock_cart(cart_id)
        if not quote.items.filter(pk=item_id).delete()[0]:
            raise CartItemNotFound(parameters=[quote.pk, item_id])
        quote.save(update_fields=["updated_at"])


def cart_lines(quote: Quote) -> list[QuoteItem]:
    """The cart's items with their products: those a list prefetched (``items__product``) or ``lock_and_load_cart`` read,
    else one query."""
    if "items" in getattr(quote, "_prefetched_objects_cache", {}):
        return list(quote.items.all())
    return _read_lines(quote)


def _read_lines(quote: Quote) -> list[QuoteItem]:
    return _lines_of(quote, _CART_LINES.rows(quote.pk))


def _lines_of(quote: Quote, rows: list[tuple]) -> list[QuoteItem]:
    lines = []
    for row in rows:
        item = instance_of(QuoteItem, row)
        item.product = instance_of(Product, row, len(columns_of(QuoteItem)))
        item.quote = quote
        lines.append(item)
    return lines


# The cart's reads, compiled once (backoffice.compiled): building them with the ORM cost more than running them.
_CART_LINES = CompiledQuery(
    lambda quote_id: QuoteItem.objects.filter(quote_id=quote_id).order_by("item_id")
    .values_list(*columns_of(QuoteItem), *columns_of(Product, "product__")),
    ID_MARK,
)
_CART_ADDRESSES = CompiledQuery(
    lambda quote_id: QuoteAddress.objects.filter(quote_id=quote_id).order_by("address_id")
    .values_list(*columns_of(QuoteAddress)),
    ID_MARK,
)
_ACTIVE_RULES = CompiledQuery(
    lambda: CartPriceRule.objects.filter(is_active=True).values_list(*columns_of(CartPriceRule))
)


def lock_and_load_cart(cart_id: int) -> Quote:
    """Lock the active cart with this id (``lock_cart``) and read its items (with their products), its addresses
    and the active cart price rules once, and keep them on the cart: ``cart_lines``, ``collect_totals`` (with
    ``active_rules``) and the checkout steps then read no more (the cart is locked, and writers through
    ``keep_lines`` / ``cart_addresses`` keep the copies current). The four statements are sent together
    (backoffice.compiled.rows_together: one round trip on PostgreSQL, where they took four); the lock first, so the
    reads after it see the cart as the lock's last holder left it."""
    locked, lines, addresses, rules = rows_together(
        (LOCK_QUOTE, [cart_id]), (_CART_LINES, [cart_id]), (_CART_ADDRESSES, [cart_id]), (_ACTIVE_RULES, [])
    )
    quote = locked_quote(locked)
    if quote is None or not quote.is_active:
        raise CartNotFound(cart_id)
    quote.active_rules = [instance_of(CartPriceRule, row) for row in rules]
    return _loaded(quote, lines, addresses)


def _loaded(quote: Quote, lines: list[tuple], addresses: list[tuple]) -> Quote:
    keep_lines(quote, _lines_of(quote, lines))
    kept = [instance_of(QuoteAddress, row) for row in addresses]
    for address in kept:
        address.quote = quote
    _keep(quote, "addresses", kept)
    return quote


def keep_lines(quote: Quote, lines: list[QuoteItem]) -> None:
    """Remember ``lines`` (with their products) as the cart's items, as ``lock_and_load_cart`` would read them now."""
    _keep(quote, "items", lines)


def cart_addresses(quote: Quote) -> dict[str, QuoteAddress]:
    """The cart's addresses by type (those ``lock_and_load_cart`` read, else one query)."""
    return {address.address_type: address for address in quote.addresses.all()}


def keep_address(quote: Quote, address: QuoteAddress) -> None:
    """Add a new address to the addresses ``lock_and_load_cart`` read (nothing to do when it read none)."""
    cache = getattr(quote, "_prefetched_objects_cache", {})
    if "addresses" in cache:
        _keep(quote, "addresses", [*cache["addresses"], address])


def _keep(quote: Quote, name: str, rows: list) -> None:
    cache = quote.__dict__.setdefault("_prefetched_objects_cache", {})
    queryset = cache.get(name)
    if queryset is None:
        queryset = cache[name] = getattr(quote, name).get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True


def shipping_rates(quote: Quote) -> list[ShippingRate]:
    """The active carriers' rates for the cart's items; none for an empty or all-virtual cart."""
    items = cart_lines(quote)
    physical_qty = sum((item.qty for item in items if not item.product.is_virtual), ZERO)
    if not physical_qty:
        return []
    rates = []
    for code in settings.MAGENTO_CARRIERS:
        if code not in CARRIERS:
            continue
        carrier_title, method_code, method_title = CARRIERS[code]
        amount = shipping_amount(code, physical_qty)
        rates.append(ShippingRate(code, method_code, carrier_title, method_title, amount))
    return rates


def find_rate(quote: Quote, carrier_code: str | None, method_code: str | None) -> ShippingRate | None:
    return next(
        (
            rate
            for rate in shipping_rates(quote)
            if (rate.carrier_code, rate.method_code) == (carrier_code, method_code)
        ),
        None,
    )


def applicable_rule(subtotal: Decimal) -> CartPriceRule | None:
    """The first active cart price rule whose subtotal condition the cart meets."""
    if not subtotal:
        return None
    row = next(iter(_RULE.rows(subtotal)), None)
    return None if row is None else instance_of(CartPriceRule, row)


_RULE = CompiledQuery(
    lambda subtotal: CartPriceRule.objects.filter(is_active=True, min_subtotal__lte=subtotal)
    .values_list(*columns_of(CartPriceRule))[:1],
    DECIMAL_MARK,
)


def collect_totals(
    quote: Quote, *, rules: Sequence[CartPriceRule] | None = None, shipping_method: str | None = None
) -> CartTotals:
    """The cart's totals. ``rules``: the active cart price rules in their order, when a list has read them once
    (else those ``lock_and_load_cart`` kept on the cart, else one query); ``shipping_method`` ("carrier_method")
    stands in for the saved one, for the totals the cart would have with another method
    (TotalsInformationManagement::calculate), "" for none (the addresses are then not read)."""
    items = cart_lines(quote)
    prices = [(item, item.product.price.quantize(CENT, rounding=ROUND_HALF_UP)) for item in items]
    rows = [(item, price, (price * item.qty).quantize(CENT, rounding=ROUND_HALF_UP)) for item, price in prices]
    subtotal = sum((row for _, _, row in rows), ZERO)
    rules = getattr(quote, "active_rules", None) if rules is None else rules  # lock_and_load_cart's
    if rules is None:
        rule = applicable_rule(subtotal)
    else:
        rule = next((r for r in rules if r.min_subtotal <= subtotal), None) if subtotal else None
    percent = rule.discount_percent if rule else ZERO
    # The same rounding as sales.placement, so the order repeats these totals exactly.
    lines = [
        TotalsLine(item, price, row, (row * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP), percent)
        for item, price, row in rows
    ]
    discount = sum((line.discount_amount for line in lines), ZERO)
    is_virtual = bool(items) and all(item.product.is_virtual for item in items)
    rate = None
    if not is_virtual:
        if shipping_method is None:
            shipping_address = next(
                (a for a in quote.addresses.all() if a.address_type == QuoteAddress.Type.SHIPPING), None
            )
            shipping_method = shipping_address.shipping_method if shipping_address is not None else None
        if shipping_method:
            rate = next((r for r in shipping_rates(quote) if r.code == shipping_method), None)
    shipping = rate.amount if rate else ZERO
    return CartTotals(
        lines=lines,
        subtotal=subtotal,
        discount=discount,
        shipping=shipping,
        grand_total=subtotal - discount + shipping,
        items_qty=sum((item.qty for item in items), ZERO),
        is_virtual=is_virtual,
        rule=rule,
        shipping_rate=rate,
    )


def get_coupon_code(cart_id: int) -> str | None:
    """CouponManagement::get: the cart's coupon code. Cart price rules here have no coupons: always None."""
    get_active_cart_by_id(cart_id)
    return None


def apply_coupon(cart_id: int, coupon_code: str) -> None:
    """CouponManagement::set: no coupon code exists here, so every code is refused as Magento refuses an unknown
    one (after its empty-cart check); nothing is written."""
    quote = get_active_cart_by_id(cart_id)
    if not quote.items.exists():
        raise CartHasNoProducts(parameters=[quote.pk])
    raise CouponNotValid()


def remove_coupon(cart_id: int) -> None:
    """CouponManagement::remove: a cart with items and no coupon has nothing to remove, which succeeds."""
    quote = get_active_cart_by_id(cart_id)
    if not quote.items.exists():
        raise CartHasNoProducts(parameters=[quote.pk])


def rule_label(rule: CartPriceRule) -> str:
    return rule.store_label or DEFAULT_RULE_LABEL


def _check_qty(qty: object) -> None:
    """Magento's CartItemPersister: a positive number (whole, as every product here is not qty-decimal)."""
    if isinstance(qty, Decimal) and qty.is_finite() and qty > 0 and qty == qty.to_integral_value():
        return
    value = f"{qty.normalize():f}" if isinstance(qty, Decimal) and qty.is_finite() else str(qty or "")
    raise InputError(INVALID_FIELD_VALUE, parameters={"value": value, "fieldName": "qty"})


def _check_storable(lines: list[QuoteItem], product: Product, qty: Decimal, *, asked: Decimal) -> None:
    """Refuse a quantity that would make the cart's order overflow a column (a row total, the grand total with the
    most expensive active carrier, the total quantity, a weight): Magento's 400 on ``qty``, nothing written.
    ``lines``: the cart's items with their products."""
    quantities = {item.product_id: (item.product, item.qty) for item in lines}
    quantities[product.pk] = (product, qty)
    method = "flatrate_flatrate" if "flatrate" in settings.MAGENTO_CARRIERS else None
    check_cart_storable(list(quantities.values()), shipping_method=method, asked=asked)


def _product_for_sale(**lookup: object) -> Product | None:
    """The product (by ``sku`` or ``pk``), read with the website's stock and its salable quantity on it, in one query
    (for ``_check_salable``; the stock and the quantity were two more), compiled once (backoffice.compiled)."""
    ((name, value),) = lookup.items()
    return _product_of(_FOR_SALE[name].rows(value))


def _product_of(rows: list[tuple]) -> Product | None:
    if not rows:
        return None
    product = instance_of(Product, rows[0])
    product.salable_in_stock, product.salable_reserved, product.website_stock_id = rows[0][len(columns_of(Product)):]
    return product


def _for_sale(lookup: str, mark: object) -> CompiledQuery:
    def build(value: object) -> QuerySet:
        stock_id = channel_stock_id()
        products = with_salable_quantity(Product.objects.filter(**{lookup: value}), stock_id)
        return products.annotate(website_stock_id=stock_id).order_by("pk").values_list(
            *columns_of(Product), "salable_in_stock", "salable_reserved", "website_stock_id"
        )[:1]

    return CompiledQuery(build, mark)


_FOR_SALE = {"sku": _for_sale("sku", TEXT_MARK), "pk": _for_sale("pk", ID_MARK)}


def _check_salable(product: Product, qty: Decimal) -> None:
    """Magento's quote-item quantity check against MSI's salable quantity on the website's stock (read with the
    product by ``_product_for_sale``)."""
    if product.status != ProductStatus.ENABLED:
        raise ProductNotAvailable()
    if product.website_stock_id is None:
        raise NoLinkedStock()
    salable = salable_quantity_of(product)
    if salable <= 0:
        raise ProductNotAvailable()
    if salable < qty:
        raise NotEnoughItemsForSale()
