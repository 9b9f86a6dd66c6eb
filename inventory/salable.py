"""Salable quantity, as MSI computes it (GetProductSalableQtyInterface).

salable(sku, stock) = Σ quantity of the SKU's in-stock source items at the stock's enabled sources
                      + Σ reservations of (sku, stock) − out-of-stock threshold (0),
and 0 when no such in-stock source item exists (the SKU is not salable on that stock).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, DecimalField, Expression, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from backoffice.money import QTY_PRECISION, ZERO
from catalog.models import Product

from .exceptions import ProductNotFound, ProductsNotFound
from .models import Reservation, SourceItem

OUT_OF_STOCK_THRESHOLD = ZERO  # Magento's default "Out-of-Stock Threshold" (min_qty)
# Magento's other stock configuration defaults (cataloginventory/item_options/*), which this back-office keeps.
MIN_SALE_QTY = Decimal("1")
MAX_SALE_QTY = Decimal("10000")


@dataclass(frozen=True)
class StockSalableQty:
    stock_id: int
    stock_name: str
    qty: Decimal


def get_salable_quantities(skus: Iterable[str], stock_id: int | None = None) -> dict[str, list[StockSalableQty]]:
    """Salable quantity per stock for each SKU, over the stocks its sources belong to; two queries in all.

    Reservations are summed on their (stock_id, sku, quantity) index: both columns are given.
    """
    skus = list(set(skus))
    links = SourceItem.objects.filter(product_id__in=skus)
    if stock_id is not None:
        links = links.filter(source__stock_links__stock_id=stock_id)
    in_stock = Q(status=SourceItem.Status.IN_STOCK, source__enabled=True)
    rows = list(
        links.values("product_id", "source__stock_links__stock_id", "source__stock_links__stock__name")
        .annotate(quantity=Sum("quantity", filter=in_stock), salable_items=Count("pk", filter=in_stock))
        .order_by("product_id", "source__stock_links__stock_id")
    )
    stock_ids = {row["source__stock_links__stock_id"] for row in rows} - {None}
    reserved = {
        (row["sku"], row["stock_id"]): row["total"]
        for row in Reservation.objects.filter(stock_id__in=stock_ids, sku__in=skus)
        .values("sku", "stock_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    } if stock_ids else {}
    result: dict[str, list[StockSalableQty]] = defaultdict(list)
    for row in rows:
        sku, row_stock_id = row["product_id"], row["source__stock_links__stock_id"]
        if row_stock_id is None:
            continue
        qty = ZERO
        if row["salable_items"]:
            qty = row["quantity"] + reserved.get((sku, row_stock_id), ZERO) - OUT_OF_STOCK_THRESHOLD
        result[sku].append(StockSalableQty(row_stock_id, row["source__stock_links__stock__name"], qty))
    return dict(result)


def get_salable_quantity(sku: str, stock_id: int) -> Decimal:
    """The salable quantity of one SKU on one stock; unknown SKUs are refused like Magento."""
    qty = _salable_quantity_or_none(sku, stock_id)
    if qty is None:
        raise ProductNotFound()
    return qty


def _salable_quantity_or_none(sku: str, stock_id: int) -> Decimal | None:
    """salable(sku, stock) in one query (``_salable_sums``), None for an unknown SKU.

    The statement is compiled once per database vendor (`_salable_statement`) and executed with the SKU and
    stock id: building it with the ORM on every call cost more than PostgreSQL's execution of it.
    """
    statement = _salable_statement(connection)
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.params(sku, stock_id))
        row = cursor.fetchone()
    if row is None:
        return None
    return _salable(*statement.convert(row, connection))


def with_salable_quantity(products: QuerySet[Product], stock_id: int | Expression) -> QuerySet[Product]:
    """``products`` read with their salable quantity on ``stock_id`` (an id, or an expression giving it, such as a
    sales channel's stock) in the same query: ``salable_quantity_of`` reads it from each product."""
    in_stock, reserved = _salable_sums(stock_id)
    return products.annotate(salable_in_stock=in_stock, salable_reserved=reserved)


def salable_quantity_of(product: Product) -> Decimal:
    """The salable quantity a product read by ``with_salable_quantity`` carries."""
    return _salable(product.salable_in_stock, product.salable_reserved)


# Stand-ins for the SKU and the stock id while the statement is compiled, found again in its parameters. The
# stock id must be a valid PositiveIntegerField value: the ORM compiles an out-of-range one to an empty set.
_SKU_MARK = "\x00salable-sku\x00"
_STOCK_MARK = 2_147_480_001


@dataclass(frozen=True)
class _Statement:
    sql: str
    slots: tuple[object, ...]  # the compiled parameters, with _SKU_MARK and _STOCK_MARK where the call's go
    converters: tuple[tuple[int, tuple[Callable, ...], object], ...]  # (column, the ORM's converters, expression)

    def params(self, sku: str, stock_id: int) -> list[object]:
        return [sku if slot == _SKU_MARK else stock_id if slot == _STOCK_MARK else slot for slot in self.slots]

    def convert(self, row: Sequence[object], connection: BaseDatabaseWrapper) -> list[object]:
        """The row's values as the ORM's values_list() answers them (its backend converters, e.g. SQLite's
        REAL to a Decimal)."""
        values = list(row)
        for position, converters, expression in self.converters:
            for converter in converters:
                values[position] = converter(values[position], expression, connection)
        return values


_STATEMENTS: dict[str, _Statement] = {}


def _salable_statement(connection: BaseDatabaseWrapper) -> _Statement:
    """The salable query compiled by the ORM once per vendor, with its parameters' places and converters."""
    statement = _STATEMENTS.get(connection.vendor)
    if statement is not None:
        return statement
    query = Product.objects.filter(sku=_SKU_MARK).order_by().values_list(*_salable_sums(_STOCK_MARK))[:1].query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    converters = compiler.get_converters([column[0] for column in compiler.select])
    statement = _Statement(
        sql, tuple(params),
        tuple((position, tuple(funcs), expression) for position, (funcs, expression) in converters.items()),
    )
    assert statement.slots.count(_SKU_MARK) == 1, statement.slots
    assert statement.slots.count(_STOCK_MARK) == 2, statement.slots
    _STATEMENTS[connection.vendor] = statement
    return statement


def _salable_sums(stock_id: int | Expression) -> tuple[Subquery, Coalesce]:
    """The product row's (unique SKU index) two correlated sums: its in-stock quantity at the stock's enabled sources
    (source items by SKU), and its reservations on the stock (an index-only range scan of
    reservation_stock_sku_qty). No in-stock source item makes the first sum NULL, hence 0 salable."""
    in_stock = (
        SourceItem.objects.filter(
            product_id=OuterRef("sku"), status=SourceItem.Status.IN_STOCK, source__enabled=True,
            source__stock_links__stock_id=stock_id,
        )
        .order_by()
        .values("product_id")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    reserved = (
        Reservation.objects.filter(stock_id=stock_id, sku=OuterRef("sku"))
        .order_by()
        .values("sku")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    return Subquery(in_stock), Coalesce(Subquery(reserved), ZERO, output_field=DecimalField())


def _salable(quantity: Decimal | None, reservations: Decimal) -> Decimal:
    return ZERO if quantity is None else quantity + reservations - OUT_OF_STOCK_THRESHOLD


def is_product_salable(sku: str, stock_id: int) -> bool:
    """IsProductSalableInterface: some quantity is left for sale on the stock (false for an unknown SKU)."""
    qty = _salable_quantity_or_none(sku, stock_id)
    return qty is not None and qty > ZERO


def are_products_salable(skus: Sequence[str], stock_id: int) -> list[tuple[str, bool]]:
    """AreProductsSalableInterface: (sku, salable) in request order; two queries for any number of SKUs."""
    salable = {sku: rows[0].qty > ZERO for sku, rows in get_salable_quantities(skus, stock_id=stock_id).items()}
    return [(sku, salable.get(sku, False)) for sku in skus]


@dataclass(frozen=True)
class ProductSalabilityError:
    code: str
    message: str


@dataclass(frozen=True)
class ProductSalableResult:
    errors: list[ProductSalabilityError]

    @property
    def salable(self) -> bool:
        return not self.errors


def is_product_salable_for_requested_qty(sku: str, stock_id: int, requested_qty: Decimal) -> ProductSalableResult:
    """IsProductSalableForRequestedQtyInterface with Magento's condition chain and error codes.

    Required conditions (quantity rules, some in-stock source item) must all pass; then the sufficient ones
    are tried in order (backorders, manage stock, salable quantity with reservations), and their errors are
    all reported when none passes. Backorders are off and stock is managed, as in Magento's defaults.
    """
    if not Product.objects.filter(sku=sku).exists():
        raise ProductsNotFound([sku])
    items = SourceItem.objects.filter(product_id=sku, source__stock_links__stock_id=stock_id)
    if not items.exists():
        return ProductSalableResult([_error("requested-sku-is-not-assigned-to-given-stock",
                                            f"The requested sku {sku} is not assigned to given stock.")])
    required = _quantity_errors(requested_qty)
    if not items.filter(status=SourceItem.Status.IN_STOCK, source__enabled=True).exists():
        required.append(_error("is_any_source_item_in_stock-no_source_items_in_stock",
                               "There are no source items with the in stock status"))
    if required:
        return ProductSalableResult(required)
    if get_salable_quantity(sku, stock_id).quantize(QTY_PRECISION) >= requested_qty.quantize(QTY_PRECISION):
        return ProductSalableResult([])
    return ProductSalableResult([
        _error("back_order-disabled", "Backorders are disabled"),
        _error("manage_stock-enabled", "Manage stock is enabled"),
        _error("is_salable_with_reservations-not_enough_qty", "Not enough items for sale"),
    ])


def _quantity_errors(requested_qty: Decimal) -> list[ProductSalabilityError]:
    """IsCorrectQtyCondition: the first failing rule only."""
    if requested_qty < MIN_SALE_QTY:
        return [_error("is_correct_qty-min_sale_qty", f"The fewest you may purchase is {MIN_SALE_QTY}.")]
    if requested_qty > MAX_SALE_QTY:
        return [_error("is_correct_qty-max_sale_qty",
                       "The requested qty exceeds the maximum qty allowed in shopping cart")]
    if requested_qty != requested_qty.to_integral_value():
        return [_error("is_correct_qty-is_qty_decimal", "You cannot use decimal quantity for this product.")]
    return []


def _error(code: str, message: str) -> ProductSalabilityError:
    return ProductSalabilityError(code, message)
