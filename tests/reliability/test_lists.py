"""Lists that cannot take the server down, and searchCriteria that cannot make a 500.

Every GET route found by the URL resolver walk (``test_access.rest_routes``) is either a paged list or answers a
bounded value; every paged list answers at most one page whatever its parameters say, and refuses hostile
searchCriteria with Magento's 400. Magento's own rules (2.4.6):

- ``framework/Webapi/ServiceInputProcessor.php``: ``defaultPageSize`` (20, at least 10); ``_createFromArray`` hands
  every SearchCriteriaInterface it binds to ``Validator/IOLimit/DefaultPageSizeSetter::processSearchCriteria``,
  which sets that page size when none was sent and the input limits are on (``Validator/IOLimit/
  IOLimitConfigProvider.php``: ``webapi/validation/input_limit_enabled``, ``maximum_page_size``,
  ``default_page_size``, shown by Magento_Webapi ``etc/adminhtml/system.xml`` as "Web Api Input Limits").
- ``framework/Webapi/Validator/SearchCriteriaValidator.php``: "Maximum SearchCriteria pageSize is %max", with
  ``maximumPageSize`` 300 in ``app/etc/di.xml``.
- ``framework/Reflection/TypeProcessor.php::processSimpleAndAnyType``: an array where a string or int is expected is
  'The "array" value's type is invalid. The "string" type was expected. Verify and try again.', which
  ``ServiceInputProcessor::_createFromArray`` prefixes with 'Error occurred during "%field_name" processing. ' at
  each data object on the way down (SearchCriteria, FilterGroup, Filter) and ``process`` renders into one message.
- ``framework/Exception/InputException.php``: INVALID_FIELD_VALUE, the answer to a value that cannot be used (here:
  a NUL byte, which PostgreSQL cannot store or compare, or a value over 4,096 characters).
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote, urlencode

import pytest
from django.db import connection
from django.db.models.constants import LOOKUP_SEP
from django.test.utils import CaptureQueriesContext
from rest_framework.mixins import ListModelMixin

from asynchronous_operations.models import Bulk, Operation
from backoffice import settings as project_settings
from backoffice.rest.search_criteria import (
    MAX_FILTER_TERMS,
    MAX_VALUE_LENGTH,
    SearchCriteriaFilterBackend,
    SearchResultsPagination,
)
from catalog.categories import save_category
from catalog.models import Product
from checkout.quote_management import create_empty_cart
from customers.models import Customer
from inventory.models import Stock
from sales.invoicing import invoice_order
from sales.models import (
    CreditmemoComment,
    Invoice,
    InvoiceComment,
    Order,
    OrderStatusHistory,
    PaymentTransaction,
    ShipmentComment,
)
from sales.refunds import refund_order
from sales.shipping import ship_order
from tests.factories import make_order, make_product

from .support import snapshot
from .test_access import rest_routes

pytestmark = pytest.mark.django_db

INVALID_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'
PAGE_SIZE = 2  # the default page size these tests set, so that three rows are "more than a page"

GET_ROUTES = [route for route in rest_routes() if route.method == "GET"]
PAGED = [route for route in GET_ROUTES if issubclass(route.view_class, ListModelMixin)]
SEARCHES = [route for route in PAGED if SearchCriteriaFilterBackend in route.view_class.filter_backends]
# Every other GET route answers a bounded value; a new list must page, or be added here with its bound.
BOUNDED = {
    "rest/schema": "the OpenAPI document",
    "rest/all/schema": "the OpenAPI document",
    "rest/V1/store/websites": "configuration: the store structure (MAGENTO_STORE_CODES)",
    "rest/V1/store/storeGroups": "configuration: the store structure",
    "rest/V1/store/storeViews": "configuration: the store structure",
    "rest/V1/store/storeConfigs": "configuration: the store views",
    "rest/V1/directory/countries": "configuration: the allowed countries (general/country/allow)",
    "rest/V1/directory/countries/x": "one country and its regions",
    "rest/V1/directory/currency": "configuration: the one currency",
    "rest/V1/products/x/media": "one product's gallery, at most MEDIA_GALLERY_MAX_ENTRIES images",
    "rest/V1/products/x/media/1": "one gallery entry",
    "rest/V1/products/media/types/x": "the four image roles",
    "rest/V1/inventory/sources/x": "one source",
    "rest/V1/inventory/get-sources-assigned-to-stock-ordered-by-priority/1":
        "a bare SourceInterface[] (no envelope to page): the sources an administrator linked to one stock",
    "rest/V1/inventory/stocks/1": "one stock",
    "rest/V1/inventory/stock-resolver/x/x": "one stock",
    "rest/V1/inventory/get-product-salable-quantity/x/1": "a number",
    "rest/V1/inventory/is-product-salable/x/1": "a boolean",
    "rest/V1/inventory/is-product-salable-for-requested-qty/x/1/x": "one answer",
    "rest/V1/inventory/are-products-salable": "one answer per SKU asked (the query string's, bounded by Django's "
    "DATA_UPLOAD_MAX_NUMBER_FIELDS)",
    "rest/V1/inventory/are-product-salable-for-requested-qty": "one answer per SKU request asked (the query string's, "
    "bounded by DATA_UPLOAD_MAX_NUMBER_FIELDS)",
    "rest/V1/inventory/in-store-pickup/pickup-locations": "the pickup locations an administrator made (sources of one "
    "stock), one page when searchRequest[pageSize] is sent, every one otherwise, as in Magento",
    "rest/V1/inventory/source-selection-algorithm-list": "the algorithms this code knows",
    "rest/V1/inventory/get-distance-provider-code": "a string",
    "rest/V1/inventory/get-distance": "a number",
    "rest/V1/inventory/get-latlng-from-address": "one point",
    "rest/V1/inventory/get-latslngs-from-address": "the points of one city prefix or state: at most the zipcodes "
    "package's ZIP codes (about 42,000), a bare LatLngInterface[] as in Magento",
    "rest/V1/inventory/low-quantity-notification/x/x": "one source item's configuration",
    "rest/V1/inventory/dump-stock-index-data/x/x": "every SKU of one stock's index, a bare ProductStockIndexDataInterface[] "
    "as Magento answers it: streamed, read a chunk of SKUs at a time (two queries per 1,000 SKUs)",
    "rest/V1/products/x": "one product",
    "rest/V1/categories": "the category tree (CategoryTreeInterface, no envelope to page): the categories an "
    "administrator made, as Magento answers them",
    "rest/V1/categories/1": "one category",
    "rest/V1/categories/1/products": "a bare CategoryProductLinkInterface[] (no envelope to page): the products an "
    "administrator put in one category",
    "rest/V1/stockItems/x": "one stock item",
    "rest/V1/stockItems/lowStock": "one page of stock items: its own currentPage and pageSize (StockRegistryInterface"
    "::getLowStockItems), the default page size when none, at most MAGENTO_MAX_PAGE_SIZE",
    "rest/V1/stockStatuses/x": "one stock status",
    "rest/V1/orders/1": "one order",
    "rest/V1/invoices/1": "one invoice",
    "rest/V1/transactions/1": "one payment transaction and its children (a gateway's handful)",
    "rest/V1/shipment/1": "one shipment",
    "rest/V1/shipment/1/label": "one string (the shipping label; none is stored)",
    "rest/V1/creditmemo/1": "one credit memo",
    "rest/V1/customers/me": "one customer",
    "rest/V1/customers/1/confirm": "one status string",
    "rest/V1/customers/1/permissions/readonly": "a bool",
    "rest/V1/customers/1/password/resetLinkToken/x": "a bool",
    "rest/V1/customers/1": "one customer",
    "rest/V1/carts/mine": "the caller's own cart",
    "rest/V1/carts/1": "one cart",
    "rest/V1/guest-carts/x": "one cart",
    **{
        f"rest/V1/{cart}/{tail}": text
        for cart in ("carts/mine", "carts/1", "guest-carts/x")
        for tail, text in (
            ("items", "one cart's lines"),
            ("totals", "one cart's totals"),
            ("payment-methods", "the payment methods this code knows"),
        )
    },
    "rest/V1/orders/1/statuses": "a string",
    "rest/V1/bulk/x/status": "one bulk's operations: at most ASYNC_BULK_MAX_OPERATIONS (5,000)",
    "rest/V1/bulk/x/detailed-status": "one bulk's operations: at most ASYNC_BULK_MAX_OPERATIONS (5,000)",
    "rest/V1/bulk/x/operation-status/1": "a number",
    "rest/V1/orders/items/1": "one order item",
    "rest/V1/customers/addresses/1": "one address",
    "rest/V1/customers/1/billingAddress": "one address",
    "rest/V1/customers/1/shippingAddress": "one address",
    "rest/V1/customers/me/billingAddress": "one address",
    "rest/V1/customers/me/shippingAddress": "one address",
    "rest/V1/customerGroups/1": "one customer group",
    "rest/V1/products/attributes": "the system attributes of catalog/attributes.py's table (one searchCriteria page)",
    "rest/V1/products/attributes/types": "the input types Magento's webapi area lists (two)",
    "rest/V1/products/attributes/x": "one attribute",
    "rest/V1/products/attributes/x/options": "one attribute's source-model options (at most four)",
    "rest/V1/products/types": "the product types this code knows",
    "rest/V1/products/attribute-sets": "one product (the SKU route: Magento has no GET on this path)",
    "rest/V1/products/attribute-sets/sets/list": "the one attribute set, Default (one searchCriteria page)",
    "rest/V1/products/attribute-sets/1": "one attribute set",
    "rest/V1/products/attribute-sets/1/attributes": "the system attributes of the Default set",
    "rest/V1/products/attribute-sets/groups/list": "the Default set's groups (one searchCriteria page)",
    "rest/V1/customerGroups/1/permissions": "a boolean",
    "rest/V1/customerGroups/default": "one customer group",
    "rest/V1/customerGroups/default/1": "one customer group",
    **{
        f"rest/V1/attributeMetadata/{entity}{tail}": "the attributes this code keeps (customers.metadata: 12, 10)"
        for entity in ("customer", "customerAddress")
        for tail in ("", "/custom", "/attribute/x", "/form/x")
    },
}
# The cart services' reads, for each caller Magento serves them to (checkout/api/urls.py): one cart's.
CART_READS = {
    "items": "one cart's lines",
    "totals": "one cart's totals",
    "payment-methods": "the payment methods this code knows",
    "billing-address": "one address",
    "shipping-methods": "the rates of the carriers this code knows",
    "selected-payment-method": "one payment method",
    "payment-information": "the payment methods and one cart's totals",
    "coupons": "one coupon code at most (none here)",
}
BOUNDED |= {
    f"rest/V1/{prefix}/{suffix}": bound
    for prefix in ("carts/mine", "carts/1", "guest-carts/x")
    for suffix, bound in CART_READS.items()
    if (prefix, suffix) != ("carts/1", "payment-information")  # mine and guest only (module-checkout webapi.xml)
}


@pytest.fixture
def world(tutorial, settings) -> dict[str, int]:
    """More rows than one page (PAGE_SIZE) behind every paged route; the ids the routes' paths need."""
    settings.MAGENTO_DEFAULT_PAGE_SIZE = PAGE_SIZE
    orders = [Order.objects.get(customer_email="jdoe@example.com").pk]
    orders += [an_order(2).pk for _ in range(2)]
    invoices = [invoice_order(Order.objects.get(pk=pk)).pk for pk in orders[1:]]
    invoices.append(invoice_order(an_order(1)).pk)
    shipments = [ship_order(an_order(1)).pk for _ in range(3)]
    for n in range(3):
        OrderStatusHistory.objects.create(parent_id=orders[0], comment=f"note {n}", status="pending")
        InvoiceComment.objects.create(parent_id=invoices[0], comment=f"note {n}")
        ShipmentComment.objects.create(parent_id=shipments[0], comment=f"note {n}")
    memos = [refund_order(Invoice.objects.get(pk=pk).order_id).pk for pk in invoices]
    for n in range(3):
        CreditmemoComment.objects.create(parent_id=memos[0], comment=f"note {n}")
    Stock.objects.create(name="EU Stock")
    save_category(None, {"name": "Gear", "is_active": True})  # with Magento's two roots, three categories
    order = Order.objects.select_related("payment").get(pk=orders[0])
    for n in range(3):  # no offline method records one: a gateway's, as Magento stores them
        PaymentTransaction.objects.create(order=order, payment=order.payment, txn_id=f"txn-{n}", txn_type="capture")
    for n in range(3):
        Customer.objects.create(email=f"c{n}@example.com", firstname="C", lastname=f"Customer {n}")
    for _ in range(3):
        create_empty_cart()
    bulk = Bulk.objects.create(uuid="bulk-1", operation_count=3)
    for n in range(3):  # GET /V1/bulk lists operations
        Operation.objects.create(bulk=bulk, operation_key=n, topic_name="async.V1.products.POST", request_method="POST",
                                 request_path="/rest/default/V1/products")
    return {"order": orders[0], "invoice": invoices[0], "shipment": shipments[0], "creditmemo": memos[0]}


def an_order(lines: int) -> Order:
    """An order of products at a US Stock source (the tutorial's website stock)."""
    products = [make_product(source_code="ne_wh") for _ in range(lines)]
    return make_order(item_qtys=[Decimal("1")] * lines, products=products)


@pytest.fixture
def ids() -> dict[str, int]:
    """Ids for the comments routes when no world is needed (hostile input is refused before any query)."""
    return {"order": 1, "invoice": 1, "shipment": 1, "creditmemo": 1}


def url_of(route, world: dict[str, int]) -> str:
    """The route's path with the ids of the world's documents (the walk puts 1 for an id), and a real sales channel
    where the path names one."""
    url = "/" + route.url
    if url.startswith("/rest/V1/inventory/export-stock-salable-qty/"):
        return url.replace("/x/x", "/website/base")
    for name in ("order", "invoice", "shipment", "creditmemo"):
        if route.view_class.__name__.startswith(name.capitalize()) and "comments" in url:
            return url.replace("/1/", f"/{world[name]}/")
    return url


def get(client, route, world, query: str | list[tuple[str, object]] = "searchCriteria"):
    query = query if isinstance(query, str) else urlencode(query)
    return client.get(url_of(route, world) + "?" + query)


def filters_of(route) -> dict:
    return route.view_class.filterset_class.base_filters


def route_ids(routes) -> list[str]:
    return ["/" + route.url for route in routes]


# --- every list pages ----------------------------------------------------------------------------------------


def test_every_get_route_is_a_paged_list_or_answers_a_bounded_value():
    paged = {route.url for route in PAGED}
    bounded = {route.url for route in GET_ROUTES} - paged

    assert bounded == set(BOUNDED), "a new GET route: page it (a ListAPIView) or say here what bounds its answer"
    assert {"rest/V1/orders", "rest/V1/orders/1/comments", "rest/V1/customers/search"} <= paged
    assert len(SEARCHES) == 17  # with GET /V1/carts/search, /V1/customerGroups/search, /V1/bulk, /V1/categories/list,
    # /V1/inventory/export-stock-salable-qty
    for route in PAGED:
        assert issubclass(route.view_class.pagination_class, SearchResultsPagination), route.url


# Each searchCriteria list's service method and whether it declares ``SearchCriteriaInterface $searchCriteria = null``
# (Magento 2.4.6 and magento/inventory's Api/*.php): only MSI's sources and stocks do; the others require it.
LIST_SIGNATURES = {
    "rest/V1/inventory/sources": ("InventoryApi SourceRepositoryInterface::getList", True),
    "rest/V1/inventory/stocks": ("InventoryApi StockRepositoryInterface::getList", True),
    "rest/V1/inventory/stock-source-links": ("InventoryApi GetStockSourceLinksInterface::execute", False),
    "rest/V1/inventory/source-items": ("InventoryApi SourceItemRepositoryInterface::getList", False),
    "rest/V1/inventory/export-stock-salable-qty/x/x": ("InventoryExportStockApi ExportStockSalableQtyInterface::execute",
                                                       False),
    "rest/V1/products": ("Catalog ProductRepositoryInterface::getList", False),
    "rest/V1/categories/list": ("Catalog CategoryListInterface::getList", False),
    "rest/V1/customers/search": ("Customer CustomerRepositoryInterface::getList", False),
    "rest/V1/customerGroups/search": ("Customer GroupRepositoryInterface::getList", False),
    "rest/V1/orders": ("Sales OrderRepositoryInterface::getList", False),
    "rest/V1/orders/items": ("Sales OrderItemRepositoryInterface::getList", False),
    "rest/V1/invoices": ("Sales InvoiceRepositoryInterface::getList", False),
    "rest/V1/shipments": ("Sales ShipmentRepositoryInterface::getList", False),
    "rest/V1/creditmemos": ("Sales CreditmemoRepositoryInterface::getList", False),
    "rest/V1/transactions": ("Sales TransactionRepositoryInterface::getList", False),
    "rest/V1/carts/search": ("Quote CartRepositoryInterface::getList", False),
    "rest/V1/bulk": ("AsynchronousOperations OperationRepositoryInterface::getList", False),
}


# Lists whose total_count is the number of items answered, as Magento sets it: ExportStockSalableQtyBySalesChannel
# (magento/inventory InventoryExportStock) calls setTotalCount(count($items)) on the page it answers.
PAGE_COUNTED = {"rest/V1/inventory/export-stock-salable-qty/x/x"}


def test_every_search_list_declares_magentos_signature():
    assert set(LIST_SIGNATURES) == {route.url for route in SEARCHES}, "a new list: look up its service method"


@pytest.mark.parametrize("route", SEARCHES, ids=route_ids(SEARCHES))
def test_without_search_criteria_a_list_answers_as_its_service_method_declares(rest_client, world, route):
    """``$searchCriteria = null``: ServiceInputProcessor::process passes the default and the repository loads
    everything (here: the default page); otherwise its '"%fieldName" is required. Enter and try again.'."""
    response = rest_client.get("/" + route.url)

    if LIST_SIGNATURES[route.url][1]:
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["total_count"] > PAGE_SIZE
        assert len(body["items"]) == PAGE_SIZE
        assert body["search_criteria"] == {"filter_groups": [], "page_size": PAGE_SIZE}
    else:
        assert (response.status_code, response.json()) == (400, {
            "message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "searchCriteria"}})


@pytest.mark.parametrize("route", PAGED, ids=route_ids(PAGED))
@pytest.mark.parametrize("query", ["searchCriteria", "searchCriteria=", "searchCriteria[currentPage]=1"])
def test_a_list_without_page_size_answers_the_default_page(rest_client, world, route, query):
    if route not in SEARCHES:
        query = ""  # a document's comments take no searchCriteria

    response = get(rest_client, route, world, query)

    assert response.status_code == 200, response.content
    body = response.json()
    if route.url in PAGE_COUNTED:
        assert body["total_count"] == PAGE_SIZE
    else:
        assert body["total_count"] > PAGE_SIZE, "the world needs more rows than a page behind this route"
    assert len(body["items"]) == PAGE_SIZE
    assert body["search_criteria"]["page_size"] == PAGE_SIZE


def test_the_default_page_size_is_magentos_twenty():
    assert project_settings.MAGENTO_DEFAULT_PAGE_SIZE == 20
    assert project_settings.MAGENTO_MAX_PAGE_SIZE == 300


@pytest.mark.parametrize("route", PAGED, ids=route_ids(PAGED))
def test_a_client_that_wants_everything_pages(rest_client, world, route):
    if route.url in PAGE_COUNTED:  # no total to read: pages until one comes back empty
        pages = [get(rest_client, route, world, [("searchCriteria[currentPage]", n)]).json()["items"] for n in range(1, 50)]
        seen = [str(item) for page in pages for item in page]
        assert [] in pages
        assert len(seen) > PAGE_SIZE
        assert len(seen) == len(set(seen))
        return
    total = get(rest_client, route, world, "searchCriteria").json()["total_count"]
    seen = []
    for page in range(1, total // PAGE_SIZE + 2):
        body = get(rest_client, route, world, [("searchCriteria[currentPage]", page)]).json()
        seen += [str(item) for item in body["items"]]

    assert len(seen) == total == len(set(seen))


@pytest.mark.parametrize("route", PAGED, ids=route_ids(PAGED))
def test_a_page_size_above_the_maximum_is_refused_on_every_list(rest_client, ids, route, settings):
    settings.MAGENTO_MAX_PAGE_SIZE = 2

    response = get(rest_client, route, ids, [("searchCriteria[pageSize]", 3)])

    assert response.status_code == 400
    assert response.json() == {"message": "Maximum SearchCriteria pageSize is %max", "parameters": {"max": 2}}


@pytest.mark.parametrize("route", PAGED, ids=route_ids(PAGED))
def test_a_list_costs_the_same_queries_for_one_row_or_a_page(rest_client, world, route):
    def cost(size: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = get(rest_client, route, world, [("searchCriteria[pageSize]", size)])
        assert len(response.json()["items"]) == size
        return len(queries.captured_queries)

    assert cost(1) == cost(PAGE_SIZE + 1)


# --- filters on every field ----------------------------------------------------------------------------------


FIELDS = [(route, name) for route in SEARCHES for name in filters_of(route)]


@pytest.mark.parametrize(("route", "field"), FIELDS, ids=[f"/{r.url}:{f}" for r, f in FIELDS])
def test_every_filter_names_a_real_column(route, field):
    """A column, or a value the view's queryset computes from a few constants (customer groups' tax_class_name: a
    CASE over tax_class_id, Magento's join to its two-row tax_class table), or a custom filter that builds its own
    condition (``magento_q``: the products' category_id, Magento's ProductCategoryFilter; tested in
    tests/catalog/test_products_category_filter.py)."""
    if hasattr(filters_of(route)[field], "magento_q"):
        # export-stock-salable-qty reads ProductRepository::getList's searchCriteria, so its category_id too
        assert field == "category_id"
        assert route.url == "rest/V1/products" or route.url.startswith("rest/V1/inventory/export-stock-salable-qty/")
        return
    model = route.view_class.filterset_class._meta.model
    *path, last = filters_of(route)[field].field_name.split(LOOKUP_SEP)
    queryset = route.view_class.queryset
    if not path and queryset is not None and last in queryset.query.annotations:
        return
    for step in path:
        model = model._meta.get_field(step).related_model
    column = model._meta.pk if last == "pk" else model._meta.get_field(last)

    assert column.concrete
    assert not column.is_relation


@pytest.mark.parametrize(("route", "field"), FIELDS, ids=[f"/{r.url}:{f}" for r, f in FIELDS])
@pytest.mark.parametrize(("condition", "value"), [("like", "%abc%"), ("nlike", "%1%"), ("like", "SKU%"),
                                                  ("eq", "abc"), ("in", "1,abc"), ("gt", "1"), ("null", ""),
                                                  ("eq", "99999999999999999999999"), ("in", "1e30,-1e30")])
def test_any_condition_on_any_field_is_an_answer_never_a_server_error(rest_client, ids, route, field, condition,
                                                                     value):
    prefix = "searchCriteria[filter_groups][0][filters][0]"
    query = [(f"{prefix}[field]", field), (f"{prefix}[value]", value), (f"{prefix}[condition_type]", condition),
             ("searchCriteria[sortOrders][0][field]", field), ("searchCriteria[sortOrders][0][direction]", "DESC")]

    response = get(rest_client, route, ids, query)

    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:  # a value the field cannot hold
        body = response.json()
        assert body["message"] == INVALID_VALUE
        assert body["parameters"]["fieldName"] == field
        assert body["parameters"]["value"] in value.split(",")


def test_like_on_a_source_items_sku_and_a_links_source_code_finds_the_rows(rest_client, world):
    sku = Product.objects.filter(source_items__source_id="ne_wh").values_list("sku", flat=True).first()
    like_sku = [("searchCriteria[filter_groups][0][filters][0][field]", "sku"),
                ("searchCriteria[filter_groups][0][filters][0][value]", f"%{sku[1:]}%"),
                ("searchCriteria[filter_groups][0][filters][0][condition_type]", "like")]
    like_code = [("searchCriteria[filter_groups][0][filters][0][field]", "source_code"),
                 ("searchCriteria[filter_groups][0][filters][0][value]", "NE_W%"),
                 ("searchCriteria[filter_groups][0][filters][0][condition_type]", "like")]

    items = rest_client.get("/rest/V1/inventory/source-items?" + urlencode(like_sku)).json()["items"]
    links = rest_client.get("/rest/V1/inventory/stock-source-links?" + urlencode(like_code)).json()["items"]

    assert sku in {item["sku"] for item in items}
    assert {link["source_code"] for link in links} == {"ne_wh"}


# --- hostile values and shapes -------------------------------------------------------------------------------

F = "searchCriteria[filter_groups][0][filters][0]"
S = "searchCriteria[sortOrders][0]"


def a_filter(route) -> str:
    return next(iter(filters_of(route))) if route in SEARCHES else "parent_id"


# (where the bad value goes, the query around it): the value's key is the last pair's.
def placements(route, bad: str) -> list[tuple[str, list[tuple[str, str]]]]:
    field = a_filter(route)
    return [
        ("value", [(f"{F}[field]", field), (f"{F}[condition_type]", "like"), (f"{F}[value]", f"%{bad}%")]),
        ("value", [(f"{F}[field]", field), (f"{F}[value]", bad)]),
        ("field", [(f"{F}[value]", "x"), (f"{F}[field]", field + bad)]),
        ("condition_type", [(f"{F}[field]", field), (f"{F}[value]", "x"), (f"{F}[condition_type]", "eq" + bad)]),
        ("field", [(f"{S}[field]", field + bad)]),
        ("direction", [(f"{S}[field]", field), (f"{S}[direction]", "ASC" + bad)]),
        ("pageSize", [("searchCriteria[pageSize]", "1" + bad)]),
        ("currentPage", [("searchCriteria[currentPage]", "1" + bad)]),
    ]


HOSTILE = [(route, n) for route in PAGED for n in range(8)]


@pytest.mark.parametrize(("route", "n"), HOSTILE, ids=[f"/{r.url}:{n}" for r, n in HOSTILE])
def test_a_nul_byte_anywhere_in_search_criteria_is_refused(rest_client, ids, route, n):
    name, query = placements(route, "\x00")[n]
    before = snapshot()

    response = get(rest_client, route, ids, query)

    assert response.status_code == 400, response.content
    assert response.json() == {"message": INVALID_VALUE, "parameters": {"value": query[-1][1], "fieldName": name}}
    assert snapshot() == before


@pytest.mark.parametrize(("route", "n"), HOSTILE, ids=[f"/{r.url}:{n}" for r, n in HOSTILE])
def test_an_over_long_value_is_refused(rest_client, ids, route, n):
    name, query = placements(route, "7" * (MAX_VALUE_LENGTH + 1))[n]

    response = get(rest_client, route, ids, query)

    assert response.status_code == 400, response.content
    assert response.json() == {"message": INVALID_VALUE, "parameters": {"value": query[-1][1], "fieldName": name}}


def test_a_value_of_the_longest_length_is_taken(rest_client):
    value = "%" + "x" * (MAX_VALUE_LENGTH - 2) + "%"
    query = [(f"{F}[field]", "increment_id"), (f"{F}[value]", value), (f"{F}[condition_type]", "like")]

    response = rest_client.get("/rest/V1/orders?" + urlencode(query))

    assert response.status_code == 200
    assert response.json()["total_count"] == 0


def test_more_filter_terms_than_the_bound_are_refused(rest_client):
    value = ",".join(str(n) for n in range(MAX_FILTER_TERMS + 1))
    at_the_bound = ",".join(str(n) for n in range(MAX_FILTER_TERMS))

    refused = rest_client.get("/rest/V1/orders?" + urlencode(
        [(f"{F}[field]", "entity_id"), (f"{F}[value]", value), (f"{F}[condition_type]", "in")]))
    taken = rest_client.get("/rest/V1/orders?" + urlencode(
        [(f"{F}[field]", "entity_id"), (f"{F}[value]", at_the_bound), (f"{F}[condition_type]", "in")]))

    assert refused.status_code == 400
    assert refused.json() == {"message": INVALID_VALUE, "parameters": {"value": value, "fieldName": "entity_id"}}
    assert taken.status_code == 200


def type_error(*trail: str, expected: str = "string") -> dict:
    wrapped = "".join(f'Error occurred during "{name}" processing. ' for name in trail)
    return {"message": wrapped + f'The "array" value\'s type is invalid. The "{expected}" type was expected. '
            "Verify and try again."}


MALFORMED = [
    (f"{F}[field][x]=1", type_error("filter_groups", "filters", "field")),
    (f"{F}[field]=entity_id&{F}[value][x]=1", type_error("filter_groups", "filters", "value")),
    (f"{F}[field]=entity_id&{F}[value][]=1&{F}[value][]=2", type_error("filter_groups", "filters", "value")),
    (f"{F}[field]=entity_id&{F}[condition_type][x]=eq", type_error("filter_groups", "filters", "condition_type")),
    ("searchCriteria[filterGroups][0][filters][0][field]=entity_id"
     "&searchCriteria[filterGroups][0][filters][0][conditionType][]=eq",
     type_error("filterGroups", "filters", "conditionType")),
    (f"{S}[field][x]=entity_id", type_error("sortOrders", "field")),
    (f"{S}[field]=entity_id&{S}[direction][x]=ASC", type_error("sortOrders", "direction")),
    ("searchCriteria[sort_orders][0][field]=entity_id&searchCriteria[sort_orders][0][direction][]=ASC",
     type_error("sort_orders", "direction")),
    ("searchCriteria[pageSize][x]=1", type_error("pageSize", expected="int")),
    ("searchCriteria[currentPage][x]=1", type_error("currentPage", expected="int")),
    ("searchCriteria[current_page][]=1", type_error("current_page", expected="int")),
    (f"{F}=x", {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "field"}}),
    (f"{S}=x", {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "field"}}),
]
SHAPES = [(route, n) for route in PAGED for n in range(len(MALFORMED))]


@pytest.mark.parametrize(("route", "n"), SHAPES, ids=[f"/{r.url}:{n}" for r, n in SHAPES])
def test_a_malformed_shape_is_magentos_400_on_every_list(rest_client, ids, route, n):
    query, expected = MALFORMED[n]
    query = query.replace("=entity_id", "=" + quote(a_filter(route)))
    before = snapshot()

    response = get(rest_client, route, ids, query)

    assert response.status_code == 400, response.content
    assert response.json() == expected
    assert snapshot() == before


@pytest.mark.parametrize(
    "query",
    ["searchCriteria[filter_groups]=x", "searchCriteria[filter_groups][0]=x", "searchCriteria[filter_groups][0][filters]=x",
     "searchCriteria[sortOrders]=x", "searchCriteria=x"],
)
def test_a_scalar_where_magento_expects_a_list_of_objects_binds_nothing(rest_client, query):
    response = rest_client.get("/rest/V1/orders?" + query)

    assert response.status_code == 200
    assert response.json()["search_criteria"] == {"filter_groups": [], "page_size": 20}


def test_the_last_assignment_to_a_key_wins_as_in_php(rest_client):
    scalar_then_array = f"{F}[field]=increment_id&{F}[field][x]=1"
    array_then_scalar = f"{F}[field][x]=1&{F}[field]=increment_id&{F}[value]=nothing"

    assert rest_client.get("/rest/V1/orders?" + scalar_then_array).status_code == 400
    assert rest_client.get("/rest/V1/orders?" + array_then_scalar).json()["total_count"] == 0


def test_more_query_parameters_than_django_reads_is_magentos_400_not_an_html_page(rest_client, settings):
    """Django stops at DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000; PHP's max_input_vars is 1,000 too) with its own HTML
    400; a REST client gets Magento's body instead."""
    query = "&".join(f"{F}[value]={n}" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = rest_client.get("/rest/V1/orders?" + query)

    assert response.status_code == 400
    assert response.json() == {"message": INVALID_VALUE,
                               "parameters": {"value": "more than 1000 parameters", "fieldName": "query"}}
