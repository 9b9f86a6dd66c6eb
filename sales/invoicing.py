"""Invoice creation: the Django twin of Magento's InvoiceOrderInterface (POST /V1/order/{id}/invoice)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models.options import Options

from backoffice.compiled import database, execute_bound, insert_statement, saved, update_statement
from backoffice.exceptions import DomainError
from backoffice.money import CENT
from backoffice.phrases import phrase
from catalog.models import ProductType
from inventory.reservations import SalesEvent
from inventory.source_deduction import deduct_by_source_selection
from inventory.source_selection import ItemRequest
from inventory.stocks import resolve_stock_id

from .email_sending import queue_email
from .exceptions import (
    CANNOT_INVOICE_IN_STATUS,
    INVOICE_WITHOUT_PRODUCTS,
    ITEMS_NOT_IN_ORDER,
    ORDER_DOES_NOT_ALLOW_INVOICE,
    InvalidInvoiceQty,
    InvoiceDocumentValidationError,
)
from .increment_ids import increment_id_insert, inserted
from .locks import Snapshot, order_and_items_unchanged, read_order_and_items
from .models import (
    NOT_INVOICEABLE_STATES,
    ZERO,
    Invoice,
    InvoiceComment,
    InvoiceItem,
    InvoiceState,
    Order,
    OrderItem,
    OrderPayment,
    OrderStatusHistory,
)
from .orders import resolve_order_state

# Product types whose quantities live in source items (MSI "source items support").
TYPES_WITH_SOURCE_ITEMS = frozenset({ProductType.SIMPLE, ProductType.VIRTUAL, ProductType.DOWNLOADABLE})
# What registering an invoice changes on the order items and the order (Invoice::register and pay).
ORDER_ITEM_INVOICED_FROM_LINE = {
    "qty_invoiced": "qty", "row_invoiced": "row_total", "base_row_invoiced": "base_row_total",
    "discount_invoiced": "discount_amount", "base_discount_invoiced": "base_discount_amount",
    "tax_invoiced": "tax_amount", "base_tax_invoiced": "base_tax_amount",
    "discount_tax_compensation_invoiced": "discount_tax_compensation_amount",
    "base_discount_tax_compensation_invoiced": "base_discount_tax_compensation_amount",
}
ORDER_INVOICED_FIELDS = [
    f"{prefix}{name}" for prefix in ("", "base_") for name in (
        "subtotal_invoiced", "discount_invoiced", "shipping_invoiced", "tax_invoiced",
        "discount_tax_compensation_invoiced", "total_invoiced", "total_paid",
    )
] + ["updated_at"]


@dataclass(frozen=True)
class InvoiceLine:
    """Magento's InvoiceItemCreationInterface."""

    order_item_id: int
    qty: Decimal


def invoice_order(
    order: Order,
    *,
    items: Sequence[InvoiceLine] | None = None,
    capture: bool = False,
    notify: bool = False,
    append_comment: bool = False,
    comment: str | None = None,
    comment_visible_on_front: bool = False,
) -> Invoice:
    """Create, register and pay an invoice for ``order``; return it.

    Without ``items`` every quantity not yet invoiced is invoiced. Offline payment methods (all this
    back-office offers) are captured offline, so the invoice is Paid whatever ``capture`` says, as in
    Magento's REST InvoiceOrder. Virtual and downloadable items leave their sources now; physical items
    wait for the shipment. Locks the order, then its items, then source items (sales/locks.py); on SQLite, whose
    one lock is the whole database's, the invoice is worked out before taking it and checked under it.
    """
    plan = None
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        # SQLite: one writer at a time, the whole database's lock taken at BEGIN. The invoice and its statements are
        # worked out from a read before it; under it, the same read must answer the same rows, or it is all worked
        # out again from that read (README "Layout"; the lock held 0.6-0.9 ms where it was 2.4). A refusal is
        # decided under the lock: the order and its items, read here one after the other, may be of two moments.
        try:
            plan = _plan(order.pk, items, comment, notify)
        except DomainError:
            plan = None
    with transaction.atomic():
        if plan is None or not order_and_items_unchanged(order.pk, plan.read, with_address_ids=True):
            plan = _plan(order.pk, items, comment, notify)
        plan.write()
        order, invoice = plan.order, plan.invoice
        if comment:
            InvoiceComment.objects.create(
                parent=invoice,
                comment=comment,
                is_customer_notified=int(notify),
                is_visible_on_front=int(comment_visible_on_front),
            )
        _deduct_virtual_items(order, plan.lines)

        if notify:
            # A failed email never undoes the committed invoice: it stays due (email_sent null) for the job.
            queue_email(invoice, comment=comment if append_comment else None)
    return invoice


@dataclass(frozen=True)
class _Plan:
    """An invoice worked out from the order and its items as read_order_and_items read them (``read``), with
    ``write``, which runs its statements."""

    order: Order
    read: Snapshot
    invoice: Invoice
    lines: list[InvoiceItem]
    write: Callable[[], None]


def _plan(order_id: int, items: Sequence[InvoiceLine] | None, comment: str | None, notify: bool) -> _Plan:
    """Read the order and its items (locked, in a transaction on PostgreSQL), check what is asked, and work out the
    invoice, its lines, the order's new totals and state, and the statements that write them."""
    order, order_items, read = read_order_and_items(order_id, with_address_ids=True)
    quantities = _quantities_to_invoice(order, order_items, items)
    invoice = _new_invoice(order)
    lines = _collect_totals(invoice, order, order_items, quantities)
    _register(order, invoice, lines)
    # refresh_order_state on the registered totals, the order and its status history row saved with the invoice
    order_fields, history = resolve_order_state(
        order, order_items, entity_name="invoice", comment=comment, is_customer_notified=notify,
        changed_fields=ORDER_INVOICED_FIELDS,
    )
    return _Plan(order, read, invoice, lines, _lines_and_totals_writer(order, order_fields, history, invoice, lines))


def _quantities_to_invoice(
    order: Order, order_items: list[OrderItem], requested: Sequence[InvoiceLine] | None
) -> list[tuple[OrderItem, Decimal]]:
    """Magento's InvoiceService::prepareInvoice, then its InvoiceQuantityValidator and CanInvoice validator."""
    by_id = {item.pk: item for item in order_items}
    reasons = []
    if requested:
        if any(line.order_item_id not in by_id for line in requested):
            reasons.append(ITEMS_NOT_IN_ORDER)
        asked: dict[int, Decimal] = {}
        for line in requested:
            if line.order_item_id in by_id:
                asked[line.order_item_id] = asked.get(line.order_item_id, ZERO) + line.qty
        for item_id, qty in asked.items():
            item = by_id[item_id]
            if qty < 0 or qty > item.qty_to_invoice or (not item.is_qty_decimal and qty != qty.to_integral_value()):
                raise InvalidInvoiceQty(parameters=[item.name])
        quantities = [(by_id[item_id], qty) for item_id, qty in asked.items() if qty > 0]
    else:
        quantities = [(item, item.qty_to_invoice) for item in order_items if item.qty_to_invoice > 0]
    if not quantities:
        reasons.append(INVOICE_WITHOUT_PRODUCTS)
    if order.state in NOT_INVOICEABLE_STATES:
        reasons.append(phrase(CANNOT_INVOICE_IN_STATUS, order.status))
    elif not order.can_invoice(order_items):
        reasons.append(ORDER_DOES_NOT_ALLOW_INVOICE)
    if reasons:
        raise InvoiceDocumentValidationError(reasons)
    return sorted(quantities, key=lambda pair: pair[0].pk)


def _new_invoice(order: Order) -> Invoice:
    return Invoice(
        order=order,
        state=InvoiceState.PAID,
        store_id=order.store_id,
        billing_address_id=order.billing_address_id,  # read with the order's lock (lock_order)
        shipping_address_id=order.shipping_address_id,
        **order.currency_fields(),
        can_void_flag=0,
    )


@dataclass
class _Rounder:
    """Magento's Invoice::roundPrice: round to cents, carrying each rounding's remainder per kind."""

    deltas: dict[str, Decimal] = field(default_factory=dict)

    def __call__(self, amount: Decimal, kind: str = "regular") -> Decimal:
        if not amount:
            return ZERO
        amount += self.deltas.get(kind, ZERO)
        rounded = amount.quantize(CENT, rounding=ROUND_HALF_UP)
        self.deltas[kind] = amount - rounded
        return rounded


def _collect_totals(
    invoice: Invoice, order: Order, order_items: list[OrderItem], quantities: list[tuple[OrderItem, Decimal]]
) -> list[InvoiceItem]:
    """Magento's invoice total collectors: subtotal, discount, shipping, tax, grand total (spec 9.1)."""
    rnd = _Rounder()
    lines = [_invoice_item(rnd, item, qty) for item, qty in quantities]
    invoiced_now = {item.pk: qty for item, qty in quantities}
    closes_order = all(item.qty_to_invoice == invoiced_now.get(item.pk, ZERO) for item in order_items)
    # Magento asks the order's earlier (not canceled) invoices whether one carried the shipping or a discount;
    # the order's running *_invoiced totals say the same without reading them.
    carries_shipping = not order.shipping_invoiced
    carries_shipping_discount = not order.discount_invoiced

    invoice.total_qty = sum((line.qty for line in lines), ZERO)
    for prefix in ("", "base_"):
        def total(name: str, prefix: str = prefix) -> Decimal:
            return sum((getattr(line, prefix + name) or ZERO for line in lines), ZERO)

        allowed = getattr(order, f"{prefix}subtotal") - (getattr(order, f"{prefix}subtotal_invoiced") or ZERO)
        subtotal = allowed if closes_order else min(total("row_total"), allowed)
        discount = total("discount_amount")
        if carries_shipping_discount:
            discount += getattr(order, f"{prefix}shipping_discount_amount")
        tax = total("tax_amount")
        shipping = ZERO
        if carries_shipping:
            shipping = getattr(order, f"{prefix}shipping_amount")
            tax += getattr(order, f"{prefix}shipping_tax_amount")
            setattr(invoice, f"{prefix}shipping_incl_tax", getattr(order, f"{prefix}shipping_incl_tax"))
            setattr(invoice, f"{prefix}shipping_tax_amount", getattr(order, f"{prefix}shipping_tax_amount"))
        compensation = total("discount_tax_compensation_amount")
        setattr(invoice, f"{prefix}subtotal", subtotal)
        setattr(invoice, f"{prefix}subtotal_incl_tax", total("row_total_incl_tax"))
        setattr(invoice, f"{prefix}discount_amount", -discount)
        setattr(invoice, f"{prefix}shipping_amount", shipping)
        setattr(invoice, f"{prefix}tax_amount", tax)
        setattr(invoice, f"{prefix}discount_tax_compensation_amount", compensation)
        setattr(invoice, f"{prefix}grand_total", subtotal - discount + shipping + tax + compensation)
    return lines


def _invoice_item(rnd: _Rounder, item: OrderItem, qty: Decimal) -> InvoiceItem:
    """Magento's Invoice\\Item::calcRowTotal and the per-item parts of the discount and tax collectors."""
    is_last = qty == item.qty_to_invoice
    open_qty = item.qty_ordered - item.qty_invoiced

    def share(ordered: Decimal, invoiced: Decimal, kind: str) -> Decimal:
        remaining = ordered - invoiced
        return remaining if is_last else rnd(remaining / open_qty * qty, kind)

    line = InvoiceItem(
        order_item=item,
        product_id=item.product_id,
        sku=item.sku,
        name=item.name,
        qty=qty,
        price=item.price,
        base_price=item.base_price,
        price_incl_tax=item.price_incl_tax,
        base_price_incl_tax=item.base_price_incl_tax,
        row_total=share(item.row_total, item.row_invoiced, "regular"),
        base_row_total=share(item.base_row_total, item.base_row_invoiced, "base"),
        row_total_incl_tax=rnd(item.row_total_incl_tax / item.qty_ordered * qty, "including"),
        base_row_total_incl_tax=rnd(item.base_row_total_incl_tax / item.qty_ordered * qty, "including_base"),
        tax_amount=share(item.tax_amount, item.tax_invoiced, "tax"),
        base_tax_amount=share(item.base_tax_amount, item.base_tax_invoiced, "base_tax"),
        discount_tax_compensation_amount=share(
            item.discount_tax_compensation_amount, item.discount_tax_compensation_invoiced, "compensation"
        ),
        base_discount_tax_compensation_amount=share(
            item.base_discount_tax_compensation_amount, item.base_discount_tax_compensation_invoiced, "base_compensation"
        ),
    )
    if item.discount_amount:
        line.discount_amount = share(item.discount_amount, item.discount_invoiced, "discount")
        line.base_discount_amount = share(item.base_discount_amount, item.base_discount_invoiced, "base_discount")
    return line


def _register(order: Order, invoice: Invoice, lines: list[InvoiceItem]) -> None:
    """Magento's Invoice::register and pay, in memory: the running totals on the locked order and its items (saved
    by _lines_and_totals_writer's statements)."""
    for line in lines:
        for item_field, line_field in ORDER_ITEM_INVOICED_FROM_LINE.items():
            total = getattr(line.order_item, item_field) + (getattr(line, line_field) or ZERO)
            setattr(line.order_item, item_field, total)
    for prefix in ("", "base_"):
        for order_field, invoice_field in (
            ("subtotal_invoiced", "subtotal"),
            ("discount_invoiced", "discount_amount"),
            ("shipping_invoiced", "shipping_amount"),
            ("tax_invoiced", "tax_amount"),
            ("discount_tax_compensation_invoiced", "discount_tax_compensation_amount"),
            ("total_invoiced", "grand_total"),
            ("total_paid", "grand_total"),
        ):
            total = (getattr(order, prefix + order_field) or ZERO) + getattr(invoice, prefix + invoice_field)
            setattr(order, prefix + order_field, total)


def _lines_and_totals_writer(
    order: Order, order_fields: list[str], history: OrderStatusHistory, invoice: Invoice, lines: list[InvoiceItem]
) -> Callable[[], None]:
    """What writes the invoice, its statements and their parameters prepared now (before SQLite's lock: _plan):
    insert the invoice with its increment id (sales/increment_ids.py) and its lines, add the lines to the order
    items' running totals in one UPDATE ... FROM them (the sums _register made in memory, written in one statement:
    a save per item, or bulk_update's CASE WHEN, cost far more to build and send), set the payment's totals, and save
    the order's ``order_fields`` with its status ``history`` row (backoffice.compiled's statements).
    Payment::pay adds each paid invoice's grand total and shipping to the payment as Invoice::pay and register add
    them to the order, so the payment's totals are the order's, set by an UPDATE of plain values. On PostgreSQL the
    six are one statement (a data-modifying WITH: the lines take the invoice's entity id from its INSERT's
    RETURNING, the lines' INSERT is the items' UPDATE's FROM, its RETURNING rows the only ones the UPDATE sees, and
    the payment's and the order's UPDATEs and the history's INSERT run once, read or not): one round trip where
    SQLite takes six."""
    qn = connection.ops.quote_name
    items, line_meta, payment_meta = OrderItem._meta, InvoiceItem._meta, OrderPayment._meta
    table = qn(items.db_table)

    def column(meta: Options, name: str) -> str:
        return qn(meta.get_field(name).column)

    assignments = ", ".join(
        f"{column(items, item_field)} = {table}.{column(items, item_field)} + COALESCE(line.{column(line_meta, line_field)}, 0)"
        for item_field, line_field in ORDER_ITEM_INVOICED_FROM_LINE.items()
    )
    joined = f"line.{column(line_meta, 'order_item')} = {table}.{qn(items.pk.column)}"
    paid = {
        "amount_paid": order.total_paid, "base_amount_paid": order.base_total_paid,
        "shipping_captured": order.shipping_invoiced, "base_shipping_captured": order.base_shipping_invoiced,
    }
    payment_sql = (
        f"UPDATE {qn(payment_meta.db_table)} SET {', '.join(f'{column(payment_meta, name)} = %s' for name in paid)} "
        f"WHERE {column(payment_meta, 'parent')} = %s"
    )
    db = database()
    payment_params = [
        *(payment_meta.get_field(name).get_db_prep_save(value, db) for name, value in paid.items()), order.pk
    ]
    # The lines' INSERT written out (the ORM's build of it, bulk_create's, cost more than its execution), each row's
    # parent the invoice's entity id (on PostgreSQL from its INSERT's RETURNING), the other values as save()
    # prepares them.
    fields = [f for f in line_meta.local_concrete_fields if f is not line_meta.pk and f.name != "parent"]
    parent = f"(SELECT {qn(Invoice._meta.pk.column)} FROM invoice)" if connection.vendor == "postgresql" else "%s"
    row = f"({parent}, {', '.join(['%s'] * len(fields))})"

    def insert(count: int) -> str:
        columns = ", ".join(qn(f.column) for f in fields)
        return f"INSERT INTO {qn(line_meta.db_table)} ({column(line_meta, 'parent')}, {columns}) VALUES {', '.join([row] * count)}"

    values = [[field.get_db_prep_save(field.pre_save(line, True), db) for field in fields] for line in lines]
    invoice_sql, invoice_params = increment_id_insert(invoice)
    order_sql, order_params = update_statement(order, order_fields)
    history_sql, history_params = insert_statement(history)

    if connection.vendor != "postgresql":
        batch = max(1, connection.features.max_query_params // (len(fields) + 1))  # SQLite's limit on parameters
        chunks = [values[start:start + batch] for start in range(0, len(values), batch)]
        line_inserts = [insert(len(chunk)) for chunk in chunks]
        items_sql = (f"UPDATE {table} SET {assignments} FROM {qn(line_meta.db_table)} AS line "
                     f"WHERE line.{column(line_meta, 'parent')} = %s AND {joined}")

        def write() -> None:
            with connection.cursor() as cursor:
                cursor.execute(invoice_sql, invoice_params)
                inserted(invoice, cursor.fetchone()[0])
                for sql, chunk in zip(line_inserts, chunks, strict=True):
                    cursor.execute(sql, [value for line_values in chunk for value in (invoice.pk, *line_values)])
                cursor.execute(items_sql, [invoice.pk])
                cursor.execute(payment_sql, payment_params)
                cursor.execute(order_sql, order_params)
                cursor.execute(history_sql, history_params)
                saved(history, cursor.fetchone()[0])

        return write

    sql = (f"WITH invoice AS ({invoice_sql}), line AS ({insert(len(lines))} RETURNING *), payment AS ({payment_sql}), "
           f"updated AS ({order_sql}), history AS ({history_sql}) "
           f"UPDATE {table} SET {assignments} FROM line WHERE {joined} "
           f"RETURNING line.{column(line_meta, 'parent')}, (SELECT * FROM history)")
    params = [*invoice_params, *(value for line_values in values for value in line_values), *payment_params,
              *order_params, *history_params]

    def write_in_one_statement() -> None:
        with connection.cursor() as cursor:
            execute_bound(cursor, sql, params)  # its 190 parameters (three lines) bound without psycopg's parse
            rows = cursor.fetchall()
        inserted(invoice, rows[0][0])
        saved(history, rows[0][1])

    return write_in_one_statement


def _deduct_virtual_items(order: Order, lines: list[InvoiceItem]) -> None:
    """Virtual and downloadable items leave their sources at invoice time (MSI's VirtualSourceDeductionProcessor)."""
    items = [
        ItemRequest(line.sku, line.qty)
        for line in lines
        if line.order_item.is_virtual and line.order_item.product_type in TYPES_WITH_SOURCE_ITEMS
    ]
    if items:
        deduct_by_source_selection(
            resolve_stock_id(),
            items,
            event=SalesEvent(
                type="invoice_created", object_id=str(order.pk), object_increment_id=order.increment_id or ""
            ),
        )
