"""Customer REST endpoints (Magento_Customer and Magento_Integration webapi.xml): accounts and customer tokens."""

from __future__ import annotations

import django_filters
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backoffice.exceptions import InputError
from backoffice.rest.serializers import MagentoInputSerializer, MagentoModelSerializer

from ..customers import CustomerAddressData, CustomerData, create_customer, create_customer_token, get_customer
from ..models import Customer, CustomerAddress

CUSTOMER_ACL = "Magento_Customer::customer"
MANAGE_CUSTOMERS_PERMISSION = "customers.add_customer"  # Magento_Customer::manage
INVALID_TYPE = 'The "%1" value\'s type is invalid. The "%2" type was expected. Verify and try again.'


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
    """Magento\\Customer\\Api\\Data\\CustomerInterface, in its getter order."""

    default_billing = serializers.SerializerMethodField()
    default_shipping = serializers.SerializerMethodField()
    addresses = CustomerAddressSerializer(many=True)
    disable_auto_group_change = serializers.ReadOnlyField(default=0)
    extension_attributes = serializers.SerializerMethodField()

    class Meta:
        model = Customer
        fields = [
            "id",
            "group_id",
            "default_billing",
            "default_shipping",
            "created_at",
            "updated_at",
            "created_in",
            "email",
            "firstname",
            "lastname",
            "store_id",
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
    disable_auto_group_change = serializers.IntegerField(required=False)
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
    )


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


class CustomerCreateView(APIView):
    """POST /V1/customers {"customer": {...}, "password": "..."}: answers the new customer."""

    acl_resource = "anonymous"

    def post(self, request: Request, store_code: str) -> Response:
        serializer = CreateAccountInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        customer_data = data["customer"]
        customer = create_customer(
            CustomerData(
                email=customer_data["email"].strip(),
                firstname=customer_data["firstname"],
                lastname=customer_data["lastname"],
                # AccountManagement::createAccount drops the group unless the caller may manage customers.
                group_id=customer_data["group_id"] if _may_manage_customers(request) else None,
                store_id=customer_data["store_id"],
                website_id=customer_data["website_id"],
                addresses=[customer_address_data(address) for address in customer_data["addresses"]],
            ),
            password=data.get("password") or None,
        )
        return Response(CustomerSerializer(customer).data)


def _may_manage_customers(request: Request) -> bool:
    """Magento_Customer::manage (AccountManagement::ADMIN_RESOURCE): an admin token allowed to add customers."""
    return bool(getattr(request.user, "is_staff", False) and request.user.has_perm(MANAGE_CUSTOMERS_PERMISSION))


class CustomerDetailView(APIView):
    """GET /V1/customers/{customerId}"""

    acl_resource = CUSTOMER_ACL
    permission_required = "customers.view_customer"

    def get(self, request: Request, store_code: str, customer_id: int) -> Response:
        return Response(CustomerSerializer(get_customer(customer_id)).data)


class CustomerSearchView(generics.ListAPIView):
    """GET /V1/customers/search?searchCriteria..."""

    acl_resource = CUSTOMER_ACL
    permission_required = "customers.view_customer"
    queryset = Customer.objects.prefetch_related("addresses")
    serializer_class = CustomerSerializer
    filterset_class = CustomerFilter


class CustomerMeView(APIView):
    """GET /V1/customers/me: the customer of the token."""

    acl_resource = "self"

    def get(self, request: Request, store_code: str) -> Response:
        return Response(CustomerSerializer(token_customer(request)).data)


class CustomerTokenView(APIView):
    """POST /V1/integration/customer/token {"username", "password"}: the token as a bare JSON string."""

    acl_resource = "anonymous"
    authentication_classes: list = []
    sign_in = True  # throttled: the schema lists Magento's 429

    def post(self, request: Request, store_code: str) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        username, password = _string(data.get("username")), _string(data.get("password"))
        return Response(create_customer_token(username, password, address=request.META.get("REMOTE_ADDR")))


def token_customer(request: Request) -> Customer:
    """The customer a customer token belongs to; a token of a deleted customer authorizes nothing."""
    customer = Customer.objects.prefetch_related("addresses").filter(pk=getattr(request.auth, "customer_id", None))
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
        raise InputError(INVALID_TYPE.replace("%1", "array").replace("%2", "string"))
    return str(value)
