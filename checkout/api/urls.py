"""Cart and checkout routes, paths as in Magento_Quote and Magento_Checkout etc/webapi.xml (without /V1)."""

from __future__ import annotations

from django.urls import URLPattern, path

from backoffice.rest.routes import every_method

from . import cart_management, cart_services, carts
from .resolvers import RESOLVERS


def cart_routes(suffix: str, view: type[carts.CartRoute], callers: str = "mine id guest") -> list[URLPattern]:
    """Mount ``view`` at ``<prefix>/<suffix>`` for each caller Magento serves the route to ("mine", "id",
    "guest"): one subclass per caller, carrying its resolver and ACL (so the ACL is the route's, as webapi.xml
    declares it, and the URL-walking tests read it from the class)."""
    patterns = []
    for caller in callers.split():
        resolver = RESOLVERS[caller]
        name = view.__name__.removesuffix("View") + resolver.name + "View"
        attributes = {
            "resolver": resolver,
            "acl_by_method": every_method(view, (resolver.acl_resource, resolver.permission_required)),
            "__module__": view.__module__,
            "__qualname__": name,
            "__doc__": view.__doc__,
        }
        patterns.append(path(f"{resolver.prefix}/{suffix}", type(name, (view,), attributes).as_view()))
    return patterns


urlpatterns: list[URLPattern] = [
    *cart_management.lifecycle_routes(),  # carts/mine (GET, POST, PUT), guest-carts, carts/{cartId}, carts/search...
    *cart_routes("items", carts.CartItemsView),
    *cart_routes("items/<id:item_id>", carts.CartItemView),
    *cart_routes("totals", carts.CartTotalsView),
    *cart_routes("payment-methods", carts.PaymentMethodsView),
    *cart_routes("estimate-shipping-methods", carts.EstimateShippingMethodsView),
    *cart_routes("shipping-information", carts.ShippingInformationView),
    *cart_routes("payment-information", carts.PaymentInformationView, "mine guest"),
    *cart_routes("order", cart_management.CartOrderView),
    # The other cart services (cart_services.py), for the callers webapi.xml lists.
    *cart_routes("billing-address", cart_services.BillingAddressView),
    *cart_routes("shipping-methods", cart_services.ShippingMethodsView),
    *cart_routes("estimate-shipping-methods-by-address-id", cart_services.EstimateByAddressIdView, "mine id"),
    *cart_routes("selected-payment-method", cart_services.SelectedPaymentMethodView),
    *cart_routes("set-payment-information", cart_services.SetPaymentInformationView, "mine guest"),
    *cart_routes("collect-totals", cart_services.CollectTotalsView, "mine guest"),
    *cart_routes("totals-information", cart_services.TotalsInformationView),
    *cart_routes("coupons", cart_services.CouponsView),
    *cart_routes("coupons/<str:coupon_code>", cart_services.CouponView),
]
