"""Bad input: oversized and deeply nested bodies, wrong types, impossible quantities, huge pages and ids all get
a clear 4xx with Magento's body, and nothing is written."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from io import BytesIO

import pytest
from rest_framework.exceptions import ParseError

from backoffice.exceptions import InputError
from backoffice.rest.parsers import MagentoJSONParser
from inventory.models import DEFAULT_SOURCE_CODE
from sales.models import Invoice, Order
from tests.factories import make_order

from .support import snapshot

pytestmark = pytest.mark.django_db

DECODING_ERROR = {"message": "Decoding error."}
INVALID_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'


@pytest.fixture
def order() -> Order:
    return make_order(item_qtys=[Decimal("3")])


def post_raw(client, url: str, raw: bytes | str):
    return client.generic("POST", url, raw, content_type="application/json")


def test_a_body_over_the_upload_limit_is_a_413_and_writes_nothing(rest_client, order, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    before = snapshot()

    response = post_raw(rest_client, f"/rest/V1/order/{order.pk}/invoice",
                        json.dumps({"comment": {"comment": "x" * 2_000}}))

    assert response.status_code == 413
    assert response.json() == {"message": "The request body is larger than the %1 bytes allowed.",
                               "parameters": [1000]}
    assert snapshot() == before


def test_the_default_limit_is_djangos_two_and_a_half_megabytes(rest_client, order):
    before = snapshot()

    response = post_raw(rest_client, f"/rest/V1/order/{order.pk}/invoice", b" " * 2_621_441)

    assert response.status_code == 413
    assert response.json()["parameters"] == [2_621_440]
    assert snapshot() == before


def test_the_token_endpoint_refuses_an_oversized_body_too(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100

    response = post_raw(client, "/rest/V1/integration/admin/token",
                        json.dumps({"username": "admin", "password": "p" * 200}))

    assert response.status_code == 413


@pytest.mark.parametrize("depth", [65, 1_000, 100_000])
def test_deeply_nested_json_is_a_decoding_error_and_writes_nothing(rest_client, order, depth):
    before = snapshot()

    response = post_raw(rest_client, f"/rest/V1/order/{order.pk}/invoice", '{"items": ' + "[" * depth + "]" * depth + "}")

    assert (response.status_code, response.json()) == (400, DECODING_ERROR)
    assert snapshot() == before


def test_json_nested_up_to_the_limit_is_parsed_and_one_level_more_is_not():
    parser = MagentoJSONParser()
    at_limit = "[" * 63 + "{}" + "]" * 63  # 64 levels

    parsed = parser.parse(BytesIO(at_limit.encode()))
    for _ in range(63):
        parsed = parsed[0]
    assert parsed == {}
    with pytest.raises(ParseError):
        parser.parse(BytesIO(("[" + at_limit + "]").encode()))


def test_an_unknown_parameter_is_ignored_as_magento_ignores_it(rest_client, order):
    """ServiceInputProcessor::process binds the service method's parameters and ignores other top-level keys;
    an unknown key inside a data object is refused (test_malformed_bodies_are_refused_before_anything_happens)."""
    response = post_raw(rest_client, f"/rest/V1/order/{order.pk}/invoice", json.dumps({"unknown_field": 1}))

    assert response.status_code == 200
    assert Invoice.objects.get().pk == response.json()


@pytest.mark.parametrize(
    "body",
    [
        {"items": "all"},
        {"items": {"order_item_id": 1}},
        {"items": [{"order_item_id": "first", "qty": 1}]},
        {"items": [{"order_item_id": [1], "qty": 1}]},
        {"items": [{"order_item_id": 1, "qty": "lots"}]},
        {"items": [{"order_item_id": 1, "qty": [1]}]},
        {"items": [{"order_item_id": 1, "qty": None}]},
        {"items": [{"order_item_id": 1}]},
        {"items": [None]},
        {"capture": "maybe"},
        {"notify": {"yes": True}},
        {"comment": "a plain string"},
        [],
        "invoice please",
        12,
    ],
)
def test_a_wrong_type_is_a_400_and_writes_nothing(rest_client, order, body):
    before = snapshot()

    response = post_raw(rest_client, f"/rest/V1/order/{order.pk}/invoice", json.dumps(body))

    assert response.status_code == 400
    assert isinstance(response.json()["message"], str)
    assert snapshot() == before


QTYS = ["-1", "0.5", "1.0001", "-0.5", "1e20", "1e400", "99999999999999999999999999"]


@pytest.mark.parametrize("qty", QTYS)
def test_an_impossible_invoice_quantity_for_a_whole_unit_item_is_refused_and_writes_nothing(rest_client, order, qty):
    item = order.items.get()
    before = snapshot()

    response = post_raw(rest_client, f"/rest/V1/order/{order.pk}/invoice",
                        f'{{"items": [{{"order_item_id": {item.pk}, "qty": {qty}}}]}}')

    assert response.status_code == 400
    assert response.json() in (
        {"message": 'We found an invalid quantity to invoice item "%1".', "parameters": [item.name]},
        {"message": INVALID_VALUE, "parameters": {"value": qty if "e" not in qty else response.json()["parameters"]["value"],
                                                  "fieldName": "items.0.qty"}},
    )
    assert snapshot() == before


@pytest.mark.parametrize("qty", QTYS)
def test_an_impossible_shipment_quantity_for_a_whole_unit_item_is_refused_and_writes_nothing(rest_client, order, qty):
    item = order.items.get()
    before = snapshot()

    response = post_raw(
        rest_client, f"/rest/V1/order/{order.pk}/ship",
        f'{{"items": [{{"order_item_id": {item.pk}, "qty": {qty}}}], '
        f'"arguments": {{"extension_attributes": {{"source_code": "{DEFAULT_SOURCE_CODE}"}}}}}}',
    )

    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("order_item_id", ["0", "-5", "99999999999999999999999999"])
def test_an_impossible_order_item_id_is_refused_and_writes_nothing(rest_client, order, order_item_id):
    before = snapshot()

    response = post_raw(rest_client, f"/rest/V1/order/{order.pk}/invoice",
                        f'{{"items": [{{"order_item_id": {order_item_id}, "qty": 1}}]}}')

    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize(
    "query",
    [
        "searchCriteria[pageSize]=301",
        "searchCriteria[pageSize]=1000000000",
        "searchCriteria[pageSize]=99999999999999999999999999999",
        "searchCriteria[pageSize]=-1",
        "searchCriteria[pageSize]=1.5",
        "searchCriteria[pageSize][]=1",
        "searchCriteria[currentPage]=abc",
    ],
)
@pytest.mark.parametrize("resource", ["orders", "invoices", "shipments", "products", "inventory/source-items"])
def test_a_huge_or_malformed_page_size_is_a_400(rest_client, resource, query):
    response = rest_client.get(f"/rest/V1/{resource}?{query}")

    assert response.status_code == 400
    assert isinstance(response.json()["message"], str)


@pytest.mark.parametrize("resource", ["orders", "invoices", "shipments"])
def test_a_page_far_beyond_the_last_is_empty_not_an_error(rest_client, order, resource):
    response = rest_client.get(
        f"/rest/V1/{resource}?searchCriteria[pageSize]=300&searchCriteria[currentPage]=99999999999999999999999"
    )

    assert response.status_code == 200
    assert response.json()["items"] == []
    assert response.json()["total_count"] == (1 if resource == "orders" else 0)


@pytest.mark.parametrize(
    "path",
    ["/rest/V1/orders/99999999999999999999999", "/rest/V1/invoices/99999999999999999999999",
     "/rest/V1/shipment/99999999999999999999999", "/rest/V1/orders/items/99999999999999999999999"],
)
def test_an_id_beyond_any_integer_column_is_a_404(rest_client, path):
    response = rest_client.get(path)

    assert response.status_code == 404  # no id column holds it: the <id:...> path converter matches no route
    assert response.json() == {"message": "Request does not match any route."}


def test_an_order_id_beyond_any_integer_column_cannot_be_invoiced(rest_client):
    response = rest_client.post("/rest/V1/order/99999999999999999999999/invoice", {}, format="json")

    assert response.status_code == 404
    # The path converter refuses the id before any view runs; "no such order" would name the entity instead.
    assert response.json() == {"message": "Request does not match any route."}


HUGE = "1243351250177051590656"  # beyond any integer column (found by the schemathesis run)


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", f"/rest/V1/inventory/get-sources-assigned-to-stock-ordered-by-priority/{HUGE}"),
     ("DELETE", f"/rest/V1/inventory/stocks/{HUGE}"),
     ("GET", f"/rest/V1/orders/{HUGE}/comments"),
     ("GET", f"/rest/V1/inventory/get-product-salable-quantity/x/{HUGE}"),
     ("GET", f"/rest/V1/inventory/is-product-salable/x/{HUGE}")],
)
def test_a_huge_id_in_these_paths_is_no_server_error(rest_client, method, path):
    response = rest_client.generic(method, path)

    assert response.status_code == 404  # an id no column can hold matches no route (<id:...> converter)
    assert response.json() == {"message": "Request does not match any route."}


# --- issue 12: integers beyond their column, NUL bytes and huge strings, duplicate links, null data objects,
# --- countries outside the directory

INT32_OVERFLOW = "2147483648"  # 2^31: one more than a signed 32-bit column holds
BEYOND_ANY_COLUMN = ["9223372036854775808", "1e30", "1000000000000000000000000000000"]  # 2^63, a float, a long int


def invalid_value(value: str, field_name: str) -> dict:
    """Magento's body for a value that cannot be taken (Framework\\Exception\\InputException::INVALID_FIELD_VALUE)."""
    return {"message": INVALID_VALUE, "parameters": {"value": value, "fieldName": field_name}}


def shown(number: str) -> str:
    """The value as the error body prints it: a JSON float is read as a Decimal (1e30 -> "1E+30")."""
    return str(Decimal(number)) if "e" in number else number


def registration(customer: str = "", address: str = "") -> str:
    """POST /V1/customers with raw JSON spliced in (numbers no Python float can carry exactly)."""
    address_json = (
        '{"firstname": "A", "lastname": "B", "street": ["1 Main St"], "city": "Mineola", "telephone": "5",'
        f' "postcode": "11501", "country_id": "US"{address}}}'
    )
    return (
        '{"customer": {"email": "bounds@example.com", "firstname": "A", "lastname": "B",'
        f' "addresses": [{address_json}]{customer}}}, "password": "Password1"}}'
    )


@pytest.mark.parametrize(
    ("customer", "address", "value", "field_name"),
    [
        (', "group_id": 2147483648', "", INT32_OVERFLOW, "customer.group_id"),
        (', "store_id": 2147483648', "", INT32_OVERFLOW, "customer.store_id"),
        (', "website_id": 2147483648', "", INT32_OVERFLOW, "customer.website_id"),
        (', "groupId": 9223372036854775808', "", "9223372036854775808", "customer.group_id"),
        (', "store_id": -1', "", "-1", "customer.store_id"),
        ("", ', "region_id": 2147483648', INT32_OVERFLOW, "customer.addresses.0.region_id"),
        ("", ', "region": {"region_id": 2147483648}', INT32_OVERFLOW, "customer.addresses.0.region.region_id"),
    ],
)
def test_an_integer_beyond_its_column_is_refused_on_registration(client, customer, address, value, field_name):
    """Anonymous POST /V1/customers: each integer is bounded by the column that stores it (group_id, store_id,
    website_id and region_id are unsigned 32-bit there, as in Magento's customer_entity / customer_address_entity);
    the refusal is Magento's InputException::INVALID_FIELD_VALUE body (was a masked 500 on PostgreSQL)."""
    from customers.models import Customer

    response = post_raw(client, "/rest/V1/customers", registration(customer, address))

    assert (response.status_code, response.json()) == (400, invalid_value(value, field_name))
    assert not Customer.objects.exists()


@pytest.fixture
def checkout_client(tutorial):
    """A registered customer with one item in the cart (tests/checkout/api/test_checkout.py's John Roe)."""
    from rest_framework.test import APIClient

    from tests.checkout.api.test_checkout import V1, customer_client, register

    register(APIClient())
    client = customer_client()
    client.post(f"{V1}/carts/mine")
    client.post(f"{V1}/carts/mine/items", {"cartItem": {"sku": "24-WB01", "qty": 1}}, format="json")
    return client


def shipping_information(extra: str) -> str:
    from tests.checkout.api.test_checkout import ADDRESS

    address = json.dumps(ADDRESS)[:-1] + extra + "}"
    return ('{"addressInformation": {"shipping_address": ' + address + ', "billing_address": ' + address
            + ', "shipping_carrier_code": "flatrate", "shipping_method_code": "flatrate"}}')


@pytest.mark.parametrize(
    ("extra", "value", "key"),
    [
        (', "region_id": 2147483648', INT32_OVERFLOW, "region_id"),
        (', "region_id": 1e30', "1E+30", "region_id"),
        (', "region_id": 1000000000000000000000000000000', "1000000000000000000000000000000", "region_id"),
        (', "same_as_billing": 40000', "40000", "same_as_billing"),  # a smallint unsigned column in Magento too
        (', "same_as_billing": -1', "-1", "same_as_billing"),
        (', "save_in_address_book": 1099511627776', "1099511627776", "save_in_address_book"),  # 2^40
        (', "customer_address_id": 9223372036854775808', "9223372036854775808", "customer_address_id"),
    ],
)
def test_an_integer_beyond_its_column_is_refused_at_checkout(checkout_client, extra, value, key):
    """POST /V1/carts/mine/shipping-information: the quote address columns bound region_id, same_as_billing and
    save_in_address_book (smallint unsigned in Magento's quote_address); nothing is saved."""
    from checkout.models import QuoteAddress

    addresses = list(QuoteAddress.objects.values())

    response = post_raw(checkout_client, "/rest/default/V1/carts/mine/shipping-information",
                        shipping_information(extra))

    assert response.status_code == 400
    assert response.json() in (invalid_value(value, f"addressInformation.shipping_address.{key}"),
                                {"message": "One or more input exceptions have occurred.",
                                 "errors": [{"message": INVALID_VALUE, "parameters": {"value": value, "fieldName": name}}
                                            for name in (f"addressInformation.shipping_address.{key}",
                                                         f"addressInformation.billing_address.{key}")]})
    assert list(QuoteAddress.objects.values()) == addresses


@pytest.mark.parametrize("priority", [*BEYOND_ANY_COLUMN, INT32_OVERFLOW, "-1"])
def test_a_link_priority_beyond_its_column_is_refused(rest_client, tutorial, priority):
    """POST /V1/inventory/stock-source-links: priority is an unsigned 32-bit column (inventory_source_stock_link)."""
    from inventory.models import Stock, StockSourceLink

    links_before = list(StockSourceLink.objects.values())
    stock = Stock.objects.get(name="US Stock").pk

    response = post_raw(rest_client, "/rest/V1/inventory/stock-source-links",
                        f'{{"links": [{{"stock_id": {stock}, "source_code": "west_wh", "priority": {priority}}}]}}')

    assert response.status_code == 400
    if priority == "-1":  # below the column but an int: MSI's own validator answers it, as in Magento
        assert response.json() == {"message": "Validation Failed", "errors": [
            {"message": '"%field" should be greater then 0.', "parameters": {"field": "priority"}}]}
    else:
        assert response.json() == invalid_value(shown(priority), "links.0.priority")
    assert list(StockSourceLink.objects.values()) == links_before


@pytest.mark.parametrize("attribute_set_id", [*BEYOND_ANY_COLUMN, INT32_OVERFLOW])
def test_a_product_attribute_set_beyond_its_column_is_refused(rest_client, attribute_set_id):
    before = snapshot()

    response = post_raw(rest_client, "/rest/V1/products",
                        f'{{"product": {{"sku": "bounds", "name": "B", "price": 1, "attribute_set_id": {attribute_set_id}}}}}')

    assert (response.status_code, response.json()) == (400, invalid_value(shown(attribute_set_id), "product.attribute_set_id"))
    assert snapshot() == before


def test_every_integer_input_is_bounded_by_its_column_or_by_32_bits():
    """The one place: MagentoInputSerializer builds every IntegerField (also list children) with the range of
    the model column of the same name, or a signed 32-bit range when no column stores it."""
    import django.apps

    from backoffice.rest.serializers import MagentoInputSerializer

    django.apps.apps.get_models()  # every serializer module is imported by the URLconf
    from django.urls import get_resolver
    get_resolver().url_patterns  # noqa: B018

    def subclasses(cls: type) -> list[type]:
        return [cls, *(sub for child in cls.__subclasses__() for sub in subclasses(child))]

    unbounded = []
    for serializer_class in subclasses(MagentoInputSerializer)[1:]:
        for name, field in serializer_class().fields.items():
            field = getattr(field, "child", field)
            if type(field).__name__ == "IntegerField" and (field.max_value is None or field.min_value is None):
                unbounded.append(f"{serializer_class.__name__}.{name}")

    assert len(subclasses(MagentoInputSerializer)) > 40
    assert not unbounded


NUL = "a\u0000b"
LONG = "a" * 100_000


@pytest.mark.parametrize("url", ["/rest/V1/integration/admin/token", "/rest/V1/integration/customer/token"])
@pytest.mark.parametrize("username", [NUL, LONG], ids=["nul", "100000-characters"])
def test_a_nul_byte_or_a_huge_string_is_refused_by_the_parser(client, url, username):
    """The JSON parser refuses a string with a NUL byte (PostgreSQL's text columns cannot hold one) or longer
    than MAGENTO_MAX_STRING_LENGTH (65,535: MySQL's TEXT, the widest column a Magento REST string of these
    entities lands in), before any view runs: Magento's INVALID_FIELD_VALUE body naming the field."""
    response = post_raw(client, url, json.dumps({"username": username, "password": "x"}))

    assert response.status_code == 400
    assert response.json()["message"] == INVALID_VALUE
    assert response.json()["parameters"]["fieldName"] == "username"


def test_the_parser_names_the_field_as_magento_does_and_echoes_a_nul_value(rest_client, tutorial):
    """Nested keys keep the client's spelling converted to snake_case after the camelCase parameter, as
    validation errors do; the value with its NUL is echoed (JSON escapes it); nothing is written."""
    before = snapshot()

    response = post_raw(rest_client, "/rest/V1/inventory/source-items",
                        json.dumps({"sourceItems": [{"sku": "24-WB01", "sourceCode": "a\u0000b", "quantity": 1}]}))

    assert (response.status_code, response.json()) == (400, invalid_value("a\u0000b", "sourceItems.0.source_code"))
    assert snapshot() == before


def test_a_string_at_the_limit_is_parsed_and_one_character_more_is_not(settings):
    settings.MAGENTO_MAX_STRING_LENGTH = 10
    parser = MagentoJSONParser()

    assert parser.parse(BytesIO(json.dumps({"a": ["x" * 10]}).encode())) == {"a": ["x" * 10]}
    with pytest.raises(InputError) as refused:
        parser.parse(BytesIO(json.dumps({"a": ["x" * 11]}).encode()))
    assert refused.value.parameters == {"value": "x" * 10 + "...", "fieldName": "a.0"}
    with pytest.raises(InputError) as key_refused:
        parser.parse(BytesIO(json.dumps({"k\u0000": 1}).encode()))
    assert key_refused.value.parameters == {"value": "k\u0000", "fieldName": "k\u0000"}


def string_path_routes() -> list[tuple[str, str]]:
    """(method, path) of every REST route with a string path parameter, found by walking the URL resolver;
    the parameter is a NUL byte (ids go through the <id:...> converter and cannot hold one)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns: list, prefix: str) -> list[tuple[str, object]]:
        found = []
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                found += walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern):
                found.append((prefix + route, entry.callback))
        return found

    routes = []
    for route, view in walk(get_resolver().url_patterns, "/"):
        if not route.startswith("/rest/V1/") or "<str:" not in route:
            continue
        path = re.sub(r"<str:[^>]+>", "%00", re.sub(r"<id:[^>]+>", "1", route))
        view_class = view.view_class
        for method in ("get", "put", "post", "delete"):
            if hasattr(view_class, method):
                routes.append((method.upper(), path))
    return routes


def test_the_walk_finds_the_string_routes():
    routes = string_path_routes()

    assert ("GET", "/rest/V1/products/%00") in routes
    assert ("GET", "/rest/V1/inventory/stock-resolver/%00/%00") in routes
    assert len(routes) >= 11


@pytest.mark.parametrize(("method", "path"), string_path_routes())
def test_a_nul_byte_in_a_path_matches_no_route(rest_client, tutorial, method, path):
    """GET /V1/products/%00, /V1/inventory/sources/%00, /V1/stockItems/%00, ... (a masked 500 on PostgreSQL):
    MagentoPathMiddleware refuses a NUL anywhere in a /rest/ path with Magento's 404 before routing."""
    before = snapshot()

    response = rest_client.generic(method, path, "{}", content_type="application/json")

    assert (response.status_code, response.json()) == (404, {"message": "Request does not match any route."})
    assert snapshot() == before


def test_a_path_segment_longer_than_the_string_limit_matches_no_route(rest_client, settings):
    settings.MAGENTO_MAX_STRING_LENGTH = 64

    response = rest_client.get("/rest/V1/products/" + "s" * 65)

    assert (response.status_code, response.json()) == (404, {"message": "Request does not match any route."})


def test_ten_thousand_duplicate_links_are_one_upsert(rest_client, tutorial, django_assert_max_num_queries):
    """POST /V1/inventory/stock-source-links with 10,000 copies of one link (took 84 s on PostgreSQL, past
    gunicorn's timeout: a 500): duplicates collapse to the last one, as Magento's one INSERT ... ON DUPLICATE
    KEY UPDATE (InventoryApi StockSourceLinksSave -> SaveMultiple) leaves it, in a constant number of queries."""
    from inventory.models import Stock, StockSourceLink

    stock = Stock.objects.get(name="US Stock").pk
    links = [{"stock_id": stock, "source_code": "west_wh", "priority": 1 + i % 7} for i in range(10_000)]

    with django_assert_max_num_queries(10):
        response = rest_client.post("/rest/V1/inventory/stock-source-links", {"links": links}, format="json")

    assert (response.status_code, response.json()) == (200, [])
    assert StockSourceLink.objects.get(stock_id=stock, source_id="west_wh").priority == 1 + 9_999 % 7


def test_ten_thousand_duplicate_link_deletions_take_a_constant_number_of_queries(
    rest_client, tutorial, django_assert_max_num_queries
):
    from inventory.models import Stock, StockSourceLink

    stock = Stock.objects.get(name="US Stock").pk
    links = [{"stock_id": stock, "source_code": "west_wh"}] * 10_000

    with django_assert_max_num_queries(10):
        response = rest_client.post("/rest/V1/inventory/stock-source-links-delete", {"links": links}, format="json")

    assert response.status_code == 200
    assert not StockSourceLink.objects.filter(stock_id=stock, source_id="west_wh").exists()


@pytest.mark.parametrize("channel", ["null", "{}"])
def test_a_null_sales_channel_is_an_empty_one_as_magento_binds_it(rest_client, channel):
    """POST /V1/inventory/stocks with sales_channels [null] (a 500): Magento's ServiceInputProcessor::
    _createFromArray binds a null item of a data-object list as an empty object, which the SalesChannels
    validator then refuses; nothing is written."""
    from inventory.models import SalesChannel, Stock

    stocks, channels = list(Stock.objects.values()), list(SalesChannel.objects.values())

    response = post_raw(rest_client, "/rest/V1/inventory/stocks",
                        f'{{"stock": {{"name": "N", "extension_attributes": {{"sales_channels": [{channel}]}}}}}}')

    assert response.status_code == 400
    assert response.json() == {
        "message": "Validation Failed",
        "errors": [{"message": '"%field" can not be empty.', "parameters": {"field": "type"}},
                   {"message": '"%field" can not be empty.', "parameters": {"field": "code"}}],
    }
    assert (list(Stock.objects.values()), list(SalesChannel.objects.values())) == (stocks, channels)


@pytest.mark.parametrize("country_id", ["ZZ", "-1", "us"])
def test_a_customer_address_outside_the_directorys_countries_is_refused(client, country_id):
    """Magento\\Customer\\Model\\Address\\Validator\\Country::validateCountry: the country must be one of the
    allowed countries (Magento_Directory's general/country/allow default, backoffice/directory.py)."""
    from customers.models import Customer

    body = json.loads(registration())
    body["customer"]["addresses"][0]["country_id"] = country_id

    response = client.post("/rest/V1/customers", body, content_type="application/json")

    assert (response.status_code, response.json()) == (400, invalid_value(country_id, "countryId"))
    assert not Customer.objects.exists()


@pytest.mark.parametrize("country_id", ["ZZ", "-1"])
@pytest.mark.parametrize("address_type", ["shipping", "billing"])
def test_a_checkout_address_outside_the_directorys_countries_places_no_order(checkout_client, country_id,
                                                                              address_type):
    """Magento's QuoteValidator (ShippingAddressValidationRule / BillingAddressValidationRule) runs the address
    validators, the Country one included, before the order is submitted."""
    from tests.checkout.api.test_checkout import ADDRESS

    bad = {**ADDRESS, "country_id": country_id}
    saved = checkout_client.post(
        "/rest/default/V1/carts/mine/shipping-information",
        {"addressInformation": {"shipping_address": bad if address_type == "shipping" else ADDRESS,
                                "billing_address": bad if address_type == "billing" else ADDRESS,
                                "shipping_carrier_code": "flatrate", "shipping_method_code": "flatrate"}},
        format="json",
    )
    before = snapshot()

    response = checkout_client.post("/rest/default/V1/carts/mine/payment-information",
                                    {"paymentMethod": {"method": "checkmo"}}, format="json")

    assert saved.status_code == 200
    assert (response.status_code, response.json()) == (400, {
        "message": f"Please check the {address_type} address information. "
                   f'Invalid value of "{country_id}" provided for the countryId field.'})
    assert snapshot() == before
