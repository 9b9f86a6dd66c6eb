"""Row locks of the checkout app, in the one global lock order: the table in the README's "Layout" section.

Lock 1, the `Quote` (cart), before any other domain row: checkout locks it, then sales.placement locks the
products' source items (inventory.locks) to check and reserve the salable quantities.
"""

from __future__ import annotations

from .models import Quote


def lock_quote(quote_id: int) -> Quote | None:
    """Lock and read the cart with this id (None when there is none), with its customer in the same query (the
    customer's row is read, not locked); the caller checks that it is active."""
    return Quote.objects.select_related("customer").select_for_update(of=("self",)).filter(pk=quote_id).first()


def lock_quotes(quote_ids: list[int]) -> dict[int, Quote]:
    """Lock several carts, by id (one global order, so two requests locking the same carts cannot deadlock)."""
    return {quote.pk: quote for quote in Quote.objects.select_for_update().filter(pk__in=quote_ids).order_by("pk")}
