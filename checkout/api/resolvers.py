"""Whose cart a route works on: Magento serves each cart service under three route families.

- ``carts/mine/...``: the token customer's active cart (ACL ``self``; Magento's ParamOverriderCartId fills
  ``%cart_id%``), so one customer never reaches another's cart and an admin token is refused.
- ``carts/{cartId}/...``: any cart by its id, for an admin or integration (ACL ``Magento_Cart::manage``).
- ``guest-carts/{cartId}/...``: a guest's cart by its masked id (ACL ``anonymous``; Magento's Guest* services
  turn the 32-character mask into the cart id first, so the integer id is never accepted there).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rest_framework import exceptions
from rest_framework.request import Request

from backoffice.compiled import TEXT_MARK, CompiledQuery
from backoffice.rest.acl import ANONYMOUS, SELF

from ..exceptions import CartNotFound
from ..models import QuoteIdMask
from ..quotes import get_mine_cart_id

MANAGE_CARTS = "Magento_Cart::manage"
MANAGE_CARTS_PERMISSION = "checkout.change_quote"


@dataclass(frozen=True)
class CartResolver:
    name: str  # "mine", "id", "guest": the class-name suffix of the views mounted for it
    prefix: str  # the URL prefix, with the path parameter the resolver reads
    acl_resource: str
    permission_required: str | None
    cart_id: Callable[[Request, dict], int]


def _mine(request: Request, kwargs: dict) -> int:
    """The token customer's active cart, as ``get_mine_cart(token_customer(request))`` finds it, in one query: a token
    of a deleted customer authorizes nothing, a customer without an active cart has none."""
    cart_id = get_mine_cart_id(getattr(request.auth, "customer_id", None))
    if cart_id is None:
        raise exceptions.NotAuthenticated()
    return cart_id


def _by_id(request: Request, kwargs: dict) -> int:
    return kwargs["cart_id"]


def _guest(request: Request, kwargs: dict) -> int:
    """Magento's QuoteIdMask lookup: an unknown mask stands for no cart id, so the cart repository answers "No such
    entity with cartId = null" (GuestCartRepository::get → QuoteRepository::get(null))."""
    row = next(iter(_MASKED.rows(kwargs["masked_id"])), None)
    if row is None:
        raise CartNotFound(None)
    return row[0]


_MASKED = CompiledQuery(
    lambda masked_id: QuoteIdMask.objects.filter(masked_id=masked_id).order_by("pk").values_list("quote_id")[:1],
    TEXT_MARK,
)


MINE = CartResolver("Mine", "carts/mine", SELF, None, _mine)
BY_ID = CartResolver("ById", "carts/<id:cart_id>", MANAGE_CARTS, MANAGE_CARTS_PERMISSION, _by_id)
GUEST = CartResolver("Guest", "guest-carts/<str:masked_id>", ANONYMOUS, None, _guest)
RESOLVERS = {"mine": MINE, "id": BY_ID, "guest": GUEST}
