"""Customer REST endpoints (Magento_Customer and Magento_Integration webapi.xml): reading, creating, saving and
deleting accounts, and customer tokens. The other account routes (passwords, confirmation...) are in accounts.py."""

from __future__ import annotations

from dataclasses import replace

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.exceptions import InputError
from backoffice.rest.permissions import grants
from backoffice.rest.routes import ANONYMOUS_ACL, SELF_ACL, ListView, RouteView, parse
from backoffice.rest.serializers import MagentoInputSerializer, MagentoModelSerializer, to_snake_case
from backoffice.rest.types import type_mismatch

from ..customers import (
    CustomerAddressData,
    CustomerData,
    create_customer,
    create_customer_token,
    delete_customer,
    get_customer,
    save_customer,
)
from ..models import Customer, CustomerAddress

CUSTOMER_ACL = "Magento_Customer::customer"
MANAGE_ACL = "Magento_Customer::manage"
MANAGE_CUSTOMERS_PERMISSION = "customers.add_customer"  # Magento_Customer::manage


class CustomerAddressSerializer(MagentoModelSerializer):
    """Magento\\Customer\\Api\\Data\\AddressInterface."""

    customer_id = serializers.IntegerField()
    region = serializers.SerializerMethodField()
    street = serializers.SerializerMethodField()
    default_shipping = serializers.SerializerMethodField()
    default_billing = serializers.SerializerMethodField()

    class Meta:
        model = CustomerAddress
        fields = [
            "id",
            "customer_id",
            "region",
            "region_id",
            "country_id",
            "street",
            "company",
            "telephone",
            "postcode",
            "city",
            "firstname",
            "lastname",
            "default_shipping",
            "default_billing",
        ]

    def get_region(self, address: CustomerAddress) -> dict:
        """RegionInterface: region_code, region, region_id (Magento prints region_id 0 when there is none)."""
        region = {"region_code": address.region_code, "region": address.region, "region_id": address.region_id or 0}
        return {key: value for key, value in region.items() if value is not None}

    def get_street(self, address: CustomerAddress) -> list[str]:
        return address.street.split("\n")

    def get_default_shipping(self, address: CustomerAddress) -> bool | None:
        return True if address.is_default_shipping else None  # Magento sets the flag only on the default one

    def get_default_billing(self, address: CustomerAddress) -> bool | None:
        return True if address.is_default_billing else None


class CustomerSerializer(MagentoModelSerializer):
    """Magento\\Customer\\Api\\Data\\CustomerInterface, in its getter order. The confirmation key is shown to
    admins only: with ``context={"self": True}`` (a customer's own account) it is left out."""

    default_billing = serializers.SerializerMethodField()
    default_shipping = serializers.SerializerMethodField()
    confirmation = serializers.SerializerMethodField()
    gender = serializers.IntegerField(read_only=True)  # the stored option id, whatever it is (Magento: getGender int)
    addresses = CustomerAddressSerializer(many=True)
    extension_attributes = serializers.SerializerMethodField()

    class Meta:
        model = Customer
        fields = [
            "id",
            "group_id",
            "default_billing",
            "default_shipping",
            "confirmation",
            "created_at",
            "updated_at",
            "created_in",
            "dob",
            "email",
            "firstname",
            "lastname",
            "middlename",
            "prefix",
            "suffix",
            "gender",
            "store_id",
            "taxvat",
            "website_id",
            "addresses",
            "disable_auto_group_change",
            "extension_attributes",
        ]

    def get_default_billing(self, customer: Customer) -> str | None:
        """The address id as a string: Magento's getter is declared ``string``."""
        return next((str(a.pk) for a in customer.addresses.all() if a.is_default_billing), None)

    def get_default_shipping(self, customer: Customer) -> str | None:
        return next((str(a.pk) for a in customer.addresses.all() if a.is_default_shipping), None)

    def get_confirmation(self, customer: Customer) -> str | None:
        return None if self.context.get("self") else customer.confirmation

    def get_extension_attributes(self, customer: Customer) -> dict:
        return {"is_subscribed": False}  # no newsletter here


class RegionInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Customer\\Api\\Data\\RegionInterface"
    model = CustomerAddress
    region_code = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=32)
    region = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=255)
    region_id = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    extension_attributes = serializers.DictField(required=False)


class CustomerAddressInputSerializer(MagentoInputSerializer):
    """AddressInterface as POST /V1/customers takes it (the fields this back-office keeps)."""

    interface = "Magento\\Customer\\Api\\Data\\AddressInterface"
    model = CustomerAddress
    id = serializers.IntegerField(required=False, allow_null=True)
    customer_id = serializers.IntegerField(required=False, allow_null=True)
    region = RegionInputSerializer(required=False, allow_null=True)
    region_id = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    country_id = serializers.CharField(required=False, allow_blank=True, default="", max_length=2)
    street = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False, default=list)
    company = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=255)
    telephone = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    postcode = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    city = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    firstname = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    lastname = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    default_shipping = serializers.BooleanField(required=False, default=False)
    default_billing = serializers.BooleanField(required=False, default=False)
    extension_attributes = serializers.DictField(required=False)
    custom_attributes = serializers.ListField(required=False)


# CustomerInterface::getDob is a date; clients send it alone or as a datetime (Magento keeps the date).
DOB_FORMATS = ["%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "iso-8601"]


class CustomerInputSerializer(MagentoInputSerializer):
    """CustomerInterface as POST /V1/customers takes it; created_in, dates and ids are the server's."""

    interface = "Magento\\Customer\\Api\\Data\\CustomerInterface"
    model = Customer
    id = serializers.IntegerField(required=False, allow_null=True)
    group_id = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    default_billing = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    default_shipping = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    created_at = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    updated_at = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    created_in = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    email = serializers.CharField(required=False, allow_blank=True, default="", max_length=254)
    firstname = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    lastname = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    store_id = serializers.IntegerField(required=False, default=1, min_value=0)
    website_id = serializers.IntegerField(required=False, default=1, min_value=0)
    addresses = CustomerAddressInputSerializer(many=True, required=False, default=list)
    disable_auto_group_change = serializers.IntegerField(required=False, default=0, min_value=0)
    confirmation = serializers.CharField(required=False, allow_null=True, allow_blank=True)  # the server's: ignored
    dob = serializers.DateField(required=False, allow_null=True, input_formats=DOB_FORMATS)
    gender = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    prefix = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=40)
    middlename = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=255)
    suffix = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=40)
    taxvat = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=50)
    extension_attributes = serializers.DictField(required=False)
    custom_attributes = serializers.ListField(required=False)


class CreateAccountInputSerializer(MagentoInputSerializer):
    """The body of POST /V1/customers (AccountManagementInterface::createAccount parameters)."""

    interface = "Magento\\Customer\\Api\\AccountManagementInterface"
    customer = CustomerInputSerializer()
    password = serializers.CharField(required=False, allow_null=True, allow_blank=True, trim_whitespace=False)
    redirect_url = serializers.CharField(required=False, allow_null=True, allow_blank=True)


def customer_address_data(data: dict) -> CustomerAddressData:
    region = data.get("region") or {}
    return CustomerAddressData(
        firstname=data["firstname"],
        lastname=data["lastname"],
        street=data["street"],
        city=data["city"],
        country_id=data["country_id"],
        telephone=data["telephone"],
        postcode=data["postcode"],
        region=region.get("region") or None,
        region_id=data.get("region_id") or region.get("region_id") or None,
        region_code=region.get("region_code") or None,
        company=data.get("company") or None,
        default_billing=data["default_billing"],
        default_shipping=data["default_shipping"],
        id=data.get("id") or None,
    )


class SaveCustomerInputSerializer(MagentoInputSerializer):
    """The body of PUT /V1/customers/{customerId} and /me (CustomerRepositoryInterface::save). Its other
    parameter, passwordHash, is not taken: hashes here are Django's, and passwords change through
    /V1/customers/me/password or a reset."""

    interface = "Magento\\Customer\\Api\\CustomerRepositoryInterface"
    customer = CustomerInputSerializer()


# The CustomerData fields a saved body may leave out (they keep their stored values), with the body keys.
OPTIONAL_FIELDS = (
    "email", "firstname", "lastname", "group_id", "store_id", "website_id", "dob", "gender", "prefix", "middlename",
    "suffix", "taxvat", "disable_auto_group_change",
)  # fmt: skip


def customer_data(body: dict, *, stored: Customer | None = None, sent: frozenset[str] = frozenset()) -> CustomerData:
    """The account a bound ``customer`` body describes. With ``stored``, the keys the body did not send (``sent``:
    snake_case) keep the stored account's values: Magento's UpdateCustomer plugin (etc/webapi_rest/di.xml) sets
    the body's fields onto the stored customer."""
    values = {name: body.get(name) for name in OPTIONAL_FIELDS}
    values["email"] = (values["email"] or "").strip()
    values["disable_auto_group_change"] = values["disable_auto_group_change"] or 0
    if stored is not None:
        values |= {name: getattr(stored, name) for name in OPTIONAL_FIELDS if name not in sent}
    return CustomerData(**values)


def sent_keys(data: object, parameter: str = "customer") -> frozenset[str]:
    """The snake_case keys of the data object a body sent under ``parameter`` (camelCase or snake_case)."""
    sent = data.get(parameter) if isinstance(data, dict) else None
    return frozenset(to_snake_case(key) for key in sent) if isinstance(sent, dict) else frozenset()


def address_book(body: dict, sent: frozenset[str]) -> list[CustomerAddressData] | None:
    """The body's addresses, or None when it sent none (the book stays)."""
    return [customer_address_data(address) for address in body["addresses"]] if "addresses" in sent else None


def default_pointer(body: dict, name: str, stored: Customer | None) -> int | None:
    """The customer's default_billing / default_shipping address id (a string in CustomerInterface)."""
    value = body.get(name) if name in body else None
    if value is None and stored is not None:
        value = next((a.pk for a in stored.addresses.all() if getattr(a, f"is_{name}")), None)
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class CustomerFilter(django_filters.FilterSet):
    """searchCriteria fields of GET /V1/customers/search."""

    id = django_filters.NumberFilter(field_name="pk")
    entity_id = django_filters.NumberFilter(field_name="pk")
    email = django_filters.CharFilter()
    firstname = django_filters.CharFilter()
    lastname = django_filters.CharFilter()
    # The group's own id, not the foreign key's: its lookups answer an out-of-range value with no rows.
    group_id = django_filters.NumberFilter(field_name="group__customer_group_id")
    store_id = django_filters.NumberFilter()
    website_id = django_filters.NumberFilter()
    created_at = django_filters.DateTimeFilter()
    updated_at = django_filters.DateTimeFilter()

    class Meta:
        model = Customer
        fields: list[str] = []


class CustomerCreateView(RouteView):
    """POST /V1/customers {"customer": {...}, "password": "..."}: answers the new customer."""

    acl_by_method = {"POST": ANONYMOUS_ACL}
    asks_who_calls = True  # createAccount keeps the group only for a caller allowed Magento_Customer::manage

    def post(self, request: Request, store_code: str) -> Response:
        data = parse(CreateAccountInputSerializer, request.data)
        body = data["customer"]
        customer = create_customer(
            replace(
                customer_data(body),
                # AccountManagement::createAccount drops the group unless the caller may manage customers.
                group_id=body["group_id"] if _may_manage_customers(request) else None,
                addresses=[customer_address_data(address) for address in body["addresses"]],
            ),
            password=data.get("password") or None,
        )
        # AccountManagementApi::createAccount answers without the confirmation key (it is the email's to carry).
        return Response(CustomerSerializer(customer, context={"self": True}).data)


def _may_manage_customers(request: Request) -> bool:
    """Magento_Customer::manage (AccountManagement::ADMIN_RESOURCE): an admin token allowed to add customers, or an
    integration given that resource."""
    return grants(request, "Magento_Customer::manage", MANAGE_CUSTOMERS_PERMISSION)


class CustomerDetailView(RouteView):
    """GET, PUT and DELETE /V1/customers/{customerId} (CustomerRepositoryInterface getById, save, deleteById)."""

    acl_by_method = {
        "GET": (CUSTOMER_ACL, "customers.view_customer"),
        "PUT": (MANAGE_ACL, "customers.change_customer"),
        "DELETE": ("Magento_Customer::delete", "customers.delete_customer"),
    }

    def get(self, request: Request, store_code: str, customer_id: int) -> Response:
        return Response(CustomerSerializer(get_customer(customer_id)).data)

    @extend_schema(request=SaveCustomerInputSerializer, responses={200: CustomerSerializer})
    def put(self, request: Request, store_code: str, customer_id: int) -> Response:
        """The body's customer set onto the stored one; the path's id wins over the body's."""
        body = parse(SaveCustomerInputSerializer, request.data)["customer"]
        stored, sent = get_customer(customer_id), sent_keys(request.data)
        customer = save_customer(
            customer_id,
            customer_data(body, stored=stored, sent=sent),
            addresses=address_book(body, sent),
            default_billing=default_pointer(body, "default_billing", stored),
            default_shipping=default_pointer(body, "default_shipping", stored),
        )
        return Response(CustomerSerializer(customer).data)

    @extend_schema(request=None, responses={200: OpenApiTypes.BOOL})
    def delete(self, request: Request, store_code: str, customer_id: int) -> Response:
        delete_customer(customer_id)
        return Response(True)


class CustomerSearchView(ListView):
    """GET /V1/customers/search?searchCriteria..."""

    acl_by_method = {"GET": (CUSTOMER_ACL, "customers.view_customer")}
    queryset = Customer.objects.prefetch_related("addresses")
    serializer_class = CustomerSerializer
    filterset_class = CustomerFilter


class CustomerMeView(RouteView):
    """GET and PUT /V1/customers/me: the customer of the token (getById, save with customer.id, group_id,
    website_id and store_id forced to the token's customer's, webapi.xml <data force="true">)."""

    acl_by_method = {"GET": SELF_ACL, "PUT": SELF_ACL}

    def get(self, request: Request, store_code: str) -> Response:
        return Response(CustomerSerializer(token_customer(request), context={"self": True}).data)

    @extend_schema(request=SaveCustomerInputSerializer, responses={200: CustomerSerializer})
    def put(self, request: Request, store_code: str) -> Response:
        """No customerId in the path, so no merge: the body's name and email are required; other fields it leaves
        out keep their values (Magento writes only the attributes a body sets)."""
        me = token_customer(request)
        body = parse(SaveCustomerInputSerializer, request.data)["customer"]
        sent = sent_keys(request.data) | {"email", "firstname", "lastname"}
        sent -= {"group_id", "website_id", "store_id"}
        customer = save_customer(
            me.pk,
            customer_data(body, stored=me, sent=sent),
            addresses=address_book(body, sent),
            default_billing=default_pointer(body, "default_billing", me),
            default_shipping=default_pointer(body, "default_shipping", me),
        )
        return Response(CustomerSerializer(customer, context={"self": True}).data)


class CustomerTokenView(RouteView):
    """POST /V1/integration/customer/token {"username", "password"}: the token as a bare JSON string."""

    acl_by_method = {"POST": ANONYMOUS_ACL}
    authentication_classes: list = []
    sign_in = True  # throttled: the schema lists Magento's 429

    def post(self, request: Request, store_code: str) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        username, password = _string(data.get("username")), _string(data.get("password"))
        return Response(create_customer_token(username, password, address=request.META.get("REMOTE_ADDR")))


def token_customer(request: Request, *, addresses: bool = True) -> Customer:
    """The customer a customer token belongs to (with the address book read, unless ``addresses`` is False: the
    cart routes need the customer only); a token of a deleted customer authorizes nothing."""
    customer = Customer.objects.filter(pk=getattr(request.auth, "customer_id", None))
    if addresses:
        customer = customer.prefetch_related("addresses")
    found = customer.first()
    if found is None:
        raise exceptions.NotAuthenticated()
    return found


def _string(value: object) -> str | None:
    """Bind a ``string`` parameter like Magento's TypeProcessor: scalars are cast, arrays refused."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, (dict, list)):
        raise InputError(type_mismatch("array", "string"))
    return str(value)
