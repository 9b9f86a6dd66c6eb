"""The cart services beyond items and checkout's first steps, for each caller Magento serves them to: billing address,
shipping methods, selected payment method, payment information without placing, totals for a given method, coupons
(Magento_Quote and Magento_Checkout webapi.xml; mounted by ``checkout.api.urls.cart_routes``).

A service answering null in Magento (no selected payment method, no coupon) answers ``[]``: Magento's
ServiceOutputProcessor::convertValue renders a null result as an empty array.
"""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import parse

from ..checkout import (
    assign_billing_address,
    calculate_totals,
    collect_cart_totals,
    estimate_by_address_id,
    list_shipping_methods,
    save_payment_information,
    set_payment_method,
)
from ..models import QuoteAddress
from ..quotes import apply_coupon, collect_totals, get_coupon_code, remove_coupon
from .carts import CartRoute
from .resolvers import GUEST
from .serializers import (
    BillingAddressInputSerializer,
    CollectTotalsInputSerializer,
    EstimateByAddressIdInputSerializer,
    GuestSetPaymentInformationInputSerializer,
    PaymentMethodInputSerializer,
    SetPaymentInformationInputSerializer,
    ShippingMethodSerializer,
    TotalsInformationInputSerializer,
    TotalsSerializer,
    address_input,
    billing_address_body,
)


class BillingAddressView(CartRoute):
    """GET .../billing-address → the address; POST {"address", "useForShipping"?} → its id
    (BillingAddressManagementInterface::get, ::assign)."""

    def get(self, request: Request, store_code: str, **kwargs: object) -> Response:
        quote = self.cart(request, kwargs)
        address = quote.addresses.filter(address_type=QuoteAddress.Type.BILLING).first()
        return Response(billing_address_body(quote, address))

    def post(self, request: Request, store_code: str, **kwargs: object) -> Response:
        data = parse(BillingAddressInputSerializer, request.data)
        address = assign_billing_address(
            self.cart_id(request, kwargs), address_input(data["address"]), use_for_shipping=data["use_for_shipping"]
        )
        return Response(address.pk)


class ShippingMethodsView(CartRoute):
    """GET .../shipping-methods → [ShippingMethod] (ShippingMethodManagementInterface::getList)."""

    def get(self, request: Request, store_code: str, **kwargs: object) -> Response:
        rates = list_shipping_methods(self.cart_id(request, kwargs))
        return Response(ShippingMethodSerializer(rates, many=True).data)


class EstimateByAddressIdView(CartRoute):
    """POST .../estimate-shipping-methods-by-address-id {"addressId"} → [ShippingMethod]
    (ShippingMethodManagementInterface::estimateByAddressId)."""

    def post(self, request: Request, store_code: str, **kwargs: object) -> Response:
        address_id = parse(EstimateByAddressIdInputSerializer, request.data)["address_id"]
        rates = estimate_by_address_id(self.cart_id(request, kwargs), address_id)
        return Response(ShippingMethodSerializer(rates, many=True).data)


class SelectedPaymentMethodView(CartRoute):
    """GET .../selected-payment-method → {"method"} or []; PUT {"method": {"method"}} → the payment's id, a string
    (PaymentMethodManagementInterface::get, ::set, whose return is declared string). A cart has one payment here,
    identified by the cart's id."""

    def get(self, request: Request, store_code: str, **kwargs: object) -> Response:
        method = self.cart(request, kwargs).payment_method
        return Response({"method": method} if method else [])

    def put(self, request: Request, store_code: str, **kwargs: object) -> Response:
        data = parse(PaymentMethodInputSerializer, request.data)
        quote = set_payment_method(self.cart_id(request, kwargs), data["method"].get("method"))
        return Response(str(quote.pk))


class SetPaymentInformationView(CartRoute):
    """POST .../set-payment-information {"paymentMethod", "billingAddress"?; a guest's "email"} → true, nothing
    placed (PaymentInformationManagementInterface / GuestPaymentInformationManagementInterface
    ::savePaymentInformation)."""

    def post(self, request: Request, store_code: str, **kwargs: object) -> Response:
        guest = self.resolver is GUEST
        input_class = GuestSetPaymentInformationInputSerializer if guest else SetPaymentInformationInputSerializer
        data = parse(input_class, request.data)
        save_payment_information(
            self.cart_id(request, kwargs),
            payment_method=data["payment_method"].get("method"),
            billing_address=address_input(data["billing_address"]),
            guest_email=data["email"] if guest else None,
        )
        return Response(True)


class CollectTotalsView(CartRoute):
    """PUT .../collect-totals {"paymentMethod", "shippingCarrierCode"?, "shippingMethodCode"?, "additionalData"?}
    → the totals (CartTotalManagementInterface::collectTotals)."""

    def put(self, request: Request, store_code: str, **kwargs: object) -> Response:
        data = parse(CollectTotalsInputSerializer, request.data)
        quote = collect_cart_totals(
            self.cart_id(request, kwargs),
            payment_method=data["payment_method"].get("method"),
            carrier_code=data["shipping_carrier_code"] or None,
            method_code=data["shipping_method_code"] or None,
        )
        return Response(TotalsSerializer(collect_totals(quote)).data)


class TotalsInformationView(CartRoute):
    """POST .../totals-information {"addressInformation": {"address", "shipping_carrier_code"?,
    "shipping_method_code"?}} → the totals with that method, nothing saved
    (TotalsInformationManagementInterface::calculate)."""

    def post(self, request: Request, store_code: str, **kwargs: object) -> Response:
        info = parse(TotalsInformationInputSerializer, request.data)["address_information"]
        totals = calculate_totals(
            self.cart_id(request, kwargs),
            carrier_code=info["shipping_carrier_code"] or None,
            method_code=info["shipping_method_code"] or None,
        )
        return Response(TotalsSerializer(totals).data)


class CouponsView(CartRoute):
    """GET .../coupons → the code, [] when none; DELETE → true (CouponManagementInterface::get, ::remove)."""

    def get(self, request: Request, store_code: str, **kwargs: object) -> Response:
        code = get_coupon_code(self.cart_id(request, kwargs))
        return Response(code if code is not None else [])

    def delete(self, request: Request, store_code: str, **kwargs: object) -> Response:
        remove_coupon(self.cart_id(request, kwargs))
        return Response(True)


class CouponView(CartRoute):
    """PUT .../coupons/{couponCode} → true (CouponManagementInterface::set); no code is valid here."""

    def put(self, request: Request, store_code: str, coupon_code: str, **kwargs: object) -> Response:
        apply_coupon(self.cart_id(request, kwargs), coupon_code)
        return Response(True)
