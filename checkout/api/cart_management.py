"""The cart lifecycle routes (Magento_Quote etc/webapi.xml "Managing Cart", "Managing my Cart", "Managing guest
carts"): create, read, search, assign a customer, save, place the order.

ACLs as webapi.xml declares them: guest carts are ``anonymous``, except assigning one to a customer (``self``: the
customer takes the cart for themselves); ``carts/{cartId}``, ``carts/search``, ``carts/`` and
``customers/{customerId}/carts`` are ``Magento_Cart::manage``; ``carts/mine`` is ``self``.
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch, QuerySet
from django.urls import URLPattern, path
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import ANONYMOUS_ACL, SELF_ACL, ListView, RouteView, every_method, parse
from backoffice.rest.serializers import MagentoInputSerializer
from customers.api.customers import CustomerInputSerializer, token_customer

from ..checkout import place_order_for_cart
from ..models import CartPriceRule, Quote, QuoteItem
from ..quote_management import (
    NotYourCustomerId,
    assign_customer,
    create_cart_for_customer,
    create_empty_cart,
    create_guest_cart,
    get_cart,
    masked_id_of,
    save_customer_cart,
)
from ..quotes import get_mine_cart
from . import carts
from .carts import CartRoute
from .resolvers import GUEST, MANAGE_CARTS, MANAGE_CARTS_PERMISSION
from .serializers import CartItemInputSerializer, CartSerializer, PaymentInputSerializer, QuoteAddressInputSerializer


class AssignCustomerInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Quote\\Api\\CartManagementInterface"
    customer_id = serializers.IntegerField()
    store_id = serializers.IntegerField()


class PlaceOrderInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Quote\\Api\\CartManagementInterface"
    payment_method = PaymentInputSerializer(required=False, allow_null=True, default=None)


class CartInputSerializer(MagentoInputSerializer):
    """Magento\\Quote\\Api\\Data\\CartInterface as CartRepositoryInterface::save binds it (every key the interface
    has a setter for; ``id`` is forced to the customer's cart)."""

    interface = "Magento\\Quote\\Api\\Data\\CartInterface"
    model = Quote
    id = serializers.IntegerField(required=False, allow_null=True)
    created_at = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    updated_at = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    converted_at = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    is_active = serializers.BooleanField(required=False, allow_null=True)
    is_virtual = serializers.BooleanField(required=False, allow_null=True)
    items = CartItemInputSerializer(many=True, required=False)
    items_count = serializers.IntegerField(required=False, allow_null=True)
    items_qty = serializers.DecimalField(max_digits=12, decimal_places=4, required=False, allow_null=True)
    customer = CustomerInputSerializer(required=False, allow_null=True)
    billing_address = QuoteAddressInputSerializer(required=False, allow_null=True)
    reserved_order_id = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=64)
    orig_order_id = serializers.IntegerField(required=False, allow_null=True)
    currency = serializers.DictField(required=False, allow_null=True)
    customer_is_guest = serializers.BooleanField(required=False, allow_null=True)
    customer_note = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    customer_note_notify = serializers.BooleanField(required=False, allow_null=True)
    customer_tax_class_id = serializers.IntegerField(required=False, allow_null=True)
    store_id = serializers.IntegerField(required=False, allow_null=True)
    extension_attributes = serializers.DictField(required=False)


class CartSaveInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Quote\\Api\\CartRepositoryInterface"
    quote = CartInputSerializer(required=False, default=dict)  # never missing: webapi.xml forces quote.id


# --- guest carts ---------------------------------------------------------------------------------------------


class GuestCartsView(RouteView):
    """POST /V1/guest-carts → the new cart's masked id, a string (GuestCartManagementInterface::createEmptyCart)."""

    acl_by_method = {"POST": ANONYMOUS_ACL}

    def post(self, request: Request, store_code: str) -> Response:
        return Response(masked_id_of(create_guest_cart()))


class GuestCartView(RouteView):
    """GET /V1/guest-carts/{cartId} → the cart (GuestCartRepositoryInterface::get, any cart the mask stands for,
    ordered or not); PUT {"customerId", "storeId"} → true (GuestCartManagementInterface::assignCustomer, ``self``:
    the token's customer takes the guest cart)."""

    acl_by_method = {"GET": ANONYMOUS_ACL, "PUT": SELF_ACL}

    def get(self, request: Request, store_code: str, masked_id: str) -> Response:
        return Response(CartSerializer(get_cart(GUEST.cart_id(request, {"masked_id": masked_id}))).data)

    def put(self, request: Request, store_code: str, masked_id: str) -> Response:
        data = parse(AssignCustomerInputSerializer, request.data)
        if data["customer_id"] != token_customer(request).pk:  # GuestCartManagement\Plugin\Authorization
            raise NotYourCustomerId()
        assign_customer(GUEST.cart_id(request, {"masked_id": masked_id}), data["customer_id"], data["store_id"])
        return Response(True)


# --- carts by id (admin) -------------------------------------------------------------------------------------


class AdminCartView(RouteView):
    """A cart route for admins: every method needs Magento_Cart::manage."""

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.acl_by_method = every_method(cls, (MANAGE_CARTS, MANAGE_CARTS_PERMISSION))


class CartsView(AdminCartView):
    """POST /V1/carts/ → the new anonymous cart's id (CartManagementInterface::createEmptyCart)."""

    def post(self, request: Request, store_code: str) -> Response:
        return Response(create_empty_cart().pk)


class CustomerCartsView(AdminCartView):
    """POST /V1/customers/{customerId}/carts → the customer's active cart id, created when there is none
    (CartManagementInterface::createEmptyCartForCustomer)."""

    def post(self, request: Request, store_code: str, customer_id: int) -> Response:
        return Response(create_cart_for_customer(customer_id).pk)


class CartByIdView(AdminCartView):
    """GET /V1/carts/{cartId} → the cart, active or not (CartRepositoryInterface::get); PUT {"customerId",
    "storeId"} → true (CartManagementInterface::assignCustomer)."""

    def get(self, request: Request, store_code: str, cart_id: int) -> Response:
        return Response(CartSerializer(get_cart(cart_id)).data)

    def put(self, request: Request, store_code: str, cart_id: int) -> Response:
        data = parse(AssignCustomerInputSerializer, request.data)
        assign_customer(cart_id, data["customer_id"], data["store_id"])
        return Response(True)


class CartFilter(django_filters.FilterSet):
    """searchCriteria fields of GET /V1/carts/search: the quote table's columns this cart stores."""

    entity_id = django_filters.NumberFilter(field_name="pk")
    customer_id = django_filters.NumberFilter(field_name="customer__pk")
    store_id = django_filters.NumberFilter()
    is_active = django_filters.BooleanFilter()
    customer_is_guest = django_filters.BooleanFilter()
    reserved_order_id = django_filters.CharFilter()
    created_at = django_filters.DateTimeFilter()
    updated_at = django_filters.DateTimeFilter()

    class Meta:
        model = Quote
        fields: list[str] = []


class CartSearchView(ListView):
    """GET /V1/carts/search?searchCriteria... → CartSearchResultsInterface (items: CartInterface), one page."""

    acl_by_method = {"GET": (MANAGE_CARTS, MANAGE_CARTS_PERMISSION)}
    serializer_class = CartSerializer
    filterset_class = CartFilter

    def get_queryset(self) -> QuerySet[Quote]:
        return Quote.objects.select_related("customer").prefetch_related(
            Prefetch("items", QuoteItem.objects.select_related("product")), "addresses", "customer__addresses"
        )

    def get_serializer_context(self) -> dict:
        return super().get_serializer_context() | {"rules": list(CartPriceRule.objects.filter(is_active=True))}


# --- the customer's own cart, and the order of any cart --------------------------------------------------------


class CartMineView(carts.CartMineView):
    """POST and GET /V1/carts/mine (carts.CartMineView), and PUT: CartRepositoryInterface::save with ``quote.id``
    forced to the customer's active cart; Magento's void answers ``[]``."""

    acl_by_method = {"GET": SELF_ACL, "POST": SELF_ACL, "PUT": SELF_ACL}

    def put(self, request: Request, store_code: str) -> Response:
        customer = token_customer(request)
        cart_id = get_mine_cart(customer).pk  # ParamOverriderCartId, before the body is read
        data = parse(CartSaveInputSerializer, request.data)
        quote_customer = data["quote"].get("customer") or {}
        save_customer_cart(cart_id, customer, customer_id=quote_customer.get("id"))
        return Response([])


class CartOrderView(CartRoute):
    """PUT .../order {"paymentMethod"?: {"method"}} → the order id (CartManagementInterface::placeOrder, and
    GuestCartManagementInterface::placeOrder for a masked id)."""

    def put(self, request: Request, store_code: str, **kwargs: object) -> Response:
        payment = parse(PlaceOrderInputSerializer, request.data)["payment_method"]
        cart_id = self.cart_id(request, kwargs)
        if self.resolver is GUEST:
            get_cart(cart_id)  # GuestCartManagement::placeOrder reads the cart first (CartRepository::get)
        order = place_order_for_cart(cart_id, payment_method=(payment or {}).get("method") or None)
        return Response(order.pk)


def lifecycle_routes() -> list[URLPattern]:
    return [
        path("guest-carts", GuestCartsView.as_view()),
        path("guest-carts/<str:masked_id>", GuestCartView.as_view()),
        path("carts/mine", CartMineView.as_view()),
        path("carts", CartsView.as_view()),
        path("carts/search", CartSearchView.as_view()),
        path("carts/<id:cart_id>", CartByIdView.as_view()),
        path("customers/<id:customer_id>/carts", CustomerCartsView.as_view()),
    ]
