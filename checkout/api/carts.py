"""Cart and checkout routes (Magento_Quote and Magento_Checkout webapi.xml).

Each view is written once and mounted by ``checkout.api.urls.cart_routes`` for the callers Magento serves it to:
``carts/mine`` (the token customer's cart), ``carts/{cartId}`` (an admin's) and ``guest-carts/{cartId}`` (a
guest's masked id). The view asks its resolver (``checkout.api.resolvers``) for the cart id and calls the domain
with it; the mounted class carries the resolver's ACL, so the ACL is declared per route as in webapi.xml.
"""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.exceptions import InputError
from backoffice.rest.routes import SELF_ACL, RouteView, parse
from customers.api.customers import token_customer

from ..checkout import estimate_shipping_methods, place_order_from_cart, save_shipping_information
from ..models import Quote
from ..quotes import (
    INVALID_FIELD_VALUE,
    add_cart_item,
    collect_totals,
    create_cart,
    delete_cart_item,
    get_active_cart_by_id,
    get_cart_for_customer,
    update_cart_item,
)
from .resolvers import BY_ID, MINE, CartResolver
from .serializers import (
    CartItemSaveInputSerializer,
    CartItemSerializer,
    CartSerializer,
    EstimateInputSerializer,
    PaymentInformationInputSerializer,
    ShippingInformationInputSerializer,
    ShippingMethodSerializer,
    TotalsSerializer,
    address_input,
    item_body,
    payment_methods_body,
)


class CartRoute(RouteView):
    """A cart service route; ``resolver`` (set by cart_routes on the mounted subclass) says whose cart."""

    resolver: CartResolver = MINE

    def cart_id(self, request: Request, kwargs: dict) -> int:
        return self.resolver.cart_id(request, kwargs)

    def cart(self, request: Request, kwargs: dict) -> Quote:
        """The active cart, read (QuoteRepository::getActive)."""
        return get_active_cart_by_id(self.cart_id(request, kwargs))

    def shown_cart_id(self, kwargs: dict) -> str | None:
        """The id a guest knows its cart by (the masked id), shown instead of the cart id in its answers, as
        GuestCartItemRepository::getList shows it; None for the other callers."""
        return kwargs.get("masked_id")

    def item_cart_id(self, request: Request, kwargs: dict, quote_id: str | None) -> int:
        """The cart a cartItem is saved to: the path's. carts/mine forces cartItem.quote_id (webapi.xml
        ``force="true"``) and guest-carts overrides it with the path (Plugin/UpdateCartId); on carts/{cartId}
        Magento would save to whatever cart the body names, so a body naming another cart is refused here."""
        cart_id = self.cart_id(request, kwargs)
        if self.resolver is BY_ID and quote_id not in (None, "", str(cart_id)):
            raise InputError(INVALID_FIELD_VALUE, parameters={"value": quote_id, "fieldName": "quoteId"})
        return cart_id


class CartMineView(RouteView):
    """POST /V1/carts/mine → the cart id (an int); GET /V1/carts/mine → the cart."""

    acl_by_method = {"POST": SELF_ACL, "GET": SELF_ACL}

    def post(self, request: Request, store_code: str) -> Response:
        return Response(create_cart(token_customer(request, addresses=False)).pk)

    def get(self, request: Request, store_code: str) -> Response:
        return Response(CartSerializer(get_cart_for_customer(token_customer(request))).data)


class CartItemsView(CartRoute):
    """GET .../items → the items; POST {"cartItem": {"sku", "qty", "quote_id"}} → the saved item."""

    def get(self, request: Request, store_code: str, **kwargs: object) -> Response:
        totals = collect_totals(self.cart(request, kwargs))
        context = {"rule": totals.rule, "quote_id": self.shown_cart_id(kwargs)}
        return Response(CartItemSerializer(totals.lines, many=True, context=context).data)

    def post(self, request: Request, store_code: str, **kwargs: object) -> Response:
        cart_item = parse(CartItemSaveInputSerializer, request.data)["cart_item"]
        cart_id = self.item_cart_id(request, kwargs, cart_item.get("quote_id"))
        item = add_cart_item(cart_id, cart_item.get("sku"), cart_item.get("qty"))
        return Response(item_body(item, self.shown_cart_id(kwargs)))


class CartItemView(CartRoute):
    """PUT .../items/{itemId} {"cartItem": {"qty"}} → the item; DELETE → true."""

    def put(self, request: Request, store_code: str, item_id: int, **kwargs: object) -> Response:
        cart_item = parse(CartItemSaveInputSerializer, request.data)["cart_item"]
        cart_id = self.item_cart_id(request, kwargs, cart_item.get("quote_id"))
        item = update_cart_item(cart_id, item_id, cart_item.get("qty"))
        return Response(item_body(item, self.shown_cart_id(kwargs)))

    def delete(self, request: Request, store_code: str, item_id: int, **kwargs: object) -> Response:
        delete_cart_item(self.cart_id(request, kwargs), item_id)
        return Response(True)


class CartTotalsView(CartRoute):
    """GET .../totals"""

    def get(self, request: Request, store_code: str, **kwargs: object) -> Response:
        return Response(TotalsSerializer(collect_totals(self.cart(request, kwargs))).data)


class PaymentMethodsView(CartRoute):
    """GET .../payment-methods → [{"code", "title"}]"""

    def get(self, request: Request, store_code: str, **kwargs: object) -> Response:
        return Response(payment_methods_body(collect_totals(self.cart(request, kwargs))))


class EstimateShippingMethodsView(CartRoute):
    """POST .../estimate-shipping-methods {"address": {...}} → [ShippingMethod]"""

    def post(self, request: Request, store_code: str, **kwargs: object) -> Response:
        address = address_input(parse(EstimateInputSerializer, request.data)["address"])
        rates = estimate_shipping_methods(self.cart_id(request, kwargs), address)
        return Response(ShippingMethodSerializer(rates, many=True).data)


class ShippingInformationView(CartRoute):
    """POST .../shipping-information {"addressInformation": {...}} → {"payment_methods", "totals"}"""

    def post(self, request: Request, store_code: str, **kwargs: object) -> Response:
        info = parse(ShippingInformationInputSerializer, request.data)["address_information"]
        quote = save_shipping_information(
            self.cart_id(request, kwargs),
            shipping_address=address_input(info["shipping_address"]),
            billing_address=address_input(info["billing_address"]),
            carrier_code=info["shipping_carrier_code"] or None,
            method_code=info["shipping_method_code"] or None,
        )
        totals = collect_totals(quote)
        return Response({"payment_methods": payment_methods_body(totals), "totals": TotalsSerializer(totals).data})


class PaymentInformationView(CartRoute):
    """GET .../payment-information → {"payment_methods", "totals"} (PaymentInformationManagementInterface
    ::getPaymentInformation); POST {"paymentMethod": {"method"}, "billingAddress"?, "email"?} → the order id."""

    def get(self, request: Request, store_code: str, **kwargs: object) -> Response:
        totals = collect_totals(self.cart(request, kwargs))
        return Response({"payment_methods": payment_methods_body(totals), "totals": TotalsSerializer(totals).data})

    def post(self, request: Request, store_code: str, **kwargs: object) -> Response:
        data = parse(PaymentInformationInputSerializer, request.data)
        order = place_order_from_cart(
            self.cart_id(request, kwargs),
            payment_method=data["payment_method"].get("method") or None,
            billing_address=address_input(data["billing_address"]),
            email=data.get("email") or None,
        )
        return Response(order.pk)
