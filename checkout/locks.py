"""Every row lock of the checkout app.

The cart comes first in the global lock order (README "Lock order"): checkout locks it, then sales.placement locks
the products' source items (inventory.locks) to check and reserve the salable quantities.
"""

from __future__ import annotations

from .models import Quote


def lock_quote(quote_id: int) -> Quote | None:
    """Lock and read the cart with this id (None when there is none); the caller checks that it is active."""
    return Quote.objects.select_for_update().filter(pk=quote_id).first()
