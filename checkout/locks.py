"""Row locks of the checkout app, in the one global lock order: the table in the README's "Layout" section.

Lock 1, the `Quote` (cart), before any other domain row: checkout locks it, then sales.placement locks the
products' source items (inventory.locks) to check and reserve the salable quantities.
"""

from __future__ import annotations

from backoffice.compiled import ID_MARK, CompiledQuery, columns_of, instance_of
from customers.models import Customer

from .models import Quote

_LOCK_QUOTE = CompiledQuery(
    lambda quote_id: Quote.objects.select_for_update(of=("self",)).filter(pk=quote_id).order_by()
    .values_list(*columns_of(Quote), *columns_of(Customer, "customer__")),
    ID_MARK,
)


def lock_quote(quote_id: int) -> Quote | None:
    """Lock and read the cart with this id (None when there is none), with its customer in the same query (the
    customer's row is read, not locked); the caller checks that it is active. A compiled query (backoffice.compiled):
    the ORM's select_related().select_for_update() took longer to build than the database to answer."""
    return locked_quote(_LOCK_QUOTE.rows(quote_id))


LOCK_QUOTE = _LOCK_QUOTE  # lock_quote's statement, for a caller sending it with others (backoffice.compiled)


def locked_quote(rows: list[tuple]) -> Quote | None:
    """The cart, with its customer, from LOCK_QUOTE's rows."""
    if not rows:
        return None
    quote = instance_of(Quote, rows[0])
    quote.customer = None if quote.customer_id is None else instance_of(Customer, rows[0], len(columns_of(Quote)))
    return quote


def lock_quotes(quote_ids: list[int]) -> dict[int, Quote]:
    """Lock several carts, by id (one global order, so two requests locking the same carts cannot deadlock)."""
    return {quote.pk: quote for quote in Quote.objects.select_for_update().filter(pk__in=quote_ids).order_by("pk")}
